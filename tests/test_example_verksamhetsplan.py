"""The built verksamhetsplan 2022 shows the reference's budget, and the årsredovisning
takes its budget and goals from it. Expected figures are copied from the reference."""
from __future__ import annotations

import pytest
import yaml
from helpers import REPO, build_html, edit, html_row, html_tables, pdf_lines, pipeline_message

VP_PDF = "output/2022/verksamhetsplan/verksamhetsplan-2022.pdf"
VP_HTML = "output/2022/verksamhetsplan/index.html"
AR_PDF = "output/2022/arsredovisning/arsredovisning-2022.pdf"
AR_HTML = "output/2022/arsredovisning/index.html"
BUDGET = "content/2022/verksamhetsplan/budget.yaml"
NB = "\u00a0"

# Columns: Budget 2021, Budget 2022, Plan 2023, Plan 2024 (as in the reference).
REFERENCE_LINES = [
    "Stat 1 500 1 500 1 500 1 500",
    "Region 750 750 750 750",
    "Köpings kommun 375 375 375 375",
    "Arboga kommun 225 225 225 225",
    "Kungsörs kommun 150 150 150 150",
    "Summa verksamhetens intäkter 3 000 3 000 3 000 3 000",
    "Samordning och ekonomi 761 730 737 743",
    "Summa verksamhetskostnader 1 034 928 935 941",
    "Processtödjare 410 460 462 463",
    "SIP-samordnare KAK 900 900",
    "Sökbara medel 569 41 934",
    "Summa kostnader insatser 1 966 2 972 2 065 2 059",
    "Årets resultat 0 −900 0 0",
    # Cash-flow and balance budget, computed (Prognos 2021 as explained in the document)
    "Likvida medel vid årets början 950,0 1 129,4 229,4 229,4",
    "Likvida medel vid årets slut 1 129,4 229,4 229,4 229,4",
    "Kassa och bank 950,0 1 129,4 229,4 229,4 229,4",
    "Summa eget kapital och skulder 986,2 1 129,4 229,4 229,4 229,4",
]


@pytest.fixture(scope="module")
def vp_lines(example):
    return pdf_lines(example / VP_PDF)


@pytest.mark.parametrize("expected", REFERENCE_LINES)
def test_pdf_budget_lines(vp_lines, expected):
    assert expected in vp_lines


def test_pdf_cover_and_narrative(vp_lines):
    text = " ".join(vp_lines)
    assert "Verksamhetsplan och budget 2022" in text and "Plan 2023–2024" in text
    assert "Beslutad av styrelsen 25 november 2021" in text and "Dnr SVM 2021/17" in text
    assert "underskott på −900 tkr" in text
    assert "928 tkr i verksamhetskostnader och 2 972 tkr till insatser" in text


def test_html_budget_columns(example):
    tables = html_tables(example / VP_HTML)
    assert html_row(tables, "resultatbudget", "Summa verksamhetskostnader") == [
        f"1{NB}034", "928", "935", "941"]
    assert html_row(tables, "resultatbudget", "Summa kostnader insatser") == [
        f"1{NB}966", f"2{NB}972", f"2{NB}065", f"2{NB}059"]
    assert html_row(tables, "resultatbudget", "Årets resultat") == ["0", "−900", "0", "0"]
    assert html_row(tables, "resultatbudget", "Stat") == [f"1{NB}500"] * 4
    header = tables["tabell-resultatbudget"][0]
    assert header == ["Belopp i tkr", "Budget 2021", "Budget 2022", "Plan 2023", "Plan 2024"]


def test_goals_listed_in_verksamhetsplan(example):
    html = (example / VP_HTML).read_text(encoding="utf-8")
    goals = yaml.safe_load((REPO / "examples/vastra-malardalen/content/2022/verksamhetsplan/mal.yaml").read_text("utf-8"))
    for area in goals["omraden"]:
        for goal in area["mal"]:
            assert f'<li id="mal-{goal["id"]}">' in html


def test_arsredovisning_budget_is_the_latest_revision(example):
    lines = pdf_lines(example / AR_PDF)
    text = " ".join(lines)
    assert "Budget: reviderad budget 2022, beslutad av styrelsen i juni 2022." in text
    # The revised budget (−874), not the plan's original (−900), is the drift's budget column.
    assert "Resultat 3 015 3 643 −628 −874 246 3 000 2 262 738" in lines


def test_arsredovisning_follows_up_every_goal(example):
    """Each goal of the verksamhetsplan has a row with the outcome typed for it."""
    tables = html_tables(example / AR_HTML)
    rows = {row[0]: row[1:] for row in tables["tabell-malsammanfattning"] if len(row) == 2}
    goals = yaml.safe_load((REPO / "examples/vastra-malardalen/content/2022/verksamhetsplan/mal.yaml").read_text("utf-8"))
    typed = yaml.safe_load((REPO / "examples/vastra-malardalen/content/2022/arsredovisning/maluppfoljning.yaml")
                           .read_text("utf-8"))
    texts = {g["id"]: g["text"] for a in goals["omraden"] for g in a["mal"]}
    assert len(texts) == 12
    for goal_id, text in texts.items():
        assert rows[text] == [typed[goal_id]["maluppfyllelse"].capitalize()], text
    assert rows["Det egna kapitalet uppgår till högst 20 % av årets erhållna bidrag."] == [
        "Ej uppnått"]


def test_follow_up_narrative_cites_figures(example):
    text = " ".join(pdf_lines(example / AR_PDF))
    assert "Eget kapital 719 tkr motsvarar 24 % av årets bidrag" in text


