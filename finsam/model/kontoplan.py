"""The chart of accounts (kontoplan): the statements' lines as data.

The tool ships a default (kontoplan.yaml beside this file, after LKBR and RKR); a förbund
renames, adds and leaves out lines in content/kontoplan.yaml. Every statement, sum, check
and cash-flow line is generated from the chart, so a förbund's own line is a change to its
content, never to the code. See docs/kontoplan.md.
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..common.errors import BuildError, Problem
from ..load.project import RawFile, load_yaml, locate

DEFAULT = Path(__file__).resolve().parent / "kontoplan.yaml"
ROLES = ("avskrivning", "avsattning", "rorelsekapital", "investering", "finansiering",
         "likvida_medel")
KINDS = ("intakt", "kostnad")


@dataclass(frozen=True)
class Rad:
    """One line of a statement that a figure is typed for."""

    id: str
    namn: str
    typ: str = "intakt"  # in the resultaträkning: a kostnad is subtracted
    not_: str | None = None  # the note table that specifies it
    kassaflode: str | None = None  # its role in the cash flow (ROLES)
    kassaflodesrad: str = ""  # its name in the kassaflödesanalys
    finansiell: bool = False  # a financial item (the driftredovisning's own line)
    notsumma: str = "Summa"  # the total row of its specification note


@dataclass(frozen=True)
class Summa:
    """A running sum of the resultaträkning's lines above it."""

    namn: str
    slutsumma: bool = False


@dataclass(frozen=True)
class Grupp:
    namn: str
    summa: str
    rader: list[Rad] = field(default_factory=list)
    eget_kapital: bool = False  # its lines are computed (Kontoplan.eget_kapital)


@dataclass(frozen=True)
class Sida:
    """One side of the balance sheet: tillgångar, or eget kapital, avsättningar och skulder."""

    id: str
    namn: str
    summa: str
    grupper: list[Grupp]

    @property
    def rader(self) -> list[Rad]:
        return [rad for grupp in self.grupper for rad in grupp.rader]


@dataclass(frozen=True)
class Kostnadsgrupp:
    """A group of the driftredovisning's cost lines (administration, insatser, styrelse …):
    the key the cost note and the budget type its lines under, and its labels per table."""

    id: str
    namn: str  # the driftredovisning's heading
    summa: str
    kategori: str  # the cost split's category of its lines unless a line names its own
    not_namn: str = ""  # in the cost note (standard: namn)
    not_summa: str = ""
    budget_namn: str = ""  # in the verksamhetsplan's resultatbudget (standard: namn)
    budget_summa: str = ""

    def label(self, table: str) -> tuple[str, str]:
        """(heading, total) in a table: "drift", "not" or "budget"."""
        own = {"not": (self.not_namn, self.not_summa),
               "budget": (self.budget_namn, self.budget_summa)}.get(table, ("", ""))
        return own[0] or self.namn, own[1] or self.summa


@dataclass(frozen=True)
class Kontoplan:
    resultatrakning: list[Rad | Summa]
    balansrakning: list[Sida]
    eget_kapital: list[Rad]
    # The driftredovisning's cost groups, in the order it shows them.
    kostnadsgrupper: list[Kostnadsgrupp] = field(default_factory=list)
    # The förbund's own wording of a table's rows: table name → {tool's label: own label},
    # with the line each was typed on (content/kontoplan.yaml), for a label that matches none.
    rubriker: dict[str, dict[str, str]] = field(default_factory=dict)
    rubriker_lines: dict[tuple[str, str], int | None] = field(default_factory=dict)
    source: Path | None = None

    # The lists and the index below are made once per chart (cached on the frozen instance;
    # a changed chart is a new instance): the accounts ask for a line by id tens of
    # thousands of times, and a chart of 10 000 lines scanned each time took minutes.
    @functools.cached_property
    def resultatrader(self) -> list[Rad]:
        return [r for r in self.resultatrakning if isinstance(r, Rad)]

    @property
    def tillgangar(self) -> list[Rad]:
        return self.balansrakning[0].rader

    @property
    def skulder(self) -> list[Rad]:
        """Provisions and liabilities: the balance sheet's second side without eget kapital."""
        return self.balansrakning[1].rader

    @functools.cached_property
    def balansrader(self) -> list[Rad]:
        return self.tillgangar + self.skulder

    @functools.cached_property
    def _by_id(self) -> dict[str, Rad]:
        lines: dict[str, Rad] = {}
        for line in self.resultatrader + self.balansrader:
            lines.setdefault(line.id, line)  # the first, as a scan would find it
        return lines

    @functools.cached_property
    def _by_role(self) -> dict[str | None, list[Rad]]:
        roles: dict[str | None, list[Rad]] = {}
        for line in self.resultatrader + self.balansrader:
            roles.setdefault(line.kassaflode, []).append(line)
        return roles

    def med_roll(self, roll: str) -> list[Rad]:
        return list(self._by_role.get(roll, []))

    def rad(self, id: str) -> Rad | None:
        return self._by_id.get(id)

    def kostnadsgrupp(self, id: str) -> Kostnadsgrupp | None:
        return next((g for g in self.kostnadsgrupper if g.id == id), None)

    @property
    def gruppordning(self) -> list[str]:
        return [g.id for g in self.kostnadsgrupper]


