"""Kassaflödesbudget and balansbudget: the plan years' cash and balance, column by column.

Normally every figure is computed: each column starts from the previous column's
closing balance, adds the year's budgeted result and the planned change in
receivables and liabilities; eget kapital rolls forward with each result. A
document may instead type the tables as they were once published (`publicerad`
in budget.yaml); then the same identities are checked on the typed figures, and
each one that fails is named with its figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..common.amounts import Kolumnslag, typed_column
from ..common.format import tal
from ..model.kontoplan import Kontoplan, Rad
from .statements import ClosingBalance, Kassaflodesanalys, line_flows

THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class Plankolumn:
    """One column of the cash-flow and balance budget, in kronor."""

    rubrik: str
    fordringar: Decimal
    kassa_och_bank: Decimal
    summa_tillgangar: Decimal
    eget_kapital: Decimal
    kortfristiga_skulder: Decimal
    summa_eget_kapital_och_skulder: Decimal
    # The cash flow of the year; None for a Bokslut column whose previous year is unknown.
    arets_resultat: Decimal | None = None
    justeringar: Decimal | None = None
    forandring_fordringar: Decimal | None = None
    forandring_skulder: Decimal | None = None
    kassaflode: Decimal | None = None
    likvida_medel_borjan: Decimal | None = None
    likvida_medel_slut: Decimal | None = None
    darav_arets_resultat: Decimal | None = None  # typed in a published balansbudget only
    avsattningar: Decimal = Decimal(0)  # provisions, beside the liabilities above
    # A computed column also has the balance by the chart's lines and the year's flows by
    # line, which the tables show; the sums above are then those lines added up.
    kontoplan: Kontoplan | None = None
    rader: dict[str, Decimal] | None = None
    rorelsekapital: tuple[tuple[str, Decimal], ...] = ()
    investeringar: tuple[tuple[str, Decimal], ...] = ()
    finansiering: tuple[tuple[str, Decimal], ...] = ()
    slag: Kolumnslag | None = None  # bokslut, prognos, budget or plan (None: not said)
    ar: int | None = None

    @property
    def has_cash_flow(self) -> bool:
        return self.kassaflode is not None

    @property
    def medel_fran_verksamheten(self) -> Decimal | None:
        if self.arets_resultat is None or self.justeringar is None:
            return None
        return self.arets_resultat + self.justeringar


def _column(rubrik: str, chart: Kontoplan, rader: dict[str, Decimal], eget_kapital: Decimal,
            **flows: Any) -> Plankolumn:
    """A column from the balance lines: the budget's sums are those lines added up by role."""
    def total(lines: list[Rad]) -> Decimal:
        return sum((rader.get(r.id, Decimal(0)) for r in lines), Decimal(0))
    cash = total(chart.med_roll("likvida_medel"))
    provisions = total(chart.med_roll("avsattning"))
    liabilities = total(chart.skulder) - provisions
    assets = total(chart.tillgangar)
    return Plankolumn(rubrik, assets - cash, cash, assets, eget_kapital, liabilities,
                      eget_kapital + liabilities + provisions, avsattningar=provisions,
                      kontoplan=chart, rader=dict(rader), **flows)


def closing_column(rubrik: str, closing: ClosingBalance,
                   kassaflode: Kassaflodesanalys | None = None,
                   previous: ClosingBalance | None = None) -> Plankolumn:
    """A Bokslut column: the closing balance of a year, with that year's cash flow as the
    årsredovisning computed it when the year's accounts (and the year before) are known."""
    flows: dict[str, Any] = {}
    if kassaflode is not None and previous is not None:
        k = kassaflode
        assets = previous.ovriga_tillgangar - closing.ovriga_tillgangar
        flows = dict(
            arets_resultat=k.arets_resultat, justeringar=k.ej_likviditetspaverkande_poster,
            forandring_fordringar=assets,
            forandring_skulder=(k.arets_kassaflode - k.arets_resultat
                                - k.ej_likviditetspaverkande_poster - assets),
            kassaflode=k.arets_kassaflode, likvida_medel_borjan=k.likvida_medel_vid_arets_borjan,
            likvida_medel_slut=k.likvida_medel_vid_arets_slut,
            rorelsekapital=tuple(k.rorelsekapital), investeringar=tuple(k.investeringar),
            finansiering=tuple(k.finansiering))
    return _column(rubrik, closing.kontoplan, closing.belopp, closing.eget_kapital, **flows)


