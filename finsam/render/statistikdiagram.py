"""A chart of a statistics table, as its statistik.yaml names it (diagram: {typ: stapel |
staplad | linje}): bars in a group per row, bars stacked per row, or a line per column over
the rows. The figures are the table's own (its typed counts, kronor or percentages); the
chart's data table is its text alternative (every figure in the SVG's <desc>) and is
offered as open data beside the table.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from markupsafe import escape

from ..common.amounts import Unit
from ..model.statistik import Statistiktabell
from ..model.statistikkolumner import MotBudget
from .diagram import HEIGHT, TEXT, WIDTH, Chart, _number
from .tables import Column, Context, Row, Table

# Colours after the förbund's own, each at least 3:1 against white and told apart in the
# legend by order and, in a line chart, by the marker's shape too.
PALETTE = ("#b35806", "#2d6a4f", "#6a3d9a", "#1a1a1a", "#8c2d04")
MARKERS = ("circle", "square", "diamond", "triangle", "circle")
SMALL = 'font-family="Carlito, Calibri, sans-serif" font-size="13"'
BOTTOM, SIDE, LEGEND = 40, 14, 22


Series = tuple[list[str], list[str], list[list[Decimal]], Unit]


def _series(table: Statistiktabell) -> Series:
    """The chart's categories (rows), series (columns) and values, and how they are shown."""
    chosen = table.diagram.kolumner if table.diagram and table.diagram.kolumner else None
    if table.form == "kolumner":
        return _typed_series(table)
    if table.form == "per_grupp":
        labels = [f"{group} {label}".strip() for group, lines in table.grupper.items()
                  for label in lines]
        rows: list[list[Any]] = [counts for lines in table.grupper.values()
                                 for counts in lines.values()]
    else:
        labels = [table.shown_label(label) for label in table.rader]
        rows = list(table.rader.values())
    columns = table.kolumnnamn
    index = [columns.index(name) for name in chosen] if chosen else list(range(len(columns)))
    return (labels, [columns[i] for i in index],
            _as_decimals([[row[i] for i in index] for row in rows]), Unit.TAL)


def _typed_series(table: Statistiktabell) -> Series:
    """A table of typed columns: the chosen ones, or its amounts, or else its counts."""
    specs = table.kolumntyper
    wanted = table.chart_columns()
    kinds = {c.namn: c.typ for c in specs if c.namn in wanted}
    unit = (Unit.percent(1) if set(kinds.values()) == {"procent"} else
            Unit.KR if "kronor" in kinds.values() else Unit.TAL)
    labels = [table.shown_label(label) for label in table.rader]
    index = [table.kolumnnamn.index(name) for name in wanted]
    rows = [[_plain(values[i], kinds[table.kolumnnamn[i]]) for i in index]
            for values in table.typed_rows().values()]
    return labels, wanted, _as_decimals(rows), unit


def _plain(value: Any, kind: str) -> Any:
    if isinstance(value, MotBudget):
        return value.utfall
    return value / 100 if kind == "procent" and value is not None else value


def _as_decimals(rows: list[list[Any]]) -> list[list[Decimal]]:
    return [[Decimal(v) if v is not None else Decimal(0) for v in row] for row in rows]


def _legend(series: list[str], colours: list[str]) -> tuple[list[str], int]:
    """Each series' marker and name, in rows as wide as the chart; and the rows' height."""
    parts, x, y = [], float(SIDE), 16
    for index, (name, colour) in enumerate(zip(series, colours, strict=True)):
        width = 30 + 7.2 * len(name)
        if x > SIDE and x + width > WIDTH - SIDE:
            x, y = float(SIDE), y + LEGEND
        parts.append(_marker(MARKERS[index % len(MARKERS)], x + 6, y, colour))
        parts.append(f'<text x="{x + 16:.1f}" y="{y + 5}" fill="{TEXT}" {SMALL}>'
                     f'{escape(name)}</text>')
        x += width
    return parts, y + LEGEND


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} '
                f'{x - 6:.1f},{y:.1f}" fill="{colour}"/>')
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} '
                f'{x - 6:.1f},{y + 5:.1f}" fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'


def _category(label: str, x: float, slot: float) -> str:
    room = max(4, int(slot / 7))
    shown = label if len(label) <= room else label[:room - 1] + "…"
    return (f'<text x="{x:.1f}" y="{HEIGHT + 40 - 12}" text-anchor="middle" fill="{TEXT}" '
            f'{SMALL}>{escape(shown)}</text>')


def _scale(high: Decimal, top: int) -> Any:
    """Where a value stands: zero on the axis, `high` at `top` (all zero: on the axis)."""
    plot = HEIGHT + 40 - top - BOTTOM
    span = high or Decimal(1)
    return lambda v: top + (1 - float(v / span)) * plot  # noqa: E731


