"""The chart of accounts read: the tool's default (kontoplan.yaml beside this file) and the
förbund's changes (content/kontoplan.yaml), each through its pydantic schema like every other
file, then the chart built from the typed models in small steps: names, added lines, note
sums, own wordings, own cost groups, lines left out, and the labels each table prints
checked for doubles. See docs/kontoplan.md.
"""
from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from ..common.errors import BuildError, Problem, raise_if_any
from ..load.project import RawFile, load_yaml
from .fields import Model
from .kontoplan import Grupp, Kontoplan, Kostnadsgrupp, Rad, Sida, Summa, statement_labels, sum_id
from .typed import validate

DEFAULT = Path(__file__).resolve().parent / "kontoplan.yaml"

Kassaflode = Literal["avskrivning", "avsattning", "rorelsekapital", "investering",
                     "finansiering", "likvida_medel"]


# --- The schemas ----------------------------------------------------------------------------

class Radfil(Model):
    """A line as typed: its id (what utfall.yaml types it by), its name, and how it counts."""

    id: str
    namn: str
    typ: Literal["intakt", "kostnad"] = "intakt"
    not_: str | None = Field(default=None, alias="not")  # the note table that specifies it
    kassaflode: Kassaflode | None = None
    kassaflodesrad: str = ""
    finansiell: bool = False
    notsumma: str = "Summa"

    def rad(self) -> Rad:
        return Rad(self.id, self.namn, self.typ, self.not_, self.kassaflode,
                   self.kassaflodesrad, self.finansiell, self.notsumma)


class Summafil(Model):
    """A running sum of the resultaträkning's lines above it."""

    summa: str
    slutsumma: bool = False
    id: str = ""  # narrative's name for it; standard: sum_id of its label

    def summa_rad(self) -> Summa:
        return Summa(self.summa, self.slutsumma, self.id or sum_id(self.summa))


class Gruppfil(Model):
    namn: str
    summa: str
    rader: list[Radfil] = []
    eget_kapital: bool = False  # its lines are computed (Kontoplan.eget_kapital)


class Sidafil(Model):
    sida: str
    namn: str
    summa: str
    grupper: list[Gruppfil]


class Kostnadsgruppfil(Model):
    """A cost group of the driftredovisning, with its labels per table."""

    id: str
    namn: str
    summa: str
    kategori: str = ""  # standard: namn
    not_namn: str = ""
    not_summa: str = ""
    budget_namn: str = ""
    budget_summa: str = ""

    def grupp(self) -> Kostnadsgrupp:
        return Kostnadsgrupp(self.id, self.namn, self.summa, self.kategori or self.namn,
                             self.not_namn, self.not_summa, self.budget_namn,
                             self.budget_summa)


class Standardkontoplan(Model):
    """The tool's own chart (finsam/model/kontoplan.yaml)."""

    resultatrakning: list[Radfil | Summafil]
    balansrakning: list[Sidafil]
    eget_kapital: list[Radfil]
    kostnadsgrupper: list[Kostnadsgruppfil]


class Tillagg(Radfil):
    """A line the förbund adds, after an existing line."""

    efter: str


class Kontoplanfil(Model):
    """content/kontoplan.yaml: the förbund's changes to the default chart."""

    namn: dict[str, str] = {}  # a line's id → its own name
    utelamna: list[str] = []  # lines never used
    tillagg: list[Tillagg] = []
    notsumma: dict[str, str] = {}  # a line's id → the total row of its note
    rubriker: dict[str, dict[str, str]] = {}  # a table → {the tool's label: the förbund's}
    kostnadsgrupper: list[Kostnadsgruppfil] | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _empty_as_left_out(cls, data: Any) -> Any:
        """A key with nothing under it (every entry commented out) changes nothing."""
        if not isinstance(data, dict):
            return data
        return {key: value for key, value in data.items() if value is not None}


# --- The default chart ----------------------------------------------------------------------

def default_chart() -> Kontoplan:
    typed = validate(Standardkontoplan, load_yaml(DEFAULT), DEFAULT)
    return Kontoplan(
        [item.rad() if isinstance(item, Radfil) else item.summa_rad()
         for item in typed.resultatrakning],
        [Sida(side.sida, side.namn, side.summa,
              [Grupp(g.namn, g.summa, [r.rad() for r in g.rader], g.eget_kapital)
               for g in side.grupper]) for side in typed.balansrakning],
        [r.rad() for r in typed.eget_kapital],
        [g.grupp() for g in typed.kostnadsgrupper])


# --- The förbund's chart --------------------------------------------------------------------

def chart_for(source: RawFile | None) -> Kontoplan:
    """The default chart with the förbund's changes (content/kontoplan.yaml) applied."""
    chart = default_chart()
    if source is None or source.data is None:
        return chart
    if not isinstance(source.data, dict):
        raise BuildError(Problem("Filen har inte formen 'namn: värde'.", source.path, 1,
                                 "se docs/kontoplan.md."))
    return _Changes(chart, validate(Kontoplanfil, source.data, source.path), source).applied()


