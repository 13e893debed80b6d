"""Stage 5 for a whole build: every document's print HTML laid out, side by side in forked
processes where the system has fork, one after the other where it has not (Windows: a
spawned worker would start empty).

The workers can be started before the build needs them (PdfWorkers, started by the command
as soon as it knows a PDF is to be made): each imports the engine (WeasyPrint, pikepdf,
about half a second) while the build reads, checks, computes and renders in the parent, which
never imports the engine itself. Otherwise one PdfEngine (write.py) is made here and handed
to forked workers as they start. Either way each worker sends back the contents pages'
numbers its layouts found, which the parent keeps for the next build.
"""
from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
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
    """Worker processes started ahead of the build, each importing the engine meanwhile."""

    def __init__(self, root: Path, count: int) -> None:
        fork = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(count, mp_context=fork, initializer=_start_warm,
                                        initargs=(root,))
        self.pool.submit(no_work)  # a forked pool starts all its processes at the first job

    def lay_out(self, jobs: list[PdfJob]) -> list[PdfOutcome]:
        jobs = sorted(jobs, key=lambda job: -len(job.html))  # the long årsredovisning first
        return list(self.pool.map(_lay_out_in_worker, jobs))

    def close(self) -> None:
        """Done: a worker still importing the engine for a build that stopped (a mistake in
        the content) is ended at once, so that the message is not kept waiting."""
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


def start_pdf_workers(root: Path, documents: int, processes: int | None = None
                      ) -> PdfWorkers | None:
    """Workers for `documents` PDFs, started now; None where the system has no fork (the
    PDFs are then laid out in the build's own process) or there is nothing to lay out."""
    count = min(documents, processes or os.cpu_count() or 1)
    if count < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return PdfWorkers(root, count)


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
    """The PDFs with an engine made now: in forked workers, or in this process."""
    from .write import PdfEngine
    engine = PdfEngine(tocpages.load(root))
    workers = min(len(jobs), processes or os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    # The engine and the project live for the whole build: freezing them keeps the garbage
    # collector to what each PDF makes (measurably faster with many documents).
    gc.freeze()
    try:
        return (_in_workers(engine, jobs, workers) if workers > 1
                else [_lay_out(engine, job) for job in jobs])
    finally:
        gc.unfreeze()


def _in_workers(engine: PdfEngine, jobs: list[PdfJob], workers: int) -> list[PdfOutcome]:
    # Largest first, so the long årsredovisning does not start last.
    jobs = sorted(jobs, key=lambda job: -len(job.html))
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=fork, initializer=_start_worker,
                             initargs=(engine,)) as pool:
        return list(pool.map(_lay_out_in_worker, jobs))


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
    """The engine a forked worker lays its PDFs out with: handed over once, when the pool
    starts the worker (ProcessPoolExecutor's initializer; with fork nothing is pickled).
    Set only in a worker process, never read in the parent."""

    engine: PdfEngine | None = None


def _start_worker(engine: PdfEngine) -> None:
    _Worker.engine = engine


def _start_warm(root: Path) -> None:
    """A worker started ahead of the build: the engine imported and made here."""
    from .write import PdfEngine
    _Worker.engine = PdfEngine(tocpages.load(root))


def no_work() -> None:
    """A pool's first job when it is started ahead: nothing, so that its processes start
    now (a pool starts them at its first job). The preview's worker is started so too."""


def _lay_out_in_worker(job: PdfJob) -> PdfOutcome:
    """One PDF in a forked worker: its timings travel back with it (what the parent had
    measured before the fork is not this PDF's)."""
    assert _Worker.engine is not None, "a worker is started with its engine"
    TIMINGS.take()
    return replace(_lay_out(_Worker.engine, job), timings=TIMINGS.take())
