"""What a table is: rows and columns of values that a template lays out, and the pieces the
tables of a family share (a year's columns, a note's rows and their sum).

A table holds values, not formatted text; each column (or a row, where a row has a unit of
its own) says how its values are shown (common/amounts.py Unit), and each column of figures
what they are (Kolumnslag and year: the outcome of 2022, the budget of 2023), so that no
code has to read it from the heading.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ...accounts.compute import ArsredovisningFigures, VerksamhetsplanFigures
from ...accounts.driftredovisning import merged_order
from ...common.amounts import Kolumnslag, Tkr, Unit
from ...load.project import RawFile
from ...model.forbund import Forbund
from ...model.kontoplan import Rad
from ...model.tabeller import Tabellval
from ...model.utfall import Post


@dataclass(frozen=True)
class Column:
    header: str
    format: Unit = Unit.KR
    slag: Kolumnslag | None = None  # what its figures are; None: no figures of a period
    ar: int | None = None  # the year they are of
    # Whether a cost's figure in it takes the table's sign convention (tabeller: kostnader):
    # not in a deviation or a share, nor in the income typed on a cost line.
    signed: bool = True
    costs: bool = False  # a column of costs (a driftredovisning's Kostnad) in every row

    def __post_init__(self) -> None:
        object.__setattr__(self, "format", Unit(self.format))  # "tkr" → Unit.TKR

    @property
    def follows_sign(self) -> bool:
        return self.signed and self.slag not in (Kolumnslag.AVVIKELSE, Kolumnslag.ANDEL)

    @property
    def period(self) -> tuple[str, int] | None:
        """The kind of figure a reader takes it for, and its year: ('utfall', 2022)."""
        kind = self.slag.compared_as if self.slag is not None else None
        return (kind, self.ar) if kind is not None and self.ar is not None else None


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple = ()
    kind: str = "line"  # line | sum | total | heading | subheading | sub
    note: str = ""
    format: Unit | None = None  # overrides the columns' format for this row
    id: str = ""  # what the row is, for code that picks it out (a chart): never its label
    cost: bool = False  # a cost: its sign follows the table's convention (tabeller: kostnader)

    def __post_init__(self) -> None:
        if self.format is not None:
            object.__setattr__(self, "format", Unit(self.format))


@dataclass(frozen=True)
class Table:
    name: str
    caption: str
    label_header: str
    columns: list[Column]
    rows: list[Row]
    groups: list[tuple[str, int]] = field(default_factory=list)  # header cells above columns
    note_column: bool = False
    footnote: str = ""
    css_class: str = ""
    zero: str = "0"  # how an amount of 0 is shown (forbund.yaml: nollvarde)
    costs: str = "positiva"  # how the builder shows its cost rows: positiva or negativa

    def unit(self, row: Row, index: int) -> Unit:
        """How the value in `row`'s column `index` is shown."""
        return row.format or self.columns[index].format

    def cell(self, row: Row, index: int) -> str:
        return self.unit(row, index).show(row.values[index], self.zero)

    def row(self, id: str) -> Row:
        """The row that is `id` (Row.id); KeyError if the table has none."""
        found = next((row for row in self.rows if row.id == id), None)
        if found is None:
            raise KeyError(id)
        return found

    def with_decimal(self) -> Table | None:
        """The table's tkr columns shown with one decimal (dokument.yaml: decimaler); None
        when its tkr figures are whole tkr already (rounded so that the lines add up), which
        a decimal cannot show."""
        if any(isinstance(value, Tkr) for row in self.rows for value in row.values):
            return None
        return replace(self, columns=[replace(c, format=c.format.with_decimal())
                                      for c in self.columns])


@dataclass(frozen=True)
class Context:
    figures: ArsredovisningFigures | VerksamhetsplanFigures
    forbund: Forbund
    notes: dict[str, int] = field(default_factory=dict)  # note table → its number here
    # How the document shows each table (dokument.yaml: tabeller), for the options a
    # table's builder reads itself (subtotals, financial items, a cost split's years).
    tabeller: Callable[[str], Tabellval] = field(default=lambda name: Tabellval())
    source: RawFile | None = None  # the dokument.yaml, for the lines of messages

    def note(self, table: str) -> str:
        """A note's number in this document ('' where the document does not place it)."""
        return str(self.notes[table]) if table in self.notes else ""

    def note_caption(self, table: str, title: str) -> str:
        number = self.note(table)
        return f"Not {number}. {title}" if number else f"Not. {title}"


TableBuilder = Callable[[Context], Table]


def period(year: int) -> str:
    return f"{year}-01-01–{year}-12-31"


def shown_years(ctx: Context) -> list[int]:
    """This year, and last year where the tool has it."""
    f = ctx.figures
    return [f.ar] + ([f.foregaende.ar] if f.foregaende else [])


def year_columns(ctx: Context, header: Callable[[int], str], unit: Unit = Unit.KR
                 ) -> list[Column]:
    """A column of outcome for each shown year, headed by `header(year)`."""
    return [Column(header(y), unit, Kolumnslag.UTFALL, y) for y in shown_years(ctx)]


def both(ctx: Context, pick: Callable[[Any], Any]) -> tuple:
    """`pick` of this year's accounts and of last year's where the tool has them."""
    f = ctx.figures
    return (pick(f.aktuellt),) + ((pick(f.foregaende),) if f.foregaende else ())


def shown(values: tuple) -> bool:
    """A line is printed when it has a figure in some shown year (lines of 0 are not)."""
    return any(v for v in values)


def tkr_values(values: tuple | list) -> tuple:
    """Figures rounded to whole tkr already (so that lines add up) as Tkr."""
    return tuple(Tkr(v) if isinstance(v, int) and not isinstance(v, bool) else v
                 for v in values)


def note_table_name(rad: Rad) -> str:
    """The note table a line's specification is placed by: the chart's, or not-<id>."""
    return rad.not_ or f"not-{rad.id}"


def note_rows(current: list[Post], previous: list[Post] | None, cost: bool = False
              ) -> list[Row]:
    """A note's posts as typed, this year's and last year's by name, in the order typed."""
    names = merged_order([p.namn for p in current], [p.namn for p in previous or []])
    cur = {p.namn: p.summa for p in current}
    prev = {p.namn: p.summa for p in previous} if previous is not None else None
    return [Row(n, (cur.get(n, Decimal(0)),) + ((prev.get(n, Decimal(0)),) if prev is not None
                                                else ()), cost=cost) for n in names]


def total(label: str, rows: list[Row], kind: str = "sum", cost: bool = False) -> Row:
    """The rows' sum, column by column."""
    width = len(rows[0].values) if rows else 0
    return Row(label, tuple(sum((r.values[i] for r in rows), Decimal(0)) for i in range(width)),
               kind, cost=cost)