def _bars(labels: list[str], series: list[str], rows: list[list[Decimal]], unit: Unit,
          colours: list[str], stacked: bool, top: int) -> list[str]:
    high = max([Decimal(0), *(sum(r) if stacked else max(r, default=Decimal(0))
                              for r in rows)])
    y = _scale(high, top + 14)  # room for a figure over the highest bar
    slot = (WIDTH - 2 * SIDE) / max(1, len(rows))
    width = slot * 0.7 / (1 if stacked else max(1, len(series)))
    parts = []
    for index, (label, values) in enumerate(zip(labels, rows, strict=True)):
        left = SIDE + slot * index + slot * 0.15
        base = Decimal(0)
        for number, (value, colour) in enumerate(zip(values, colours, strict=True)):
            x = left if stacked else left + width * number
            top, bottom = y(base + value), y(base)
            parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" '
                         f'height="{max(bottom - top, 0.5):.1f}" fill="{colour}"/>')
            parts += _bar_value(value, unit, x + width / 2, top, bottom, width, stacked)
            base = base + value if stacked else base
        total = sum(values) if stacked else None
        if total is not None:
            parts.append(f'<text x="{left + width / 2:.1f}" y="{y(total) - 5:.1f}" '
                         f'text-anchor="middle" fill="{TEXT}" {SMALL}>'
                         f'{escape(_number(total, unit))}</text>')
        parts.append(_category(label, SIDE + slot * (index + 0.5), slot))
    return parts


def _bar_value(value: Decimal, unit: Unit, middle: float, top: float, bottom: float,
               width: float, stacked: bool) -> list[str]:
    """A bar's figure over it (a stacked segment's inside it, in white), where it fits."""
    text = escape(_number(value, unit))
    if width < 7 * len(text) or not value:
        return []
    if not stacked:
        return [f'<text x="{middle:.1f}" y="{top - 4:.1f}" text-anchor="middle" '
                f'fill="{TEXT}" {SMALL}>{text}</text>']
    if bottom - top < 16:
        return []
    return [f'<text x="{middle:.1f}" y="{(top + bottom) / 2 + 5:.1f}" text-anchor="middle" '
            f'fill="#ffffff" {SMALL}>{text}</text>']


def _lines(labels: list[str], rows: list[list[Decimal]], unit: Unit, colours: list[str],
           top: int) -> list[str]:
    y = _scale(max([Decimal(0), *(v for row in rows for v in row)]), top + 6)
    slot = (WIDTH - 2 * SIDE) / max(1, len(rows))
    xs = [SIDE + slot * (i + 0.5) for i in range(len(rows))]
    parts = []
    for number, colour in enumerate(colours):
        points = [(x, y(row[number])) for x, row in zip(xs, rows, strict=True)]
        parts.append('<polyline fill="none" stroke-width="2.5" stroke="' + colour + '" points="'
                     + " ".join(f"{x:.1f},{py:.1f}" for x, py in points) + '"/>')
        parts += [_marker(MARKERS[number % len(MARKERS)], x, py, colour) for x, py in points]
        parts += [f'<text x="{x + 8:.1f}" y="{py - 7:.1f}" fill="{colour}" {SMALL}>'
                  f'{escape(_number(row[number], unit))}</text>'
                  for (x, py), row in zip(points, rows, strict=True)]
    parts += [_category(label, x, slot) for label, x in zip(labels, xs, strict=True)]
    return parts


def statistics_chart(name: str, table: Statistiktabell) -> Chart:
    """The chart of the statistics table `name`, as its `diagram` says."""
    def chart(ctx: Context) -> tuple[Table, str]:
        assert table.diagram is not None
        labels, series, rows, unit = _series(table)
        colours = [ctx.forbund.tema.farg, *PALETTE][:len(series)]
        title = table.diagram.rubrik or table.rubrik
        data = Table(f"diagram-statistik-{name}", title, table.radrubrik or "Rad",
                     [Column(s, unit) for s in series],
                     [Row(label, tuple(values)) for label, values in zip(labels, rows,
                                                                         strict=True)])
        legend, top = _legend(series, colours)
        parts = (_lines(labels, rows, unit, colours, top) if table.diagram.typ == "linje"
                 else _bars(labels, series, rows, unit, colours,
                            table.diagram.typ == "staplad", top))
        described = "; ".join(
            f"{label}: " + ", ".join(f"{s} {_number(v, unit)}" for s, v in zip(series, values,
                                                                            strict=True))
            for label, values in zip(labels, rows, strict=True))
        axis = (f'<line x1="{SIDE}" x2="{WIDTH - SIDE}" y1="{HEIGHT + 40 - BOTTOM}" '
                f'y2="{HEIGHT + 40 - BOTTOM}" stroke="{TEXT}" stroke-width="1"/>')
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 40}" '
               f'width="100%" role="img" aria-labelledby="d-t d-d">'
               f'<title id="d-t">{escape(title)}</title><desc id="d-d">{escape(described)}'
               f'</desc>' + "".join(legend + parts) + axis + "</svg>")
        return data, svg
    return chart
