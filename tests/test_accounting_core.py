"""The accounting core in-process, with small figures worked out by hand in each test:
the statements, the ledger's roll-forward from one year to the next, the rounding rule,
the driftredovisning's lines and the computed cash-flow and balance budget."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from finsam.accounts.budgetplan import check_columns, closing_column, next_column
from finsam.accounts.driftredovisning import Driftrad
from finsam.accounts.ledger import HistoryYear, Ledger, YearSource
from finsam.accounts.statements import ClosingBalance, Resultatrakning
from finsam.common.errors import BuildError
from finsam.common.rounding import apportion, to_tkr
from finsam.load.project import RawFile
from finsam.model.historik import Historik
from finsam.model.kontoplanfil import default_chart
from finsam.model.utfall import Utfall

D = Decimal
CHART = default_chart()


def closing(year: int, fordringar: int, kassa: int, skulder: int, eget_kapital: int):
    return ClosingBalance(year, CHART, {"fordringar": D(fordringar), "kassa_och_bank": D(kassa),
                                        "kortfristiga_skulder": D(skulder)}, D(eget_kapital))


def test_resultatrakning_sums():
    rr = Resultatrakning(2022, CHART, {
        "verksamhetens_intakter": D(3_000_000), "verksamhetens_kostnader": D(3_643_029),
        "finansiella_intakter": D(14_755), "finansiella_kostnader": D(11)})
    # 3 000 000 − 3 643 029 = −643 029; −643 029 + 14 755 − 11 = −628 285.
    assert rr.summa("Verksamhetens resultat") == D(-643_029)
    assert rr.summa("Resultat efter finansiella poster") == D(-628_285)
    assert rr.finansiella_poster == D(14_744)
    assert rr.arets_resultat == D(-628_285)
    assert rr.summa_intakter == D(3_014_755)
    assert rr.summa_kostnader == D(3_643_040)


def _ledger() -> Ledger:
    """History 2020 (closing balance typed) and an outcome for 2021, in kronor:
    2020: fordringar 100, kassa 900, skulder 200, eget kapital 800 (1 000 = 800 + 200).
    2021: intäkter 1 000, kostnader 700 → resultat 300; fordringar 50, kassa 1 300,
    skulder 250."""
    history = Historik.model_validate({"intakter_tkr": 1, "kostnader_tkr": 1, "balansrakning": {
        "fordringar": 100, "kassa_och_bank": 900, "kortfristiga_skulder": 200,
        "eget_kapital": 800}})  # the closing balance of 2020
    utfall = Utfall.model_validate({
        "ar": 2021,
        "resultatrakning": {"verksamhetens_intakter": 1_000, "verksamhetens_kostnader": 700},
        "balansrakning": {"fordringar": 50, "kassa_och_bank": 1_300, "kortfristiga_skulder": 250},
        "noter": {"medlemsbidrag": {"staten": 1_000},
                  "kostnader": {"insatser": [{"namn": "Insats", "belopp": 600}],
                                "administration": [{"namn": "Styrelse", "belopp": 100}]},
                  "fordringar": [{"namn": "Moms", "belopp": 50}],
                  "kortfristiga_skulder": [{"namn": "Leverantörer", "belopp": 250}]}})
    source = YearSource(RawFile(Path("utfall.yaml"), {}), utfall)
    return Ledger({2021: source}, {2020: HistoryYear(2020, history, Path("historik.yaml"), 1)},
                  CHART)


def test_ledger_rolls_eget_kapital_and_cash_forward():
    accounts = _ledger().accounts(2021)
    br, kf = accounts.balansrakning, accounts.kassaflode
    assert br.summa_eget_kapital == D(1_100)  # 800 + 300
    assert br.summa_tillgangar == D(1_350) == br.summa_eget_kapital_och_skulder  # 50 + 1 300
    assert br.soliditet == D(1_100) / D(1_350)
    assert kf.rorelsekapital == [  # 100 → 50: a decrease frees cash; 200 → 250 keeps cash
        ("Ökning (−)/minskning (+) kortfristiga fordringar", D(50)),
        ("Ökning (+)/minskning (−) kortfristiga skulder", D(50))]
    assert kf.arets_kassaflode == D(400)  # 300 + 50 + 50
    assert kf.likvida_medel_vid_arets_slut == D(1_300) == br.likvida_medel  # 900 + 400
    assert accounts.medlemsbidrag == D(1_000)
    assert accounts.kostnader_insatser == D(600)
    assert accounts.kostnader_administration == D(100)


def test_ledger_closing_balance_of_history_and_of_an_outcome():
    ledger = _ledger()
    assert ledger.closing(2020) == closing(2020, 100, 900, 200, 800)
    assert ledger.closing(2021) == closing(2021, 50, 1_300, 250, 1_100)
    assert ledger.closing(2019) is None


@pytest.mark.parametrize("kronor, tkr", [
    (D(1_500), 2), (D(1_499), 1), (D(-1_500), -2), (D(-1_499), -1), (D(500), 1), (D(499), 0),
    (D(628_285), 628), (D(-628_500), -629)])
def test_to_tkr_rounds_half_away_from_zero(kronor, tkr):
    assert to_tkr(kronor) == tkr


def test_apportion_makes_rounded_lines_add_up_to_the_rounded_sum():
    # 1 400 + 1 400 + 400 = 3 200 kr → 3 tkr; each line alone rounds to 1 + 1 + 0 = 2.
    # Every line was rounded down by 0,4 tkr: the tie goes to the first line.
    assert apportion(3, [D(1_400), D(1_400), D(400)]) == [2, 1, 0]
    # 2 600 + 2 600 + 2 600 = 7 800 → 8 tkr; alone 3 + 3 + 3 = 9: one line gives up 1.
    assert apportion(8, [D(2_600), D(2_600), D(2_600)]) == [2, 3, 3]
    # The published driftredovisning 2022: 247 513 kr shown as 247 tkr so the insats lines
    # add up; here with a partner line of 1 499 kr: 249 012 kr → 249 tkr, alone 248 + 1.
    assert apportion(249, [D(247_513), D(1_499)]) == [248, 1]


def test_driftrad_netto_and_deviation_for_a_cost_and_an_income_line():
    cost = Driftrad("Processtödjare", 0, 547, 591, 0, 426, is_cost=True)
    assert (cost.netto, cost.avvikelse, cost.fg_netto) == (547, 44, 426)  # 591 − 547
    income = Driftrad("Medlemsbidrag", 3_015, 0, 3_000, 3_000, 0, is_cost=False)
    assert (income.netto, income.avvikelse, income.fg_netto) == (3_015, 15, 3_000)
    over = Driftrad("NPF", 0, 405, 400, None, None, is_cost=True)
    assert over.avvikelse == -5 and over.fg_netto is None  # over budget: negative


def test_budget_columns_roll_forward_and_every_identity_holds():
    start = closing_column("Bokslut 2020", closing(2020, 100, 900, 200, 800))
    # Budget 2021: result −300, fordringar unchanged, skulder down to 150.
    budget = next_column(start, "Budget 2021", D(-300), {"kortfristiga_skulder": D(150)})
    assert budget.forandring_fordringar == D(0)
    assert budget.forandring_skulder == D(-50)
    assert budget.rorelsekapital == (("Ökning (−)/minskning (+) kortfristiga fordringar", D(0)),
                                     ("Ökning (+)/minskning (−) kortfristiga skulder", D(-50)))
    assert budget.kassaflode == D(-350)  # −300 + 0 − 50
    assert budget.kassa_och_bank == D(550)  # 900 − 350
    assert budget.eget_kapital == D(500)  # 800 − 300
    assert budget.summa_tillgangar == D(650) == budget.summa_eget_kapital_och_skulder
    assert check_columns([start, budget], {"Budget 2021": D(-300)}) == []


def test_budget_column_that_does_not_add_up_is_named_with_its_figures():
    start = closing_column("Bokslut 2020", closing(2020, 100, 900, 200, 800))
    budget = next_column(start, "Budget 2021", D(-300), {"kortfristiga_skulder": D(150)})
    wrong = budget.__class__(**{**budget.__dict__, "kassa_och_bank": D(551),
                                "summa_tillgangar": D(651)})
    found = check_columns([start, wrong], {"Budget 2021": D(-300)})
    assert any(text.startswith("Budget 2021: kassaflödesbudgetens likvida medel vid årets slut")
               for text in found), found
    assert any("balansbudgeten balanserar inte" in text for text in found), found


@pytest.mark.parametrize("intakter, kostnader, shown", [
    # Typed with decimals in tkr: rounded half away from zero, never truncated (14 178,5 →
    # 14 179; 2 786,991 → 2 787; 11 391,509 → 11 392, and 14 179 − 2 787 = 11 392).
    ("14 178,5", "2 786,991", (14_179, -2_787, 11_392)),
    # 10,4 − 5,6 = 4,8 → 5; alone the lines round to 10 and −6 (= 4): both were rounded
    # by 0,4, the tie goes to the first line, which takes the missing 1.
    ("10,4", "5,6", (11, -6, 5)),
    ("3 000", "2 887", (3_000, -2_887, 113)),
])
def test_history_in_the_five_year_overview_is_rounded_by_the_rule(intakter, kostnader, shown):
    history = Historik.model_validate({"intakter_tkr": intakter, "kostnader_tkr": kostnader,
                                       "anstallda": 0, "soliditet_procent": 50})
    ledger = Ledger({}, {2018: HistoryYear(2018, history, Path("historik.yaml"), 1)}, CHART)
    row = ledger.overview(2018)
    assert (row.intakter, row.kostnader, row.resultat) == shown


@pytest.mark.parametrize("typed, missing", [
    ({"anstallda": 2}, ["soliditet för 2018"]),
    ({"soliditet_procent": 61}, ["antal anställda för 2018"]),
    ({}, ["soliditet för 2018", "antal anställda för 2018"]),
])
def test_history_without_soliditet_or_staff_is_refused_not_left_empty(typed, missing):
    """The overview shows soliditet and staff for every year: a history year that gives
    neither (no soliditet_procent, no closing balance to compute it from; no anstallda) is a
    mistake naming the year, never an empty cell or an invented 0."""
    history = Historik.model_validate({"intakter_tkr": 3_000, "kostnader_tkr": 2_887, **typed})
    ledger = Ledger({}, {2018: HistoryYear(2018, history, Path("historik.yaml"), 4)}, CHART)
    with pytest.raises(BuildError) as raised:
        ledger.overview(2018)
    messages = [p.message for p in raised.value.problems]
    assert [m.split("visar ")[1].split(",")[0] for m in messages] == missing
    assert all(p.line == 4 for p in raised.value.problems)


def test_history_with_staff_and_soliditet_shows_them_as_typed():
    """Typed figures are shown as typed: 2 anställda, soliditet 61 % (0,61)."""
    history = Historik.model_validate({"intakter_tkr": 3_000, "kostnader_tkr": 2_887,
                                       "anstallda": 2, "soliditet_procent": 61})
    ledger = Ledger({}, {2018: HistoryYear(2018, history, Path("historik.yaml"), 4)}, CHART)
    row = ledger.overview(2018)
    assert (row.anstallda, row.soliditet) == (2, Decimal("0.61"))


def test_five_year_overview_with_and_without_financial_items():
    """2021 of _ledger() has no financial items; a year with them, by hand: intäkter
    1 000 000 + finansiella 2 400, kostnader 900 000 + finansiella 400 → årets resultat
    102 000 (102 tkr). With the items: 1 002 tkr − 900 tkr = 102 (rounded to add up: 1 002,4
    → 1 002, −900,4 → −900). Without: 1 000 and −900, and årets resultat still 102."""
    history = Historik.model_validate({"intakter_tkr": 1, "kostnader_tkr": 1, "balansrakning": {
        "kassa_och_bank": 1_000_000, "eget_kapital": 1_000_000}})
    utfall = Utfall.model_validate({
        "ar": 2021,
        "resultatrakning": {"verksamhetens_intakter": 1_000_000, "finansiella_intakter": 2_400,
                            "verksamhetens_kostnader": 900_000, "finansiella_kostnader": 400},
        "balansrakning": {"kassa_och_bank": 1_102_000},
        "noter": {"medlemsbidrag": {"staten": 1_000_000},
                  "kostnader": {"insatser": [{"namn": "Insats", "belopp": 900_000}],
                                "administration": []}}})
    ledger = Ledger({2021: YearSource(RawFile(Path("utfall.yaml"), {}), utfall)},
                    {2020: HistoryYear(2020, history, Path("historik.yaml"), 1)}, CHART)
    with_items = ledger.overview(2021, financial_items=True)
    assert (with_items.intakter, with_items.kostnader, with_items.resultat) == (1_002, -900, 102)
    without = ledger.overview(2021, financial_items=False)
    assert (without.intakter, without.kostnader, without.resultat) == (1_000, -900, 102)
    assert (without.intakter_kr, without.kostnader_kr, without.resultat_kr) == (
        D(1_000_000), D(900_000), D(102_000))


@pytest.mark.parametrize("parts, shares", [
    # 1/3 each: 33,33… rounded down to 33 three times, the point left to the first (a tie).
    ([D(1), D(1), D(1)], [34, 33, 33]),
    # 79,218 % and 20,782 %: 79 + 20 = 99, the point to the larger remainder (0,782).
    ([D(2_885_933), D(757_096)], [79, 21]),
    ([D(0), D(0)], [0, 0]),
])
def test_percent_shares_add_up_to_100_by_largest_remainder(parts, shares):
    from finsam.common.rounding import percent_shares
    assert percent_shares(parts) == shares


def test_a_plan_with_two_fixed_asset_lines_has_one_investment_row():
    """Materiella 100 → 130 and finansiella anläggningstillgångar 50 → 60: one investment row
    of −(30 + 10) = −40, and with a result of 0 kassa och bank goes from 850 to 810."""
    start = closing_column("Bokslut 2020", ClosingBalance(2020, CHART, {
        "materiella_anlaggningstillgangar": D(100), "finansiella_anlaggningstillgangar": D(50),
        "kassa_och_bank": D(850)}, D(1_000)))
    plan = next_column(start, "Budget 2021", D(0), {
        "materiella_anlaggningstillgangar": D(130), "finansiella_anlaggningstillgangar": D(60)})
    assert plan.investeringar == (("Investeringar i anläggningstillgångar (netto)", D(-40)),)
    assert plan.rader["kassa_och_bank"] == D(810)
    assert plan.summa_tillgangar == D(1_000) == plan.summa_eget_kapital_och_skulder


def test_statistics_shares_by_each_stated_rule():
    """68 participants (Västerås 2020's reasons for leaving). Exact shares 19,118 / 25,0 /
    1,471 / 1,471 / 7,353 / 10,294 / 16,176 / 10,294 / 4,412 / 2,941 / 1,471 %. Each rounded
    half up on its own (as SUS reports): 7,353 → 7,4 and the sum is 100,1. By the largest
    remainder: rounded down they sum to 99,4; the six tenths go to 0,941, 0,941, 0,765 and
    the three 0,706 (10,3, 10,3, 16,2, 1,5, 1,5, 1,5), so 7,353 stays 7,3 and the sum is 100,0."""
    from finsam.render.tables.statistik import shares
    counts = [13, 17, 1, 1, 5, 7, 11, 7, 3, 2, 1]
    percent = lambda values: [f"{v * 100:.1f}" for v in values]  # noqa: E731
    each = percent(shares(counts, 68, 1, "var_for_sig"))
    assert each == ["19.1", "25.0", "1.5", "1.5", "7.4", "10.3", "16.2", "10.3", "4.4", "2.9", "1.5"]
    largest = shares(counts, 68, 1, "storsta_rest")
    assert percent(largest) == [
        "19.1", "25.0", "1.5", "1.5", "7.3", "10.3", "16.2", "10.3", "4.4", "2.9", "1.5"]
    assert sum(largest) * 100 == 100
