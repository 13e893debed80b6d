"""The årsredovisning's tables beyond the statements: the five-year overview, the
balanskrav, eget kapital against its goal, the cost split, the year at a glance and the
goals reached."""
from __future__ import annotations

from dataclasses import replace
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
         Row(kostnader_label + unit, kostnader, id="kostnader", cost=True),
         Row("Årets resultat" + unit, resultat, "sum", id="arets_resultat"),
         Row("Soliditet", tuple(y.soliditet for y in years),
             format=Unit.PROCENT if how.soliditet_decimaler else Unit.PROCENT0, id="soliditet"),
         Row("Antal anställda", tuple(y.anstallda for y in years), format=Unit.TAL,
             id="anstallda")],
        footnote=("Intäkter och kostnader inklusive finansiella poster. "
                  if how.finansiella_poster == "med" else
                  "Intäkter och kostnader utan finansiella poster; årets resultat med dem. ")
        + "Soliditet är eget kapital i procent av summa tillgångar." + history,
        css_class="femar", costs=how.kostnader)


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


def _shares(parts: list[Decimal], decimals: int = 0) -> list[Decimal]:
    """Each part's share of their sum in whole percent (or tenths; largest remainder: 100 %
    in all), and the sum's, 1."""
    scale = 100 * 10 ** decimals
    return [Decimal(p) / scale for p in percent_shares(parts, decimals)] + [Decimal(1)]


def _percent_of(parts: list[Decimal], base: Decimal, decimals: int = 0) -> list[Decimal]:
    scale = 100 * 10 ** decimals
    shares, whole = percent_of(parts, base, decimals)
    return [Decimal(p) / scale for p in shares] + [Decimal(whole) / scale]


def _split_budget(split, year: int, of_income: bool, outcome: list[Decimal], decimals: int
                  ) -> tuple[list[Column], list[list]]:
    """The budget's columns of the cost split: budget (and its shares, of the costs), the
    deviation as published or computed, and in percent of budget where asked."""
    planned = [split.budget.get(c, Decimal(0)) for c in split.kategorier]
    planned.append(sum(planned, Decimal(0)))
    deviation = [b - u for b, u in zip(planned, outcome, strict=True)]
    columns = [Column(f"Budget {year}", Unit.KR, Kolumnslag.BUDGET, year)]
    values: list[list] = [planned]
    if not of_income:
        columns.append(Column("Andel", Unit.percent(decimals), Kolumnslag.ANDEL, year))
        values.append(_shares(planned[:-1], decimals))
    columns.append(Column("Avvikelse", Unit.KR, Kolumnslag.AVVIKELSE, year))
    values.append([split.publicerad.get(c, d) for c, d in
                   zip([*split.kategorier, ""], deviation, strict=True)])
    if split.val.avvikelse_procent:
        columns.append(Column("Avvikelse i % av budget", Unit.percent(decimals),
                              Kolumnslag.AVVIKELSE, year))
        scale = 100 * 10 ** decimals
        values.append([None if (p := percent_change(d, b, decimals)) is None
                       else Decimal(p) / scale for d, b in zip(deviation, planned, strict=True)])
    return columns, values


def _outcome_columns(split, categories: list[str], of_income: bool, decimals: int,
                     many: bool) -> tuple[list[Column], list[list]]:
    """A year's outcome and its shares (of the costs, or of the income); headed with the
    year when several years stand side by side."""
    spent = [split.utfall.get(c, Decimal(0)) for c in categories]
    share = "Andel av intäkterna" if of_income else "Andel"
    columns = [Column(f"Utfall {split.ar}", Unit.KR, UTFALL, split.ar),
               Column(f"{share} {split.ar}" if many else share, Unit.percent(decimals),
                      Kolumnslag.ANDEL, split.ar)]
    return columns, [spent + [sum(spent, Decimal(0))],
                     _percent_of(spent, split.intakter, decimals) if of_income
                     else _shares(spent, decimals)]