def next_column(previous: Plankolumn, rubrik: str, result: Decimal,
                levels: dict[str, Decimal]) -> Plankolumn:
    """The next year from the previous column: its result and the planned year-end level of
    any balance line (the others stay); the first likvida medel line takes the cash flow."""
    chart, before = previous.kontoplan, previous.rader
    assert chart is not None and before is not None  # a computed column has its lines
    after = dict(before) | levels
    adjustments, working, invested, financed = line_flows(
        chart, lambda id: before.get(id, Decimal(0)), lambda id: after.get(id, Decimal(0)))
    flow = result + adjustments + sum((v for _, v in working + invested + financed), Decimal(0))
    cash_lines = chart.med_roll("likvida_medel")
    start = sum((before.get(r.id, Decimal(0)) for r in cash_lines), Decimal(0))
    if cash_lines:
        # The year's flow goes to the cash line in use (kassa och bank, not a placement).
        used = [r for r in cash_lines if before.get(r.id)] or cash_lines[-1:]
        after[used[0].id] = before.get(used[0].id, Decimal(0)) + flow
    asset_changes = sum((before.get(r.id, Decimal(0)) - after.get(r.id, Decimal(0))
                         for r in chart.tillgangar if r not in cash_lines), Decimal(0))
    liability_changes = flow - result - adjustments - asset_changes
    return _column(rubrik, chart, after, previous.eget_kapital + result,
                   arets_resultat=result, justeringar=adjustments,
                   forandring_fordringar=asset_changes, forandring_skulder=liability_changes,
                   kassaflode=flow, likvida_medel_borjan=start, likvida_medel_slut=start + flow,
                   rorelsekapital=tuple(working), investeringar=tuple(invested),
                   finansiering=tuple(financed))


def published_columns(kolumner: list[str], tables: dict[str, dict[str, list[Decimal]]],
                      unit: Decimal) -> list[Plankolumn]:
    """Columns exactly as typed (validated elsewhere to have one value per column)."""
    def column(index: int, rubrik: str) -> Plankolumn:
        def value(table: str, row: str) -> Decimal:
            return tables[table][row][index] * unit
        flow, balance = "kassaflodesbudget", "balansbudget"
        slag, year = typed_column(rubrik)
        return Plankolumn(
            rubrik, value(balance, "fordringar"), value(balance, "kassa_och_bank"),
            value(balance, "summa_tillgangar"), value(balance, "eget_kapital"),
            value(balance, "kortfristiga_skulder"),
            value(balance, "summa_eget_kapital_och_skulder"),
            arets_resultat=value(flow, "arets_resultat"),
            justeringar=value(flow, "justeringar"),
            forandring_fordringar=value(flow, "forandring_fordringar"),
            forandring_skulder=value(flow, "forandring_skulder"),
            kassaflode=value(flow, "kassaflode"),
            likvida_medel_borjan=value(flow, "likvida_medel_borjan"),
            likvida_medel_slut=value(flow, "likvida_medel_slut"),
            darav_arets_resultat=value(balance, "darav_arets_resultat"), slag=slag, ar=year)
    return [column(index, rubrik) for index, rubrik in enumerate(kolumner)]


def _t(value: Decimal | None) -> str:
    return tal((value or Decimal(0)) / THOUSAND, 1) + " tkr"


@dataclass(frozen=True)
class _Flow:
    """A column's cash flow, every figure of it known."""

    arets_resultat: Decimal
    justeringar: Decimal
    forandring_fordringar: Decimal
    forandring_skulder: Decimal
    kassaflode: Decimal
    borjan: Decimal
    slut: Decimal


def _flow(c: Plankolumn) -> _Flow | None:
    """The column's cash flow, or None for a column without one."""
    values = (c.arets_resultat, c.justeringar, c.forandring_fordringar, c.forandring_skulder,
              c.kassaflode, c.likvida_medel_borjan, c.likvida_medel_slut)
    known = [v for v in values if v is not None]
    return _Flow(*known) if len(known) == len(values) else None


def check_columns(columns: list[Plankolumn],
                  results: dict[tuple[Kolumnslag, int], Decimal]) -> list[str]:
    """Every identity the tables must keep; a sentence with figures for each that fails.
    results: the result budget's årets resultat by its columns' kind and year."""
    found: list[str] = []
    for index, c in enumerate(columns):
        flow = _flow(c)
        if flow is not None:
            found += _flow_identities(c, flow, results)
        found += _balance_identities(c)
        if index > 0 and flow is not None:
            found += _rolled_forward(c, flow, columns[index - 1])
    return found


