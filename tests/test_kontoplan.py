"""The chart of accounts is data: a förbund's own lines are content, and the statements,
notes, checks and cash flow follow them with no change to the code."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers import build_html, edit, html_row, html_tables, html_text, pipeline_message

from finsam.accounts.checks import check_year
from finsam.accounts.ledger import HistoryYear, Ledger, YearSource
from finsam.load.project import RawFile
from finsam.model.historik import Historik
from finsam.model.kontoplanfil import default_chart
from finsam.model.utfall import Utfall

D = Decimal
AR = "output/2022/arsredovisning/index.html"
UTFALL = "content/2022/utfall.yaml"


def _add_project_debts(project: Path) -> None:
    """A line the default chart does not have, added in content only: debts to the owners of
    projects, 10 000 kr at the end of 2022 (kassa och bank 10 000 kr higher), specified in a
    note placed after the others."""
    (project / "content/kontoplan.yaml").write_text(
        "tillagg:\n"
        "  - {id: projektskulder, namn: Skulder till projektägare, efter: kortfristiga_skulder,\n"
        "     kassaflode: rorelsekapital}\n", encoding="utf-8")
    edit(project / UTFALL, "  kassa_och_bank: 1 233 683",
         "  kassa_och_bank: 1 243 683\n  projektskulder: 10 000")
    edit(project / UTFALL, "\nansvarsforbindelser:",
         "\n  projektskulder:\n    - {namn: Projekt Unga, belopp: 6 000}\n"
         "    - {namn: Projekt SIP, belopp: 4 000}\n\nansvarsforbindelser:")
    edit(project / "content/2022/arsredovisning/noter.md", "[[not-skulder]]",
         "[[not-skulder]]\n\n[[not-projektskulder]]")


def test_a_line_added_in_content_reaches_statement_note_check_and_cash_flow(broken):
    _add_project_debts(broken)
    build_html(broken, "2022/arsredovisning")
    tables = html_tables(broken / AR)
    nbsp = lambda row: [cell.replace("\u00a0", " ") for cell in row]  # noqa: E731
    # The balance sheet: the new line with its note's number (the sixth note placed), and
    # the liabilities' sum and the total grown by 10 000 (615 823 + 10 000; 1 335 256 + 10 000).
    assert nbsp(html_row(tables, "balansrakning", "Skulder till projektägare")) == [
        "6", "10 000", "0"]
    assert nbsp(html_row(tables, "balansrakning", "Summa skulder")) == ["", "625 823", "483 276"]
    assert nbsp(html_row(tables, "balansrakning", "Summa tillgångar")) == [
        "", "1 345 256", "1 830 994"]
    # The note, numbered and summed.
    assert "Not 6. Skulder till projektägare" in html_text(broken / AR)
    assert nbsp(html_row(tables, "not-projektskulder", "Summa")) == ["10 000", "0"]
    # The cash flow: the increase of a working-capital liability keeps 10 000 kr in cash;
    # the running business gives −564 577 + 10 000 = −554 577.
    assert nbsp(html_row(tables, "kassaflodesanalys",
                         "Förändring av skulder till projektägare")) == ["10 000", "0"]
    assert nbsp(html_row(tables, "kassaflodesanalys",
                         "Kassaflöde från den löpande verksamheten")) == ["−554 577", "848 231"]
    assert nbsp(html_row(tables, "kassaflodesanalys", "Likvida medel vid årets slut")) == [
        "1 243 683", "1 798 260"]


def test_the_added_lines_note_is_checked_against_the_line(broken):
    _add_project_debts(broken)
    edit(broken / UTFALL, "{namn: Projekt SIP, belopp: 4 000}", "{namn: Projekt SIP, belopp: 4 500}")
    message = pipeline_message(broken).replace("\u00a0", " ")
    assert ("Noten Skulder till projektägare 2022 summerar inte till sin rad i räkningen: "
            "summan av noten är 10 500 kr") in message
    assert "balansräkningens skulder till projektägare är 10 000 kr" in message
    assert "Skillnad: 500 kr" in message


def test_renamed_and_omitted_lines(broken):
    (broken / "content/kontoplan.yaml").write_text(
        "namn:\n  fordringar: Korta fordringar\nutelamna: [kortfristiga_placeringar]\n",
        encoding="utf-8")
    build_html(broken, "2022/arsredovisning")
    rows = [row[0] for row in html_tables(broken / AR)["tabell-balansrakning"]]
    assert "Korta fordringar" in rows and "Fordringar" not in rows


def test_a_mistake_in_the_chart_names_file_and_line(broken):
    (broken / "content/kontoplan.yaml").write_text(
        "namn:\n  fordringer: Korta fordringar\n", encoding="utf-8")
    message = pipeline_message(broken)
    assert "content/kontoplan.yaml, rad 2: Raden 'fordringer' finns inte i kontoplanen." in message
    assert "menade du 'fordringar'?" in message


def _invented_year(tillskott: int, **typed: int) -> Ledger:
    """An invented förbund with what the example lacks, its figures worked out by hand.

    Closing 2021: materiella anläggningstillgångar 200 000, fordringar 50 000, kassa 800 000;
    pensioner 100 000, långfristiga skulder 300 000, kortfristiga skulder 150 000; eget kapital
    500 000 (1 050 000 on both sides).
    2022: intäkter 5 000 000, kostnader 4 700 000, avskrivningar 40 000, finansiella kostnader
    10 000 → årets resultat 250 000. A new member contributes 100 000 of capital. At year end:
    materiella 260 000 (an investment of 260 000 − 200 000 + 40 000 = 100 000), fordringar
    70 000, pensioner 130 000, långfristiga 250 000 (50 000 repaid), kortfristiga 160 000;
    eget kapital 500 000 + 250 000 + 100 000 = 850 000; so kassa och bank is
    850 000 + 130 000 + 250 000 + 160 000 − 260 000 − 70 000 = 1 060 000.
    """
    chart = default_chart()
    history = Historik.model_validate({"intakter_tkr": 4_000, "kostnader_tkr": 3_900,
                                       "balansrakning": {
        "materiella_anlaggningstillgangar": 200_000, "fordringar": 50_000,
        "kassa_och_bank": 800_000, "pensioner": 100_000, "langfristiga_skulder": 300_000,
        "kortfristiga_skulder": 150_000, "eget_kapital": 500_000}})
    utfall = Utfall.model_validate({
        "ar": 2022, "eget_kapital_tillskott": tillskott,
        "resultatrakning": {"verksamhetens_intakter": 5_000_000,
                            "verksamhetens_kostnader": 4_700_000, "avskrivningar": 40_000,
                            "finansiella_kostnader": 10_000},
        "balansrakning": {"materiella_anlaggningstillgangar": 260_000, "fordringar": 70_000,
                          "kassa_och_bank": 1_060_000, "pensioner": 130_000,
                          "langfristiga_skulder": 250_000, "kortfristiga_skulder": 160_000,
                          **typed},
        "noter": {"medlemsbidrag": {"staten": 5_000_000},
                  "kostnader": {"insatser": [{"namn": "Insatser", "belopp": 4_700_000}],
                                "administration": []}}})
    return Ledger({2022: YearSource(RawFile(Path("utfall.yaml"), {}), utfall)},
                  {2021: HistoryYear(2021, history, Path("historik.yaml"), 1)}, chart)


def test_invented_forbund_statements_equal_the_hand_worked_figures():
    accounts = _invented_year(tillskott=100_000).accounts(2022)
    rr, br, kf = accounts.resultatrakning, accounts.balansrakning, accounts.kassaflode
    assert rr.summa("Verksamhetens resultat") == D(260_000)  # 5 000 000 − 4 700 000 − 40 000
    assert rr.arets_resultat == D(250_000)
    assert br.summa_eget_kapital == D(850_000)
    assert br.summa_tillgangar == D(1_390_000) == br.summa_eget_kapital_och_skulder
    # Den löpande verksamheten: 250 000 + (40 000 depreciation + 30 000 more provisions)
    # − 20 000 more receivables + 10 000 more short-term debt = 310 000.
    assert kf.ej_likviditetspaverkande_poster == D(70_000)
    assert kf.kassaflode_fran_den_lopande_verksamheten == D(310_000)
    assert kf.kassaflode_fran_investeringsverksamheten == D(-100_000)
    # Financing: 50 000 repaid, 100 000 contributed.
    assert kf.finansiering == [("Ökning (+)/minskning (−) långfristiga skulder", D(-50_000)),
                               ("Tillskott från medlemmar", D(100_000))]
    assert kf.arets_kassaflode == D(260_000)  # 310 000 − 100 000 + 50 000
    assert kf.likvida_medel_vid_arets_slut == D(1_060_000) == br.likvida_medel
    assert check_year(accounts) == []


def test_a_contribution_left_out_unbalances_the_balance_sheet_naming_both_figures():
    accounts = _invented_year(tillskott=0).accounts(2022)
    messages = [p.message.replace("\u00a0", " ") for p in check_year(accounts)]
    balance = next(m for m in messages if m.startswith("Balansräkningen 2022 balanserar inte"))
    assert "summa tillgångar är 1 390 000 kr" in balance
    assert "summa eget kapital och skulder är 1 290 000 kr" in balance
    assert "Skillnad: 100 000 kr" in balance
    # Without the contribution the cash flow is 100 000 short of kassa och bank too.
    cash = next(m for m in messages if m.startswith("Kassaflödesanalysen 2022"))
    assert "ger 960 000 kr, men kassa och bank är 1 060 000 kr" in cash


def test_the_user_guide_prints_every_line_of_the_default_chart():
    from helpers import REPO
    guide = (REPO / "docs/kontoplan.md").read_text(encoding="utf-8")
    chart = default_chart()
    for line in chart.resultatrader + chart.balansrader + chart.kostnadsgrupper:
        assert f"| `{line.id}` | {line.namn} |" in guide, line.id


@pytest.mark.parametrize("line, typed, assets, equity_and_liabilities, cash_flow_gives", [
    # A provision 1 000 higher with no cost behind it: the cash flow counts 1 000 more.
    ("pensioner", 131_000, "1 390 000", "1 391 000", "1 061 000"),
    # An asset 1 000 higher with no payment: the investing section is 1 000 more negative.
    ("materiella_anlaggningstillgangar", 261_000, "1 391 000", "1 390 000", "1 059 000"),
    # A loan 1 000 lower with no repayment: the financing section is 1 000 more negative.
    ("langfristiga_skulder", 249_000, "1 390 000", "1 389 000", "1 059 000"),
])
def test_each_new_identity_broken_names_both_figures(line, typed, assets,
                                                      equity_and_liabilities, cash_flow_gives):
    accounts = _invented_year(100_000, **{line: typed}).accounts(2022)
    messages = [p.message.replace("\u00a0", " ") for p in check_year(accounts)]
    balance = next(m for m in messages if m.startswith("Balansräkningen 2022 balanserar inte"))
    assert f"summa tillgångar är {assets} kr" in balance
    assert f"summa eget kapital och skulder är {equity_and_liabilities} kr" in balance
    cash = next(m for m in messages if m.startswith("Kassaflödesanalysen 2022"))
    assert f"ger {cash_flow_gives} kr, men kassa och bank är 1 060 000 kr" in cash


def test_result_lines_outside_the_notes_reach_the_driftredovisning():
    """Avskrivningar (40 000) are in no note: the driftredovisning shows them as a line of
    their own, so its result is the resultaträkning's 250 000 and the check holds."""
    from finsam.accounts.checks import check_drift
    from finsam.accounts.driftredovisning import build_driftredovisning
    accounts = _invented_year(100_000).accounts(2022)
    outcome = accounts.outcome
    assert outcome.drift_intakter == {"Medlemsbidrag": D(5_000_000), "Avskrivningar": D(-40_000),
                                      "Ränteintäkter (netto)": D(-10_000)}
    assert outcome.arets_resultat == D(250_000)  # 5 000 000 − 40 000 − 10 000 − 4 700 000
    drift = build_driftredovisning(outcome, None, None, accounts.resultatrakning.kontoplan)
    assert check_drift(drift, accounts) == []


