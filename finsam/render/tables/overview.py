"""The årsredovisning's tables beyond the statements: the five-year overview, the
balanskrav, eget kapital against its goal, the cost split, the year at a glance and the
goals reached."""
from __future__ import annotations

from decimal import Decimal

from ...common.amounts import Kolumnslag, Tkr, Unit
from ...common.rounding import apportion, percent_change, percent_of, percent_shares, to_tkr
from .base import Column, Context, Row, Table, tkr_values

UTFALL = Kolumnslag.UTFALL


def _overview_rows(years, how) -> tuple[tuple, tuple, tuple]:
    """Intäkter, kostnader and resultat per year in the overview's unit and sign: in kr as
    computed, or in tkr rounded so that the lines add up (Tkr; kostnader are negative)."""
    sign = -1 if how.kostnader == "negativa" else 1
    if how.enhet == "kr":
        return (tuple(y.intakter_kr for y in years), tuple(sign * y.kostnader_kr for y in years),
                tuple(y.resultat_kr for y in years))
    return (tkr_values([y.intakter for y in years]),
            tkr_values([-sign * y.kostnader for y in years]),
            tkr_values([y.resultat for y in years]))


def femarsoversikt(ctx: Context) -> Table:
    years = ctx.figures.oversikt
    how = ctx.figures.oversikt_format
    old = [str(y.ar) for y in years if y.historik]
    history = (f" Uppgifterna för {', '.join(old)} är hämtade ur de årsredovisningar som "
               "publicerades då." if old else "")
    intakter, kostnader, resultat = _overview_rows(years, how)
    unit = f" ({how.enhet})"
    # With the financial items these are not the resultaträkning's "Verksamhetens
    # intäkter/kostnader", so they are not called that (one figure per label, issue 31).
    intakter_label, kostnader_label = (
        ("Intäkter inkl. finansiella poster", "Kostnader inkl. finansiella poster")
        if how.finansiella_poster == "med" else
        ("Verksamhetens intäkter", "Verksamhetens kostnader"))
    return Table(
        "femarsoversikt", "Översikt över verksamhetens utveckling", "",
        [Column(f"År {y.ar}", Unit(how.enhet), UTFALL, y.ar) for y in years],
        [Row(intakter_label + unit, intakter, id="intakter"),
         Row(kostnader_label + unit, kostnader, id="kostnader"),
         Row("Årets resultat" + unit, resultat, "sum", id="arets_resultat"),
         Row("Soliditet", tuple(y.soliditet for y in years),
             format=Unit.PROCENT if how.soliditet_decimaler else Unit.PROCENT0, id="soliditet"),
         Row("Antal anställda", tuple(y.anstallda for y in years), format=Unit.TAL,
             id="anstallda")],
        footnote=("Intäkter och kostnader inklusive finansiella poster. "
                  if how.finansiella_poster == "med" else
                  "Intäkter och kostnader utan finansiella poster; årets resultat med dem. ")
        + "Soliditet är eget kapital i procent av summa tillgångar." + history,
        css_class="femar")


def balanskravsutredning(ctx: Context) -> Table:
    b = ctx.figures.balanskrav
    adjustments = [(name, amount) for name, amount in b.justeringar]
    # Rounded top-down so the lines add up to the balanskravsresultat in tkr.
    rounded = tkr_values(apportion(to_tkr(b.balanskravsresultat),
                                   [b.arets_resultat] + [amount for _, amount in adjustments]))
    rows = [Row("Årets resultat enligt resultaträkningen", (rounded[0],))]
    if adjustments:
        rows += [Row(f"± {name}", (value,))
                 for (name, _), value in zip(adjustments, rounded[1:], strict=True)]
    else:
        rows.append(Row("± Justeringar", (Tkr(0),)))
    rows.append(Row("= Årets balanskravsresultat", (Tkr(sum(rounded)),), "total"))
    return Table("balanskravsutredning", "Balanskravsutredning", "Belopp i tkr",
                 [Column(str(ctx.figures.ar), Unit.TKR, UTFALL, ctx.figures.ar)], rows)


