"""The print page's geometry, said once: the page and its margins, and for each kind of table
its font size and its cells' padding, the note column's width and a sub-line's indent.

print.html writes it into the print HTML as CSS custom properties (PRINT_PAGE.css(), before
the stylesheets, so that the förbund's own stylesheet can still set them), print.css lays
the page and the tables out with them (var(--table-font-size) …), and colwidths.py measures
the columns with the same numbers. A project whose own stylesheets change any of them gets
automatic table layout instead of measured widths (colwidths.print_geometry).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

MM_PER_PT = Decimal("25.4") / 72
PAGE_SIZES_MM = {"A4": (Decimal(210), Decimal(297))}


@dataclass(frozen=True)
class TableStyle:
    """How a kind of table (table.fin, or table.fin.<class>) is set: its font size, and its
    cells' padding top and bottom, left and right."""

    font_size_pt: Decimal
    padding_mm: tuple[Decimal, Decimal]  # (top and bottom, left and right)


def _mm(value: Decimal) -> str:
    return f"{value}mm"


@dataclass(frozen=True)
class PrintPage:
    size: str  # as CSS names it (PAGE_SIZES_MM)
    margins_mm: tuple[Decimal, Decimal, Decimal, Decimal]  # top, right, bottom, left
    # Each kind of table by its class beside "fin" ("" for table.fin itself).
    tables: dict[str, TableStyle] = field(default_factory=dict)
    note_column_mm: Decimal = Decimal(8)  # the Not column (table.fin td.note)
    sub_indent_mm: Decimal = Decimal(5)  # a sub-line's label (table.fin tr.sub th)

    @property
    def line_mm(self) -> Decimal:
        """The width of the text: the page's less its left and right margins."""
        return PAGE_SIZES_MM[self.size][0] - self.margins_mm[1] - self.margins_mm[3]

    def style(self, css_class: str) -> TableStyle:
        """The style of a table with these classes ("fin drift"): its own kind's, or
        table.fin's."""
        return next((self.tables[c] for c in css_class.split() if c in self.tables),
                    self.tables[""])

    def em(self, css_class: str) -> Decimal:
        """The table's font size in mm."""
        return self.style(css_class).font_size_pt * MM_PER_PT

    def padding(self, css_class: str) -> Decimal:
        """A cell's left plus right padding in mm."""
        return 2 * self.style(css_class).padding_mm[1]

    def properties(self) -> dict[str, str]:
        """The custom properties print.css uses, by name, with their CSS values."""
        found = {"--page-size": self.size,
                 "--page-margin": " ".join(_mm(m) for m in self.margins_mm),
                 "--table-note-width": _mm(self.note_column_mm),
                 "--table-sub-indent": _mm(self.sub_indent_mm)}
        for css_class, style in self.tables.items():
            prefix = f"--table-{css_class}-" if css_class else "--table-"
            found[prefix + "font-size"] = f"{style.font_size_pt}pt"
            found[prefix + "padding"] = " ".join(_mm(p) for p in style.padding_mm)
        return found

    def css(self) -> str:
        """The geometry as one rule of custom properties on the page's root."""
        return ":root { " + " ".join(f"{name}: {value};"
                                     for name, value in self.properties().items()) + " }"


PRINT_PAGE = PrintPage(
    "A4", (Decimal(24), Decimal(20), Decimal(22), Decimal(24)),
    {"": TableStyle(Decimal("9.5"), (Decimal("1.1"), Decimal("1.5"))),
     "drift": TableStyle(Decimal(8), (Decimal("0.8"), Decimal(1))),  # the wide driftredovisning
     "budget": TableStyle(Decimal(9), (Decimal("0.7"), Decimal("1.5")))})
