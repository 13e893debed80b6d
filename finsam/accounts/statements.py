"""The financial statements of one year, computed from what was typed, by the chart.

Every line is a figure typed once in utfall.yaml under the chart's id (a line not typed is
0 and not printed); every sum, result, balance and cash flow here is computed from those
lines and the chart (kontoplan) that says their sign, group and role in the cash flow.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model.kontoplan import Kontoplan, Rad, Summa

ZERO = Decimal(0)
# A line's flow in the cash flow: its name there and its amount.
Flow = tuple[str, Decimal]


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


@dataclass(frozen=True)
class Resultatrakning:
    ar: int
    kontoplan: Kontoplan
    belopp: dict[str, Decimal]  # typed, by line id

    def __getitem__(self, id: str) -> Decimal:
        """A line by its id (0 when not typed), or a sum the statement shows by its id
        (resultat_efter_finansiella_poster); KeyError when the chart has neither (so a
        misspelt name in narrative is an error, never a silent 0)."""
        if id in self.belopp or self.kontoplan.rad(id) is not None:
            return self.belopp.get(id, ZERO)
        if (total := self.kontoplan.resultatsumma(id)) is not None:
            return self._running_total(total)
        raise KeyError(id)

    def keys(self) -> list[str]:
        """Every line and sum narrative reaches by id (resultatrakning.<id> or ['<id>'])."""
        return ([r.id for r in self.kontoplan.resultatrader]
                + [s.id for s in self.kontoplan.resultatsummor])

    def signerat(self, rad: Rad) -> Decimal:
        """As the line counts in the result: an income plus, a cost minus."""
        return self[rad.id] if rad.typ == "intakt" else -self[rad.id]

    @property
    def rader(self) -> list[tuple[Rad | Summa, Decimal]]:
        """Each line signed, each sum the running total of the lines above it."""
        rows: list[tuple[Rad | Summa, Decimal]] = []
        running = ZERO
        for item in self.kontoplan.resultatrakning:
            if isinstance(item, Rad):
                running += self.signerat(item)
                rows.append((item, self.signerat(item)))
            else:
                rows.append((item, running))
        return rows

    def _running_total(self, total: Summa) -> Decimal:
        return next(value for item, value in self.rader if item is total)

    def summa(self, namn: str) -> Decimal:
        """A sum of the chart by the words it is printed with, e.g. 'Verksamhetens resultat',
        as narrative may ask for it (README); the tool reaches a sum by its id
        (resultatrakning['verksamhetens_resultat'])."""
        return self._running_total(next(total for total in self.kontoplan.resultatsummor
                                        if total.namn == namn))

    @property
    def arets_resultat(self) -> Decimal:
        return _total(self.signerat(r) for r in self.kontoplan.resultatrader)

    def _typed_sum(self, typ: str, financial: bool) -> Decimal:
        return _total(self[r.id] for r in self.kontoplan.resultatrader
                      if r.typ == typ and (financial or not r.finansiell))

    @property
    def summa_intakter(self) -> Decimal:
        """Every income line, financial included: the five-year overview's intäkter."""
        return self._typed_sum("intakt", True)

    @property
    def summa_kostnader(self) -> Decimal:
        return self._typed_sum("kostnad", True)

    @property
    def verksamhetens_intakter(self) -> Decimal:
        """The income lines without the financial items."""
        return self._typed_sum("intakt", False)

    @property
    def verksamhetens_kostnader(self) -> Decimal:
        return self._typed_sum("kostnad", False)

    @property
    def finansiella_poster(self) -> Decimal:
        """The financial lines, net (income plus, cost minus)."""
        return _total(self.signerat(r) for r in self.kontoplan.resultatrader if r.finansiell)

    @property
    def avskrivningar(self) -> Decimal:
        return _total(self[r.id] for r in self.kontoplan.med_roll("avskrivning"))


