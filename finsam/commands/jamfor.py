"""What changed between two versions, for the board and the auditors: `finsam jamfor
A [B]`.

Each version (a git revision, checked out in a temporary worktree, or the working tree) is
read, checked and rendered in this process without laying out its PDFs, and compared
document by document:

- figures (figure_changes.py): every changed figure of every table as the document shows
  it, one row per typed figure grouped under the table that shows it, with the sums,
  results and ratios that follow from it folded under it;
- text (text_changes.py): each section's changed paragraphs word by word, and the changed
  texts of the data files (a goal's follow-up).

The comparison is written beside the project (not in output/, which is the website) as a
web page styled like the archive (jamforelse-A-B.html, its stylesheet inside it) and as a
PDF for the board's papers (jamforelse-A-B.pdf), both from templates/jamfor*.html.
"""
from __future__ import annotations

import datetime
import json
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..common.errors import BuildError, Problem
from ..site.gitrevision import checked_out
from .comparison_page import Comparison, DocumentChanges, write_comparison
from .figure_changes import (
    MAX_TRIED,
    Key,
    TypedChange,
    applied,
    attribute,
    change_row,
    changed_figures,
    data_files,
    moved,
    typed_changes,
)
from .text_changes import TextChange, compare_texts

# A table that lists the accounts' accepted inconsistencies: a try (which accepts them, see
# _accepting) would always move it, so it says nothing about what followed from what.
_NOT_COMPARED = {"avvikelser"}


@dataclass(frozen=True)
class Snapshot:
    """One version's documents: their tables (as the open data has them), sections and data
    files."""

    titles: dict[str, str]
    tables: dict[str, dict]  # document key → the document's open-data tables
    sections: dict[str, dict[str, str]]  # document key → section file → source text
    data: dict[str, Any] = field(default_factory=dict)  # data file under content/ → its data
    names: dict[str, str] = field(default_factory=dict)  # ids → what the documents call them
    forbund: Any = None  # the profile (for the page's header and colour)


# --- Reading a version -----------------------------------------------------------------------

def _open_data(page: Any) -> dict:
    from ..render.archive import json_name
    data = page.images.get(f"{page.document.key}/{json_name(page.document)}", b"{}")
    tables = json.loads(data.decode("utf-8")).get("tabeller", {})
    return {name: table for name, table in tables.items() if name not in _NOT_COMPARED}


def _names(project: Any) -> dict[str, str]:
    """The chart's line ids and the members' ids → the names the tables use."""
    chart = project.kontoplan
    names = {r.id: r.namn for r in chart.resultatrader + chart.balansrader}
    names |= {g.id: g.namn for g in chart.kostnadsgrupper}
    names |= {m.id: m.namn for m in project.forbund.medlemmar}
    return names


@dataclass(frozen=True)
class _Version:
    snapshot: Snapshot
    raw: Any  # RawProject, changed one value at a time for the tries
    site: Any


def _read(root: Path) -> _Version:
    from ..build import compute_and_render, load_and_validate
    from ..load.project import load_project
    project, documents, site = load_and_validate(root)
    pages = compute_and_render(project, documents, site)
    raw = load_project(root)  # its own copy: the tries change it
    titles, tables, sections = {}, {}, {}
    for page in pages:
        doc = page.document
        titles[doc.key] = doc.manifest.titel
        tables[doc.key] = _open_data(page)
        sections[doc.key] = {name: text.text for name, text in doc.sections.items()}
    data = {path: file.data for path, file in data_files(raw).items()}
    return _Version(Snapshot(titles, tables, sections, data, _names(project), project.forbund),
                    raw, site)


def snapshot(project_root: Path) -> Snapshot:
    return _read(project_root).snapshot


def _accepting(doc: Any) -> Any:
    """A document that takes the accounts' inconsistencies as warnings: a booking's one side
    alone does not balance, and the try is only to see what moves."""
    if doc.manifest.godta_avvikelser:
        return doc
    return replace(doc, manifest=doc.manifest.model_copy(
        update={"godta_avvikelser": "jämförelse"}))


def _tables_with(raw: Any, site: Any) -> dict[str, dict]:
    from ..build import compute_and_render
    from ..model.utkast import as_draft_if_incomplete
    from ..model.validation import validate_project
    project = validate_project(raw)
    documents = [_accepting(as_draft_if_incomplete(d, project)) for d in project.documents]
    project = replace(project, documents=documents)
    return {page.document.key: _open_data(page)
            for page in compute_and_render(project, documents, site)}


def try_each(version: _Version, changes: list[TypedChange]
             ) -> list[dict[str, set[Key]] | None]:
    """For each change, the figures (per document) that move when the earlier version gets
    that change alone; None where it cannot be computed alone."""
    files = data_files(version.raw)
    before = version.snapshot.tables
    found: list[dict[str, set[Key]] | None] = []
    for change in changes:
        try:
            with applied(files, change):
                tables = _tables_with(version.raw, version.site)
        except (LookupError, BuildError, ArithmeticError, TypeError, ValueError):
            # Not computable alone (a value in a file new in the later version, or one that
            # breaks a rule without the others): its sums are folded by the tables instead.
            found.append(None)
            continue
        found.append({key: moved(before.get(key, {}), tables.get(key, {})) for key in tables})
    return found


