"""What is left before the board meeting: `finsam status`.

Per document: its status, the figures missing (model/utkast.py missing_figures), the goals
of the year's plan without a follow-up (accounts/mal.py), the sections whose text is last
year's (model/utkast.py unchanged_sections), the git tag it was adopted at, and what is left
to do, as plain text for a terminal. The project is read, checked and its figures computed,
as `finsam kontrollera` does, but nothing is rendered or laid out: a mistake in the content
is reported as the build reports it (exit 1), and nothing is written.
"""
from __future__ import annotations

import re
import subprocess
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.errors import BuildError, Problem, attempt
from ..common.format import FILTERS

if TYPE_CHECKING:
    from ..model.project import Project

WIDTH = 88  # a terminal's width, with room to spare
_NAMES = {"arsredovisning": "årsredovisningen", "verksamhetsplan": "verksamhetsplanen"}


@dataclass(frozen=True)
class Adoption:
    """Where a fastställd document was adopted in git."""

    in_git: bool
    commit: str | None = None  # the first commit whose dokument.yaml says fastställd
    tags: list[str] = field(default_factory=list)  # the tags on that commit


@dataclass(frozen=True)
class DocumentStatus:
    key: str
    title: str
    status: str  # as dokument.yaml says: utkast or fastställd
    date: str  # the board's meeting (utkast) or decision (fastställd), in running text
    missing: list[str]  # figures not filled in (a document with any is only ever a draft)
    goals: list[str]  # goal ids of the year's plan without a follow-up
    followups: str  # the file the follow-ups go in
    unchanged: list[str]  # section files whose text is last year's
    adoption: Adoption | None  # for a fastställd document


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git on this machine
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace").strip()


_ADOPTED = re.compile(r"^status:\s*[\"']?fastställd\b", re.MULTILINE)


def adoption(root: Path, manifest: Path) -> Adoption:
    """The first commit in which the document's dokument.yaml says `status: fastställd`, and
    the tags on it."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return Adoption(in_git=False)
    relative = manifest.resolve().relative_to(Path(top).resolve()).as_posix()
    for commit in (_git(root, "log", "--reverse", "--format=%H", "--", relative) or "").split():
        text = _git(root, "show", f"{commit}:{relative}")
        if text is not None and _ADOPTED.search(text):
            tags = (_git(root, "tag", "--points-at", commit) or "").split()
            return Adoption(True, commit[:7], sorted(tags))
    return Adoption(True)


def _checked(root: Path) -> Project:
    """load → validate → check files → compute → check figures, as the build's first stages
    (build.py load_and_validate, make_ledger, compute_figures) but without importing the
    build, whose PDF engine alone takes seconds to load: the content's mistakes, every
    document's figures and the rules between them. The sections' text is not rendered
    (`finsam kontrollera` does that)."""
    from ..accounts.consistency import check_figures
    from ..accounts.ledger import HistoryYear, Ledger, YearSource
    from ..load.project import load_project
    from ..model.utkast import as_draft_if_incomplete
    from ..model.validation import validate_project
    from ..render.documents import document_type
    project = validate_project(load_project(root))
    # A document with figures not filled in is a draft, whatever its manifest says.
    project = replace(project, documents=[as_draft_if_incomplete(d, project)
                                          for d in project.documents])
    history = {}
    if project.historik_file is not None:
        history = {year: HistoryYear(year, model, project.historik_file.path,
                                     project.historik_file.line(year))
                   for year, model in project.historik.items()}
    ledger = Ledger({year: YearSource(raw, model) for year, (raw, model) in project.years.items()},
                    history, project.kontoplan)
    problems: list[Problem] = []
    for doc in project.documents:
        figures = attempt(problems, document_type(doc.manifest).compute, doc.manifest, project,
                          ledger)
        if figures is not None:
            attempt(problems, check_figures, doc, figures, project, ledger)
    if problems:
        raise BuildError(problems)
    return project


def collect(root: Path) -> list[DocumentStatus]:
    """Every document's status, newest year first; BuildError if the content has a mistake."""
    from ..accounts.mal import follow_up
    from ..model.utkast import unchanged_sections
    project = _checked(root)
    documents = project.documents
    found = []
    for doc in sorted(documents, key=lambda d: (-d.manifest.ar, d.folder.name)):
        year = doc.manifest.ar
        goals: list[str] = []
        if doc.manifest.typ == "arsredovisning":
            result = follow_up(project.goals.get(year), project.followups.get(year), year)
            goals = [row.mal.id for area in result.omraden for row in area.rader
                     if row.uppfoljning is None]
        stated = doc.manifest_file.data.get("status", doc.manifest.status)
        found.append(DocumentStatus(
            doc.key, doc.manifest.titel, str(stated), FILTERS["datum_lang"](doc.manifest.datum),
            doc.saknas, goals, f"content/{year}/arsredovisning/maluppfoljning.yaml",
            [p.file.name for p in unchanged_sections(doc, project)],
            adoption(root, doc.manifest_file.path) if stated == "fastställd" else None))
    return found