class _Lines:
    """Sums over a balance sheet's typed lines by the chart (needs kontoplan and belopp)."""

    kontoplan: Kontoplan
    belopp: dict[str, Decimal]

    def __getitem__(self, id: str) -> Decimal:
        """A line by its id (0 when not typed), or a sum the statement shows by its id
        (summa_omsattningstillgangar); KeyError when the chart has neither."""
        if id in self.belopp or self.kontoplan.rad(id) is not None:
            return self.belopp.get(id, ZERO)
        sums = self.kontoplan.balanssummor
        if id in sums:
            lines = sums[id]
            return self.summa(lines) if lines is not None else self._with_equity(id)
        if id in self._equity_lines:
            return self._equity_lines[id]
        raise KeyError(id)

    def keys(self) -> list[str]:
        """Every line and sum narrative reaches by id (balansrakning.<id> or ['<id>'])."""
        return ([r.id for r in self.kontoplan.balansrader] + list(self.kontoplan.balanssummor)
                + list(self._equity_lines))

    @property
    def _equity_lines(self) -> dict[str, Decimal]:
        return {}

    # The balance sheet's sums with eget kapital (Balansrakning computes them).
    @property
    def summa_eget_kapital(self) -> Decimal:
        raise NotImplementedError

    @property
    def summa_eget_kapital_och_skulder(self) -> Decimal:
        raise NotImplementedError

    def _with_equity(self, id: str) -> Decimal:
        """A sum that includes the computed eget kapital: its group, or its side."""
        side = next(s for s in self.kontoplan.balansrakning if s.summa_id == id or any(
            g.summa_id == id for g in s.grupper))
        if side.summa_id == id:
            return self.summa_eget_kapital_och_skulder
        return self.summa_eget_kapital

    def summa(self, lines: list[Rad]) -> Decimal:
        return _total(self[r.id] for r in lines)

    @property
    def summa_tillgangar(self) -> Decimal:
        return self.summa(self.kontoplan.tillgangar)

    @property
    def summa_avsattningar_och_skulder(self) -> Decimal:
        """Provisions and liabilities together (the second side without eget kapital; the
        table's "Summa skulder" is only the liabilities: balansrakning.summa_skulder)."""
        return self.summa(self.kontoplan.skulder)

    @property
    def likvida_medel(self) -> Decimal:
        return self.summa(self.kontoplan.med_roll("likvida_medel"))

    @property
    def ovriga_tillgangar(self) -> Decimal:
        """Every asset that is not likvida medel (the budget's 'fordringar' column)."""
        return self.summa_tillgangar - self.likvida_medel


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class ClosingBalance(_Lines):
    """What a year hands over to the next: its balance sheet lines and eget kapital."""

    ar: int
    kontoplan: Kontoplan
    belopp: dict[str, Decimal]  # balance sheet lines by id
    eget_kapital: Decimal

    @property
    def summa_eget_kapital(self) -> Decimal:
        return self.eget_kapital

    @property
    def summa_eget_kapital_och_skulder(self) -> Decimal:
        return self.eget_kapital + self.summa_avsattningar_och_skulder

    @property
    def eget_kapital_rader(self) -> dict[str, Decimal]:
        """Eget kapital's lines are not known for a balance handed over as a whole (history's):
        only their sum."""
        return {}

    @property
    def soliditet(self) -> Decimal | None:
        """Eget kapital as a share of the assets; None without assets (a year not typed in)."""
        return _share(self.eget_kapital, self.summa_tillgangar)


@dataclass(frozen=True)
class Balansrakning(_Lines):
    """The year's balance sheet: its lines as typed, eget kapital rolled forward."""

    ar: int
    kontoplan: Kontoplan
    belopp: dict[str, Decimal]
    ingaende_eget_kapital: Decimal  # last year's closing eget kapital
    arets_resultat: Decimal  # from this year's resultaträkning
    tillskott: Decimal = ZERO  # capital contributed by members during the year

    @property
    def eget_kapital_rader(self) -> dict[str, Decimal]:
        """The eget kapital group's lines, by the chart's ids."""
        return {"arets_resultat": self.arets_resultat, "tillskott": self.tillskott,
                "ovrigt_eget_kapital": self.ingaende_eget_kapital}

    @property
    def summa_eget_kapital(self) -> Decimal:
        return self.ingaende_eget_kapital + self.arets_resultat + self.tillskott

    @property
    def summa_eget_kapital_och_skulder(self) -> Decimal:
        return self.summa_eget_kapital + self.summa_avsattningar_och_skulder

    @property
    def _equity_lines(self) -> dict[str, Decimal]:
        return self.eget_kapital_rader

    @property
    def soliditet(self) -> Decimal | None:
        return _share(self.summa_eget_kapital, self.summa_tillgangar)

    @property
    def closing(self) -> ClosingBalance:
        return ClosingBalance(self.ar, self.kontoplan, self.belopp, self.summa_eget_kapital)


