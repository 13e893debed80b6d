"""The financial statements as tables: resultaträkning, balansräkning, kassaflödesanalys, in
kronor, this year's and last year's, each line as the chart of accounts has it."""
from __future__ import annotations

from decimal import Decimal

from ...common.amounts import Kolumnslag, Unit
from ...common.format import kr
from ...model.kontoplan import Rad, Summa
from .base import Column, Context, Row, Table, both, note_table_name, period, shown, year_columns


def _net_financial(ctx: Context, years: tuple) -> Row:
    """The financial lines of each year as one net line (income plus, cost minus)."""
    return Row("Finansiella poster, netto", tuple(
        sum((value for item, value in year if isinstance(item, Rad) and item.finansiell),
            Decimal(0)) for year in years), id="finansiella_poster")


def resultatrakning(ctx: Context) -> Table:
    """The chart's resultaträkning: its lines with a figure, every sum of the chart; the
    financial items gross (each financial line, in every year shown, even at 0) or net (one
    line), as the förbund shows them (tabeller: finansiella_poster)."""
    years = both(ctx, lambda a: a.resultatrakning.rader)
    how = ctx.tabeller("resultatrakning").finansiella_poster
    rows: list[Row] = []
    for index, (item, _) in enumerate(years[0]):
        values = tuple(year[index][1] for year in years)
        if isinstance(item, Summa):
            rows.append(Row(item.namn, values, "total" if item.slutsumma else "sum",
                            id=item.id))
        elif item.finansiell and how == "netto":
            if not any(r.id == "finansiella_poster" for r in rows):
                rows.append(_net_financial(ctx, years))
        elif shown(values) or (item.finansiell and how == "brutto"):
            rows.append(Row(item.namn, values, note=ctx.note(note_table_name(item)),
                            id=item.id, cost=item.typ == "kostnad"))
    return Table("resultatrakning", "Resultaträkning", "Belopp i kr",
                 year_columns(ctx, period), rows,
                 note_column=any(row.note for row in rows),  # a Not column only with notes
                 costs="negativa")


def _balances(ctx: Context) -> tuple[tuple, list[int]]:
    """The balance sheets the balansräkning shows and their years: this year's and last
    year's, or in the first year the tool computes, the opening balance typed in history."""
    f = ctx.figures
    accounts = both(ctx, lambda a: a.balansrakning)
    years = [f.ar] + ([f.foregaende.ar] if f.foregaende else [])
    if f.foregaende is None and f.ingaende_balans is not None:
        accounts, years = accounts + (f.ingaende_balans,), years + [f.ar - 1]
    return accounts, years


def _equity_lines(accounts: tuple) -> tuple[list[tuple[str, tuple, str]], tuple]:
    """Eget kapital's lines as computed (the year's result always shown), and their sum."""
    lines = [(r.namn, tuple(b.eget_kapital_rader.get(r.id) for b in accounts), "")
             for r in accounts[0].kontoplan.eget_kapital
             if r.id == "arets_resultat" or shown(tuple(b.eget_kapital_rader.get(r.id)
                                                        for b in accounts))]
    return lines, tuple(b.summa_eget_kapital for b in accounts)


def _group_lines(ctx: Context, accounts: tuple, group) -> tuple[list[tuple[str, tuple, str]],
                                                                 tuple]:
    """A group's lines with a figure (each with its note's number), and their sum."""
    lines = [(r.namn, tuple(b[r.id] for b in accounts), ctx.note(note_table_name(r)))
             for r in group.rader]
    return [line for line in lines if shown(line[1])], tuple(b.summa(group.rader)
                                                              for b in accounts)


