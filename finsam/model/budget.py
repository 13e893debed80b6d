"""The verksamhetsplan's budget (content/<år>/verksamhetsplan/budget.yaml): the members'
contributions and the cost groups' lines per year, revisions, a forecast, and the cash-flow
and balance budgets as once published."""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import model_validator

from .fields import Belopp, Model


def _cost_groups_from_top(data: Any, named: tuple[str, ...]) -> Any:
    """A budget types each cost group's lines at the top, under the group's id
    (administration: …, insatser: …, styrelse: …): every key but the named fields is one."""
    if not isinstance(data, dict):
        return data
    fields = {k: v for k, v in data.items() if k in named}
    return fields | {"grupper": {k: v for k, v in data.items() if k not in named}}


class Revidering(Model):
    """A revised budget for the budget year, decided during the year: a new version."""

    benamning: str
    beslutad: datetime.date | None = None
    intakter: dict[str, Belopp] | None = None  # unchanged when left out
    finansiella_poster: Belopp | None = None
    grupper: dict[str, dict[str, Belopp]]  # cost group id → line → amount

    @model_validator(mode="before")
    @classmethod
    def _groups(cls, data: Any) -> Any:
        return _cost_groups_from_top(data, ("benamning", "beslutad", "intakter",
                                            "finansiella_poster"))


class Prognos(Model):
    """The forecast for the year before the budget year, made when the plan was written."""

    ar: int
    arets_resultat: Belopp
    fordringar: Belopp | None = None  # at year end; unchanged when left out
    kortfristiga_skulder: Belopp | None = None


class Publicerad(Model):
    """Cash-flow and balance budgets typed as once published; checked, not computed."""

    kolumner: list[str]
    kassaflodesbudget: dict[str, list[Belopp]]
    balansbudget: dict[str, list[Belopp]]


# The rows of the cash-flow and balance budgets typed as once published (Publicerad), each
# with one value per column (checked in model/consistency.py).
PUBLISHED_ROWS = {
    "kassaflodesbudget": ["arets_resultat", "justeringar", "forandring_fordringar",
                          "forandring_skulder", "kassaflode", "likvida_medel_borjan",
                          "likvida_medel_slut"],
    "balansbudget": ["fordringar", "kassa_och_bank", "summa_tillgangar", "eget_kapital",
                     "darav_arets_resultat", "kortfristiga_skulder",
                     "summa_eget_kapital_och_skulder"],
}


class BudgetFil(Model):
    # false in a budget laid out by 'finsam ny': the plan is a draft until filled in.
    ifylld: bool = True
    enhet: Literal["tkr", "kr"] = "tkr"
    benamning: str
    beslutad: datetime.date | None = None
    intakter: dict[str, dict[int, Belopp]]  # member id → year → amount
    finansiella_poster: dict[int, Belopp] = {}
    grupper: dict[str, dict[str, dict[int, Belopp]]]  # cost group id → line → year → amount
    revideringar: list[Revidering] = []
    prognos: Prognos | None = None
    # Planned year-end levels of balance lines, by the chart's id (fordringar,
    # kortfristiga_skulder, pensioner …); a line not given keeps last year's level.
    rorelsekapital: dict[str, dict[int, Belopp]] = {}
    publicerad: Publicerad | None = None
    # Cost lines that are new this year (in no recent outcome or budget): a line not listed
    # here and not known from those is taken for a misspelling (budget_line_problems).
    nya_rader: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _groups(cls, data: Any) -> Any:
        return _cost_groups_from_top(data, ("ifylld", "enhet", "benamning", "beslutad", "intakter",
                                            "finansiella_poster", "revideringar", "prognos",
                                            "rorelsekapital", "publicerad", "nya_rader"))

    @property
    def kronor_per_enhet(self) -> Decimal:
        """What one typed unit is in kronor: 1 000 for a budget in tkr."""
        return Decimal(1000) if self.enhet == "tkr" else Decimal(1)



PLAN_YEARS = 2  # a verksamhetsplan budgets its year and plans the two after it
