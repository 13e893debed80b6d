"""Figure changes for `finsam jamfor`: which figures changed, which of them were typed, and
which followed from them.

A figure is *typed* where it is written in content/: a number in a YAML file (utfall.yaml,
budget.yaml, historik.yaml, statistik.yaml, a setting such as eget_kapital_tak_procent).
Everything else in the tables is *derived* from typed figures: sums and totals (the open
data's row type summa/total), and lines computed from other lines (the result, eget kapital,
soliditet, the cash flow, the driftredovisning's deviations, shares). Comparing the two
versions' data files gives the typed changes; comparing their open data (every placed table,
with each column's format) gives every figure as the documents show it.

Which derived figures follow from which typed change is found by trying it: the earlier
version with only that change applied is computed again (with the accounts' checks as
warnings, since one side of a booking alone does not balance), and the figures that move are
its consequences. Its own row is the moved line that carries its name (or, failing that, its
difference). A figure no single change moves (or when there are more changes than are worth
trying one by one, or a change that cannot be computed alone) is folded by the table's own
structure: a sum or total under the changed line above it.
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from markupsafe import Markup

from ..common.amounts import Tkr, Unit
from ..common.format import FILTERS
from ..load.project import RawFile, RawProject
from ..model.fields import parse_amount
from .text_changes import word_diff

# A step into a YAML file's data: a key, a list index, or ("namn", value) for a list item
# that has a name (so that a post added above another does not move every post below it).
Step = str | int | tuple[str, str]
Key = tuple[str, str, str]  # a figure in a document: (table, row, column)

# More typed changes than this are not tried one by one (each try computes the documents
# again, about 0,2 s); the table structure folds the sums instead.
MAX_TRIED = 24


# --- Typed figures, from the data files -----------------------------------------------------

def typed_number(value: Any) -> Decimal | None:
    """A typed value as a number ('1 233 683', −3 016, '53,9'), or a named item's amount."""
    if isinstance(value, dict):
        return typed_number(value.get("belopp"))
    if isinstance(value, (dict, list)) or value is None:
        return None
    try:
        return parse_amount(value)
    except (ValueError, InvalidOperation):
        return None


@dataclass(frozen=True)
class TypedChange:
    """A value written in a data file that differs between the versions."""

    file: str  # under content/, e.g. "2022/utfall.yaml"
    path: tuple[Step, ...]
    name: str  # what the document calls it: "Kassa och bank", "Processtödjare"
    before: Any  # as typed (None: not in that version)
    after: Any

    @property
    def is_figure(self) -> bool:
        return typed_number(self.before) is not None or typed_number(self.after) is not None

    @property
    def difference(self) -> Decimal | None:
        old, new = typed_number(self.before), typed_number(self.after)
        if old is None and new is None:
            return None
        return (new or Decimal(0)) - (old or Decimal(0))

    @property
    def where(self) -> str:
        """The file and key, as the förbundschef finds them: 2022/utfall.yaml: balansrakning ›
        kassa_och_bank (a post's amount by the post's name). Unique: it names the change."""
        steps = [s[1] if isinstance(s, tuple) else str(s) for s in self.path]
        if len(steps) > 1 and steps[-1] == "belopp" and isinstance(self.path[-2], tuple):
            steps.pop()
        return f"{self.file}: {' › '.join(steps)}" if steps else self.file


def _item_keys(items: list) -> list[Step]:
    """Each list item's step: its name where every item has a different one, else its index."""
    names = [next(((f, i[f]) for f in ("namn", "id") if isinstance(i, dict)
                   and isinstance(i.get(f), str)), None) for i in items]
    if all(names) and len(set(names)) == len(names):
        return names
    return list(range(len(items)))


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _children(data: Any) -> dict[Step, Any] | None:
    """A mapping's or a list's children by step; None for a value (or a list of values)."""
    if isinstance(data, dict):
        return dict(data.items())
    if isinstance(data, list) and not all(_scalar(v) for v in data):
        return dict(zip(_item_keys(data), data, strict=True))
    if isinstance(data, list) and data and all(typed_number(v) is not None for v in data):
        return dict(enumerate(data))  # a statistics row: [12, 10]
    return None


