"""Print layout hints: how wide each column of a table must be.

WeasyPrint's automatic table layout measures every cell's text twice (its narrowest and its
widest) before it lays a table out; for the årsredovisning that was a quarter of the PDF's
layout time (docs/prestanda.md). A figure column never wraps, so its width is a measure, not
a choice: its widest figure or heading. Measured here with the print font's own advance
widths (fontTools, which WeasyPrint already uses to embed the font) and the sizes print.css
gives a table (its font size, its cells' padding, the page's line), the print stylesheet lays
the table out with `table-layout: fixed`. The label column is as wide as its longest label,
or what the line leaves it; room over is shared equally among the columns, as WeasyPrint's
fixed layout does.

A table keeps automatic layout when its widths are not a measure: a column of text (it
wraps, so its width is a choice), no font file or no plain sizes in print.css to measure
with, or figures so wide that the labels would not have room on the line.
"""
from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import tinycss2
from fontTools.ttLib import TTFont

from ..load.templates import TemplateFolders
from .tables import Table

# The print font as print.css declares it (templates/style/print.css, @font-face).
FONT_FILES = {"normal": "fonts/Carlito-Regular.ttf", "bold": "fonts/Carlito-Bold.ttf"}
# HarfBuzz sets a no-break space the font lacks as the font's own space (measured).
_SPACES = {0x00A0: 0x0020}
# Rounding and kerning can add a hair; a figure column a hair too narrow would overflow.
SLACK_EM = 0.1
# The least room a label column gets before its words may break mid-word, in em.
LABEL_MIN_EM = 10.0
NOTE_COLUMN_MM = Decimal(8)  # print.css: table.fin td.note
SUB_INDENT_MM = Decimal(5)  # print.css: table.fin tr.sub th

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


@dataclass(frozen=True)
class PrintGeometry:
    """What print.css says a table's widths depend on, in mm: the line (the page's width less
    its side margins) and, per table class ("" for table.fin itself), the font size and the
    cells' left plus right padding."""

    line_mm: Decimal
    font_mm: dict[str, Decimal]
    padding_mm: dict[str, Decimal]

    def em(self, css_class: str) -> Decimal:
        return self._for(self.font_mm, css_class)

    def padding(self, css_class: str) -> Decimal:
        return self._for(self.padding_mm, css_class)

    @staticmethod
    def _for(sizes: dict[str, Decimal], css_class: str) -> Decimal:
        return next((sizes[c] for c in css_class.split() if c in sizes), sizes[""])


_MM_PER = {"mm": Decimal(1), "cm": Decimal(10), "in": Decimal("25.4"),
           "pt": Decimal("25.4") / 72, "px": Decimal("25.4") / 96}
_PAGE_SIZES = {"a5": (148, 210), "a4": (210, 297), "a3": (297, 420), "letter": (216, 279)}
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|in|pt|px)|0")
_TABLE = re.compile(r"table\.fin(?:\.([\w-]+))?")
_CELLS = re.compile(r"table\.fin(?:\.([\w-]+))? t[dh]")


def _mm(value: str) -> Decimal | None:
    match = _LENGTH.fullmatch(value.strip().lower())
    if match is None:
        return None
    return Decimal(match.group(1)) * _MM_PER[match.group(2)] if match.group(1) else Decimal(0)


def _declarations(content: list) -> dict[str, str]:
    return {d.lower_name: tinycss2.serialize(d.value).strip()
            for d in tinycss2.parse_declaration_list(content, skip_comments=True,
                                                     skip_whitespace=True)
            if d.type == "declaration"}


def _sides(shorthand: str) -> tuple[Decimal, Decimal] | None:
    """(right, left) of a margin or padding shorthand of one to four lengths."""
    values = [_mm(value) for value in shorthand.split()]
    if not 1 <= len(values) <= 4 or None in values:
        return None
    right = values[1] if len(values) > 1 else values[0]
    return right, values[3] if len(values) == 4 else right