def test_other_income_in_the_income_note(broken):
    """Income besides the members' (here an EU grant of 120 000 kr) is typed in the income
    note and in verksamhetens intäkter: the note sums, the driftredovisning shows it."""
    edit(broken / UTFALL, "verksamhetens_intakter: 3 000 000", "verksamhetens_intakter: 3 120 000")
    edit(broken / UTFALL, "kassa_och_bank: 1 233 683", "kassa_och_bank: 1 353 683")
    edit(broken / UTFALL, "  kostnader:\n", "  ovriga_intakter:\n    - {namn: ESF-medel, "
         "belopp: 120 000}\n  kostnader:\n")
    build_html(broken, "2022/arsredovisning")
    tables = html_tables(broken / AR)
    nbsp = lambda row: [cell.replace("\u00a0", " ") for cell in row]  # noqa: E731
    assert nbsp(html_row(tables, "not-intakter", "ESF-medel")) == ["120 000", "0"]
    assert nbsp(html_row(tables, "not-intakter", "Summa")) == ["3 120 000", "3 000 000"]
    assert nbsp(html_row(tables, "driftredovisning", "ESF-medel"))[:3] == ["120", "0", "120"]
    # The result grows by 120 tkr: −628 + 120 = −508.
    assert nbsp(html_row(tables, "driftredovisning", "Resultat"))[2] == "−508"