def _flatten(value: Any) -> Any:
    """A list of names (a document's sections) compares as one value."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _same(a: Any, b: Any) -> bool:
    x, y = typed_number(a), typed_number(b)
    if x is not None and y is not None:
        return x == y
    return _flatten(a) == _flatten(b)


def changed_values(before: Any, after: Any, where: tuple[Step, ...] = ()
                   ) -> Iterator[tuple[tuple[Step, ...], Any, Any]]:
    """(path, before, after) for every value that differs. A named list item present in one
    version only is one change (the post as a whole); anything else on one side only (a new
    file, a new key) is listed value by value."""
    one_sided = before is None or after is None
    whole_item = bool(where) and isinstance(where[-1], tuple) and one_sided
    old, new = _children(before), _children(after)
    if not whole_item and (old is not None or new is not None):
        old = {} if before is None else old
        new = {} if after is None else new
        if old is not None and new is not None:
            for step in dict.fromkeys([*old, *new]):
                yield from changed_values(old.get(step), new.get(step), (*where, step))
            return
    if not _same(before, after):
        yield where, _flatten(before), _flatten(after)


def data_files(raw: RawProject) -> dict[str, RawFile]:
    """Every YAML file the project reads, by its path under content/."""
    content = raw.root / "content"
    files = [raw.forbund, raw.historik, raw.kontoplan, *raw.years.values(),
             *raw.budgets.values(), *raw.goals.values(), *raw.followups.values()]
    for doc in raw.documents:
        files += [doc.manifest, doc.statistik]
    return {f.path.relative_to(content).as_posix(): f for f in files if f is not None}


def typed_changes(before: dict[str, Any], after: dict[str, Any],
                  names: dict[str, str]) -> list[TypedChange]:
    """Every value that differs between two versions' data files (path → data)."""
    changes = []
    for file in dict.fromkeys([*before, *after]):
        for path, old, new in changed_values(before.get(file), after.get(file)):
            changes.append(TypedChange(file, path, _name(path, names), old, new))
    return changes


def _name(path: tuple[Step, ...], names: dict[str, str]) -> str:
    """The figure's name: the nearest named item or key above the value, in the chart's or
    the profile's words (kassa_och_bank → Kassa och bank, staten → Staten)."""
    for step in reversed(path):
        if isinstance(step, tuple):
            return step[1]
        if isinstance(step, str) and step not in ("belopp", "rader"):
            return names.get(step) or (step.replace("_", " ").capitalize()
                                      if re.fullmatch(r"[a-z_]+", step) else step)
    return " ".join(str(s) for s in path)


@contextlib.contextmanager
def applied(files: dict[str, RawFile], change: TypedChange) -> Iterator[None]:
    """The earlier version's data with one change made, for the length of the block.
    LookupError when the change cannot be made alone (in a file or key new in the later
    version)."""
    if change.file not in files or not change.path:
        raise LookupError(change.file)
    parent: Any = files[change.file].data
    for step in change.path[:-1]:
        parent = _step(parent, step)
    index = _index(parent, change.path[-1])
    if index is None:  # new in the later version: added, then taken away again
        if change.after is None:
            raise LookupError(change.path[-1])
        index = _add(parent, change.path[-1], change.after)
        try:
            yield
        finally:
            del parent[index]
        return
    old = parent[index]
    if change.after is None:
        del parent[index]
    else:
        parent[index] = change.after
    try:
        yield
    finally:
        if change.after is None and isinstance(parent, list):
            parent.insert(index, old)
        else:
            parent[index] = old


def _index(parent: Any, step: Step) -> Any:
    """Where a step points in its container (None: not there). LookupError when the step
    cannot point into it at all."""
    if isinstance(parent, dict) and not isinstance(step, tuple):
        return step if step in parent else None
    if isinstance(parent, list) and isinstance(step, tuple):
        return next((i for i, item in enumerate(parent)
                     if isinstance(item, dict) and item.get(step[0]) == step[1]), None)
    if isinstance(parent, list) and isinstance(step, int) and step < len(parent):
        return step
    raise LookupError(step)


