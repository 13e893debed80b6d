"""What an author can place with [[name]]: the document type's tables and blocks.

Tables come from tables.TABLES; blocks are HTML from template macros: the
signature lists, each goal area's goals (verksamhetsplan: mal-<område>) and
their follow-up (årsredovisning: uppfoljning-<område>).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import jinja2

from ..accounts.compute import ArsredovisningFigures
from ..common.errors import BuildError, Problem
from ..model.kontoplan import Kontoplan
from ..model.project import Project, TypedDocument
from .diagram import CHARTS, figure
from .documents import document_type
from .sections import render_fragment
from .statistik import statistics_tables
from .tables import Context, Table, drift_specification_tables, specification_tables, with_decimal


def _same_title(caption: str, heading: str) -> bool:
    """'2. Resultaträkning' repeats 'Resultaträkning': the caption need not show twice."""
    strip = lambda text: re.sub(r"^[\d.\s]+", "", text).strip().lower()  # noqa: E731
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


def _with_decimal(table: Table, doc: TypedDocument) -> Table:
    """The table with one decimal in tkr, as its document asks (dokument.yaml: decimaler)."""
    shown = with_decimal(table)
    if shown is None:
        raise BuildError(Problem(
            f"Tabellen {table.name} visas i hela tkr, avrundade så att raderna summerar; den "
            "kan inte visas med en decimal.", doc.manifest_file.path,
            doc.manifest_file.line("decimaler", table.name),
            f"ta bort '{table.name}: 1' under 'decimaler'."))
    return shown


def placements(doc: TypedDocument, figures: Any, project: Project, env: jinja2.Environment,
               narrative: dict[str, Any], placed: dict[str, Table] | None = None
               ) -> dict[str, Callable[[str], str]]:
    """Each placeable name → a function of the heading above the placement, giving HTML.
    Every table drawn is also kept in `placed`, by name (for the open data files)."""
    table_macro = env.get_template("partials/table.html").module.table
    blocks = env.get_template("partials/blocks.html").module
    ctx = Context(figures, project.forbund, note_numbers(doc))
    added = doc.manifest.tabellfotnoter

    def table(build: Callable) -> Callable[[str], str]:
        def draw(heading: str) -> str:
            built = relabel(build(ctx), project.kontoplan)
            if doc.manifest.decimaler.get(built.name) == 1:
                built = _with_decimal(built, doc)
            if built.name in added:  # the förbund's own sentence under the table
                built = replace(built, footnote=" ".join(filter(None, [built.footnote,
                                                                      added[built.name]])))
            if placed is not None:
                placed[built.name] = built
            return str(table_macro(built, _same_title(built.caption, heading)))
        return draw

    kind = document_type(doc.manifest)
    tables = dict(kind.tables)
    if kind.has_signatures:  # an årsredovisning: a note for each line the förbund specifies
        tables |= specification_tables(project.kontoplan)
        tables |= drift_specification_tables(figures)
    tables |= statistics_tables(doc.statistik)
    found: dict[str, Callable[[str], str]] = {
        name: table(build) for name, build in tables.items()}
    unknown = [name for name in doc.manifest.decimaler if name not in tables]
    if unknown:
        raise BuildError([Problem(
            f"'decimaler' nämner tabellen '{name}', som inte finns i dokumentet.",
            doc.manifest_file.path, doc.manifest_file.line("decimaler", name),
            "använd en tabells namn: " + ", ".join(sorted(kind.tables)) + ".")
            for name in unknown])
    unknown = [name for name in added if name not in tables]
    if unknown:
        raise BuildError([Problem(
            f"'tabellfotnoter' nämner tabellen '{name}', som inte finns i dokumentet.",
            doc.manifest_file.path, doc.manifest_file.line("tabellfotnoter", name),
            "använd en tabells namn: " + ", ".join(sorted(kind.tables)) + ", eller not-<rad>.")
            for name in unknown])
    for area in figures.mal.omraden:
        found[f"mal-{area.omrade.id}"] = lambda _, area=area: str(blocks.goals(area.omrade))
    if kind.has_signatures:
        found["underskrifter-styrelse"] = lambda _: str(blocks.styrelse(project.forbund,
                                                                         doc.manifest))
        found["underskrifter-revisorer"] = lambda _: str(blocks.revisorer(project.forbund,
                                                                           doc.manifest))
    def draw_chart(chart: Callable, name: str) -> str:
        data, svg = chart(ctx)
        if placed is not None:
            placed[data.name] = data  # its figures as open data too
        return str(figure(data, svg, name))

    if kind.has_signatures:  # charts of the årsredovisning's figures
        for name, chart in CHARTS.items():
            found[name] = lambda _, name=name, chart=chart: draw_chart(chart, name)
    if kind.has_signatures:  # a report the styrelse fastställer may reproduce one as it was
        found["avvikelser"] = lambda _: str(blocks.deviations(doc.manifest.godta_avvikelser,
                                                               figures.avvikelser))
    if kind.follows_up_goals:
        texts = _followup_texts(figures, project, narrative)
        for area in figures.mal.omraden:
            found[f"uppfoljning-{area.omrade.id}"] = (
                lambda _, area=area: str(blocks.followup(area, texts)))
    return found


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
