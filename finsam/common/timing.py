"""Where a build spends its time, stage by stage, for the benchmark (bench/benchmark.py).

Each process keeps its own list; a document built in a worker process brings its
timings back with the result, so the parent's list covers the whole build.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

STAGES = ("load", "validate", "check files", "compute", "check figures", "render HTML",
          "PDF layout", "PDF layout check", "PDF write", "write files")


@dataclass
class Timings:
    records: list[tuple[str, str, float]] = field(default_factory=list)  # document, stage, s

    @contextmanager
    def stage(self, name: str, document: str = "") -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.records.append((document, name, time.perf_counter() - started))

    def take(self) -> list[tuple[str, str, float]]:
        """The records so far, emptying the list."""
        records, self.records = self.records, []
        return records


TIMINGS = Timings()