def _add(parent: Any, step: Step, value: Any) -> Any:
    if isinstance(parent, dict):
        parent[step] = value
        return step
    parent.append(value)
    return len(parent) - 1


def _step(node: Any, step: Step) -> Any:
    index = _index(node, step)
    if index is None:
        raise LookupError(step)
    return node[index]


# --- Figures as the documents show them -------------------------------------------------------

def shown(value: Any, fmt: str) -> str:
    """An open-data value as the document shows it, with its unit (common/amounts.py Unit,
    as the page: a percentage with the table's precision, U+2212, no-break thousands
    spaces). The open data gives a percentage as percent, and a tkr figure rounded already
    as a whole number of tkr."""
    if value is None or value == "":
        return ""
    unit = Unit(fmt)
    if unit is Unit.TEXT or isinstance(value, str) and typed_number(value) is None:
        return str(value)
    number: Decimal | Tkr = Decimal(str(value))
    if unit.is_percent:
        number = number / 100
    elif unit is Unit.TKR and number == number.to_integral_value():
        number = Tkr(int(number))
    text = unit.show(number)
    return f"{text}\u00a0{unit.symbol}" if unit.symbol else text


def _decimals(text: str) -> int:
    match = re.search(r",(\d+)", text)
    return len(match.group(1)) if match else 0


def shown_number(text: str) -> Decimal | None:
    """A shown figure read back (53,9 % → 53.9): differences are of what the reader sees."""
    number = re.sub(r"[\s\u00a0\u202f]|%|tkr|kr", "", text)
    try:
        return parse_amount(number) if number else None
    except (ValueError, InvalidOperation):
        return None


def difference(before: str, after: str, fmt: str) -> tuple[str, Decimal | None]:
    """after − before as shown: +10 000 kr, −0,4 procentenheter ('' for text)."""
    old, new = shown_number(before), shown_number(after)
    if old is None or new is None or fmt == "text":
        return "", None
    delta = new - old
    text = FILTERS["tal"](delta, max(_decimals(before), _decimals(after)))
    # A normal space before "procentenheter": on a phone the word goes to the next line.
    shown_in = Unit(fmt)
    unit = (" procentenheter" if shown_in.is_percent
            else f"\u00a0{shown_in.symbol}" if shown_in.symbol else "")
    return ("+" if delta > 0 else "") + text + unit, delta


@dataclass(frozen=True)
class Figure:
    """One figure of a table that reads differently in the two versions."""

    table: str
    caption: str
    row: str
    column: str
    kind: str  # the open data's row type: rad, delrad, summa, total
    fmt: str  # the column's (or row's) format: kr, tkr, procent, text, …
    before: str  # as shown ('' where the figure is not there)
    after: str
    difference: str
    delta: Decimal | None
    position: tuple[int, int, int]  # table, row, column: the document's order

    @property
    def key(self) -> Key:
        return (self.table, self.row, self.column)

    @property
    def is_line(self) -> bool:
        return self.kind in ("rad", "delrad")


def _cells(table: dict) -> dict[tuple[str, str], tuple[Any, str, str, int, int]]:
    """(row, column) → (value, format, row type, row index, column index); a label used
    twice in a table gets its order (#2)."""
    cells, seen = {}, {}
    formats = table.get("format") or []
    for r, row in enumerate(table.get("rader", [])):
        seen[row["rad"]] = seen.get(row["rad"], 0) + 1
        label = row["rad"] + (f" (#{seen[row['rad']]})" if seen[row["rad"]] > 1 else "")
        for c, (column, value) in enumerate(zip(table.get("kolumner", []), row["värden"],
                                                strict=False)):
            fmt = row.get("format") or (formats[c] if c < len(formats) else "kr")
            cells[(label, column)] = (value, fmt, row.get("typ", "rad"), r, c)
    return cells


