"""Print layout hints: how wide each column of a table must be.

WeasyPrint's automatic table layout measures every cell's text twice (its narrowest and its
widest) before it lays a table out; for the årsredovisning that was a quarter of the PDF's
layout time (docs/prestanda.md). A figure column never wraps, so its width is a measure, not
a choice: its widest figure or heading. Measured here with the print font's own advance
widths (fontTools, which WeasyPrint already uses to embed the font) and the print page's
geometry (printpage.py: the table's font size, its cells' padding, the page's line, which
print.css lays the page out with), the print stylesheet lays the table out with
`table-layout: fixed`. The label column is as wide as its longest label, or what the line
leaves it; room over is shared equally among the columns, as WeasyPrint's fixed layout does.

A table keeps automatic layout when its widths are not a measure: a column of text (it
wraps, so its width is a choice), no font file, a project whose own stylesheets may change
the geometry (its own print.css, or a forbund-print.css that sets a table's or the page's
sizes), or figures so wide that the labels would not have room on the line.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import tinycss2
from fontTools.ttLib import TTFont

from ..common.amounts import Unit
from ..load.templates import TemplateFolders
from .printpage import PRINT_PAGE, PrintPage
from .tables import Table

# The print font as print.css declares it (templates/style/print.css, @font-face).
FONT_FILES = {"normal": "fonts/Carlito-Regular.ttf", "bold": "fonts/Carlito-Bold.ttf"}
# HarfBuzz sets a no-break space the font lacks as the font's own space (measured).
_SPACES = {0x00A0: 0x0020}
# Rounding and kerning can add a hair; a figure column a hair too narrow would overflow.
SLACK_EM = 0.1
# The least room a label column gets before its words may break mid-word, in em.
LABEL_MIN_EM = 10.0

logging.getLogger("fontTools").setLevel(logging.ERROR)  # Carlito's header dates, harmless


@dataclass(frozen=True)
class FontWidths:
    """Advance widths of one face, in em."""

    advances: dict[int, float]
    widest: float  # for a character the face lacks: never narrower than it will be

    def measure(self, text: str) -> float:
        return sum(self.advances.get(_SPACES.get(ord(c), ord(c)), self.widest) for c in text)


@functools.lru_cache(maxsize=8)
def font_widths(path: Path) -> FontWidths | None:
    if not path.is_file():
        return None
    font = TTFont(str(path), lazy=True)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"]
    advances = {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    return FontWidths(advances, max(advances.values()))


# What a project's own forbund-print.css may not touch for the widths to hold: the geometry's
# custom properties, and the sizes of the page and of the tables' text and cells.
_SIZES = ("font", "font-size", "font-family", "font-stretch", "letter-spacing",
          "word-spacing", "padding", "padding-left", "padding-right", "size", "margin",
          "margin-left", "margin-right", "width", "border-spacing")
_TABLES = ("table", "td", "th", "col", "@page")


def _restyles_geometry(css: str) -> bool:
    """Whether a stylesheet sets any of the print page's geometry (PRINT_PAGE.properties),
    or the sizes of a table's text and cells or of the page itself."""
    geometry = set(PRINT_PAGE.properties())
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type not in ("qualified-rule", "at-rule") or not rule.content:
            continue
        prelude = ("@" + rule.lower_at_keyword + " " if rule.type == "at-rule" else "") + \
            tinycss2.serialize(rule.prelude)
        names = {d.lower_name for d in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True) if d.type == "declaration"}
        if names & geometry or (names & set(_SIZES) and any(t in prelude for t in _TABLES)):
            return True
    return False


def print_geometry(templates: TemplateFolders) -> PrintPage | None:
    """The print page's geometry (printpage.PRINT_PAGE), or None when the project's own
    stylesheets may lay the page out otherwise: its own print.css (whatever it says), or a
    forbund-print.css that sets the geometry or a table's or the page's sizes."""
    if "style/print.css" in templates.overrides:
        return None
    own = templates.overrides.get("style/forbund-print.css")
    if own is not None and _restyles_geometry(own.read_text(encoding="utf-8")):
        return None
    return PRINT_PAGE


@dataclass(frozen=True)
class ColumnWidths:
    """A table's column widths in mm, padding included: the label column, the note column
    (when the table has one) and each figure column."""

    label: Decimal
    note: Decimal | None
    figures: list[Decimal]


def column_widths(table: Table, templates: TemplateFolders) -> ColumnWidths | None:
    """The widths of `table`'s columns in print, or None: automatic layout."""
    if any(column.format is Unit.TEXT for column in table.columns):
        return None
    normal, bold = (font_widths(templates.path(FONT_FILES[w])) for w in ("normal", "bold"))
    geometry = print_geometry(templates)
    if normal is None or bold is None or geometry is None:
        return None
    em = geometry.em(table.css_class)  # widths are measured in em, then given in mm
    padding = float(geometry.padding(table.css_class) / em)
    indent = float(geometry.sub_indent_mm / em)
    label, figures = _widest(table, normal, bold, indent)
    figures = _widen_under_groups([width + SLACK_EM + padding for width in figures],
                                  table.groups, bold, padding)
    note = float(geometry.note_column_mm / em) + padding if table.note_column else 0.0
    room = float(geometry.line_mm / em) - sum(figures) - note
    if room < max([LABEL_MIN_EM] + [normal.measure(word) + indent + padding
                                    for row in table.rows for word in row.label.split()]):
        return None  # the labels would not have room: let WeasyPrint weigh them

    def mm(width: float) -> Decimal:
        return (Decimal(str(width)) * em).quantize(Decimal("0.01"))

    return ColumnWidths(mm(min(label + SLACK_EM + padding, room)),
                        mm(note) if table.note_column else None, [mm(w) for w in figures])


def _widest(table: Table, normal: FontWidths, bold: FontWidths, indent: float
            ) -> tuple[float, list[float]]:
    """The widest label (a sub-line's with its indent) and each column's widest figure or
    heading, in em: headings and sums are bold."""
    figures = [bold.measure(column.header) for column in table.columns]
    label = bold.measure(table.label_header)
    for row in table.rows:
        if row.kind in ("heading", "subheading"):  # spans the whole table, in the label column
            continue
        face = bold if row.kind in ("sum", "total") else normal
        label = max(label, face.measure(row.label) + (indent if row.kind == "sub" else 0))
        for index in range(len(row.values)):
            figures[index] = max(figures[index], face.measure(table.cell(row, index)))
    return label, figures


def _widen_under_groups(figures: list[float], groups: list[tuple[str, int]],
                        face: FontWidths, padding: float) -> list[float]:
    """A heading above several columns (Utfall 2022 over Intäkt, Kostnad, Netto) stays on
    one line: its columns share what it needs beyond their own widths."""
    widened, first = list(figures), 0
    for text, span in groups:
        columns = range(first, first + span)
        missing = face.measure(text) + SLACK_EM + padding - sum(widened[i] for i in columns)
        for i in columns:
            widened[i] += max(missing, 0) / span
        first += span
    return widened