@dataclass(frozen=True)
class Kassaflodesanalys:
    """Indirect method, every figure derived from the two balance sheets and the result."""

    ar: int
    arets_resultat: Decimal
    ej_likviditetspaverkande_poster: Decimal  # typed, depreciation, change in provisions
    rorelsekapital: list[tuple[str, Decimal]]  # (line in the cash flow, its change)
    investeringar: list[tuple[str, Decimal]]
    finansiering: list[tuple[str, Decimal]]
    likvida_medel_vid_arets_borjan: Decimal

    @property
    def medel_fore_forandring_av_rorelsekapital(self) -> Decimal:
        return self.arets_resultat + self.ej_likviditetspaverkande_poster

    @property
    def kassaflode_fran_den_lopande_verksamheten(self) -> Decimal:
        return self.medel_fore_forandring_av_rorelsekapital + _total(
            change for _, change in self.rorelsekapital)

    @property
    def kassaflode_fran_investeringsverksamheten(self) -> Decimal:
        return _total(change for _, change in self.investeringar)

    @property
    def kassaflode_fran_finansieringsverksamheten(self) -> Decimal:
        return _total(change for _, change in self.finansiering)

    @property
    def arets_kassaflode(self) -> Decimal:
        return (self.kassaflode_fran_den_lopande_verksamheten
                + self.kassaflode_fran_investeringsverksamheten
                + self.kassaflode_fran_finansieringsverksamheten)

    @property
    def likvida_medel_vid_arets_slut(self) -> Decimal:
        return self.likvida_medel_vid_arets_borjan + self.arets_kassaflode


INVESTMENTS = "Investeringar i anläggningstillgångar (netto)"


def flow_label(rad: Rad) -> str:
    """A line's name in a cash flow: the chart's, or "Förändring av …"."""
    return rad.kassaflodesrad or f"Förändring av {rad.namn[:1].lower() + rad.namn[1:]}"


def line_flows(chart: Kontoplan, before: Callable[[str], Decimal],
               after: Callable[[str], Decimal], depreciation: Decimal = ZERO
               ) -> tuple[Decimal, list[Flow], list[Flow], list[Flow]]:
    """The cash effect of the balance lines' changes from `before` to `after`, by each line's
    role in the chart: the change in provisions (a non-cash item), and the working-capital,
    investing and financing lines as (name, amount). An asset that grows uses cash; the
    investment is the fixed assets' change plus the year's depreciation. Shared by the
    årsredovisning's kassaflödesanalys and the verksamhetsplan's kassaflödesbudget."""
    assets = {r.id for r in chart.tillgangar}

    def change(rad: Rad) -> Decimal:
        delta = after(rad.id) - before(rad.id)
        return -delta if rad.id in assets else delta

    def moved(role: str) -> list[Rad]:
        return [r for r in chart.med_roll(role) if before(r.id) or after(r.id)]

    provisions = _total(change(r) for r in chart.med_roll("avsattning"))
    working = [(flow_label(r), change(r)) for r in moved("rorelsekapital")]
    invested = moved("investering")
    investing = ([(INVESTMENTS, _total(change(r) for r in invested) - depreciation)]
                 if invested else [])
    financing = [(flow_label(r), change(r)) for r in moved("finansiering")]
    return provisions, working, investing, financing


def kassaflode(previous: ClosingBalance, balans: Balansrakning, rr: Resultatrakning,
               ej_likviditetspaverkande: Decimal) -> Kassaflodesanalys:
    """The year's cash flow from last year's closing balance, this year's balance sheet and
    result, by each line's role in the chart."""
    provisions, working, investing, financing = line_flows(
        balans.kontoplan, previous.__getitem__, balans.__getitem__, rr.avskrivningar)
    if balans.tillskott:
        financing.append(("Tillskott från medlemmar", balans.tillskott))
    return Kassaflodesanalys(
        balans.ar, rr.arets_resultat, ej_likviditetspaverkande + rr.avskrivningar + provisions,
        working, investing, financing, previous.likvida_medel)