def _side_rows(ctx: Context, accounts: tuple, side) -> list[Row]:
    """One side of the balance sheet: its groups with a figure, each with its sum."""
    rows = [Row(side.namn, kind="heading")]
    for group in side.grupper:
        lines, group_total = (_equity_lines(accounts) if group.eget_kapital
                              else _group_lines(ctx, accounts, group))
        if not lines:
            continue
        rows.append(Row(group.namn, kind="subheading"))
        rows += [Row(name, values, "sub", note=note) for name, values, note in lines]
        rows.append(Row(group.summa, group_total, "sum", id=group.summa_id))
    side_total = (tuple(b.summa_tillgangar for b in accounts) if side.id == "tillgangar"
                  else tuple(b.summa_eget_kapital_och_skulder for b in accounts))
    rows.append(Row(side.summa, side_total, "total", id=side.summa_id))
    return rows


def balansrakning(ctx: Context) -> Table:
    """The chart's balansräkning: each side, its groups with a figure, sums by the chart."""
    accounts, years = _balances(ctx)
    rows = [row for side in accounts[0].kontoplan.balansrakning
            for row in _side_rows(ctx, accounts, side)]
    rows += _ansvarsforbindelser(ctx, len(years))
    return Table("balansrakning", "Balansräkning", "Belopp i kr",
                 [Column(f"{y}-12-31", Unit.KR, Kolumnslag.UTFALL, y) for y in years], rows,
                 note_column=any(row.note for row in rows))


def _ansvarsforbindelser(ctx: Context, columns: int) -> list[Row]:
    """The contingent liabilities as the outcome gives them (an amount or a text such as
    "Inga"), blank for a year without an outcome; no row when no shown year has any."""
    values = both(ctx, lambda a: a.source.utfall.ansvarsforbindelser)
    if all(v is None for v in values):
        return []
    values += (None,) * (columns - len(values))
    texts = tuple("" if v is None else v if isinstance(v, str) else kr(v) for v in values)
    return [Row("Ansvarsförbindelser", texts, format=Unit.TEXT)]


# The sections of the cash flow beyond the running business, with their total's attribute.
_FLOW_SECTIONS = (
    ("investeringar", "Investeringsverksamheten", "Kassaflöde från investeringsverksamheten",
     "kassaflode_fran_investeringsverksamheten"),
    ("finansiering", "Finansieringsverksamheten", "Kassaflöde från finansieringsverksamheten",
     "kassaflode_fran_finansieringsverksamheten"))


def _by_name(flows: tuple, section: str) -> list[Row]:
    """A section's lines by name, over the shown years (0 where a year has none)."""
    names = list(dict.fromkeys(name for k in flows for name, _ in getattr(k, section)))
    return [Row(name, tuple(dict(getattr(k, section)).get(name, Decimal(0)) for k in flows))
            for name in names]


def kassaflodesanalys(ctx: Context) -> Table:
    """Derived, never typed: the running business, and investing and financing when the
    förbund has such lines; every line by its role in the chart."""
    flows = both(ctx, lambda a: a.kassaflode)

    def row(label: str, attribute: str, kind: str = "line") -> Row:
        return Row(label, tuple(getattr(k, attribute) for k in flows), kind, id=attribute)

    rows = [Row("Den löpande verksamheten", kind="heading"),
            row("Årets resultat", "arets_resultat"),
            row("Justering för ej likviditetspåverkande poster",
                "ej_likviditetspaverkande_poster"),
            row("Medel från verksamheten före förändring av rörelsekapital",
                "medel_fore_forandring_av_rorelsekapital", "sum"),
            *_by_name(flows, "rorelsekapital"),
            row("Kassaflöde från den löpande verksamheten",
                "kassaflode_fran_den_lopande_verksamheten", "sum")]
    for section, heading, label, attribute in _FLOW_SECTIONS:
        if lines := _by_name(flows, section):
            rows += [Row(heading, kind="heading"), *lines, row(label, attribute, "sum")]
    rows += [row("Årets kassaflöde", "arets_kassaflode", "sum"),
             row("Likvida medel vid årets början", "likvida_medel_vid_arets_borjan"),
             row("Likvida medel vid årets slut", "likvida_medel_vid_arets_slut", "total")]
    return Table("kassaflodesanalys", "Kassaflödesanalys", "Belopp i kr",
                 year_columns(ctx, str), rows)