def _rad(data: dict) -> Rad:
    return Rad(str(data["id"]), str(data["namn"]), str(data.get("typ", "intakt")),
               data.get("not"), data.get("kassaflode"), str(data.get("kassaflodesrad", "")),
               bool(data.get("finansiell")), str(data.get("notsumma", "Summa")))


GROUP_KEYS = ("id", "namn", "summa", "kategori", "not_namn", "not_summa", "budget_namn",
              "budget_summa")


def _kostnadsgrupp(data: dict) -> Kostnadsgrupp:
    return Kostnadsgrupp(str(data["id"]), str(data["namn"]), str(data["summa"]),
                         str(data.get("kategori") or data["namn"]),
                         *(str(data.get(k) or "") for k in GROUP_KEYS[4:]))


def _parse(data: Any) -> Kontoplan:
    rr = [Summa(str(item["summa"]), bool(item.get("slutsumma"))) if "summa" in item
          else _rad(item) for item in data["resultatrakning"]]
    sides = [Sida(str(side["sida"]), str(side["namn"]), str(side["summa"]),
                  [Grupp(str(g["namn"]), str(g["summa"]), [_rad(r) for r in g.get("rader", [])],
                         bool(g.get("eget_kapital"))) for g in side["grupper"]])
             for side in data["balansrakning"]]
    return Kontoplan(rr, sides, [_rad(r) for r in data["eget_kapital"]],
                     [_kostnadsgrupp(g) for g in data["kostnadsgrupper"]])


def default_chart() -> Kontoplan:
    return _parse(load_yaml(DEFAULT))


def chart_for(source: RawFile | None) -> Kontoplan:
    """The default chart with the förbund's changes (content/kontoplan.yaml) applied."""
    chart = default_chart()
    if source is None or source.data is None:
        return chart
    data = source.data
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise BuildError(Problem("Filen har inte formen 'namn: värde'.", source.path, 1,
                                 "se docs/kontoplan.md."))
    keys = ("namn", "utelamna", "tillagg", "notsumma", "rubriker", "kostnadsgrupper")
    for key in data:
        if key not in keys:
            problems.append(Problem(f"Okänd nyckel '{key}'.", source.path, locate(data, (key,)),
                                    "tillåtna nycklar är " + ", ".join(keys) + "."))
    known = {r.id: None for r in chart.resultatrader + chart.balansrader}  # ordered, hashed

    def unknown(id: str, *where: Any) -> None:
        close = difflib.get_close_matches(str(id), list(known), n=1)
        problems.append(Problem(
            f"Raden '{id}' finns inte i kontoplanen.", source.path, locate(data, where),
            f"menade du '{close[0]}'?" if close else "se standardraderna i docs/kontoplan.md."))

    def set_on_lines(key: str, attribute: str) -> None:
        """namn: {id: text} and notsumma: {id: text}: the text onto each named line."""
        nonlocal chart
        texts = {}
        given = data.get(key) or {}
        if not isinstance(given, dict):
            problems.append(Problem(f"'{key}' ska ha en rad per id med dess text under.",
                                    source.path, locate(data, (key,)),
                                    f"t.ex. {key}: {{fordringar: Kortfristiga fordringar}}."))
            return
        for id, text in given.items():
            if id not in known:
                unknown(id, key, id)
            else:
                texts[id] = str(text)
        chart = _map_lines(chart, lambda r: replace(r, **{attribute: texts[r.id]})
                           if r.id in texts else r)

    set_on_lines("namn", "namn")
    insertions: dict[str, list[Rad]] = {}  # a line's id → the lines added after it, in order
    for index, added in enumerate(data.get("tillagg") or []):
        where = ("tillagg", index)
        if not isinstance(added, dict) or not {"id", "namn", "efter"} <= set(added):
            problems.append(Problem("En ny rad behöver id, namn och efter.", source.path,
                                    locate(data, where), "t.ex. {id: projektmedel, namn: "
                                    "Projektmedel, efter: verksamhetens_intakter}."))
            continue
        line = _rad(added)
        if line.id in known:
            problems.append(Problem(f"Raden '{line.id}' finns redan.", source.path,
                                    locate(data, where), "välj ett annat id."))
        elif str(added["efter"]) not in known:
            unknown(added["efter"], *where, "efter")
        elif line.typ not in KINDS or (line.kassaflode and line.kassaflode not in ROLES):
            problems.append(Problem(
                f"Raden '{line.id}' har typ '{line.typ}' eller kassaflöde "
                f"'{line.kassaflode}', som inte finns.", source.path, locate(data, where),
                f"typ är {' eller '.join(KINDS)}; kassaflöde är ett av {', '.join(ROLES)}."))
        else:
            insertions.setdefault(str(added["efter"]), []).append(line)
            known[line.id] = None
    chart = _insert_after(chart, insertions)
    set_on_lines("notsumma", "notsumma")
    rubriker = data.get("rubriker") or {}
    if not isinstance(rubriker, dict) or not all(isinstance(v, dict) for v in rubriker.values()):
        problems.append(Problem("'rubriker' ska ha en tabell per rad, med dess rader under.",
                                source.path, locate(data, ("rubriker",)),
                                "t.ex. rubriker: {balansrakning: {Summa tillgångar: SUMMA "
                                "TILLGÅNGAR}}."))
        rubriker = {}
    chart = replace(chart, rubriker={str(t): {str(k): str(v) for k, v in m.items()}
                                     for t, m in rubriker.items()},
                    rubriker_lines={(str(t), str(k)): locate(data, ("rubriker", t, k))
                                    for t, m in rubriker.items() for k in m},
                    source=source.path)
    if "kostnadsgrupper" in data:
        groups = _own_cost_groups(source, problems)
        if groups:
            chart = replace(chart, kostnadsgrupper=groups)
    omitted = data.get("utelamna") or []
    for index, id in enumerate(omitted):
        if id not in known:
            unknown(id, "utelamna", index)
    chart = _map_lines(chart, lambda r: None if r.id in omitted else r)
    if problems:
        raise BuildError(problems)
    return chart