@functools.lru_cache(maxsize=8)
def _geometry(css: str) -> PrintGeometry | None:
    page: dict[str, str] = {}
    fonts: dict[str, Decimal] = {}
    paddings: dict[str, Decimal] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "page" and rule.content \
                and not tinycss2.serialize(rule.prelude).strip():
            page |= _declarations(rule.content)
        if rule.type != "qualified-rule":
            continue
        declared = _declarations(rule.content)
        for selector in tinycss2.serialize(rule.prelude).split(","):
            selector = " ".join(selector.split())
            if (table := _TABLE.fullmatch(selector)) and "font-size" in declared:
                fonts[table.group(1) or ""] = _mm(declared["font-size"])
            elif (cells := _CELLS.fullmatch(selector)) and "padding" in declared:
                sides = _sides(declared["padding"])
                paddings[cells.group(1) or ""] = sum(sides) if sides else None
    line = _line_mm(page)
    if line is None or "" not in fonts or "" not in paddings \
            or None in fonts.values() or None in paddings.values():
        return None  # not said plainly: automatic layout is the safe choice
    return PrintGeometry(line, fonts, paddings)


def _line_mm(page: dict[str, str]) -> Decimal | None:
    """The page's width less its left and right margins (size: A4 and margin: 24mm 20mm …)."""
    size = page.get("size", "a4").lower().split()
    if size[0] in _PAGE_SIZES:
        width = Decimal(_PAGE_SIZES[size[0]][1 if "landscape" in size else 0])
    elif (width := _mm(size[0])) is None:
        return None
    margins = _sides(page.get("margin", "0"))
    return width - sum(margins) if margins else None


def print_geometry(stylesheet: Path) -> PrintGeometry | None:
    """print.css's geometry, or None when it does not say it plainly."""
    if not stylesheet.is_file():
        return None
    return _geometry(stylesheet.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ColumnWidths:
    """A table's column widths in mm, padding included: the label column, the note column
    (when the table has one) and each figure column."""

    label: Decimal
    note: Decimal | None
    figures: list[Decimal]


def column_widths(table: Table, cell: Callable[[object, str], str],
                  templates: TemplateFolders) -> ColumnWidths | None:
    """The widths of `table`'s columns in print, or None: automatic layout."""
    if any(column.format == "text" for column in table.columns):
        return None
    normal, bold = (font_widths(templates.path(FONT_FILES[w])) for w in ("normal", "bold"))
    geometry = print_geometry(templates.path("style/print.css"))
    if normal is None or bold is None or geometry is None:
        return None
    em = geometry.em(table.css_class)  # widths are measured in em, then given in mm
    padding = float(geometry.padding(table.css_class) / em)
    indent = float(SUB_INDENT_MM / em)
    figures = [bold.measure(column.header) for column in table.columns]  # headings are bold
    label = bold.measure(table.label_header)
    for row in table.rows:
        if row.kind in ("heading", "subheading"):  # spans the whole table, in the label column
            continue
        face = bold if row.kind in ("sum", "total") else normal
        label = max(label, face.measure(row.label) + (indent if row.kind == "sub" else 0))
        for index, value in enumerate(row.values):
            text = cell(value, row.format or table.columns[index].format)
            figures[index] = max(figures[index], face.measure(text))
    figures = _widen_under_groups([width + SLACK_EM + padding for width in figures],
                                  table.groups, bold, padding)
    note = float(NOTE_COLUMN_MM / em) + padding if table.note_column else 0.0
    room = float(geometry.line_mm / em) - sum(figures) - note
    if room < max([LABEL_MIN_EM] + [normal.measure(word) + indent + padding
                                    for row in table.rows for word in row.label.split()]):
        return None  # the labels would not have room: let WeasyPrint weigh them

    def mm(width: float) -> Decimal:
        return (Decimal(str(width)) * em).quantize(Decimal("0.01"))

    return ColumnWidths(mm(min(label + SLACK_EM + padding, room)),
                        mm(note) if table.note_column else None, [mm(w) for w in figures])


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
