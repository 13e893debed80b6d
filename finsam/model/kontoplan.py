"""The chart of accounts (kontoplan): the statements' lines as data.

The tool ships a default (kontoplan.yaml beside this file, after LKBR and RKR); a förbund
renames, adds and leaves out lines in content/kontoplan.yaml. Every statement, sum, check
and cash-flow line is generated from the chart, so a förbund's own line is a change to its
content, never to the code. See docs/kontoplan.md.
"""
from __future__ import annotations

import difflib
import functools
import re
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


def sum_id(label: str) -> str:
    """The name narrative reaches a sum by: its label in lower case, å ä ö as a a o, words
    joined by '_' ("Resultat efter finansiella poster" → resultat_efter_finansiella_poster)."""
    plain = label.lower().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


@dataclass(frozen=True)
class Summa:
    """A running sum of the resultaträkning's lines above it."""

    namn: str
    slutsumma: bool = False
    id: str = ""  # narrative's name for it (sum_id of namn unless the chart gives one)


@dataclass(frozen=True)
class Grupp:
    namn: str
    summa: str
    rader: list[Rad] = field(default_factory=list)
    eget_kapital: bool = False  # its lines are computed (Kontoplan.eget_kapital)

    @property
    def summa_id(self) -> str:
        """Narrative's name for the group's sum: summa_omsattningstillgangar."""
        return sum_id(self.summa)


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

    @property
    def summa_id(self) -> str:
        return sum_id(self.summa)


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

    @property
    def resultatsummor(self) -> list[Summa]:
        return [s for s in self.resultatrakning if isinstance(s, Summa)]

    def resultatsumma(self, id: str) -> Summa | None:
        """A sum of the resultaträkning by its id (narrative: resultat_efter_finansiella_poster)."""
        return next((s for s in self.resultatsummor if s.id == id), None)

    @property
    def balanssummor(self) -> dict[str, list[Rad] | None]:
        """Every sum the balansräkning shows, by id: a group's or a side's lines (None for
        the eget kapital group, whose lines are computed)."""
        sums: dict[str, list[Rad] | None] = {}
        for side in self.balansrakning:
            for group in side.grupper:
                sums[group.summa_id] = None if group.eget_kapital else group.rader
            sums[side.summa_id] = None if any(g.eget_kapital for g in side.grupper) else side.rader
        return sums

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
    rr = [Summa(str(item["summa"]), bool(item.get("slutsumma")),
                str(item.get("id") or sum_id(str(item["summa"])))) if "summa" in item
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
    # A sum's id is a name in narrative too (resultatrakning.verksamhetens_resultat).
    sum_ids = {s.id for s in chart.resultatsummor} | set(chart.balanssummor) | {
        r.id for r in chart.eget_kapital}
    insertions: dict[str, list[Rad]] = {}  # a line's id → the lines added after it, in order
    for index, added in enumerate(data.get("tillagg") or []):
        where = ("tillagg", index)
        if not isinstance(added, dict) or not {"id", "namn", "efter"} <= set(added):
            problems.append(Problem("En ny rad behöver id, namn och efter.", source.path,
                                    locate(data, where), "t.ex. {id: projektmedel, namn: "
                                    "Projektmedel, efter: verksamhetens_intakter}."))
            continue
        line = _rad(added)
        if line.id in known or line.id in sum_ids:
            what = "Raden" if line.id in known else "En summa eller eget kapitals rad"
            problems.append(Problem(f"{what} '{line.id}' finns redan.", source.path,
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
    problems += _label_problems(chart, source)
    if problems:
        raise BuildError(problems)
    return chart


def statement_labels(chart: Kontoplan) -> dict[str, list[tuple[str, str, str | None]]]:
    """Every row label the resultaträkning and balansräkning print, by table, as the chart
    names it: (label, what it is, the line id where it is a typed line)."""
    rr = [(s.namn, f"summan '{s.namn}'", None) if isinstance(s, Summa)
          else (s.namn, f"raden '{s.id}'", s.id) for s in chart.resultatrakning]
    br: list[tuple[str, str, str | None]] = []
    for side in chart.balansrakning:
        br.append((side.namn, f"rubriken '{side.namn}'", None))
        for group in side.grupper:
            br.append((group.namn, f"rubriken '{group.namn}'", None))
            lines = chart.eget_kapital if group.eget_kapital else group.rader
            br += [(r.namn, f"raden '{r.id}'", None if group.eget_kapital else r.id)
                   for r in lines]
            br.append((group.summa, f"summan '{group.summa}'", None))
        br.append((side.summa, f"summan '{side.summa}'", None))
    return {"resultatrakning": rr, "balansrakning": br}


_TABLE_NAMES = {"resultatrakning": "resultaträkningen", "balansrakning": "balansräkningen"}


def _label_problems(chart: Kontoplan, source: RawFile) -> list[Problem]:
    """A line the förbund named (namn, tillagg) whose label is another row's in the same
    table: the table would print two rows alike with different figures (a line called
    "Årets resultat" beside the result)."""
    data = source.data
    named = {str(id): ("namn", id) for id in (data.get("namn") or {})}
    for index, added in enumerate(data.get("tillagg") or []):
        if isinstance(added, dict) and "id" in added:
            named[str(added["id"])] = ("tillagg", index, "namn")
    problems = []
    for table, rows in statement_labels(chart).items():
        own = chart.rubriker.get(table, {})
        seen: dict[str, tuple[str, str, str | None]] = {}
        for label, what, id in rows:
            shown = own.get(label, label)  # the förbund's own wording of the row
            key = " ".join(shown.casefold().split())
            if key not in seen:
                seen[key] = (label, what, id)
                continue
            first_label, first_what, first_id = seen[key]
            # Said where the förbund gave the name: a renamed or added line, or its rubriker.
            for row_label, row_what, row_id, other in ((label, what, id, first_what),
                                                       (first_label, first_what, first_id, what)):
                if row_id in named:
                    line = locate(data, named[row_id])
                elif row_label in own:
                    line = chart.rubriker_lines.get((table, row_label))
                else:
                    continue
                problems.append(Problem(
                    f"{row_what[:1].upper()}{row_what[1:]} heter '{shown}' i "
                    f"{_TABLE_NAMES[table]}, men så heter redan {other} där: tabellen skulle "
                    "visa två rader med samma namn och olika belopp.", source.path, line,
                    "ge raden ett namn som ingen annan rad eller summa i tabellen har."))
                break
    return problems


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
