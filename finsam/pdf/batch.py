"""Stage 5 for a whole build: every document's print HTML laid out, side by side in worker
processes where the system can fork, one after the other in the build's own process where
it cannot (Windows: a spawned worker would start empty).

The workers are forked from one engine process (multiprocessing's fork server), which the
command starts as soon as it knows a PDF is to be made: it imports the engine (WeasyPrint,
pikepdf, about half a second of CPU) once, while the build reads, checks, computes and
renders in the parent, which never imports the engine itself. Each worker is then a fork
of a process that holds the engine and nothing else, whatever forked it: the command, the
preview or a test. Each sends back the contents pages' numbers its layouts found, which the
parent keeps for the next build.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.util
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.errors import BuildError, Problem, raise_if_any
from ..common.timing import TIMINGS
from ..load.templates import TemplateFolders
from . import tocpages

if TYPE_CHECKING:  # the engine is imported where a PDF is laid out, never before
    from .layoutcheck import Finding
    from .write import PdfEngine


@dataclass(frozen=True)
class PdfJob:
    key: str  # the document's
    html: str  # its print HTML
    date: date  # every date in the file (write.py)
    variant: str  # pdf/a-3u, …
    templates: TemplateFolders
    content: Path  # the project's content/: the only files besides the templates it may read
    manifest: Path  # the document's dokument.yaml: where a finding on the cover points


@dataclass(frozen=True)
class PdfOutcome:
    key: str
    result: bytes | list[Problem]  # the PDF, or what was wrong
    timings: list  # a worker's stage timings (the parent's own are already in TIMINGS)
    toc_pages: dict[str, int] | None  # the contents' page numbers the layout found
    warnings: list[Problem] = dataclasses.field(default_factory=list)  # the layout's


class PdfWorkers:
    """Worker processes for one build. Forked from the engine process as the PDFs are asked
    for (a fork server starts a worker at each job until there are `count`); or, where that
    process cannot start, forked from this one now, each importing the engine itself."""

    def __init__(self, root: Path, count: int, context: BaseContext) -> None:
        self.pool = ProcessPoolExecutor(count, mp_context=context, initializer=_start_warm,
                                        initargs=(root,))
        self.done = False  # every PDF asked for is made
        if context.get_start_method() == "fork":
            with interrupts_ignored(signal.SIGINT):  # born ignoring it, as in engine_process
                self.pool.submit(no_work)  # a forked pool starts all its processes now

    def lay_out(self, jobs: list[PdfJob]) -> list[PdfOutcome]:
        jobs = sorted(jobs, key=lambda job: -len(job.html))  # the long årsredovisning first
        outcomes = list(self.pool.map(_lay_out_in_worker, jobs))
        self.done = True
        return outcomes

    def close(self) -> None:
        """Done. Workers whose PDFs are all made end as processes do, tidying up after
        themselves; a worker still laying out for a build that stopped (a mistake, Ctrl+C)
        is ended at once, so that the message is not kept waiting."""
        if not self.done:
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


def start_pdf_workers(root: Path, documents: int, processes: int | None = None
                      ) -> PdfWorkers | None:
    """Workers for `documents` PDFs, their engine process started now; None where the
    system cannot fork (the PDFs are then laid out in the build's own process) or there is
    nothing to lay out."""
    count = min(documents, processes or os.cpu_count() or 1)
    context = worker_context() if count >= 1 else None
    return PdfWorkers(root, count, context) if context is not None else None


def worker_context() -> BaseContext | None:
    """The fork server's context, its server started now if it is not running: it imports
    the engine while the caller goes on (engine_process.py). It is started with Ctrl+C
    ignored, and so are the workers forked from it: Ctrl+C reaches the whole process group,
    but it is the command's to answer, and it ends its workers itself (PdfWorkers.close); a
    worker that answered it too would print Python's traceback from wherever it was.
    Where the server cannot start (its socket's path in a long TMPDIR is too long for the
    system, as on macOS now and then), plain fork; where there is no fork (Windows), None."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([f"{__package__}.engine_process"])
        try:
            with interrupts_ignored(signal.SIGINT):  # a new process keeps SIGINT ignored
                multiprocessing.forkserver.ensure_running()
            return context
        except OSError:
            pass
    return multiprocessing.get_context("fork") if "fork" in methods else None


@contextlib.contextmanager
def interrupts_ignored(*signals: signal.Signals) -> Iterator[None]:
    """The signals ignored while processes are started here (a process started meanwhile is
    born ignoring them), and answered again after. Only the main thread handles signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {number: signal.signal(number, signal.SIG_IGN) for number in signals}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def lay_out_pdfs(root: Path, jobs: list[PdfJob], processes: int | None,
                 workers: PdfWorkers | None = None) -> dict[str, tuple[bytes, list[Problem]]]:
    """Each job's PDF with the layout rules its pages break, as warnings
    (layoutcheck.py), by document key; the problems of every job at once if any failed.
    processes: how many at once (default: one per core); workers: started ahead."""
    outcomes = workers.lay_out(jobs) if workers is not None else _here(root, jobs, processes)
    raise_if_any([p for o in outcomes if isinstance(o.result, list) for p in o.result])
    for outcome in outcomes:
        TIMINGS.records.extend(outcome.timings)
    found = {o.key: o.toc_pages for o in outcomes if o.toc_pages}
    tocpages.save(root, found)
    return {o.key: (o.result, o.warnings) for o in outcomes if isinstance(o.result, bytes)}


def _here(root: Path, jobs: list[PdfJob], processes: int | None) -> list[PdfOutcome]:
    """The PDFs without workers started ahead: in workers started now, or one after the
    other in this process (one at a time, or no fork)."""
    count = min(len(jobs), processes or os.cpu_count() or 1)
    workers = start_pdf_workers(root, count) if count > 1 else None
    if workers is not None:
        try:
            return workers.lay_out(jobs)
        finally:
            workers.close()
    from .write import PdfEngine
    engine = PdfEngine(tocpages.load(root))
    # The engine and the project live for the whole build: freezing them keeps the garbage
    # collector to what each PDF makes (measurably faster with many documents).
    gc.freeze()
    try:
        return [_lay_out(engine, job) for job in jobs]
    finally:
        gc.unfreeze()


def _lay_out(engine: PdfEngine, job: PdfJob) -> PdfOutcome:
    """One PDF in this process; a mistake comes back as its problems."""
    try:
        laid_out = engine.lay_out_pdf(job.html, job.templates, job.date, job.variant, job.key,
                                      job.content)
    except BuildError as error:
        return PdfOutcome(job.key, error.problems, [], engine.contents.known(job.key))
    return PdfOutcome(job.key, laid_out.pdf, [], engine.contents.known(job.key),
                      [_layout_warning(job, f) for f in laid_out.findings])


def _layout_warning(job: PdfJob, finding: Finding) -> Problem:
    """A finding as a warning on its section file (data-fil, relative to the project), or
    on the document's dokument.yaml for the cover and the contents."""
    file = job.content.parent / finding.fil if finding.fil else job.manifest
    return Problem(finding.message, file, None, finding.advice)


class _Worker:
    """The engine a worker lays its PDFs out with, made as the worker starts
    (ProcessPoolExecutor's initializer). Set only in a worker process, never read in the
    parent."""

    engine: PdfEngine | None = None


def _start_warm(root: Path) -> None:
    """A worker as it starts: its engine made, with the contents pages' numbers the last
    build kept (the engine's modules are already imported: the fork server did that). The
    engine is let go as the worker ends: WeasyPrint removes its font folder in TMPDIR when
    its font configuration is collected, which a process ending without it never does."""
    from .write import PdfEngine
    _Worker.engine = PdfEngine(tocpages.load(root))
    multiprocessing.util.Finalize(None, _let_engine_go, exitpriority=1)


def _let_engine_go() -> None:
    _Worker.engine = None
    gc.collect()


def no_work() -> None:
    """A pool's first job, to start its process ahead of the work: nothing. The preview
    starts its worker so."""


def _lay_out_in_worker(job: PdfJob) -> PdfOutcome:
    """One PDF in a worker: its timings travel back with it (what the engine process did
    before the fork is not this PDF's)."""
    assert _Worker.engine is not None, "a worker is started with its engine"
    TIMINGS.take()
    return replace(_lay_out(_Worker.engine, job), timings=TIMINGS.take())
