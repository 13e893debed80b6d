"""One figure per label in a document (finsam/render/samelabel.py, issue 31): the same row
label in two tables, same kind of column and year, shows the same amount; kr and tkr are
compared in kronor, within the rounding the tkr figure states."""
from __future__ import annotations

from decimal import Decimal

from finsam.common.amounts import Kolumnslag, Tkr
from finsam.render.samelabel import column_periods, label_problems, same_label
from finsam.render.tables import Column, Row, Table

UTFALL, BUDGET, AVVIKELSE = Kolumnslag.UTFALL, Kolumnslag.BUDGET, Kolumnslag.AVVIKELSE


def table(name: str, label: str, value, fmt: str = "kr", header: str = "2022-01-01–2022-12-31",
          kind: str = "line", slag: Kolumnslag = UTFALL, year: int = 2022) -> Table:
    """One column of figures of `slag` and `year`, headed `header`; an int in tkr is a
    figure rounded to whole tkr already (Tkr)."""
    if fmt == "tkr" and isinstance(value, int):
        value = Tkr(value)
    return Table(name, name.capitalize(), "", [Column(header, fmt, slag, year)],
                 [Row(label, (value,), kind)])


def problems(*tables: Table) -> list[str]:
    return [p.message for p in label_problems({t.name: t for t in tables}, None)]


def test_a_label_with_two_figures_names_both_tables_and_figures():
    # The case: 4 480 000 kr in the resultaträkning, 4 502 tkr in the overview.
    found = problems(table("resultatrakning", "Verksamhetens intäkter", Decimal(4480000)),
                     table("oversikt", "Verksamhetens intäkter (tkr)", 4502, "tkr", "År 2022"))
    assert found == ["Raden 'Verksamhetens intäkter' visar två olika belopp för utfall 2022: "
                     "4\u00a0480\u00a0000 kr i tabellen 'Resultatrakning' och 4\u00a0502 tkr i "
                     "tabellen 'Oversikt'."]


def test_tkr_within_its_rounding_and_a_sign_are_the_same_figure():
    kronor = table("resultatrakning", "Verksamhetens kostnader", Decimal(-3642591))
    assert problems(kronor, table("oversikt", "Verksamhetens kostnader (tkr)", -3643, "tkr",
                                  "År 2022")) == []
    assert problems(kronor, table("not", "Summa verksamhetens kostnader", Decimal(3642591),
                                  kind="sum")) == []
    # One tkr off is another figure (3 641 tkr is 3 641 000 kr, 1 591 kr from the kronor).
    assert len(problems(kronor, table("oversikt", "Verksamhetens kostnader (tkr)", -3641, "tkr",
                                      "År 2022"))) == 1


def test_only_like_with_like_is_compared():
    outcome = table("resultatrakning", "Verksamhetens intäkter", Decimal(3000000))
    # another year, a budget column, a total row, a share: not the same figure
    assert problems(outcome, table("b", "Verksamhetens intäkter", 2900, "tkr", "Utfall 2021",
                                   year=2021)) == []
    assert problems(outcome, table("c", "Verksamhetens intäkter", 2900, "tkr", "Budget 2022",
                                   slag=BUDGET)) == []
    assert problems(outcome, table("d", "Verksamhetens intäkter", 2900, "tkr", "2022",
                                   kind="total")) == []
    assert problems(outcome, table("e", "Verksamhetens intäkter", Decimal("0.5"), "procent",
                                   "2022")) == []


def test_the_driftredovisning_compares_its_netto_by_its_group():
    drift = Table("driftredovisning", "Driftredovisning", "",
                  [Column(h, "tkr", slag, 2022) for h, slag in (
                      ("Intäkt", UTFALL), ("Kostnad", UTFALL), ("Netto", UTFALL),
                      ("Netto", BUDGET), ("Netto", AVVIKELSE))],
                  [Row("Summa verksamhetens intäkter", tuple(map(Tkr, (3015, 0, 3015, 3000, 15))),
                       "sum")],
                  groups=[("Utfall 2022", 3), ("Budget 2022", 1), ("Avvikelse 2022", 1)])
    assert column_periods(drift) == [("utfall", 2022)] * 3 + [("budget", 2022), None]
    assert same_label("Summa verksamhetens intäkter") == same_label("Verksamhetens intäkter (tkr)")


def test_a_driftredovisning_row_agrees_with_any_of_its_intakt_kostnad_netto():
    """A cost group's sum whose lines carry income (EU-medel on a project): its Kostnad is
    the note's sum, its Netto less; the reader finds the note's figure in the row."""
    drift = Table("driftredovisning", "Driftredovisning", "",
                  [Column(h, "tkr", UTFALL, 2022) for h in ("Intäkt", "Kostnad", "Netto")],
                  [Row("Summa insatser", tuple(map(Tkr, (350, 2886, -2536))), "sum")],
                  groups=[("Utfall 2022", 3)])
    note = table("not", "Summa insatser", Decimal(2885933), header="År 2022", kind="sum")
    assert problems(drift, note) == []
    other = table("not", "Summa insatser", Decimal(2000000), header="År 2022", kind="sum")
    assert problems(drift, other) == [
        "Raden 'Summa insatser' visar två olika belopp för utfall 2022: −2\u00a0536 tkr i "
        "tabellen 'Driftredovisning' och 2\u00a0000\u00a0000 kr i tabellen 'Not'."]
