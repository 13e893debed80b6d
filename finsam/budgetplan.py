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

from .format import tal
from .statements import ClosingBalance

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

    @property
    def has_cash_flow(self) -> bool:
        return self.kassaflode is not None

    @property
    def medel_fran_verksamheten(self) -> Decimal | None:
        if self.arets_resultat is None or self.justeringar is None:
            return None
        return self.arets_resultat + self.justeringar


def closing_column(rubrik: str, closing: ClosingBalance) -> Plankolumn:
    """A Bokslut column: the closing balance of a year from its accounts or history, in the
    budget's three lines: assets other than likvida medel, likvida medel, and provisions and
    liabilities together."""
    return Plankolumn(rubrik, closing.ovriga_tillgangar, closing.likvida_medel,
                      closing.summa_tillgangar, closing.eget_kapital, closing.summa_skulder,
                      closing.summa_eget_kapital_och_skulder)


def next_column(previous: Plankolumn, rubrik: str, result: Decimal,
                fordringar: Decimal | None, skulder: Decimal | None) -> Plankolumn:
    """The next year from the previous column: its result and planned working capital."""
    fordringar = previous.fordringar if fordringar is None else fordringar
    skulder = previous.kortfristiga_skulder if skulder is None else skulder
    change_receivables = previous.fordringar - fordringar
    change_liabilities = skulder - previous.kortfristiga_skulder
    flow = result + change_receivables + change_liabilities
    cash = previous.kassa_och_bank + flow
    equity = previous.eget_kapital + result
    return Plankolumn(rubrik, fordringar, cash, fordringar + cash, equity, skulder,
                      equity + skulder, result, Decimal(0), change_receivables,
                      change_liabilities, flow, previous.kassa_och_bank, cash)


PUBLISHED_ROWS = {
    "kassaflodesbudget": ["arets_resultat", "justeringar", "forandring_fordringar",
                          "forandring_skulder", "kassaflode", "likvida_medel_borjan",
                          "likvida_medel_slut"],
    "balansbudget": ["fordringar", "kassa_och_bank", "summa_tillgangar", "eget_kapital",
                     "darav_arets_resultat", "kortfristiga_skulder",
                     "summa_eget_kapital_och_skulder"],
}


def published_columns(kolumner: list[str], tables: dict[str, dict[str, list[Decimal]]],
                      unit: Decimal) -> list[Plankolumn]:
    """Columns exactly as typed (validated elsewhere to have one value per column)."""
    columns = []
    for index, rubrik in enumerate(kolumner):
        values: dict[str, Decimal] = {}
        for table in ("balansbudget", "kassaflodesbudget"):
            for name, row in tables[table].items():
                values[name] = row[index] * unit
        columns.append(Plankolumn(rubrik, **values))
    return columns


def _t(value: Decimal) -> str:
    return tal(value / THOUSAND, 1) + " tkr"


def check_columns(columns: list[Plankolumn], results: dict[str, Decimal]) -> list[str]:
    """Every identity the tables must keep; a sentence with figures for each that fails."""
    found: list[str] = []
    for index, c in enumerate(columns):
        if c.has_cash_flow:
            parts = c.arets_resultat + c.justeringar + c.forandring_fordringar + c.forandring_skulder
            if c.kassaflode != parts:
                found.append(
                    f"{c.rubrik}: årets kassaflöde {_t(c.kassaflode)} är inte summan av sina delar "
                    f"(resultat {_t(c.arets_resultat)} + justeringar {_t(c.justeringar)} + "
                    f"fordringar {_t(c.forandring_fordringar)} + skulder "
                    f"{_t(c.forandring_skulder)} = {_t(parts)}).")
            if c.likvida_medel_slut != c.likvida_medel_borjan + c.kassaflode:
                found.append(
                    f"{c.rubrik}: likvida medel vid årets slut {_t(c.likvida_medel_slut)} är inte "
                    f"likvida medel vid årets början {_t(c.likvida_medel_borjan)} + kassaflödet "
                    f"{_t(c.kassaflode)} = {_t(c.likvida_medel_borjan + c.kassaflode)}.")
            if c.likvida_medel_slut != c.kassa_och_bank:
                found.append(
                    f"{c.rubrik}: kassaflödesbudgetens likvida medel vid årets slut "
                    f"{_t(c.likvida_medel_slut)} är inte balansbudgetens kassa och bank "
                    f"{_t(c.kassa_och_bank)}.")
            if c.rubrik in results and c.arets_resultat != results[c.rubrik]:
                found.append(
                    f"{c.rubrik}: årets resultat {_t(c.arets_resultat)} är inte resultatbudgetens "
                    f"{_t(results[c.rubrik])}.")
        if c.darav_arets_resultat is not None and c.darav_arets_resultat != c.arets_resultat:
            found.append(f"{c.rubrik}: balansbudgetens årets resultat {_t(c.darav_arets_resultat)} "
                         f"är inte kassaflödesbudgetens {_t(c.arets_resultat)}.")
        if c.summa_tillgangar != c.fordringar + c.kassa_och_bank:
            found.append(f"{c.rubrik}: summa tillgångar {_t(c.summa_tillgangar)} är inte fordringar "
                         f"+ kassa och bank = {_t(c.fordringar + c.kassa_och_bank)}.")
        if c.summa_eget_kapital_och_skulder != c.eget_kapital + c.kortfristiga_skulder:
            found.append(
                f"{c.rubrik}: summa eget kapital och skulder {_t(c.summa_eget_kapital_och_skulder)} "
                f"är inte eget kapital + skulder = {_t(c.eget_kapital + c.kortfristiga_skulder)}.")
        if c.summa_tillgangar != c.summa_eget_kapital_och_skulder:
            found.append(f"{c.rubrik}: balansbudgeten balanserar inte: tillgångar "
                         f"{_t(c.summa_tillgangar)}, eget kapital och skulder "
                         f"{_t(c.summa_eget_kapital_och_skulder)}.")
        if index == 0 or not c.has_cash_flow:
            continue
        p = columns[index - 1]
        if c.likvida_medel_borjan != p.kassa_och_bank:
            found.append(f"{c.rubrik}: likvida medel vid årets början {_t(c.likvida_medel_borjan)} "
                         f"är inte föregående kolumns ({p.rubrik}) utgående kassa "
                         f"{_t(p.kassa_och_bank)}.")
        if c.eget_kapital != p.eget_kapital + c.arets_resultat:
            found.append(f"{c.rubrik}: eget kapital {_t(c.eget_kapital)} rullar inte fram från "
                         f"{p.rubrik}: {_t(p.eget_kapital)} + årets resultat "
                         f"{_t(c.arets_resultat)} = {_t(p.eget_kapital + c.arets_resultat)}.")
        if c.forandring_fordringar != p.fordringar - c.fordringar:
            found.append(f"{c.rubrik}: förändringen av fordringar {_t(c.forandring_fordringar)} "
                         f"stämmer inte med balansbudgeten ({_t(p.fordringar)} → "
                         f"{_t(c.fordringar)}).")
        if c.forandring_skulder != c.kortfristiga_skulder - p.kortfristiga_skulder:
            found.append(f"{c.rubrik}: förändringen av skulder {_t(c.forandring_skulder)} "
                         f"stämmer inte med balansbudgeten ({_t(p.kortfristiga_skulder)} → "
                         f"{_t(c.kortfristiga_skulder)}).")
    return found