def test_the_plans_balance_budget_follows_the_chart(broken):
    """A pension provision of 100 000 kr in the balance the plan starts from (2020), planned
    at 120 tkr for 2022: its own row in the balansbudget, and the increase of 20 tkr a
    non-cash adjustment in the kassaflödesbudget. By hand, in tkr: Prognos 2021 cash
    950,0 + 520,0 + 36,2 − 276,8 = 1 229,4; Budget 2022 −900,0 + 20,0 = −880,0, so
    1 229,4 − 880,0 = 349,4; eget kapital 609,4 + 520,0 − 900,0 = 229,4, and
    349,4 = 229,4 + 120,0 pensions + 0 other debts."""
    edit(broken / "content/historik.yaml", "    kortfristiga_skulder: 376 817\n",
         "    kortfristiga_skulder: 276 817\n    pensioner: 100 000\n")
    budget = broken / "content/2022/verksamhetsplan/budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8")
                      + "\nrorelsekapital:\n  pensioner: {2022: 120}\n", encoding="utf-8")
    build_html(broken, "2022/verksamhetsplan")
    tables = html_tables(broken / "output/2022/verksamhetsplan/index.html")
    nbsp = lambda row: [cell.replace("\u00a0", " ") for cell in row]  # noqa: E731
    assert nbsp(html_row(tables, "balansbudget",
                         "Avsättningar för pensioner och liknande förpliktelser")) == [
        "100,0", "100,0", "120,0", "120,0", "120,0"]
    assert nbsp(html_row(tables, "balansbudget", "Kassa och bank")) == [
        "950,0", "1 229,4", "349,4", "349,4", "349,4"]
    assert nbsp(html_row(tables, "balansbudget", "Summa skulder")) == [
        "376,8", "100,0", "120,0", "120,0", "120,0"]
    assert nbsp(html_row(tables, "kassaflodesbudget",
                         "Justering för ej likviditetspåverkande poster")) == [
        "0,0", "20,0", "0,0", "0,0"]
    assert nbsp(html_row(tables, "kassaflodesbudget", "Likvida medel vid årets slut")) == [
        "1 229,4", "349,4", "349,4", "349,4"]