def changed_figures(before: dict[str, dict], after: dict[str, dict]) -> list[Figure]:
    """Every figure of every table that reads differently, in the document's order."""
    figures = []
    for t, name in enumerate(dict.fromkeys([*after, *before])):
        old, new = before.get(name, {}), after.get(name, {})
        caption = (new or old).get("rubrik", name)
        a, b = _cells(old), _cells(new)
        for cell in dict.fromkeys([*b, *a]):
            x, y = a.get(cell), b.get(cell)
            fmt = (y or x)[1]
            was, now = shown(x[0] if x else None, fmt), shown(y[0] if y else None, fmt)
            if was == now:
                continue  # a change too small to show at the table's precision
            text, delta = difference(was, now, fmt)
            figures.append(Figure(name, caption, cell[0], cell[1], (y or x)[2], fmt, was, now,
                                  text, delta, (t, (y or x)[3], (y or x)[4])))
    return sorted(figures, key=lambda f: f.position)


def moved(before: dict[str, dict], after: dict[str, dict]) -> set[Key]:
    return {f.key for f in changed_figures(before, after)}


# --- What followed from what -------------------------------------------------------------------

@dataclass(frozen=True)
class Consequence:
    """A derived figure that moved, with every place the document shows it."""

    row: str
    before: str
    after: str
    difference: str
    places: list[str]  # "Resultaträkning: 2022-01-01–2022-12-31"
    # A sentence in a table (the year at a glance), marked up word by word instead.
    text_diff: Markup | None = None


@dataclass
class Change:
    """One row of the comparison: a changed figure and what followed from it."""

    row: str
    column: str
    before: str
    after: str
    difference: str
    typed_in: str = ""  # where it was typed ('' for a derived line no single change moved)
    consequences: list[Consequence] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # moved too, but shown under a change above
    table: str = ""
    position: tuple[int, int, int] = (10**6, 0, 0)
    folded: list[Figure] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.folded)


@dataclass(frozen=True)
class TableChanges:
    caption: str
    changes: list[Change]

    @property
    def rows(self) -> int:
        """The rows it takes: each change and what follows from it (a long table may break
        across pages in the PDF)."""
        return sum(1 + len(c.consequences) for c in self.changes)


def _label(text: str) -> str:
    """A row label compared with a typed name: case, unit and order (#2) aside."""
    text = re.sub(r"\s*\((?:t?kr|%|#\d+)\)\s*$", "", text)
    return " ".join(text.casefold().split())


def own_figure(change: TypedChange, candidates: list[Figure]) -> Figure | None:
    """The line that shows the typed figure itself: the one with its name and difference,
    else with its name, else the first line with its difference."""
    name, typed = _label(change.name), change.difference
    lines = [f for f in candidates if f.is_line]

    def same_difference(f: Figure) -> bool:
        return typed is not None and f.delta is not None and abs(f.delta) == abs(typed)

    for test in (lambda f: _label(f.row) == name and same_difference(f),
                 lambda f: _label(f.row) == name, same_difference):
        found = next((f for f in lines if test(f)), None)
        if found is not None:
            return found
    return None


def _typed_value(value: Any) -> str:
    number = typed_number(value)
    if number is not None:
        return FILTERS["tal"](number, _decimals(str(number).replace(".", ",")))
    return "" if value is None else str(value)


def change_row(figure: Figure | None, typed: TypedChange | None) -> Change:
    """A row: the figure as its table shows it, or else the typed value (as a number)."""
    if figure is not None:
        return Change(figure.row, figure.column, figure.before, figure.after, figure.difference,
                      typed.where if typed else "", table=figure.caption,
                      position=figure.position)
    before, after = _typed_value(typed.before), _typed_value(typed.after)
    text, _ = difference(before, after, "tal")
    return Change(typed.name, "", before, after, text, typed.where,
                  table=f"Inskrivet i {typed.file}")


