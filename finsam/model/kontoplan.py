"""The chart of accounts (kontoplan): the statements' lines as data.

The tool ships a default (kontoplan.yaml beside this file, after LKBR and RKR); a förbund
renames, adds and leaves out lines in content/kontoplan.yaml (both read in
model/kontoplanfil.py). Every statement, sum, check and cash-flow line is generated from the
chart, so a förbund's own line is a change to its content, never to the code. See
docs/kontoplan.md.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

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


# A line or, in the resultaträkning, a running sum: what a list of the chart holds.
Item = TypeVar("Item", "Rad", "Rad | Summa")


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

    def kategori(self, group: str) -> str:
        """The cost split's category of a cost group's lines. The group is one of the
        chart's: every group a file names is checked against it (model/consistency.py)."""
        found = self.kostnadsgrupp(group)
        if found is None:
            raise KeyError(group)
        return found.kategori

    @property
    def gruppordning(self) -> list[str]:
        return [g.id for g in self.kostnadsgrupper]

    def map_lines(self, change: Callable[[Rad], Rad | None]) -> Kontoplan:
        """The chart with `change` applied to every typed line (None leaves a line out)."""
        def lines(items: Sequence[Item]) -> list[Item]:
            changed = (change(item) if isinstance(item, Rad) else item for item in items)
            return [item for item in changed if item is not None]
        return replace(self, resultatrakning=lines(self.resultatrakning),
                       balansrakning=[replace(side, grupper=[replace(g, rader=lines(g.rader))
                                                             for g in side.grupper])
                                      for side in self.balansrakning])

    def insert_after(self, insertions: dict[str, list[Rad]]) -> Kontoplan:
        """The chart with each added line after the line its 'efter' names, in one pass: as
        if they were added one by one, each directly after its line (so two lines added
        after the same line stand in the reverse of their order in the file), and a line
        added after an added line follows that one."""
        def place(items: Sequence[Item]) -> list[Item]:
            out: list[Item] = []
            for item in items:
                waiting = [item]  # a stack, not recursion: one line after another may go deep
                while waiting:
                    current = waiting.pop()
                    out.append(current)
                    if isinstance(current, Rad):
                        waiting.extend(insertions.get(current.id, []))
            return out
        return replace(self, resultatrakning=place(self.resultatrakning),
                       balansrakning=[replace(side, grupper=[replace(g, rader=place(g.rader))
                                                             for g in side.grupper])
                                      for side in self.balansrakning])


def statement_labels(chart: Kontoplan) -> dict[str, list[tuple[str, str, str | None]]]:
    """Every row label the resultaträkning and balansräkning print, by table, as the chart
    names it: (label, what it is, the line id where it is a typed line)."""
    rr: list[tuple[str, str, str | None]] = [
        (s.namn, f"summan '{s.namn}'", None) if isinstance(s, Summa)
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