def _flow_identities(c: Plankolumn, f: _Flow,
                     results: dict[tuple[Kolumnslag, int], Decimal]) -> list[str]:
    """The cash flow is the sum of its parts, takes the opening cash to the closing, ends in
    the balance budget's cash, and starts from the resultbudget's result."""
    found = []
    parts = f.arets_resultat + f.justeringar + f.forandring_fordringar + f.forandring_skulder
    if f.kassaflode != parts:
        found.append(
            f"{c.rubrik}: årets kassaflöde {_t(f.kassaflode)} är inte summan av sina delar "
            f"(resultat {_t(f.arets_resultat)} + justeringar {_t(f.justeringar)} + "
            f"fordringar {_t(f.forandring_fordringar)} + skulder "
            f"{_t(f.forandring_skulder)} = {_t(parts)}).")
    if f.slut != f.borjan + f.kassaflode:
        found.append(
            f"{c.rubrik}: likvida medel vid årets slut {_t(f.slut)} är inte "
            f"likvida medel vid årets början {_t(f.borjan)} + kassaflödet "
            f"{_t(f.kassaflode)} = {_t(f.borjan + f.kassaflode)}.")
    if f.slut != c.kassa_och_bank:
        found.append(
            f"{c.rubrik}: kassaflödesbudgetens likvida medel vid årets slut "
            f"{_t(f.slut)} är inte balansbudgetens kassa och bank "
            f"{_t(c.kassa_och_bank)}.")
    planned = results.get((c.slag, c.ar)) if c.slag is not None and c.ar is not None else None
    if planned is not None and f.arets_resultat != planned:
        found.append(
            f"{c.rubrik}: årets resultat {_t(f.arets_resultat)} är inte resultatbudgetens "
            f"{_t(planned)}.")
    return found


def _balance_identities(c: Plankolumn) -> list[str]:
    """The balance budget's sums are its lines', and its two sides are equal."""
    found = []
    if c.darav_arets_resultat is not None and c.darav_arets_resultat != c.arets_resultat:
        found.append(f"{c.rubrik}: balansbudgetens årets resultat {_t(c.darav_arets_resultat)} "
                     f"är inte kassaflödesbudgetens {_t(c.arets_resultat)}.")
    if c.summa_tillgangar != c.fordringar + c.kassa_och_bank:
        found.append(f"{c.rubrik}: summa tillgångar {_t(c.summa_tillgangar)} är inte "
                     f"fordringar + kassa och bank = {_t(c.fordringar + c.kassa_och_bank)}.")
    liabilities = c.kortfristiga_skulder + c.avsattningar
    if c.summa_eget_kapital_och_skulder != c.eget_kapital + liabilities:
        found.append(
            f"{c.rubrik}: summa eget kapital och skulder "
            f"{_t(c.summa_eget_kapital_och_skulder)} är inte eget kapital + skulder = "
            f"{_t(c.eget_kapital + liabilities)}.")
    if c.summa_tillgangar != c.summa_eget_kapital_och_skulder:
        found.append(f"{c.rubrik}: balansbudgeten balanserar inte: tillgångar "
                     f"{_t(c.summa_tillgangar)}, eget kapital och skulder "
                     f"{_t(c.summa_eget_kapital_och_skulder)}.")
    return found


def _rolled_forward(c: Plankolumn, f: _Flow, p: Plankolumn) -> list[str]:
    """A column starts where the previous one ended: its cash, its equity rolled forward by
    the result, and its changes of receivables and liabilities from the previous levels."""
    found = []
    if f.borjan != p.kassa_och_bank:
        found.append(f"{c.rubrik}: likvida medel vid årets början {_t(f.borjan)} "
                     f"är inte föregående kolumns ({p.rubrik}) utgående kassa "
                     f"{_t(p.kassa_och_bank)}.")
    if c.eget_kapital != p.eget_kapital + f.arets_resultat:
        found.append(f"{c.rubrik}: eget kapital {_t(c.eget_kapital)} rullar inte fram från "
                     f"{p.rubrik}: {_t(p.eget_kapital)} + årets resultat "
                     f"{_t(f.arets_resultat)} = {_t(p.eget_kapital + f.arets_resultat)}.")
    if f.forandring_fordringar != p.fordringar - c.fordringar:
        found.append(f"{c.rubrik}: förändringen av fordringar {_t(f.forandring_fordringar)} "
                     f"stämmer inte med balansbudgeten ({_t(p.fordringar)} → "
                     f"{_t(c.fordringar)}).")
    if f.forandring_skulder != c.kortfristiga_skulder - p.kortfristiga_skulder:
        found.append(f"{c.rubrik}: förändringen av skulder {_t(f.forandring_skulder)} "
                     f"stämmer inte med balansbudgeten ({_t(p.kortfristiga_skulder)} → "
                     f"{_t(c.kortfristiga_skulder)}).")
    return found