def attribute(figures: list[Figure], tried: list[tuple[TypedChange, set[Key] | None]]
              ) -> list[TableChanges]:
    """One document's changed figures as rows: each typed change with the figures it moves
    folded under it, then the rest folded by the tables' structure."""
    assigned: set[Key] = set()
    rows = [_row_with_moved(typed, own, candidates, assigned)
            for _, typed, own, candidates in sorted(_tried_alone(figures, tried),
                                                    key=lambda p: p[0])]
    for typed, keys in tried:  # not tried alone: its own line, found by name or difference
        if keys is not None:
            continue
        own = own_figure(typed, [f for f in figures if f.key not in assigned])
        if own is not None:
            rows.append(change_row(own, typed))
            assigned.add(own.key)
    _fold_by_structure([f for f in figures if f.key not in assigned], rows)
    for row in rows:
        row.consequences = consequences(row.folded)
        row.also = list(dict.fromkeys(row.also))
    return _by_table(rows)


def _tried_alone(figures: list[Figure], tried: list[tuple[TypedChange, set[Key] | None]]
                 ) -> list[tuple[tuple[int, int, int], TypedChange, Figure | None,
                                 list[Figure]]]:
    """Each change tried alone that moves a figure: where its own figure stands (last when
    it has none), the change, its own figure and every figure it moves."""
    by_key = {f.key: f for f in figures}
    placed = []
    for typed, keys in tried:
        if keys is None:
            continue
        candidates = [by_key[k] for k in keys if k in by_key]
        own = own_figure(typed, candidates)
        if own is None and not candidates:
            continue
        placed.append((own.position if own else (10**6, 0, 0), typed, own, candidates))
    return placed


def _row_with_moved(typed: TypedChange, own: Figure | None, candidates: list[Figure],
                    assigned: set[Key]) -> Change:
    """The change's row, with the figures it moves folded under it; one folded under an
    earlier change already is named as also moved."""
    row = change_row(own, typed)
    if own is not None:
        assigned.add(own.key)
    for figure in candidates:
        if figure is own:
            continue
        if figure.key in assigned:
            row.also.append(figure.row)
        else:
            row.folded.append(figure)
            assigned.add(figure.key)
    return row


def _fold_by_structure(rest: list[Figure], rows: list[Change]) -> None:
    """A sum or total under the nearest changed line above it in its table; every other
    figure a row of its own."""
    for figure in rest:
        above = [r for r in rows if r.table == figure.caption and r.position[0] ==
                 figure.position[0] and r.position[1] < figure.position[1]]
        if not figure.is_line and above:
            max(above, key=lambda r: r.position).folded.append(figure)
        else:
            rows.append(change_row(figure, None))


def consequences(figures: list[Figure]) -> list[Consequence]:
    """Derived figures, one per row label and change, with every place it is shown (the
    year's result moves in six tables: one line)."""
    grouped: dict[tuple[str, str, str], list[Figure]] = {}
    for figure in sorted(figures, key=lambda f: f.position):
        grouped.setdefault((_label(figure.row), figure.before, figure.after), []).append(figure)
    out = []
    for same in grouped.values():
        same.sort(key=lambda f: f.delta is None)  # a figure with its difference speaks for all
        places: dict[str, list[str]] = {}
        for figure in same:
            places.setdefault(figure.caption, []).append(figure.column)
        out.append(Consequence(same[0].row, same[0].before, same[0].after, same[0].difference,
                               [f"{caption}: {', '.join(columns)}"
                                for caption, columns in places.items()],
                               _sentence_diff(same[0])))
    return out


def _sentence_diff(figure: Figure) -> Markup | None:
    if figure.fmt != "text" or figure.delta is not None:
        return None
    marked, _, _ = word_diff([figure.before] if figure.before else [],
                             [figure.after] if figure.after else [])
    return Markup(" ").join(marked)


def _by_table(rows: list[Change]) -> list[TableChanges]:
    tables: dict[str, list[Change]] = {}
    for row in sorted(rows, key=lambda r: r.position):
        tables.setdefault(row.table, []).append(row)
    return [TableChanges(caption, changes) for caption, changes in tables.items()]