def _own_cost_groups(source: RawFile, problems: list[Problem]) -> list[Kostnadsgrupp]:
    """content/kontoplan.yaml's kostnadsgrupper: the förbund's groups replace the default's."""
    typed = source.data["kostnadsgrupper"]
    example = ("t.ex. kostnadsgrupper: [{id: insatser, namn: Insatser, summa: Summa insatser}, "
               "{id: styrelse, namn: Styrelse, summa: Summa styrelse}].")
    if not isinstance(typed, list) or not typed:
        problems.append(Problem("'kostnadsgrupper' ska vara en lista med minst en grupp.",
                                source.path, locate(source.data, ("kostnadsgrupper",)), example))
        return []
    groups: list[Kostnadsgrupp] = []
    for index, item in enumerate(typed):
        where = locate(source.data, ("kostnadsgrupper", index))
        if not isinstance(item, dict) or not {"id", "namn", "summa"} <= set(item):
            problems.append(Problem("En kostnadsgrupp behöver id, namn och summa.", source.path,
                                    where, example))
        elif unknown := [k for k in item if k not in GROUP_KEYS]:
            problems.append(Problem(f"Okänd nyckel '{unknown[0]}' i kostnadsgruppen.",
                                    source.path, where,
                                    "tillåtna nycklar är " + ", ".join(GROUP_KEYS) + "."))
        elif any(g.id == str(item["id"]) for g in groups):
            problems.append(Problem(f"Kostnadsgruppen '{item['id']}' finns två gånger.",
                                    source.path, where, "ge varje grupp ett eget id."))
        else:
            groups.append(_kostnadsgrupp(item))
    return groups


def _map_lines(chart: Kontoplan, change) -> Kontoplan:
    """The chart with `change` applied to every typed line (None leaves a line out)."""
    def lines(items):
        return [c for item in items if (c := change(item) if isinstance(item, Rad) else item)]
    sides = [replace(side, grupper=[replace(g, rader=lines(g.rader)) for g in side.grupper])
             for side in chart.balansrakning]
    return replace(chart, resultatrakning=lines(chart.resultatrakning), balansrakning=sides)


def _insert_after(chart: Kontoplan, insertions: dict[str, list[Rad]]) -> Kontoplan:
    """The chart with each added line after the line its 'efter' names, in one pass: as if
    they were added one by one, each directly after its line (so two lines added after the
    same line stand in the reverse of their order in the file), and a line added after an
    added line follows that one."""
    def place(items):
        out = []
        for item in items:
            waiting = [item]  # a stack, not recursion: one line after another may go deep
            while waiting:
                current = waiting.pop()
                out.append(current)
                if isinstance(current, Rad):
                    waiting.extend(insertions.get(current.id, []))
        return out
    sides = [replace(side, grupper=[replace(g, rader=place(g.rader)) for g in side.grupper])
             for side in chart.balansrakning]
    return replace(chart, resultatrakning=place(chart.resultatrakning), balansrakning=sides)
