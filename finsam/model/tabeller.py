"""How the förbund shows its computed tables (dokument.yaml: tabeller), by the table's name:
the sign of its costs, named subtotals over cost groups, the rows and columns it leaves out,
its unit and the precision of its percentages, financial items gross or net, the years of a
cost split, and figures as once published. Every option is data, documented in
docs/tabeller.md; the names an option uses (a row, a column, a cost group) are checked
against the table when it is drawn (render/tables/presentation.py)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .fields import Belopp, Model


class Delsumma(Model):
    """A sum over consecutive cost groups of the driftredovisning, under its own name
    ("Summa direkta insatskostnader" over three groups), shown after the last of them."""

    namn: str
    grupper: list[str] = Field(min_length=1)  # the cost groups' ids, in the chart's order


# The rows a cost split may show under its categories: the year's income, the eget kapital
# it could use (opening) or used (the costs beyond the income), and income plus eget kapital.
Fordelningsrad = Literal["intakter", "ingaende_eget_kapital", "anvant_eget_kapital", "summa"]


class Tabellval(Model):
    """One table's presentation; an option left out keeps the tool's standard."""

    kostnader: Literal["negativa", "positiva"] | None = None
    enhet: Literal["kr", "tkr"] | None = None
    tkr_decimaler: Literal[0, 1] | None = None  # tkr with one decimal (dokument: decimaler)
    procent_decimaler: Literal[0, 1] | None = None
    finansiella_poster: Literal["brutto", "netto"] | None = None
    delsummor: list[Delsumma] = []
    dolj_rader: list[str] = []  # rows left out, by their label as shown
    dolj_kolumner: list[str] = []  # columns left out, by their heading as shown
    # A figure as once published, by row label and column heading: checked against the
    # computed one; where they differ it is an error, or, where the document accepts
    # deviations (godta_avvikelser), shown as published and listed for the reader.
    publicerad_avvikelse: dict[str, dict[str, Belopp]] = {}
    ar: int | None = Field(default=None, ge=1, le=5)  # the cost split's years side by side
    rader: list[Fordelningsrad] = []  # the cost split's rows under its categories


# Which option each table can take beyond those every table takes (dolj_rader,
# dolj_kolumner, publicerad_avvikelse, enhet, tkr_decimaler). Percentages with a decimal
# only where the shares are computed to it (not shown with a decimal they were rounded off).
TABLE_OPTIONS: dict[str, set[str]] = {
    "resultatrakning": {"kostnader", "finansiella_poster"},
    "driftredovisning": {"kostnader", "finansiella_poster", "delsummor"},
    "driftsammandrag": {"kostnader", "finansiella_poster"},
    "kostnadsfordelning": {"kostnader", "ar", "rader", "procent_decimaler"},
    "femarsoversikt": {"kostnader", "procent_decimaler"},
    "eget-kapital": {"procent_decimaler"},
    "resultatbudget": {"kostnader"},
}
EVERY_TABLE = {"dolj_rader", "dolj_kolumner", "publicerad_avvikelse", "enhet",
               "tkr_decimaler"}


def options_of(table: str) -> set[str]:
    """The options a table can take; a note (not-…) and a driftredovisning line's
    specification the sign of their costs too."""
    if table.startswith(("specifikation-", "not-")):
        return EVERY_TABLE | {"kostnader"}
    return EVERY_TABLE | TABLE_OPTIONS.get(table, set())


def set_options(val: Tabellval) -> list[str]:
    """The options a Tabellval sets, in the order the model has them."""
    return [name for name in Tabellval.model_fields if name in val.model_fields_set]