def _worth_trying(changes: list[TypedChange], files: dict[str, Any]) -> list[TypedChange]:
    """Figures first, then the settings and texts that may move figures, up to MAX_TRIED; a
    change in a file the earlier version does not have cannot be tried alone."""
    changes = [c for c in changes if c.file in files]
    ordered = [c for c in changes if c.is_figure] + [c for c in changes if not c.is_figure]
    return ordered[:MAX_TRIED]


# --- Comparing ---------------------------------------------------------------------------------

def _document_of(file: str, keys: list[str]) -> str | None:
    """The document a data file belongs to: 2022/arsredovisning/maluppfoljning.yaml →
    2022/arsredovisning."""
    return next((k for k in keys if file.startswith(k + "/")), None)


def compare(before: Snapshot, after: Snapshot,
            tries: dict[str, dict[str, set[Key]] | None] | None = None) -> Comparison:
    """The two versions compared; `tries` gives, by a typed change's place (TypedChange.where),
    the figures it moves alone (try_each)."""
    tries = tries or {}
    changes = typed_changes(before.data, after.data, before.names | after.names)
    keys = list(dict.fromkeys([*before.titles, *after.titles]))
    documents = {key: _document_changes(before, after, key, changes, tries) for key in keys}
    shown = {c.typed_in for d in documents.values() for t in d.tables for c in t.changes
             if c.typed_in}
    data_texts = _data_texts(changes, shown, keys, documents)
    # A new year's (or a removed year's) files are the documents that exist on one side only.
    one_sided = tuple({k.split("/")[0] + "/" for k in keys if documents[k].only_in})
    figures = [c for c in changes if c.is_figure and not c.file.startswith(one_sided)]
    unshown = [change_row(None, c) for c in figures if c.where not in shown]
    all_tried = all(tries.get(c.where) is not None for c in figures if c.file in before.data)
    return Comparison("", "", documents, data_texts, unshown, all_tried)


def _document_changes(before: Snapshot, after: Snapshot, key: str, changes: list[TypedChange],
                      tries: dict[str, dict[str, set[Key]] | None]) -> DocumentChanges:
    """One document's changed figures (each under the typed change that moves it) and
    texts; or that it is in one version only."""
    title = after.titles.get(key) or before.titles[key]
    if key not in before.titles or key not in after.titles:
        return DocumentChanges(title, only_in="B" if key in after.titles else "A")
    figures = changed_figures(before.tables[key], after.tables[key])
    tried = [(c, None if tries.get(c.where) is None else tries[c.where].get(key, set()))
             for c in changes]
    tables = attribute(figures, tried)
    sections = dict.fromkeys([*before.sections[key], *after.sections[key]])
    texts = [t for name in sections
             if (t := compare_texts(name, before.sections[key].get(name, ""),
                                    after.sections[key].get(name, ""))) is not None]
    return DocumentChanges(title, tables, texts)


def _data_texts(changes: list[TypedChange], shown: set[str], keys: list[str],
                documents: dict[str, DocumentChanges]) -> list[TextChange]:
    """Each changed text in a data file that no figure row shows: under its document when
    it has one (added to that document's texts), else returned, the project's own."""
    data_texts: list[TextChange] = []
    for change in changes:
        if change.is_figure or change.where in shown:
            continue
        text = compare_texts(change.where, _text(change.before), _text(change.after))
        if text is None:
            continue
        owner = _document_of(change.file, keys)
        if owner in documents and not documents[owner].only_in:
            documents[owner].texts.append(text)
        elif owner is None:
            data_texts.append(text)
    return data_texts


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _revision_error(revision: str, project: Path, error: BuildError) -> BuildError:
    return BuildError(Problem(
        f"Versionen '{revision}' går inte att kontrollera:\n{error.render(project)}",
        None, None, "felet fanns redan i den versionen av underlaget."))


def compare_versions(root: Path, first: str, second: str | None,
                     target: Path | None) -> tuple[Path, str]:
    """Compare, write the page and the PDF; returns the page's path and a summary."""
    if second:
        with checked_out(root, second) as project:
            try:
                after = _read(project).snapshot
            except BuildError as error:
                raise _revision_error(second, project, error) from None
    else:
        after = _read(root).snapshot
    with checked_out(root, first) as project:
        try:
            version = _read(project)
        except BuildError as error:
            raise _revision_error(first, project, error) from None
        changes = typed_changes(version.snapshot.data, after.data,
                                version.snapshot.names | after.names)
        worth = _worth_trying(changes, version.snapshot.data)
        tries = {c.where: found for c, found in zip(worth, try_each(version, worth),
                                                     strict=True)}
    label_b = second or "arbetskopian"
    comparison = replace(compare(version.snapshot, after, tries), first=first, second=label_b)
    name = re.sub(r"[^\w.-]+", "-", f"jamforelse-{first}-{second or 'arbetskopia'}") + ".html"
    target = (target or root / name).resolve()
    write_comparison(comparison, after.forbund, root, target, _date(root, second))
    return target, comparison.summary


def _date(root: Path, revision: str | None) -> datetime.date:
    """The later version's date (its commit's), so the same comparison gives the same PDF;
    today for the working copy."""
    if revision:
        found = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs", revision],
                               check=False, capture_output=True, text=True)
        try:
            return datetime.date.fromisoformat(found.stdout.strip())
        except ValueError:
            pass
    return datetime.date.today()


