"""Stage 5 for a whole build: every document's print HTML laid out, side by side in forked
processes where the system has fork (they inherit the imported engine and start at once),
one after the other where it has not (Windows: a spawned worker would start empty).

One PdfEngine (write.py) serves the build: the parent makes it with the contents pages'
numbers from the project's record, each worker is handed it when it starts (through the
fork, not pickled) and sends back the numbers its layouts found, which the parent keeps
for the next build.
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

from ..common.errors import BuildError, Problem, raise_if_any
from ..common.timing import TIMINGS
from ..load.templates import TemplateFolders
from . import tocpages
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


def lay_out_pdfs(root: Path, jobs: list[PdfJob], processes: int | None
                 ) -> dict[str, tuple[bytes, list[Problem]]]:
    """Each job's PDF with the layout rules its pages break, as warnings
    (layoutcheck.py), by document key; the problems of every job at once if any failed.
    processes: how many at once (default: one per core)."""
    engine = PdfEngine(tocpages.load(root))
    workers = min(len(jobs), processes or os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    # The engine and the project live for the whole build: freezing them keeps the garbage
    # collector to what each PDF makes (measurably faster with many documents).
    gc.freeze()
    try:
        outcomes = (_in_workers(engine, jobs, workers) if workers > 1
                    else [_lay_out(engine, job) for job in jobs])
    finally:
        gc.unfreeze()
    raise_if_any([p for o in outcomes if isinstance(o.result, list) for p in o.result])
    for outcome in outcomes:
        TIMINGS.records.extend(outcome.timings)
    found = {o.key: o.toc_pages for o in outcomes if o.toc_pages}
    engine.contents.remember(found)
    tocpages.save(root, found)
    return {o.key: (o.result, o.warnings) for o in outcomes if isinstance(o.result, bytes)}


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


def _lay_out_in_worker(job: PdfJob) -> PdfOutcome:
    """One PDF in a forked worker: its timings travel back with it (what the parent had
    measured before the fork is not this PDF's)."""
    assert _Worker.engine is not None, "a worker is started with its engine"
    TIMINGS.take()
    return replace(_lay_out(_Worker.engine, job), timings=TIMINGS.take())