def eget_kapital(ctx: Context) -> Table:
    m = ctx.figures.eget_kapital_mal
    return Table(
        "eget-kapital", "Eget kapital i förhållande till årets bidrag", "",
        [Column(str(ctx.figures.ar), Unit.KR, UTFALL, ctx.figures.ar)],
        [Row("Eget kapital vid årets slut (kr)", (m.eget_kapital,)),
         Row("Årets erhållna bidrag från medlemmarna (kr)", (m.erhallna_bidrag,)),
         Row("Eget kapital i procent av bidragen", (m.andel,), "sum", format=Unit.PROCENT),
         Row("Målets tak", (m.tak,), format=Unit.PROCENT),
         Row("Målet uppfyllt", ("Ja" if m.uppfyllt else "Nej",), format=Unit.TEXT)])


def malsammanfattning(ctx: Context) -> Table:
    rows = []
    for area in ctx.figures.mal.omraden:
        rows.append(Row(area.omrade.rubrik, kind="heading"))
        rows += [Row(r.mal.text, (r.uppfoljning.maluppfyllelse.capitalize() if r.uppfoljning
                                  else "Ej uppföljt",)) for r in area.rader]
    return Table("malsammanfattning", f"Måluppfyllelse {ctx.figures.ar}", "Mål",
                 [Column("Måluppfyllelse", Unit.TEXT)], rows, css_class="goals")


def _shares(parts: list[Decimal]) -> list[Decimal]:
    """Each part's share of their sum in whole percent (largest remainder: 100 % in all),
    and the sum's, 1."""
    return [Decimal(p) / 100 for p in percent_shares(parts)] + [Decimal(1)]


def _percent_of(parts: list[Decimal], base: Decimal) -> list[Decimal]:
    shares, whole = percent_of(parts, base)
    return [Decimal(p) / 100 for p in shares] + [Decimal(whole) / 100]


def _split_budget(split, year: int, of_income: bool, outcome: list[Decimal]
                  ) -> tuple[list[Column], list[list]]:
    """The budget's columns of the cost split: budget (and its shares, of the costs), the
    deviation as published or computed, and in percent of budget where asked."""
    planned = [split.budget.get(c, Decimal(0)) for c in split.kategorier]
    planned.append(sum(planned, Decimal(0)))
    deviation = [b - u for b, u in zip(planned, outcome, strict=True)]
    columns = [Column(f"Budget {year}", Unit.KR, Kolumnslag.BUDGET, year)]
    values: list[list] = [planned]
    if not of_income:
        columns.append(Column("Andel", Unit.PROCENT0, Kolumnslag.ANDEL, year))
        values.append(_shares(planned[:-1]))
    columns.append(Column("Avvikelse", Unit.KR, Kolumnslag.AVVIKELSE, year))
    values.append([split.publicerad.get(c, d) for c, d in
                   zip([*split.kategorier, ""], deviation, strict=True)])
    if split.val.avvikelse_procent:
        columns.append(Column("Avvikelse i % av budget", Unit.PROCENT0, Kolumnslag.AVVIKELSE,
                              year))
        values.append([None if (p := percent_change(d, b)) is None else Decimal(p) / 100
                       for d, b in zip(deviation, planned, strict=True)])
    return columns, values