def test_changing_the_revision_changes_the_arsredovisning(broken):
    # The budget is typed once, in the verksamhetsplan: change it there, see it in the report.
    edit(broken / BUDGET, "      Processtödjare: 591", "      Processtödjare: 600")
    build_html(broken, "2022/arsredovisning")
    drift = html_tables(broken / AR_HTML)["tabell-driftredovisning"]
    # Utfall intäkt, kostnad, netto; budget; avvikelse; 2021 intäkt, kostnad, netto.
    assert ["Processtödjare", "0", "547", "547", "600", "53", "0", "426", "426"] in [
        [cell.replace("\u00a0", " ") for cell in row] for row in drift]
    assert ["Resultat", "3 015", "3 643", "−628", "−883", "255", "3 000", "2 262", "738"] in [
        [cell.replace("\u00a0", " ") for cell in row] for row in drift]


def test_goal_without_follow_up_is_a_warning(broken):
    path = broken / "content/2022/arsredovisning/maluppfoljning.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("lansprocess:")
    end = text.index("eget-kapital:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = build_html(broken, "2022/arsredovisning")
    assert any("Målet 'lansprocess'" in w.message for w in result.warnings)
    rows = html_tables(broken / AR_HTML)["tabell-malsammanfattning"]
    assert [r for r in rows if r[0].startswith("Tillsammans med länets")][0][1] == "Ej uppföljt"


def _with_published_tables(project) -> None:
    fixture = (REPO / "tests/fixtures/publicerad-budget-2022.yaml").read_text(encoding="utf-8")
    budget = project / BUDGET
    budget.write_text(budget.read_text(encoding="utf-8") + "\n" + fixture, encoding="utf-8")


def test_published_cash_flow_and_balance_budget_is_refused(broken):
    _with_published_tables(broken)
    err = pipeline_message(broken)
    # Opening cash that is not the previous column's closing cash:
    assert ("Budget 2022: likvida medel vid årets början 1\u00a0129,4 tkr är inte föregående "
            "kolumns (Budget 2021) utgående kassa 609,4 tkr.") in err
    # A cash flow that does not equal its parts:
    assert ("Budget 2021: årets kassaflöde 0,0 tkr är inte summan av sina delar (resultat 0,0 tkr"
            " + justeringar 0,0 tkr + fordringar 36,2 tkr + skulder −376,8 tkr = −340,6 tkr).") in err
    # Closing cash that is not opening cash plus the flow:
    assert ("Budget 2021: likvida medel vid årets slut 609,4 tkr är inte likvida medel vid årets "
            "början 950,0 tkr + kassaflödet 0,0 tkr = 950,0 tkr.") in err
    # Equity that does not roll forward:
    assert ("Budget 2022: eget kapital 229,4 tkr rullar inte fram från Budget 2021: 609,4 tkr + "
            "årets resultat −900,0 tkr = −290,6 tkr.") in err
    # Even the closing column's own flow is off by rounding:
    assert "Bokslut 2020: årets kassaflöde 279,8 tkr är inte summan av sina delar" in err
    assert "content/2022/verksamhetsplan/budget.yaml" in err


def test_published_tables_build_with_explicit_acceptance(broken):
    _with_published_tables(broken)
    edit(broken / "content/2022/verksamhetsplan/dokument.yaml", "ort: Köping",
         "ort: Köping\ngodta_avvikelser: Återger budgeten som styrelsen beslutade den.")
    result = build_html(broken, "2022/verksamhetsplan")
    warnings = [w.message for w in result.warnings]
    assert len(warnings) >= 5
    assert any(w.startswith("Godtagen avvikelse: Budget 2022: likvida medel vid årets början")
               for w in warnings)
    tables = html_tables(broken / "output/2022/verksamhetsplan/index.html")
    rows = [[c.replace("\u00a0", " ") for c in row] for table in tables.values() for row in table]
    assert ["Likvida medel vid årets början", "670,2", "950,0", "1 129,4", "229,4", "229,4"] in rows
    assert ["Eget kapital", "609,4", "609,4", "229,4", "229,4", "229,4"] in rows
    page = (broken / "output/2022/verksamhetsplan/index.html").read_text(encoding="utf-8")
    assert "Tabellen återges som den beslutades" in page


def test_published_table_with_a_missing_value_is_explained(broken):
    _with_published_tables(broken)
    edit(broken / BUDGET, '    justeringar: ["0,0", "0,0", "0,0", "0,0", "0,0"]',
         '    justeringar: ["0,0", "0,0", "0,0", "0,0"]')
    err = pipeline_message(broken)
    assert "Raden 'justeringar' har 4 värden men tabellen har 5 kolumner." in err


def test_a_plan_without_decimaler_shows_whole_tkr_in_every_table(broken):
    """One precision per unit: without the example's 'decimaler' the cash-flow and balance
    budgets are in whole tkr like the resultatbudget. By hand from the example's figures:
    likvida medel 950 029 kr at the start of the forecast year → 950, 1 129 382 kr at its end
    → 1 129; eget kapital 609 382 kr → 609."""
    edit(broken / "content/2022/verksamhetsplan/dokument.yaml",
         "decimaler:\n  kassaflodesbudget: 1\n  balansbudget: 1\n", "")
    build_html(broken, "2022/verksamhetsplan")
    tables = html_tables(broken / VP_HTML)
    assert html_row(tables, "kassaflodesbudget", "Likvida medel vid årets början")[0] == "950"
    assert html_row(tables, "kassaflodesbudget", "Likvida medel vid årets slut")[0] == f"1{NB}129"
    assert html_row(tables, "balansbudget", "Eget kapital")[0] == "609"
    # With the setting, as published: one decimal.
    assert html_row(html_tables(REPO / "tests/golden/2022-verksamhetsplan.web.html"),
                    "kassaflodesbudget", "Likvida medel vid årets slut")[0] == f"1{NB}129,4"
