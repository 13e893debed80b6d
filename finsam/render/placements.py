"""What an author can place with [[name]] in one document: its type's tables and blocks.

Tables come from the document's type (documents.py: its tables, those made from its data)
and its statistics; blocks are HTML from template macros: the signature lists, each goal
area's goals (verksamhetsplan: mal-<område>) and their follow-up (årsredovisning:
uppfoljning-<område>), the charts, and the deviations a reproduced report accepts.
"""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import jinja2

from ..accounts.compute import ArsredovisningFigures
from ..common.amounts import Unit
from ..common.errors import BuildError, Problem, attempt, raise_if_any
from ..model.kontoplan import Kontoplan
from ..model.project import Project, TypedDocument
from .diagram import Chart, figure
from .documents import DocumentType, document_type
from .sections import render_fragment
from .statistikdiagram import statistics_chart
from .tables import Context, Table, TableBuilder
from .tables.presentation import Where, present
from .tables.statistik import statistics_tables


def _same_title(caption: str, heading: str) -> bool:
    """'2. Resultaträkning' repeats 'Resultaträkning': the caption need not show twice."""
    def strip(text: str) -> str:
        return re.sub(r"^[\d.\s]+", "", text).strip().lower()
    return strip(caption) == strip(heading)


_NOTE_TABLE = re.compile(r"^\[\[\s*(not-[\w-]+)\s*\]\]\s*$")
# A driftredovisning line's specification: sub-notes numbered in a series of their own (an
# appendix's "Not 1", "Not 2" beside the annual report's notes).
_SPECIFICATION_TABLE = re.compile(r"^\[\[\s*(specifikation-[\w-]+)\s*\]\]\s*$")
_NOTE_HEADING = re.compile(r"^#{1,6}\s+Not\s+(\d+)\b")


def relabel(table: Table, chart: Kontoplan) -> Table:
    """The table in the förbund's own words (content/kontoplan.yaml: rubriker); a label that
    matches no row of the table is an error, so a typo is never silently ignored."""
    own = chart.rubriker.get(table.name)
    if not own:
        return table
    labels = {row.label for row in table.rows} | {table.caption}
    unused = [label for label in own if label not in labels]
    if unused:
        raise BuildError([Problem(
            f"'rubriker' för tabellen {table.name} nämner '{label}', som inte är en rad i den.",
            chart.source, chart.rubriker_lines.get((table.name, label)),
            "skriv radens text exakt som verktyget skriver den: "
            + "; ".join(sorted(labels - {table.caption}))[:400] + ".") for label in unused])
    rows = [replace(row, label=own.get(row.label, row.label)) for row in table.rows]
    return replace(table, rows=rows, caption=own.get(table.caption, table.caption))


def note_numbers(doc: TypedDocument) -> dict[str, int]:
    """Each placed note table's number: notes are numbered 1, 2, 3 … in the order the document
    has them. A note written as text (a heading 'Not 1. Redovisningsprinciper') keeps the
    number it was given, which must be its place in that order; the tables get the rest."""
    numbers: dict[str, int] = {}
    problems: list[Problem] = []
    count = 0
    for name in doc.manifest.sektioner:
        section = doc.sections[name]
        for line_number, line in enumerate(section.text.split("\n"), start=1):
            if match := _SPECIFICATION_TABLE.match(line.strip()):
                numbers.setdefault(match.group(1), 1 + sum(
                    1 for key in numbers if key.startswith("specifikation-")))
            elif match := _NOTE_TABLE.match(line.strip()):
                count += 1
                numbers.setdefault(match.group(1), count)
            elif match := _NOTE_HEADING.match(line):
                count += 1
                if int(match.group(1)) != count:
                    problems.append(Problem(
                        f"Rubriken säger Not {match.group(1)}, men det är dokumentets not nummer "
                        f"{count} (noterna numreras i den ordning de står).", section.path,
                        line_number, f"skriv Not {count}, eller flytta noten."))
    if problems:
        raise BuildError(problems)
    return numbers