def kostnadsfordelning(ctx: Context) -> Table:
    """Costs by category, outcome and budget, in kronor and as shares (whole percent): of
    the total cost by the largest-remainder rule, so that each column adds up to 100 %, or
    of verksamhetens intäkter, the total rounded half up and the categories adding to it."""
    split = ctx.figures.kostnadsfordelning
    year = ctx.figures.ar
    spent = [split.utfall.get(c, Decimal(0)) for c in split.kategorier]
    of_income = split.val.andel_av == "intakter"
    columns = [Column(f"Utfall {year}", Unit.KR, UTFALL, year),
               Column("Andel av intäkterna" if of_income else "Andel", Unit.PROCENT0,
                      Kolumnslag.ANDEL, year)]
    values = [spent + [sum(spent, Decimal(0))],
              _percent_of(spent, split.intakter) if of_income else _shares(spent)]
    if split.budget is not None:
        more_columns, more_values = _split_budget(split, year, of_income, values[0])
        columns, values = columns + more_columns, values + more_values
    labels = [*split.kategorier, "Summa kostnader"]
    rows = [Row(label, tuple(column[i] for column in values),
                "total" if i == len(labels) - 1 else "line") for i, label in enumerate(labels)]
    rule = ("Andelarna är andel av verksamhetens intäkter i hela procent; summan avrundad "
            "uppåt från halv procent och kategorierna så att de blir summan (största "
            "rest-metoden)." if of_income else
            "Andelarna är avrundade till hela procent så att varje kolumn blir 100 % "
            "(största rest-metoden).")
    return Table("kostnadsfordelning", "Kostnadsfördelning", "", columns, rows,
                 footnote=f"{rule} Avvikelse: budget minus utfall.", css_class="fordelning")


def _tkr(amount: Decimal) -> str:
    return Unit.TKR.text(amount)


def _share(value: Decimal, decimals: int = 1) -> str:
    return Unit.percent(decimals).show(value)


def _result_against_budget(f) -> Row:
    result = f.resultatrakning.arets_resultat
    compared = "ingen budget i verktyget"
    if f.driftredovisning.resultat.budget is not None:
        planned = f.driftredovisning.budget_resultat_kr
        difference = result - planned
        compared = (f"budget {_tkr(planned)}, {_tkr(abs(difference))} "
                    f"{'bättre' if difference >= 0 else 'sämre'}")
    return Row("Årets resultat", (_tkr(result), compared))


def _equity_against_goal(f) -> Row:
    goal = f.eget_kapital_mal
    target = goal.erhallna_bidrag * goal.tak
    note = f"mål: högst {_share(goal.tak, 0)} av bidragen, {_tkr(target)}"
    if goal.andel is not None:
        note += f"; nu {_share(goal.andel)}, målet {'nått' if goal.uppfyllt else 'inte nått'}"
    return Row("Eget kapital", (_tkr(f.balansrakning.summa_eget_kapital), note))


def _costs_by_category(f) -> list[Row]:
    split = f.kostnadsfordelning
    if split is None or not split.kategorier:
        return []
    spent = [split.utfall.get(c, Decimal(0)) for c in split.kategorier]
    parts = ", ".join(f"{c.lower() if i else c} {p} %" for i, (c, p) in enumerate(
        zip(split.kategorier, percent_shares(spent), strict=True)))
    return [Row("Kostnader", (_tkr(f.resultatrakning.summa_kostnader), parts))]


def _goals_reached(f) -> list[Row]:
    outcomes = [r.uppfoljning.maluppfyllelse for area in f.mal.omraden for r in area.rader
                if r.uppfoljning is not None]
    if not outcomes:
        return []
    return [Row("Mål", (f"{outcomes.count('uppnått')} av {len(outcomes)} uppnådda",
                        f"{outcomes.count('delvis uppnått')} delvis, "
                        f"{outcomes.count('ej uppnått')} ej uppnådda"))]


def i_korthet(ctx: Context) -> Table:
    """The year at a glance, for the medlemssamråd and the front of the web page: result
    against budget, contributions, eget kapital against its target, soliditet, where the
    money went and the goals reached; every figure from the same data as the report."""
    f = ctx.figures
    prev = f.foregaende
    rows = [_result_against_budget(f),
            Row("Medlemmarnas bidrag", (_tkr(f.medlemsbidrag), (
                f"{_tkr(prev.medlemsbidrag)} året innan" if prev else ""))),
            _equity_against_goal(f),
            Row("Soliditet", (_share(f.balansrakning.soliditet), (
                f"{_share(prev.balansrakning.soliditet)} året innan" if prev else ""))),
            *_costs_by_category(f), *_goals_reached(f)]
    return Table("i-korthet", f"{f.ar} i korthet", "",
                 [Column(str(f.ar), Unit.TEXT), Column("Jämfört med", Unit.TEXT)], rows,
                 css_class="korthet")
