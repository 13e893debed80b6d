"""An invented förbund with the driftredovisning's groups as data: three cost groups
(administration, processtöd, insatser) in its own order, an EU grant typed on its project's
cost line, four cost categories, a region whose share rises from 25 % to 31,25 % in 2023 and
a municipality that joins in 2023. Built from a copy of the example; every expected figure is
worked out by hand below from the typed kronor."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_html, edit, html_row, html_tables

AR = "output/2022/arsredovisning/index.html"
VP = "output/2022/verksamhetsplan/index.html"
UTFALL = "content/2022/utfall.yaml"
BUDGET = "content/2022/verksamhetsplan/budget.yaml"


def _invent(project: Path) -> None:
    (project / "content/kontoplan.yaml").write_text(
        "kostnadsgrupper:\n"
        "  - {id: administration, namn: Administration, summa: Summa administration}\n"
        "  - {id: processtod, namn: Processtöd, summa: Summa processtöd}\n"
        "  - {id: insatser, namn: Insatser, summa: Summa insatser, kategori: Individinsatser,\n"
        # The note keeps Processtödjare among its insatser: its sum is not the
        # driftredovisning's "Summa insatser", so it says so (one label, one figure).
        "     not_summa: Summa insatser inkl. processtöd}\n",
        encoding="utf-8")
    # Processtöd is its own group in the outcome of both years and in both budgets.
    for year_file in (UTFALL, "content/2021/utfall.yaml"):
        edit(project / year_file, "{namn: Processtödjare, belopp:",
             "{driftgrupp: processtod, namn: Processtödjare, belopp:")
    edit(project / BUDGET, "insatser:\n  Processtödjare: {2022: 460, 2023: 462, 2024: 463}\n",
         "processtod:\n  Processtödjare: {2022: 460, 2023: 462, 2024: 463}\n\ninsatser:\n")
    edit(project / BUDGET, "    insatser:\n      Processtödjare: 591\n",
         "    processtod:\n      Processtödjare: 591\n    insatser:\n")
    edit(project / "content/2021/verksamhetsplan/budget.yaml",
         "insatser:\n  Processtödjare: {2021: 410}\n",
         "processtod:\n  Processtödjare: {2021: 410}\ninsatser:\n")
    # Two insatser are structural; the rest take the group's category (Individinsatser).
    for name in ("Länsgemensamma utbildningar/konferenser", "KAK-gemensamma utbildningar/konferenser"):
        edit(project / UTFALL, f"{{namn: {name}, belopp:",
             f"{{kategori: Strukturinsatser, namn: {name}, belopp:")
    # 120 000 kr of ESF money on the ESF Unga line: income 120 000 kr more, and as much cash.
    edit(project / UTFALL, "verksamhetens_intakter: 3 000 000", "verksamhetens_intakter: 3 120 000")
    edit(project / UTFALL, "kassa_och_bank: 1 233 683", "kassa_och_bank: 1 353 683")
    edit(project / UTFALL, "  kostnader:\n", "  ovriga_intakter:\n    - {namn: ESF-medel, "
         "belopp: 120 000, drift: ESF Unga}\n  kostnader:\n")
    # From 2023: the region 31,25 %, Köping 7,5, Arboga 3,75, Kungsör 1,25 and Surahammar,
    # new, 6,25 (50 + 31,25 + 7,5 + 3,75 + 1,25 + 6,25 = 100).
    profile = project / "content/forbund.yaml"
    for old, new in (("25", "31,25"), ("12,5", "7,5"), ("7,5", "3,75"), ("5", "1,25")):
        edit(profile, f"    andel_procent: {old}\n",
             f"    andel_procent:\n      2020: {old}\n      2023: {new}\n")
    edit(profile, "styrelse:", "  - id: surahammar\n    namn: Surahammars kommun\n"
         "    kortnamn: Surahammars kommun\n    andel_procent:\n      2023: 6,25\n\nstyrelse:")
    # 2023 and 2024 contributions of 3 000 tkr by the new shares, each within half a tkr:
    # region 937,5 → 937; Köping 225; Arboga 112,5 → 112; Kungsör 37,5 → 38; Surahammar
    # 187,5 → 188 (1 500 + 937 + 225 + 112 + 38 + 188 = 3 000).
    for member, amount in (("region", 937), ("koping", 225), ("arboga", 112), ("kungsor", 38)):
        text = (project / BUDGET).read_text(encoding="utf-8")
        old = next(line for line in text.split("\n") if line.startswith(f"  {member}: {{2022:"))
        edit(project / BUDGET, old, f"{old.split(',')[0]}, 2023: {amount}, 2024: {amount}}}")
    edit(project / BUDGET, "  kungsor: {2022: 150,",
         "  surahammar: {2023: 188, 2024: 188}\n  kungsor: {2022: 150,")
    section = project / "content/2022/arsredovisning/driftredovisning.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n[[kostnadsfordelning]]\n",
                       encoding="utf-8")


@pytest.fixture
def invented(broken) -> Path:
    _invent(broken)
    build_html(broken, "2022/arsredovisning", "2022/verksamhetsplan")
    return broken


def _row(tables, table: str, label: str) -> list[str]:
    return [cell.replace("\u00a0", " ") for cell in html_row(tables, table, label)]


def test_three_cost_groups_income_on_a_cost_line_and_the_result(invented):
    """Utfall 2022 (tkr, columns intäkt, kostnad, netto, budget, avvikelse, then 2021).
    Income: members 3 000 000 + financial 14 744 = 3 014 744; ESF 120 000 on its line.
    Net costs: administration 554 731 + 66 882 + 61 200 + 0 + 74 283 = 757 096; processtöd
    547 072; insatser 2 885 933 − 547 072 − 120 000 = 2 218 861; together 3 523 029.
    Result 3 014 744 − 3 523 029 = −508 285 → −508 tkr; 3 015 − 3 523 = −508, and the cost
    groups 757 + 547 + 2 219 = 3 523. Revised budget (tkr): administration 598 + 80 + 50 + 0
    + 74 = 802, processtöd 591, insatser 2 481; result 3 000 − 3 874 = −874."""
    tables = html_tables(invented / AR)
    groups = [row[0] for row in tables["tabell-driftredovisning"]
              if row[0] in ("Administration", "Processtöd", "Insatser")]
    assert groups == ["Administration", "Processtöd", "Insatser"]  # the chart's order
    assert _row(tables, "driftredovisning", "ESF Unga")[:5] == ["120", "350", "230", "350", "120"]
    assert _row(tables, "driftredovisning", "Summa administration")[:5] == [
        "0", "757", "757", "802", "45"]
    assert _row(tables, "driftredovisning", "Summa processtöd")[:5] == [
        "0", "547", "547", "591", "44"]
    # Insatser: income 120, cost 2 219 + 120 = 2 339, net 2 219; budget 2 481, 262 better.
    assert _row(tables, "driftredovisning", "Summa insatser")[:5] == [
        "120", "2 339", "2 219", "2 481", "262"]
    # Result: income 3 015 + 120 = 3 135, cost 757 + 547 + 2 339 = 3 643, net −508; 366
    # better than the budget's −874.
    assert _row(tables, "driftredovisning", "Resultat")[:5] == [
        "3 135", "3 643", "−508", "−874", "366"]
    # The ESF money is not a member's: the income note lists it beside the members.
    assert _row(tables, "not-intakter", "ESF-medel") == ["120 000", "0"]


def test_cost_split_by_four_categories(invented):
    """Net kronor by category, in the cost note's order: Processtöd 547 072; Strukturinsatser
    247 513 + 217 840 = 465 353; Individinsatser 2 218 861 − 465 353 = 1 753 508;
    Administration 757 096; total 3 523 029. Shares: 15,528 / 13,209 / 49,773 / 21,490 %,
    rounded down 15 + 13 + 49 + 21 = 98, the two points to the largest remainders (0,773 and
    0,528): 16, 13, 50, 21. Budget (revised): 591 000; 250 000 + 250 000; 2 481 000 −
    500 000 = 1 981 000; 802 000; total 3 874 000, shares 15,256 / 12,907 / 51,136 / 20,702,
    rounded down 15 + 12 + 51 + 20 = 98, the points to 0,907 and 0,702: 15, 13, 51, 21."""
    tables = html_tables(invented / AR)
    assert [row[0] for row in tables["tabell-kostnadsfordelning"][1:]] == [
        "Processtöd", "Strukturinsatser", "Individinsatser", "Administration", "Summa kostnader"]
    assert _row(tables, "kostnadsfordelning", "Processtöd") == [
        "547 072", "16 %", "591 000", "15 %", "43 928"]
    assert _row(tables, "kostnadsfordelning", "Strukturinsatser") == [
        "465 353", "13 %", "500 000", "13 %", "34 647"]
    assert _row(tables, "kostnadsfordelning", "Individinsatser") == [
        "1 753 508", "50 %", "1 981 000", "51 %", "227 492"]
    assert _row(tables, "kostnadsfordelning", "Administration") == [
        "757 096", "21 %", "802 000", "21 %", "44 904"]
    assert _row(tables, "kostnadsfordelning", "Summa kostnader") == [
        "3 523 029", "100 %", "3 874 000", "100 %", "350 971"]


def test_plan_with_a_changed_share_and_a_member_that_joins(invented):
    """The resultatbudget (tkr; Bokslut 2020, Budget 2021, Budget 2022, Plan 2023, Plan 2024):
    the region 750 until 2022 and 937 from 2023; Surahammar nothing before it joins, 188
    after; processtöd its own group with its own total."""
    tables = html_tables(invented / VP)
    region = _row(tables, "resultatbudget", "Region")
    assert region[-3:] == ["750", "937", "937"]
    assert _row(tables, "resultatbudget", "Surahammars kommun")[-3:] == ["0", "188", "188"]
    assert _row(tables, "resultatbudget", "Summa processtöd")[-3:] == ["460", "462", "463"]