def test_new_year_moves_the_planned_balance_levels_on(broken):
    """`ny` lays the next budget out by the chart: a planned level of a balance line moves
    up a year with the plan years (2023 and 2024 of the 2022 plan become 2023 and 2024, and
    2025 repeats the last)."""
    budget = broken / "content/2022/verksamhetsplan/budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8")
                      + "\nrorelsekapital:\n  pensioner: {2022: 120, 2023: 130, 2024: 140}\n",
                      encoding="utf-8")
    from helpers import run_build
    assert run_build(broken, "ny", "2023").returncode == 0
    text = (broken / "content/2023/verksamhetsplan/budget.yaml").read_text(encoding="utf-8")
    assert "rorelsekapital:\n  pensioner: {2023: 130, 2024: 140, 2025: 140}" in text


def _shares_from_2023(project: Path, region: str, koping: str, arboga: str, kungsor: str) -> None:
    """Region Västmanland's share rises to 31,25 % from 2023 and the municipalities' fall to
    9,375 + 5,625 + 3,75 = 18,75 % (50 + 31,25 + 18,75 = 100); the 2023 and 2024 plan
    contributions (total 3 000 tkr) typed as given."""
    profile = project / "content/forbund.yaml"
    for old, new in (("25", "31,25"), ("12,5", "9,375"), ("7,5", "5,625"), ("5", "3,75")):
        edit(profile, f"    andel_procent: {old}\n",
             f"    andel_procent:\n      2020: {old}\n      2023: {new}\n")
    budget = project / "content/2022/verksamhetsplan/budget.yaml"
    for member, amount in (("region", region), ("koping", koping), ("arboga", arboga),
                           ("kungsor", kungsor)):
        old_line = next(line for line in budget.read_text(encoding="utf-8").split("\n")
                        if line.startswith(f"  {member}: {{2022:"))
        base = old_line.split(",")[0]
        edit(budget, old_line, f'{base}, 2023: "{amount}", 2024: "{amount}"}}')