def _items(label: str, names: list[str]) -> str:
    return f"{label}: {', '.join(names)}."


def _state(s: DocumentStatus) -> str:
    if s.status != "fastställd":
        return f"Status: utkast, styrelsemöte {s.date}."
    if s.missing:
        return "Status: utkast: dokument.yaml säger fastställd, men siffror saknas."
    adopted = s.adoption
    if adopted is None or not adopted.in_git:
        return f"Status: fastställd {s.date}. Projektet ligger inte i git."
    if adopted.commit is None:
        return f"Status: fastställd {s.date}, men inte incheckad i git än."
    if not adopted.tags:
        return f"Status: fastställd {s.date}, i commit {adopted.commit} (ingen tagg)."
    tags = " och ".join(adopted.tags)
    return f"Status: fastställd {s.date}, taggad {tags} (commit {adopted.commit})."


def left_to_do(s: DocumentStatus) -> list[str]:
    """What remains, in the order it is done: figures, follow-ups, text, adoption."""
    todo = list(s.missing)
    if s.goals:
        count = "1 mål är" if len(s.goals) == 1 else f"{len(s.goals)} mål är"
        todo.append(_items(f"{count} inte uppföljda i {s.followups}", s.goals))
    if s.unchanged:
        count = "1 avsnitt är" if len(s.unchanged) == 1 else f"{len(s.unchanged)} avsnitt är"
        last_year = int(s.key.split("/")[0]) - 1
        todo.append(_items(f"{count} oförändrade sedan {last_year}", s.unchanged))
    manifest = f"content/{s.key}/dokument.yaml"
    if s.status != "fastställd" or s.missing:
        what = _NAMES.get(s.key.split('/')[1], 'dokumentet')
        todo.append(f"När styrelsen har fastställt {what}: "
                    f"skriv 'status: fastställd' och beslutsdatumet i {manifest}, checka in "
                    "och märk versionen med en tagg (git tag).")
    elif s.adoption is not None and not s.adoption.in_git:
        todo.append("Lägg projektet i git och märk den fastställda versionen med en tagg, så "
                    "att den kan byggas om som den var (finsam revision).")
    elif s.adoption is not None and s.adoption.commit is None:
        todo.append(f"Checka in {manifest} och märk versionen med en tagg (git tag).")
    elif s.adoption is not None and not s.adoption.tags:
        todo.append(f"Märk den fastställda versionen: git tag <namn> {s.adoption.commit}.")
    return todo


def render(statuses: list[DocumentStatus]) -> str:
    """Each document as a heading, its status and a short list of what is left."""
    out = []
    for s in statuses:
        heading = f"{s.title} ({s.key})"
        out += [heading, "=" * len(heading), _state(s)]
        todo = left_to_do(s)
        if not todo:
            out += ["Kvar att göra: inget.", ""]
            continue
        out.append("Kvar att göra:")
        for item in todo:
            out += textwrap.wrap(item, WIDTH, initial_indent="- ", subsequent_indent="  ",
                                 break_on_hyphens=False, break_long_words=False)
        out.append("")
    return "\n".join(out)
