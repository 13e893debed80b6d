"""Charts drawn from data, as SVG in both the web page and the PDF (no JavaScript; WeasyPrint
draws inline SVG as vectors, so the PDF stays PDF/A).

A chart is made from a Table: the figures it draws are the table's, and the table is its
text alternative (the SVG's <desc> says every figure; the table is also open data). Only
computed numbers and escaped labels go into the SVG.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from markupsafe import Markup, escape

from ..common.amounts import Kolumnslag, Unit
from .tables import Column, Context, Row, Table
from .tables.overview import femarsoversikt, kostnadsfordelning

WIDTH, HEIGHT = 480, 220
TOP, BOTTOM, SIDE = 28, 34, 12
NEGATIVE = "#a4262c"  # dark red, 6:1 against white
TEXT = "#1a1a1a"
FONT = 'font-family="Carlito, Calibri, sans-serif" font-size="15"'


def _number(value: Decimal, unit: Unit) -> str:
    return unit.show(value).replace("\u00a0", " ")


def bar_chart(title: str, labels: list[str], values: list[Decimal], fmt: Unit,
              color: str) -> str:
    """Vertical bars from a zero line (negative values below it, in red), each with its
    value; the labels under the bars."""
    high = max([Decimal(0), *values])
    low = min([Decimal(0), *values])
    span = (high - low) or Decimal(1)
    plot = HEIGHT - TOP - BOTTOM - (20 if low < 0 else 0)  # room for a label under a bar
    y = lambda v: TOP + float((high - v) / span) * plot  # noqa: E731
    slot = (WIDTH - 2 * SIDE) / max(1, len(values))
    bar = slot * 0.56
    parts = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = SIDE + slot * index + (slot - bar) / 2
        top, bottom = sorted((y(value), y(Decimal(0))))
        fill = NEGATIVE if value < 0 else color
        parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" '
                     f'height="{max(bottom - top, 1):.1f}" fill="{fill}"/>')
        text_y = top - 6 if value >= 0 else bottom + 15
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{text_y:.1f}" text-anchor="middle" '
                     f'fill="{TEXT}" {FONT}>{escape(_number(value, fmt))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
                     f'fill="{TEXT}" {FONT}>{escape(label)}</text>')
    zero = y(Decimal(0))
    parts.append(f'<line x1="{SIDE}" x2="{WIDTH - SIDE}" y1="{zero:.1f}" y2="{zero:.1f}" '
                 f'stroke="{TEXT}" stroke-width="1"/>')
    return _svg(title, labels, values, fmt, parts)


def share_bars(title: str, labels: list[str], values: list[Decimal], color: str) -> str:
    """Horizontal bars of shares (0–1), one per label, with the share at the bar's end."""
    row = 34
    height = TOP + row * len(values) + 8
    label_width = 190
    room = WIDTH - label_width - SIDE - 60
    high = max([*values, Decimal("0.01")])
    parts = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row * index
        length = max(float(value / high) * room, 1)
        parts.append(f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" '
                     f'fill="{TEXT}" {FONT}>{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="18" '
                     f'fill="{color}"/>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" fill="{TEXT}" '
                     f'{FONT}>{escape(_number(value, Unit.PROCENT0))}</text>')
    return _svg(title, labels, values, Unit.PROCENT0, parts, height)


def _svg(title: str, labels: list[str], values: list[Decimal], fmt: Unit, parts: list[str],
         height: int = HEIGHT) -> str:
    described = "; ".join(f"{label}: {_number(value, fmt)}"
                          for label, value in zip(labels, values, strict=True))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-labelledby="d-t d-d">'
            f'<title id="d-t">{escape(title)}</title><desc id="d-d">{escape(described)}</desc>'
            + "".join(parts) + "</svg>")


# --- The charts a document can place ---------------------------------------------------------

def resultat(ctx: Context) -> tuple[Table, str]:
    """Årets resultat over the five years of the overview, oldest first."""
    overview = femarsoversikt(ctx)
    row = overview.row("arets_resultat")
    years = [str(c.ar) for c in overview.columns]
    fmt = overview.columns[0].format
    labels, values = years[::-1], list(row.values)[::-1]
    title = f"Årets resultat {labels[0]}–{labels[-1]} ({fmt.symbol})"
    data = Table("diagram-resultat", title, "År", [Column("Årets resultat", fmt)],
                 [Row(label, (value,)) for label, value in zip(labels, values, strict=True)])
    return data, bar_chart(title, labels, values, fmt, ctx.forbund.tema.farg)


def kostnader(ctx: Context) -> tuple[Table, str]:
    """The year's costs by category, as shares of the total (the cost split's first share)."""
    split = kostnadsfordelning(ctx)
    rows = [r for r in split.rows if r.kind == "line" and r.cost]  # the categories only
    first_share = next(i for i, c in enumerate(split.columns) if c.slag is Kolumnslag.ANDEL)
    labels = [r.label for r in rows]
    shares = [r.values[first_share] for r in rows]
    title = f"Kostnader per kategori {ctx.figures.ar}, andel"
    data = Table("diagram-kostnader", title, "Kategori",
                 [split.columns[first_share]],
                 [Row(label, (share,)) for label, share in zip(labels, shares, strict=True)])
    return data, share_bars(title, labels, shares, ctx.forbund.tema.farg)


# A chart: its figures as a table (its text alternative and open data) and the SVG.
Chart = Callable[[Context], tuple[Table, str]]

CHARTS: dict[str, Chart] = {
    "diagram-resultat": resultat,
    "diagram-kostnader": kostnader,
}


def figure(data: Table, svg: str, unique: str) -> Markup:
    """The chart as a figure with its caption; ids made unique on the page."""
    svg = svg.replace('"d-t"', f'"{unique}-t"').replace('"d-d"', f'"{unique}-d"').replace(
        "d-t d-d", f"{unique}-t {unique}-d")
    return Markup(f'<figure class="diagram" id="{unique}">{svg}'
                  f'<figcaption>{escape(data.caption)}</figcaption></figure>')