def test_a_share_that_changes_is_checked_within_the_stated_rounding(broken):
    # 31,25 % of 3 000 tkr = 937,5 tkr; typed 938 is within half a tkr: accepted. So are
    # 281,25 → 281, 168,75 → 169 and 112,5 → 112 (1 500 + 938 + 281 + 169 + 112 = 3 000).
    _shares_from_2023(broken, "938", "281", "169", "112")
    assert pipeline_message(broken) == ""


def test_a_contribution_outside_the_rounding_names_share_total_and_tolerance(broken):
    # 939 tkr where 31,25 % of 3 000 tkr is 937,5: 1 500 kr off, more than half a tkr. The
    # other four members' contributions are their shares of 3 000 tkr (within 500 kr), so
    # the whole is 3 000 tkr and only Region Västmanland is named. (The total with the wrong
    # 939 is 3 001 tkr, of which Kungsör's 3,75 % would be 112 537,5 kr: blaming Kungsör's
    # right 112 was the misleading message of issue 25.)
    _shares_from_2023(broken, "939", "281", "169", "112")
    message = pipeline_message(broken).replace("\u00a0", " ")
    assert message.startswith("Bygget stoppades: 2 fel.")  # one member, two plan years
    assert ("content/2022/verksamhetsplan/budget.yaml, rad 10: Plan 2023: Region Västmanland "
            "bidrar med 939 000 kr, men andelen 31,25 % av de 3 000 000 kr som de andra "
            "medlemmarnas bidrag motsvarar är 937 500 kr (avrundat till närmaste 1 000 kr "
            "godtas).") in message
    assert "Kungsör" not in message


def test_a_member_before_it_joins_has_no_share(broken):
    """A member whose share starts in 2023 (here Surahammars kommun, 0 % at first) cannot
    contribute in 2022: the message says it is not a member yet."""
    profile = broken / "content/forbund.yaml"
    edit(profile, "styrelse:", "  - id: surahammar\n    namn: Surahammars kommun\n"
         "    andel_procent:\n      2023: 0\n\nstyrelse:")
    budget = broken / "content/2022/verksamhetsplan/budget.yaml"
    edit(budget, "  kungsor: {2022: 150,", "  surahammar: {2022: 10}\n  kungsor: {2022: 150,")
    message = pipeline_message(broken).replace("\u00a0", " ")
    assert ("Budget 2022: Surahammars kommun bidrar med 10 000 kr, men är inte medlem 2022 "
            "enligt forbund.yaml.") in message


def test_a_line_left_out_is_its_notes_sum(broken):
    """A figure typed once, at the finest level: with verksamhetens kostnader and the
    kortfristiga skulder left out of the statements, they are their notes' sums (the note
    posts of 2022 add to 3 643 029 and 615 823, the published lines), and everything that
    follows from them (result, balance, cash flow) is as before."""
    edit(broken / UTFALL, "  verksamhetens_kostnader: 3 643 029\n", "")
    edit(broken / UTFALL, "  kortfristiga_skulder: 615 823\n", "")
    build_html(broken, "2022/arsredovisning")
    tables = html_tables(broken / AR)
    nbsp = lambda row: [cell.replace("\u00a0", " ") for cell in row]  # noqa: E731
    assert nbsp(html_row(tables, "resultatrakning", "Verksamhetens kostnader"))[1:] == [
        "−3 643 029", "−2 261 664"]
    assert nbsp(html_row(tables, "resultatrakning", "Årets resultat"))[1:] == [
        "−628 285", "738 336"]
    assert nbsp(html_row(tables, "balansrakning", "Kortfristiga skulder"))[1:] == [
        "615 823", "483 276"]