class _Changes:
    """The förbund's typed changes applied to the chart one kind at a time, each line id
    checked against the lines known so far (a misspelt id would change nothing)."""

    def __init__(self, chart: Kontoplan, own: Kontoplanfil, source: RawFile) -> None:
        self.chart, self.own, self.source = chart, own, source
        self.known = {r.id: None for r in chart.resultatrader + chart.balansrader}  # ordered
        self.problems: list[Problem] = []

    def applied(self) -> Kontoplan:
        self.rename("namn", self.own.namn)
        self.add_lines()
        self.rename("notsumma", self.own.notsumma)
        self.own_wordings()
        self.own_cost_groups()
        self.leave_out()
        self.problems += _label_problems(self.chart, self.source)
        raise_if_any(self.problems)
        return self.chart

    def unknown(self, id: str, *where: Any) -> None:
        close = difflib.get_close_matches(str(id), list(self.known), n=1)
        self.problems.append(Problem(
            f"Raden '{id}' finns inte i kontoplanen.", self.source.path, self.source.line(*where),
            f"menade du '{close[0]}'?" if close else "se standardraderna i docs/kontoplan.md."))

    def rename(self, key: Literal["namn", "notsumma"], texts: dict[str, str]) -> None:
        """namn: {id: text} and notsumma: {id: text}: the text onto each named line."""
        for id in texts:
            if id not in self.known:
                self.unknown(id, key, id)

        def renamed(line: Rad) -> Rad:
            if line.id not in texts:
                return line
            if key == "namn":
                return replace(line, namn=texts[line.id])
            return replace(line, notsumma=texts[line.id])
        self.chart = self.chart.map_lines(renamed)

    def add_lines(self) -> None:
        """tillagg: each line after the line its 'efter' names, with a new id."""
        chart = self.chart
        # A sum's id is a name in narrative too (resultatrakning.verksamhetens_resultat).
        sum_ids = {s.id for s in chart.resultatsummor} | set(chart.balanssummor) | {
            r.id for r in chart.eget_kapital}
        insertions: dict[str, list[Rad]] = {}  # a line's id → the lines added after it
        for index, added in enumerate(self.own.tillagg):
            if added.id in self.known or added.id in sum_ids:
                what = "Raden" if added.id in self.known else "En summa eller eget kapitals rad"
                self.problems.append(Problem(
                    f"{what} '{added.id}' finns redan.", self.source.path,
                    self.source.line("tillagg", index), "välj ett annat id."))
            elif added.efter not in self.known:
                self.unknown(added.efter, "tillagg", index, "efter")
            else:
                insertions.setdefault(added.efter, []).append(added.rad())
                self.known[added.id] = None
        self.chart = chart.insert_after(insertions)

    def own_wordings(self) -> None:
        """rubriker: the förbund's own wording of a table's rows, with their lines."""
        rubriker = self.own.rubriker
        self.chart = replace(
            self.chart, rubriker={t: dict(m) for t, m in rubriker.items()},
            rubriker_lines={(t, k): self.source.line("rubriker", t, k)
                            for t, m in rubriker.items() for k in m},
            source=self.source.path)

    def own_cost_groups(self) -> None:
        """kostnadsgrupper: the förbund's groups replace the default's, each id once."""
        groups = self.own.kostnadsgrupper
        if groups is None:
            return
        seen: set[str] = set()
        for index, group in enumerate(groups):
            if group.id in seen:
                self.problems.append(Problem(
                    f"Kostnadsgruppen '{group.id}' finns två gånger.", self.source.path,
                    self.source.line("kostnadsgrupper", index), "ge varje grupp ett eget id."))
            seen.add(group.id)
        self.chart = replace(self.chart, kostnadsgrupper=[g.grupp() for g in groups])

    def leave_out(self) -> None:
        """utelamna: lines the förbund never uses."""
        omitted = self.own.utelamna
        for index, id in enumerate(omitted):
            if id not in self.known:
                self.unknown(id, "utelamna", index)
        self.chart = self.chart.map_lines(lambda r: None if r.id in omitted else r)


_TABLE_NAMES = {"resultatrakning": "resultaträkningen", "balansrakning": "balansräkningen"}


def _label_problems(chart: Kontoplan, source: RawFile) -> list[Problem]:
    """A line the förbund named (namn, tillagg) whose label is another row's in the same
    table: the table would print two rows alike with different figures (a line called
    "Årets resultat" beside the result)."""
    data = source.data
    named: dict[str, tuple[Any, ...]] = {str(id): ("namn", id) for id in (data.get("namn") or {})}
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
                    line = source.line(*named[row_id])
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
