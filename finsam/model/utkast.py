"""Drafts: a document whose figures are not filled in is never published as decided, and the
sections `ny` copied from last year that nobody has edited are pointed out.

A year laid out by `finsam ny` has `ifylld: false` in its utfall.yaml (and in the
new budget.yaml) until the accountant fills it in. Such a document can be built and
previewed, but only as a draft: its status is forced to utkast, every page and the PDF's
running head say which figures are missing, and the archive index marks it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..common.errors import Problem
from ..load.dependencies import document_inputs
from .project import Project, TypedDocument
from .sieutfall import awaited_sie_file

# What `finsam nytt-projekt` writes where the förbund's own facts and words belong: in a
# value, a comment or a sentence of a section. Removed when filled in.
TO_FILL = "FYLL I:"
TEXT_FILES = (".yaml", ".md")


def _unfilled_texts(doc: TypedDocument, project: Project) -> list[str]:
    """Each file the document reads that still says FYLL I, with the lines that do."""
    missing = []
    for path in document_inputs(project.root, doc.key).versioned:
        if path.suffix not in TEXT_FILES:
            continue
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            continue
        marked = [str(number) for number, line in enumerate(lines, start=1) if TO_FILL in line]
        if marked:
            where = path.relative_to(project.root).as_posix()
            rows = "rad " + ", ".join(marked[:8]) + (" …" if len(marked) > 8 else "")
            missing.append(f"{where} är inte ifylld ({rows}: markerat {TO_FILL}).")
    return missing


def _opening_balance_missing(year: int, project: Project) -> list[str]:
    """A first year whose opening balance (history) is still all zeros."""
    past = project.historik.get(year - 1)
    if year - 1 in project.years or past is None or past.balansrakning is None:
        return []
    if any(past.balansrakning.values()):
        return []
    return [f"Den ingående balansen (balansräkningen per {year - 1}-12-31 i "
            "content/historik.yaml) är inte ifylld."]


def missing_figures(doc: TypedDocument, project: Project) -> list[str]:
    """What the document shows that is not filled in yet, said for the reader."""
    year = doc.manifest.ar
    missing = _unfilled_texts(doc, project)
    if doc.manifest.typ == "arsredovisning":
        outcome = project.years.get(year)
        if outcome is not None and not outcome[1].ifylld:
            awaited = awaited_sie_file(outcome[0])
            missing.append(f"Utfallet för {year} är inte ifyllt: resultaträkningen, "
                           "balansräkningen, noterna och driftredovisningen visar inte årets "
                           "siffror" + (f" (bokföringens SIE-fil {awaited} finns inte än)."
                                        if awaited else "."))
        missing += _opening_balance_missing(year, project)
    budget = project.budgets.get(year)
    if budget is not None and not budget.model.ifylld:
        missing.append(f"Budgeten för {year} är ett förslag som inte är ifyllt: beloppen är "
                       "förra planens." if year - 1 in project.budgets else
                       f"Budgeten för {year} är inte ifylld.")
    return missing


def as_draft_if_incomplete(doc: TypedDocument, project: Project) -> TypedDocument:
    """The document with its missing figures noted; decided status only when nothing is."""
    missing = missing_figures(doc, project)
    if not missing:
        return doc
    manifest = doc.manifest.model_copy(update={"status": "utkast"})
    return replace(doc, manifest=manifest, saknas=missing)


def unchanged_sections(doc: TypedDocument, project: Project) -> list[Problem]:
    """Each section whose text is last year's section's of the same name (copied by `ny` and
    not rewritten yet), with its first sentence that names last year. A section with no
    text to rewrite (only tables placed, headings, template code) is not one."""
    year = doc.manifest.ar
    last = next((d for d in project.documents
                 if d.manifest.ar == year - 1 and d.folder.name == doc.folder.name), None)
    if last is None:
        return []
    warnings = []
    for name in doc.manifest.sektioner:
        section, before = doc.sections.get(name), last.sections.get(name)
        if section is None or before is None or not has_prose(section.text, year - 1):
            continue  # only tables placed, headings and template code: right as it stands
        if _prose(section.text) != _prose(before.text):
            continue  # rewritten (tables placed or headings changed, as `ny` may, are not)
        line, sentence = _first_naming(section.text, year - 1)
        named = (f" Rad {line} nämner {year - 1}: \"{sentence}\"" if line else "")
        warnings.append(Problem(
            f"Avsnittet är oförändrat sedan {year - 1} (kopierat av 'ny').{named}",
            section.path, line or 1, "skriv om avsnittet för det nya året."))
    return warnings


_PLACEMENT = re.compile(r"\[\[[^\]\n]+\]\]")
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<!--.*?-->", re.DOTALL)


def has_prose(text: str, last_year: int) -> bool:
    """Whether a section holds text a human must rewrite for a new year: words outside
    placements ([[name]]), headings and template code ({{ … }}, {% … %}), which are as right
    next year as they were this year; a heading that names last year needs rewriting too."""
    for line in _TEMPLATE_CODE.sub("", text).split("\n"):
        line = _PLACEMENT.sub("", line).strip()
        if line.startswith("#"):
            if re.search(rf"\b{last_year}\b", line):
                return True
        elif re.search(r"[^\W\d_]", line):  # a letter: words, not punctuation or a rule
            return True
    return False


def _prose(text: str) -> list[str]:
    """A section's lines of text, without its placements and headings."""
    lines = (_PLACEMENT.sub("", line).strip() for line in text.split("\n"))
    return [line for line in lines if line and not line.startswith("#")]


def _first_naming(text: str, year: int) -> tuple[int | None, str]:
    """The line and sentence of the first mention of `year` outside template code."""
    for number, line in enumerate(text.split("\n"), start=1):
        plain = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", line)
        if re.search(rf"\b{year}\b", plain):
            sentence = next((s for s in re.split(r"(?<=[.!?])\s+", plain.strip())
                             if str(year) in s), plain.strip())
            return number, sentence[:120]
    return None, ""
