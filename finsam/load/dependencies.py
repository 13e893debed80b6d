"""Which files each document reads, by the role they play for it, found by the project's
layout alone (no file is parsed), so that a no-op rebuild can answer without loading anything.

- own: the document's folder (manifest, sections, images, its goal follow-up and statistics)
  and the data of its own year that it reports: the årsredovisning's year data (utfall.yaml,
  a SIE file beside it), the verksamhetsplan's budget and goals (in its folder). A change to
  these after the document is adopted changes what the board adopted (site/adoption.py).
- shown: the data of the other years it shows: the årsredovisning's comparison year and
  five-year overview, its year's budget and goals (in the plan's folder); the plan's Bokslut
  Y−2 (with its cash flow from Y−3) and Budget Y−1 columns.
- shared: the profile, the chart of accounts, history, the SIE mapping, the project's settings
  and its own templates, which every document may read.
- earlier: the outcomes of the years before those it shows, which reach it only through the
  opening balance they roll forward (eget kapital): not named by its version line, but a
  change to them can change its figures.

The version line of a document names the last change to its own, shown and shared files
(site/version.py), and a document is rebuilt when one of its files changes
(site/incremental.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .folders import files_below

SHARED_FILES = ("content/forbund.yaml", "content/kontoplan.yaml", "content/historik.yaml",
                "content/sie-mappning.yaml", "projekt.yaml")
OVERVIEW_YEARS = 5  # the årsredovisning's five-year overview: its year and four before
PLAN = "verksamhetsplan"
PLAN_DATA = ("budget.yaml", "mal.yaml")


@dataclass(frozen=True)
class DocumentInputs:
    own: tuple[Path, ...]
    shown: tuple[Path, ...]
    shared: tuple[Path, ...]
    earlier: tuple[Path, ...] = ()

    @property
    def versioned(self) -> tuple[Path, ...]:
        """The files its version line follows."""
        return self.own + self.shown + self.shared

    @property
    def all(self) -> tuple[Path, ...]:
        return self.versioned + self.earlier


def _files(folder: Path) -> list[Path]:
    """Every file under folder, without editors' temporary files (load/folders.py)."""
    return files_below(folder) if folder.is_dir() else []


def year_data(content: Path, year: int) -> list[Path]:
    """A year's own data: the files under content/<år>/ outside its documents' folders
    (utfall.yaml, the SIE file it names) and outside the plan's budget and goals."""
    folder = content / str(year)
    documents = [p.parent for p in folder.glob("*/dokument.yaml")]
    return [p for p in _files(folder)
            if not any(d in p.parents for d in documents)
            and not (p.parent == folder / PLAN and p.name in PLAN_DATA)]


def plan_data(content: Path, year: int) -> list[Path]:
    """The year's budget and goals, which the plan's folder holds (with or without a plan)."""
    return [p for name in PLAN_DATA if (p := content / str(year) / PLAN / name).is_file()]


def _years(content: Path) -> list[int]:
    return sorted(int(p.name) for p in content.iterdir() if p.is_dir() and p.name.isdigit())


def document_inputs(root: Path, key: str) -> DocumentInputs:
    """The files document `key` ('2022/arsredovisning') reads."""
    content = root / "content"
    year_text, kind = key.split("/", 1)
    year = int(year_text)
    own = _files(content / key)
    if kind == PLAN:
        shown_years = [year - 2, year - 3]
        shown = [p for y in shown_years for p in year_data(content, y)]
        shown += [p for p in plan_data(content, year - 1) if p.name == "budget.yaml"]
    else:
        own += year_data(content, year)
        shown_years = list(range(year - 1, year - OVERVIEW_YEARS, -1))
        shown = [p for y in shown_years for p in year_data(content, y)]
        shown += plan_data(content, year)
    opening = min(shown_years)
    earlier = [p for y in _years(content) if y < opening for p in year_data(content, y)]
    shared = [root / name for name in SHARED_FILES if (root / name).is_file()]
    shared += _files(root / "templates")

    def unique(paths: Iterable[Path]) -> tuple[Path, ...]:
        return tuple(dict.fromkeys(paths))  # order kept, once each

    own_files = unique(own)
    shown_files = unique(p for p in shown if p not in own_files)
    return DocumentInputs(own_files, shown_files, unique(shared),
                          unique(p for p in earlier if p not in own_files + shown_files))
