"""What the later stages get from the model: the typed project and its documents.

`TypedFiles` is every file typed as far as its schema allows (model/validation.py), with the
schemas' problems: the rules between files (model/consistency.py) run on it, so a mistake in
one file does not hide a mistake in another. Once nothing is wrong it becomes the `Project`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..common.errors import Problem
from ..load.project import RawFile, RawProject, SourceText, locate
from .budget import BudgetFil
from .dokument import Arsredovisning, Manifest, Verksamhetsplan
from .forbund import Forbund
from .historik import Historik
from .kontoplan import Kontoplan
from .statistik import Statistiktabell
from .utfall import Utfall


@dataclass(frozen=True)
class TypedDocument:
    folder: Path
    manifest: Arsredovisning | Verksamhetsplan
    manifest_file: RawFile
    sections: dict[str, SourceText]  # as read in load, by the listed name
    statistik: dict[str, Statistiktabell] = field(default_factory=dict)
    statistik_file: RawFile | None = None
    # Figures the document shows that are not filled in yet (utkast.missing_figures): such a
    # document is only ever a draft.
    saknas: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The document's id and output path: '2022/arsredovisning'."""
        return f"{self.manifest.ar}/{self.folder.name}"


@dataclass(frozen=True)
class Typed:
    """A typed model and the raw file it came from (for lines in messages)."""

    file: RawFile
    model: Any


# An outcome year: its utfall.yaml (as typed, or as its SIE file gave it) and the model.
OutcomeYear = tuple[RawFile, Utfall]
# Where a year's outcome came from the bookkeeping: the SIE file and its mapping.
Trail = tuple[Path, Any]


@dataclass(frozen=True)
class Project:
    root: Path
    forbund: Forbund
    historik: dict[int, Historik]
    historik_file: RawFile | None
    years: dict[int, OutcomeYear]
    budgets: dict[int, Typed]  # BudgetFil per budget year
    goals: dict[int, Typed]  # Malfil per year
    followups: dict[int, Typed]  # dict[str, Uppfoljning] per year
    documents: list[TypedDocument]
    kontoplan: Kontoplan
    forbund_file: RawFile | None = None  # for the lines of the profile's values
    # Year → (SIE file, its mapping) where the outcome came from the bookkeeping.
    kontospar: dict[int, Trail] = field(default_factory=dict)

    def profile_line(self, *keys: str) -> int | None:
        return locate(self.forbund_file.data, keys) if self.forbund_file else None

    def document_file(self, manifest: Manifest) -> RawFile | None:
        """The dokument.yaml a manifest was typed in (for the lines of its values)."""
        return next((d.manifest_file for d in self.documents if d.manifest is manifest), None)


@dataclass(frozen=True)
class TypedFiles:
    """Every file of the project through its schema; a file that did not pass is left out
    (None, or missing from its mapping) and its problems are in `problems`."""

    raw: RawProject
    forbund: Forbund | None
    historik: dict[int, Historik]
    chart: Kontoplan | None
    years: dict[int, OutcomeYear]
    trails: dict[int, Trail]
    followups: dict[int, Typed]
    documents: list[TypedDocument]
    budgets: dict[int, Typed]
    goals: dict[int, Typed]
    problems: list[Problem]

    def budget_files(self) -> Iterator[tuple[int, BudgetFil, RawFile]]:
        """Each budget typed: its year, model and file."""
        for year, budget in self.budgets.items():
            yield year, budget.model, budget.file

    def history_years(self) -> Iterator[tuple[int, Historik, RawFile]]:
        """Each history year typed, with historik.yaml."""
        if self.raw.historik is not None:
            for year, entry in self.historik.items():
                yield year, entry, self.raw.historik

    def statistics_tables(self) -> Iterator[tuple[str, Statistiktabell, RawFile,
                                                  tuple[Any, ...]]]:
        """Every statistics table typed: its name, model, file, and its key in the file."""
        for doc in self.documents:
            source = doc.statistik_file
            if source is None:
                continue
            keys = {str(key): key for key in source.data}
            for name, model in doc.statistik.items():
                yield name, model, source, (keys.get(name, name),)

    def project(self) -> Project:
        """The typed project; only when every file passed (no problems)."""
        assert self.forbund is not None and self.chart is not None and not self.problems
        raw = self.raw
        return Project(raw.root, self.forbund, self.historik, raw.historik, self.years,
                       self.budgets, self.goals, self.followups, self.documents, self.chart,
                       raw.forbund, self.trails)