_EXTRA_ROWS = {"intakter": "Intäkter", "ingaende_eget_kapital": "Ingående eget kapital",
               "anvant_eget_kapital": "Använt eget kapital",
               "summa": "Summa intäkter och eget kapital"}


def _extra_values(split, kind: str, budget: bool) -> Decimal | None:
    """One of the rows under the categories for a year's outcome (or its budget): the
    income, the eget kapital at the year's start, the eget kapital the costs beyond the
    income used (0 where the income covered them)."""
    income = split.budget_intakter if budget else split.intakter
    costs = split.budget_summa if budget else split.summa_kostnader
    if income is None or costs is None:
        return None
    if kind == "intakter":
        return income
    if kind == "ingaende_eget_kapital":  # the same at the start of the year for both
        return split.ingaende_eget_kapital
    return max(Decimal(0), costs - income)


def _extra_rows(splits: list, columns: list[Column], kinds: list[str]) -> list[Row]:
    """The rows the förbund shows under the categories (tabeller: rader), in the columns of
    each year's outcome and budget; the sum is the income and the eget kapital shown."""
    def cells(kind: str) -> tuple:
        values = []
        for column in columns:
            split = next((s for s in splits if s.ar == column.ar), None)
            if split is None or column.slag not in (UTFALL, Kolumnslag.BUDGET):
                values.append(None)
                continue
            budget = column.slag is Kolumnslag.BUDGET
            if kind == "summa":
                parts = [_extra_values(split, k, budget) for k in kinds if k != "summa"]
                known = [p for p in parts if p is not None]
                values.append(sum(known, Decimal(0)) if known else None)
            else:
                values.append(_extra_values(split, kind, budget))
        return tuple(values)
    return [Row(_EXTRA_ROWS[kind], cells(kind), "total" if kind == "summa" else "line")
            for kind in kinds]


def kostnadsfordelning(ctx: Context) -> Table:
    """Costs by category, outcome and budget, in kronor and as shares (whole percent, or
    tenths): of the total cost by the largest-remainder rule, so that each column adds up to
    100 %, or of verksamhetens intäkter, the total rounded half up and the categories adding
    to it; earlier years' outcome beside it, and the income and eget kapital under it, where
    the förbund shows them (tabeller: kostnadsfordelning)."""
    split = ctx.figures.kostnadsfordelning
    val = ctx.tabeller("kostnadsfordelning")
    decimals = val.procent_decimaler or 0
    year = ctx.figures.ar
    splits = [split, *ctx.figures.tidigare_fordelningar]
    categories = list(dict.fromkeys(c for s in splits for c in s.kategorier))
    of_income = split.val.andel_av == "intakter"
    columns, values = _outcome_columns(split, categories, of_income, decimals, len(splits) > 1)
    if split.budget is not None:
        more_columns, more_values = _split_budget(replace(split, kategorier=categories), year,
                                                  of_income, values[0], decimals)
        columns, values = columns + more_columns, values + more_values
    for earlier in splits[1:]:
        more_columns, more_values = _outcome_columns(earlier, categories, of_income, decimals,
                                                     True)
        columns, values = columns + more_columns, values + more_values
    labels = [*categories, "Summa kostnader"]
    rows = [Row(label, tuple(column[i] for column in values),
                "total" if i == len(labels) - 1 else "line", cost=True)
            for i, label in enumerate(labels)]
    rows += _extra_rows(splits, columns, val.rader)
    share = "hela procent" if decimals == 0 else "procent med en decimal"
    rule = (f"Andelarna är andel av verksamhetens intäkter i {share}; summan avrundad "
            "uppåt från halv procent och kategorierna så att de blir summan (största "
            "rest-metoden)." if of_income else
            f"Andelarna är avrundade till {share} så att varje kolumn blir 100 % "
            "(största rest-metoden).")
    deviation = " Avvikelse: budget minus utfall." if split.budget is not None else ""
    return Table("kostnadsfordelning", "Kostnadsfördelning", "", columns, rows,
                 footnote=rule + deviation, css_class="fordelning")


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