class Placements:
    """Each name a section of the document may place, drawn when a section places it:
    the tables (every table drawn is kept in `drawn` by name, for the open data files) and
    the blocks. Mistakes in the document's own words about its tables (decimaler,
    tabellfotnoter) and in the goals' follow-up texts are found when it is made."""

    def __init__(self, doc: TypedDocument, figures: Any, project: Project,
                 env: jinja2.Environment, narrative: dict[str, Any],
                 notes: dict[str, int]) -> None:
        self.doc, self.figures, self.project = doc, figures, project
        self.context = Context(figures, project.forbund, notes, doc.manifest.tabellval,
                               doc.manifest_file)
        self._table_macro = env.get_template("partials/table.html").module.table
        self._blocks_module = env.get_template("partials/blocks.html").module
        kind = document_type(doc.manifest)
        self.tables: dict[str, TableBuilder] = (
            kind.placeable_tables(figures, project.kontoplan) | statistics_tables(doc.statistik))
        self._check_table_names(kind)
        self._published()
        self.blocks = self._blocks(kind, narrative)
        self.drawn: dict[str, Table] = {}
        self.placed: set[str] = set()

    @property
    def names(self) -> list[str]:
        return [*self.tables, *self.blocks]

    def place(self, name: str, heading: str) -> str:
        """The HTML of `name` under `heading` (KeyError: an unknown name, which
        render_section reports before it asks)."""
        html = self._table(name, heading) if name in self.tables else self.blocks[name]()
        self.placed.add(name)
        return html

    def _table(self, name: str, heading: str) -> str:
        manifest = self.doc.manifest
        table, _ = self._presented(name)
        if table.name in manifest.tabellfotnoter:  # the förbund's own sentence under it
            table = replace(table, footnote=" ".join(filter(None, [
                table.footnote, manifest.tabellfotnoter[table.name]])))
        table = replace(table, zero=self.project.forbund.nollvarde)
        self.drawn[table.name] = table
        return str(self._table_macro(table, _same_title(table.caption, heading)))

    def _presented(self, name: str) -> tuple[Table, list[Problem]]:
        """The table in the förbund's words and as it shows it (dokument.yaml: tabeller), and
        the figures typed as published that are not the computed ones."""
        table = relabel(self.tables[name](self.context), self.project.kontoplan)
        return present(table, self.doc.manifest.tabellval(name),
                       Where(self.doc.manifest_file, name), self._with_decimal)

    def _published(self) -> None:
        """Every table named under tabeller, placed or not, with its options (a name an
        option uses that the table lacks is an error either way); the figures typed as once
        published against the computed ones: an error, or where the document accepts
        deviations a warning and a line for its readers ([[avvikelser]]), the figure shown
        as published."""
        mistakes: list[Problem] = []
        problems = [p for name in self.doc.manifest.tabeller
                    for p in (attempt(mistakes, self._presented, name) or (None, []))[1]]
        raise_if_any(mistakes)
        if not problems:
            return
        if not self.doc.manifest.godta_avvikelser:
            raise BuildError(problems)
        new = [p for p in problems if p.message not in self.figures.avvikelser]
        self.figures.warnings.extend(Problem(f"Godtagen avvikelse: {p.message}", p.file, p.line)
                                     for p in new)
        self.figures.avvikelser.extend(p.message for p in new)

    def _with_decimal(self, table: Table) -> Table:
        """The table with one decimal in tkr, as its document asks (dokument.yaml:
        tabeller: tkr_decimaler, or decimaler)."""
        shown = table.with_decimal()
        source = self.doc.manifest_file
        older = table.name in self.doc.manifest.decimaler
        if not older and not any(c.format is Unit.TKR for c in table.columns):
            raise BuildError(Problem(
                f"Tabellen {table.name} visas inte i tkr, så den kan inte visas med en decimal "
                "i tkr.", source.path, source.line("tabeller", table.name, "tkr_decimaler"),
                "skriv också 'enhet: tkr' för tabellen, eller ta bort 'tkr_decimaler'."))
        if shown is None:
            raise BuildError(Problem(
                f"Tabellen {table.name} visas i hela tkr, avrundade så att raderna summerar; "
                "den kan inte visas med en decimal.", source.path,
                source.line("decimaler", table.name) if older
                else source.line("tabeller", table.name, "tkr_decimaler"),
                f"ta bort '{table.name}: 1' under 'decimaler'." if older
                else "ta bort 'tkr_decimaler: 1' för tabellen."))
        return shown

    def _check_table_names(self, kind: DocumentType) -> None:
        """Every table dokument.yaml names under decimaler, tabellfotnoter and tabeller
        exists."""
        manifest, source = self.doc.manifest, self.doc.manifest_file
        for field, also in (("decimaler", ""), ("tabellfotnoter", ", eller not-<rad>"),
                            ("tabeller", ", eller not-<rad>")):
            unknown = [name for name in getattr(manifest, field) if name not in self.tables]
            if unknown:
                raise BuildError([Problem(
                    f"'{field}' nämner tabellen '{name}', som inte finns i dokumentet.",
                    source.path, source.line(field, name), _table_advice(
                        name, sorted(self.tables), sorted(kind.tables), also))
                    for name in unknown])

    def _blocks(self, kind: DocumentType, narrative: dict[str, Any]
                ) -> dict[str, Callable[[], str]]:
        blocks: dict[str, Callable[[], str]] = {}
        module, manifest, forbund = self._blocks_module, self.doc.manifest, self.project.forbund
        for area in self.figures.mal.omraden:
            blocks[f"mal-{area.omrade.id}"] = functools.partial(_html, module.goals,
                                                                area.omrade)
        if kind.has_signatures:
            blocks["underskrifter-styrelse"] = functools.partial(_html, module.styrelse,
                                                                 forbund, manifest)
            blocks["underskrifter-revisorer"] = functools.partial(_html, module.revisorer,
                                                                  forbund, manifest)
        for name, chart in kind.charts.items():
            blocks[name] = functools.partial(self._chart, chart, name)
        for table_name, table in self.doc.statistik.items():  # statistik.yaml: diagram
            if table.diagram is not None:
                name = f"diagram-statistik-{table_name}"
                blocks[name] = functools.partial(
                    self._chart, statistics_chart(table_name, table), name)
        if kind.shows_deviations:  # a report the styrelse fastställer may reproduce one
            blocks["avvikelser"] = functools.partial(
                _html, module.deviations, manifest.godta_avvikelser, self.figures.avvikelser)
        if kind.follows_up_goals:
            texts = _followup_texts(self.figures, self.project, narrative)
            for area in self.figures.mal.omraden:
                blocks[f"uppfoljning-{area.omrade.id}"] = functools.partial(
                    _html, module.followup, area, texts)
        return blocks

    def _chart(self, chart: Chart, name: str) -> str:
        data, svg = chart(self.context)
        self.drawn[data.name] = data  # its figures as open data too
        return str(figure(data, svg, name))


def _table_advice(name: str, tables: list[str], standard: list[str], also: str) -> str:
    """The likely table, or the names of the document's standard tables."""
    close = difflib.get_close_matches(name, tables, n=1, cutoff=0.6)
    if close:
        return f"menade du '{close[0]}'?"
    return "använd en tabells namn: " + ", ".join(standard) + f"{also}."


def _html(macro: Callable[..., Any], *arguments: Any) -> str:
    return str(macro(*arguments))


def _followup_texts(figures: ArsredovisningFigures, project: Project,
                    narrative: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each follow-up's narrative, through Jinja and Markdown like a section."""
    source = project.followups.get(figures.ar)
    texts: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for area in figures.mal.omraden:
        for row in area.rader:
            if row.uppfoljning is None:
                continue
            texts[row.mal.id] = {}
            for part in ("uppfoljning", "utfall"):
                line = source.file.text_line(row.mal.id, part)
                try:
                    texts[row.mal.id][part] = render_fragment(
                        getattr(row.uppfoljning, part), narrative, source.file.path, line)
                except BuildError as error:
                    problems.extend(error.problems)
    if problems:
        raise BuildError(problems)
    return texts
