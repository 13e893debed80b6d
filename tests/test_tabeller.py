"""Every table the förbund's way (issue 28, docs/tabeller.md), on an invented förbund:
Samordningsförbundet Tallmon (tests/fixtures/tallmon), whose årsredovisning 2024 shows its
costs with a minus sign, a subtotal over its three groups of direct insats costs, its
financial items gross, drift lines published only in tkr under a cost note in kronor, and a
cost split of two years with the income and eget kapital under it.

Every expected figure below is worked out by hand from the fixture's utfall.yaml (the
arithmetic beside it), never by the tool; the tables are read back from the PDF and the web
page, and the PDF breaks no layout rule. Each option then has a test of its own on a copy
with the option changed, and each check a case in tests/fel/.

The rounding rule (common/rounding.py, stated in docs/tabeller.md): a driftredovisning in tkr
is rounded top-down, the result first (half away from zero), then intäkter and kostnader,
then the groups and the lines by the largest remainder so that they add up; a line typed in
tkr keeps its typed figure, and the other lines of its group share what it leaves.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import REPO, edit, html_tables, pdf_lines, pipeline_message, run_build

PROJECT = REPO / "tests/fixtures/tallmon"
DOC = "content/2024/arsredovisning/dokument.yaml"
PDF = "output/2024/arsredovisning/arsredovisning-2024.pdf"
HTML = "output/2024/arsredovisning/index.html"

# --- The figures, by hand ------------------------------------------------------------------
# 2024 (kr): members 1 200 000 + 600 000 + 600 000 = 2 400 000; financial 12 345 − 1 234
# = 11 111, so the income with the financial items is 2 411 111.
# Costs: individ 1 234 400 (its lines typed in tkr: 700 + 535 = 1 235 tkr, within half a tkr
# a line of 1 234,4 tkr), struktur 312 300 + 87 900 = 400 200, utveckling 150 000,
# administration 420 300 + 45 000 + 60 150 = 525 450; in all 2 310 050.
# Result 2 411 111 − 2 310 050 = 101 061.
# 2023 (kr): members 1 100 000 + 550 000 + 550 000 = 2 200 000; financial 8 000 − 900 = 7 100.
# Costs: individ 1 120 600 (lines 640 + 481 = 1 121 tkr), struktur 298 800 + 102 100
# = 400 900, utveckling 120 000, administration 401 000 + 44 000 + 58 500 = 503 500; in all
# 2 145 000. Result 2 200 000 + 7 100 − 2 145 000 = 62 100.
# Eget kapital: 500 000 at the start of 2023 (historik 2022), 500 000 + 62 100 = 562 100 at
# the start of 2024, 562 100 + 101 061 = 663 161 at its end.

EXPECTED = {
    # Kronor, costs with their minus (the resultaträkning's standard), financial items gross.
    "resultatrakning": [
        "Verksamhetens intäkter 1 2 400 000 2 200 000",
        "Verksamhetens kostnader 2 −2 310 050 −2 145 000",
        "Verksamhetens resultat 89 950 55 000",  # 2 400 000 − 2 310 050; 2 200 000 − 2 145 000
        "Finansiella intäkter 12 345 8 000",
        "Finansiella kostnader −1 234 −900",
        "Resultat efter finansiella poster 101 061 62 100",  # 89 950 + 12 345 − 1 234
        "Årets resultat 101 061 62 100"],
    # tkr, one figure a year (driftredovisning_kolumner: netto), costs negative, financial
    # items gross, a subtotal over the three direct groups, then the total.
    # 2024, top-down: result 101 061 → 101. Intäkter 2 411,111 → 2 411 and kostnader
    # 2 310,05 → 2 310 (2 411 − 2 310 = 101, nothing to move). Groups of 2 310: 1 234,4 →
    # 1 234, 400,2 → 400, 150, 525,45 → 525 make 2 309; the 1 left goes to the largest
    # remainder, administration's 0,45 (before individ's 0,4): 526.
    # Lines: individ's typed 700 and 535 stay (their sum 1 235 is not the group's 1 234,
    # which is rounded from the exact kronor: the report rounded line by line); struktur
    # 312,3 + 87,9 → 312 + 88 = 400; administration 420,3 + 45 + 60,15 → 420 + 45 + 60 = 525,
    # the 1 to Kansli (remainder 0,3 before Styrelse's 0,15): 421. Income lines of 2 411:
    # 2 400 + 12,345 → 12 + (−1,234) → −1 = 2 411.
    # 2023: result 62 100 → 62; intäkter 2 207,1 → 2 207, kostnader 2 145. Groups: 1 120,6 →
    # 1 121, 400,9 → 401, 120, 503,5 → 504 make 2 146; the 1 too many comes off the largest
    # rounding up, administration's 0,5: 503. Individ's typed 640 + 481 = 1 121. Struktur
    # 298,8 + 102,1 → 299 + 102 = 401. Administration 401 + 44 + 58,5 → 59 = 504, one too
    # many, off Styrelse (rounded up 0,5): 58. Income 2 200 + 8 + (−0,9 → −1) = 2 207.
    "driftredovisning": [
        "Medlemsbidrag 2 400 2 200",
        "Finansiella intäkter 12 8",
        "Finansiella kostnader −1 −1",
        "Summa intäkter och finansiella poster 2 411 2 207",  # 2 400 + 12 − 1; 2 200 + 8 − 1
        "Arbetsträning −700 −640",
        "Stegvis −535 −481",
        "Summa individinriktade insatser −1 234 −1 121",
        "Samverkansforum −312 −299",
        "Kartläggning −88 −102",
        "Summa strukturinriktade insatser −400 −401",
        "Metodutveckling −150 −120",
        "Summa utvecklingsinsatser −150 −120",
        "Summa direkta insatskostnader −1 784 −1 642",  # 1 234 + 400 + 150; 1 121 + 401 + 120
        "Kansli −421 −401",
        "Revision −45 −44",
        "Styrelse −60 −58",
        "Summa administration −526 −503",
        "Summa verksamhetens kostnader −2 310 −2 145",  # 1 784 + 526; 1 642 + 503
        "Resultat 101 62"],  # 2 411 − 2 310; 2 207 − 2 145
    # The cost note in kronor, costs negative: the individ post as typed in kronor.
    "not-kostnader": [
        "Individinsatser −1 234 400 −1 120 600",
        "Summa individinriktade insatser −1 234 400 −1 120 600",
        "Samverkansforum −312 300 −298 800",
        "Kartläggning −87 900 −102 100",
        "Summa strukturinriktade insatser −400 200 −400 900",
        "Summa utvecklingsinsatser −150 000 −120 000",
        "Kansli −420 300 −401 000",
        "Styrelse −60 150 −58 500",
        "Summa administration −525 450 −503 500",
        "Summa verksamhetens kostnader −2 310 050 −2 145 000"],
    # Two years side by side; shares of the year's costs in whole percent by the largest
    # remainder. 2024 of 2 310 050: 53,44 + 17,32 + 6,49 + 22,75 → 53 + 17 + 6 + 22 = 98, the
    # 2 left to the largest remainders (0,75 administration, 0,49 utveckling): 53, 17, 7, 23.
    # 2023 of 2 145 000: 52,24 + 18,69 + 5,59 + 23,47 → 52 + 18 + 5 + 23 = 98, the 2 to 0,69
    # (struktur) and 0,59 (utveckling): 52, 19, 6, 23.
    # Under it: the income with the financial items (2 411 111; 2 207 100), the eget kapital
    # at the year's start (562 100; 500 000), and their sum: 2 973 211; 2 707 100.
    "kostnadsfordelning": [
        "Individinriktade insatser 1 234 400 53 % 1 120 600 52 %",
        "Strukturinriktade insatser 400 200 17 % 400 900 19 %",
        "Utveckling 150 000 7 % 120 000 6 %",
        "Administration 525 450 23 % 503 500 23 %",
        "Summa kostnader 2 310 050 100 % 2 145 000 100 %",
        "Intäkter 2 411 111 2 207 100",
        "Ingående eget kapital 562 100 500 000",
        "Summa intäkter och eget kapital 2 973 211 2 707 100"],
}


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def tallmon(shared) -> tuple[Path, str]:
    """Tallmon built once per run (shared by the test processes), with what its build
    printed on stderr."""
    def make(project: Path) -> None:
        shutil.copytree(PROJECT, project, dirs_exist_ok=True)
        result = run_build(project)
        assert result.returncode == 0, result.stderr
        project.with_suffix(".stderr").write_text(result.stderr, encoding="utf-8")

    project = shared("tallmon", make)
    return project, project.with_suffix(".stderr").read_text(encoding="utf-8")


def test_it_builds_without_a_warning_and_its_pdf_breaks_no_layout_rule(tallmon):
    """The layout check (finsam/pdf/layoutcheck.py) runs on every PDF the build makes and
    warns 'Sida N i PDF:en: …'; this one finds nothing, and nothing else is warned of."""
    _, stderr = tallmon
    assert "Varning" not in stderr, stderr
    assert not re.search(r"Sida \d+ i PDF:en", stderr), stderr


@pytest.mark.parametrize("table", EXPECTED)
def test_every_table_reads_back_from_the_pdf(tallmon, table):
    project, _ = tallmon
    lines = [_plain(line) for line in pdf_lines(project / PDF)]
    for expected in EXPECTED[table]:
        assert expected in lines, f"{table}: {expected}"


@pytest.mark.parametrize("table", EXPECTED)
def test_every_table_reads_back_from_the_web_page(tallmon, table):
    project, _ = tallmon
    rows = [_plain(" ".join(cell for cell in row if cell))
            for row in html_tables(project / HTML)[f"tabell-{table}"]]
    for expected in EXPECTED[table]:
        assert expected in rows, f"{table}: {expected}"


def test_the_subtotal_stands_after_its_last_group_before_administration(tallmon):
    project, _ = tallmon
    labels = [row[0] for row in html_tables(project / HTML)["tabell-driftredovisning"]]
    order = ["Summa utvecklingsinsatser", "Summa direkta insatskostnader", "Administration",
             "Summa administration", "Summa verksamhetens kostnader", "Resultat"]
    assert [labels.index(label) for label in order] == sorted(
        labels.index(label) for label in order)


def test_a_cost_split_without_a_budget_says_nothing_of_a_deviation(tallmon):
    """Tallmon's two-year split has no budget, so no deviation column: its footnote says how
    the shares are rounded and nothing about a deviation it does not show."""
    project, _ = tallmon
    page = (project / HTML).read_text(encoding="utf-8")
    split = page[page.index('id="tabell-kostnadsfordelning"'):]
    footnote = split[split.index('<p class="table-note">'):split.index("</div>")]
    assert "största rest-metoden" in footnote and "Avvikelse" not in footnote


# --- Each option on a copy -----------------------------------------------------------------

def _copy(tmp_path: Path) -> Path:
    project = tmp_path / "projekt"
    shutil.copytree(PROJECT, project)
    return project


def _tables(project: Path) -> dict[str, list[str]]:
    """The web page's tables (built in this process, no PDF): name → rows as text."""
    from helpers import build_html
    build_html(project)
    return {name.removeprefix("tabell-"): [_plain(" ".join(c for c in row if c)) for row in rows]
            for name, rows in html_tables(project / HTML).items()}


def _options(project: Path, table: str, yaml_lines: str) -> None:
    """Add options for `table` under tabeller in the fixture's dokument.yaml."""
    edit(project / DOC, "tabeller:\n", f"tabeller:\n  {table}:\n{yaml_lines}")


def _message(project: Path) -> str:
    return pipeline_message(project).replace("\u00a0", " ").replace("\u202f", " ")


def test_financial_items_net_in_the_resultatrakning(tmp_path):
    """finansiella_poster: netto → one line: 12 345 − 1 234 = 11 111; 8 000 − 900 = 7 100."""
    project = _copy(tmp_path)
    _options(project, "resultatrakning", "    finansiella_poster: netto\n")
    rows = _tables(project)["resultatrakning"]
    assert "Finansiella poster, netto 11 111 7 100" in rows
    assert not any(r.startswith("Finansiella intäkter") for r in rows)
    assert "Resultat efter finansiella poster 101 061 62 100" in rows


def test_financial_items_net_in_the_driftredovisning(tmp_path):
    """Without 'finansiella_poster: brutto' the driftredovisning has one net line: 11 111 →
    11 tkr of an income of 2 411 (2 400 + 11); 2023: 7 100 → 7 of 2 207 (2 200 + 7)."""
    project = _copy(tmp_path)
    edit(project / DOC, "    finansiella_poster: brutto\n", "")
    rows = _tables(project)["driftredovisning"]
    assert "Ränteintäkter (netto) 11 7" in rows
    assert "Summa intäkter och finansiella poster 2 411 2 207" in rows
    assert not any(r.startswith("Finansiella kostnader") for r in rows)


def test_costs_positive_in_the_driftredovisning_and_negative_kept_in_the_result(tmp_path):
    """kostnader: positiva (the standard) → the same figures without the minus; the result
    and the income keep their sign."""
    project = _copy(tmp_path)
    edit(project / DOC, "    kostnader: negativa\n    finansiella_poster: brutto\n",
         "    kostnader: positiva\n    finansiella_poster: brutto\n")
    rows = _tables(project)["driftredovisning"]
    assert "Summa direkta insatskostnader 1 784 1 642" in rows
    assert "Arbetsträning 700 640" in rows
    assert "Finansiella kostnader −1 −1" in rows  # an income line, net
    assert "Resultat 101 62" in rows


def test_costs_positive_in_the_resultatrakning(tmp_path):
    project = _copy(tmp_path)
    _options(project, "resultatrakning", "    kostnader: positiva\n")
    rows = _tables(project)["resultatrakning"]
    assert "Verksamhetens kostnader 2 2 310 050 2 145 000" in rows
    assert "Finansiella kostnader 1 234 900" in rows
    assert "Verksamhetens resultat 89 950 55 000" in rows  # a sum keeps its sign


def test_a_note_in_kronor_shown_in_tkr_rounds_each_figure(tmp_path):
    """enhet: tkr on the cost note: each figure half away from zero, the footnote says the
    sums may differ: −420 300 → −420; −401 000 → −401; −525 450 → −525; −503 500 → −504
    (while its lines −401 − 44 − 59 (−58,5 → −59) make −504 too); −2 310 050 → −2 310."""
    project = _copy(tmp_path)
    edit(project / DOC, "  not-kostnader:\n    kostnader: negativa\n",
         "  not-kostnader:\n    kostnader: negativa\n    enhet: tkr\n")
    rows = _tables(project)["not-kostnader"]
    assert rows[0].startswith("Belopp i tkr")
    assert "Kansli −420 −401" in rows
    assert "Styrelse −60 −59" in rows
    assert "Summa administration −525 −504" in rows
    assert "Summa verksamhetens kostnader −2 310 −2 145" in rows


def test_percentages_with_one_decimal(tmp_path):
    """procent_decimaler: 1 on the cost split, shares in tenths by the largest remainder:
    2024: 534,36 + 173,24 + 64,93 + 227,46 tenths → 534 + 173 + 64 + 227 = 998, the 2 left to
    0,93 (utveckling) and 0,46 (administration): 53,4 17,3 6,5 22,8 %.
    2023: 522,42 + 186,90 + 55,94 + 234,73 → 522 + 186 + 55 + 234 = 997, the 3 left to 0,94,
    0,90 and 0,73: 52,2 18,7 5,6 23,5 %."""
    project = _copy(tmp_path)
    edit(project / DOC, "    ar: 2\n", "    ar: 2\n    procent_decimaler: 1\n")
    rows = _tables(project)["kostnadsfordelning"]
    assert "Individinriktade insatser 1 234 400 53,4 % 1 120 600 52,2 %" in rows
    assert "Strukturinriktade insatser 400 200 17,3 % 400 900 18,7 %" in rows
    assert "Utveckling 150 000 6,5 % 120 000 5,6 %" in rows
    assert "Administration 525 450 22,8 % 503 500 23,5 %" in rows
    assert "Summa kostnader 2 310 050 100,0 % 2 145 000 100,0 %" in rows


def test_one_year_of_cost_split_and_rows_used_eget_kapital(tmp_path):
    """ar left out: this year only. anvant_eget_kapital: the costs beyond the income,
    2 310 050 − 2 411 111 < 0, so 0; the sum is the income: 2 411 111 + 0."""
    project = _copy(tmp_path)
    edit(project / DOC, "    ar: 2\n    rader: [intakter, ingaende_eget_kapital, summa]\n",
         "    rader: [intakter, anvant_eget_kapital, summa]\n")
    rows = _tables(project)["kostnadsfordelning"]
    assert rows[0] == "Utfall 2024 Andel"
    assert "Använt eget kapital 0" in rows
    assert "Summa intäkter och eget kapital 2 411 111" in rows


def test_rows_and_columns_left_out(tmp_path):
    """dolj_rader and dolj_kolumner: the row and the column are gone, the sums still count
    the row (−400 200 = −312 300 − 87 900)."""
    project = _copy(tmp_path)
    edit(project / DOC, "  not-kostnader:\n    kostnader: negativa\n",
         "  not-kostnader:\n    kostnader: negativa\n    dolj_rader: [Kartläggning]\n")
    edit(project / DOC, "    ar: 2\n", "    ar: 2\n    dolj_kolumner: [Andel 2023]\n")
    tables = _tables(project)
    assert not any(r.startswith("Kartläggning") for r in tables["not-kostnader"])
    assert "Summa strukturinriktade insatser −400 200 −400 900" in tables["not-kostnader"]
    assert tables["kostnadsfordelning"][0] == "Utfall 2024 Andel 2024 Utfall 2023"
    assert "Utveckling 150 000 7 % 120 000" in tables["kostnadsfordelning"]


def test_a_published_figure_that_is_the_computed_one_passes(tmp_path):
    project = _copy(tmp_path)
    edit(project / DOC, "  not-kostnader:\n    kostnader: negativa\n",
         "  not-kostnader:\n    kostnader: negativa\n    publicerad_avvikelse:\n"
         "      Kansli: {År 2024: −420 300}\n")
    assert "Kansli −420 300 −401 000" in _tables(project)["not-kostnader"]


def test_a_published_figure_that_differs_is_an_error_or_shown_as_published(tmp_path):
    """The report summed its tkr lines (700 + 535 = 1 235), not the kronor (1 234): an error
    naming the line; accepted, the table shows 1 235 and the reader is told."""
    project = _copy(tmp_path)
    edit(project / DOC, "        grupper: [individ, struktur, utveckling]\n",
         "        grupper: [individ, struktur, utveckling]\n    publicerad_avvikelse:\n"
         "      Summa individinriktade insatser: {Utfall 2024: −1 235}\n")
    message = _message(project)
    assert ("content/2024/arsredovisning/dokument.yaml, rad 25: Tabellen driftredovisning: "
            "'Summa individinriktade insatser' i kolumnen 'Utfall 2024' är publicerad som "
            "−1 235 tkr, men verktyget räknar −1 234 tkr.") in message, message
    edit(project / DOC, "status: utkast\n", "status: utkast\ngodta_avvikelser: Som publicerad.\n")
    (project / "content/2024/arsredovisning/revisorer.md").write_text(
        "# Revisorernas påteckning\n\n[[underskrifter-revisorer]]\n\n# Avvikelser\n\n"
        "[[avvikelser]]\n", encoding="utf-8")
    from helpers import build_html
    result = build_html(project)
    rows = [_plain(" ".join(c for c in row if c)) for row in
            html_tables(project / HTML)["tabell-driftredovisning"]]
    assert "Summa individinriktade insatser −1 235 −1 121" in rows
    warnings = [w.message.replace("\u00a0", " ") for w in result.warnings]
    assert any(w.startswith("Godtagen avvikelse: Tabellen driftredovisning: 'Summa "
                            "individinriktade insatser'") for w in warnings), warnings


def test_the_older_keys_still_work(tmp_path):
    """driftredovisning_enhet: kr with the tkr lines typed in kronor instead: the table in
    kronor, costs as the tabeller option says (−1 234 400 = −699 700 − 534 700)."""
    project = _copy(tmp_path)
    utfall = project / "content/2024/utfall.yaml"
    edit(utfall, "{namn: Arbetsträning, belopp_tkr: 700}", "{namn: Arbetsträning, belopp: 699 700}")
    edit(utfall, "{namn: Stegvis, belopp_tkr: 535}", "{namn: Stegvis, belopp: 534 700}")
    utfall = project / "content/2023/utfall.yaml"
    edit(utfall, "{namn: Arbetsträning, belopp_tkr: 640}", "{namn: Arbetsträning, belopp: 640 000}")
    edit(utfall, "{namn: Stegvis, belopp_tkr: 481}", "{namn: Stegvis, belopp: 480 600}")
    edit(project / DOC, "driftredovisning_kolumner: netto\n",
         "driftredovisning_kolumner: netto\ndriftredovisning_enhet: kr\n")
    rows = _tables(project)["driftredovisning"]
    assert "Arbetsträning −699 700 −640 000" in rows
    assert "Summa individinriktade insatser −1 234 400 −1 120 600" in rows
    assert "Summa direkta insatskostnader −1 784 600 −1 641 500" in rows  # + 400 200 + 150 000


def test_subtotal_over_groups_not_side_by_side_is_an_error(tmp_path):
    project = _copy(tmp_path)
    edit(project / DOC, "grupper: [individ, struktur, utveckling]", "grupper: [individ, utveckling]")
    message = _message(project)
    assert ("content/2024/arsredovisning/dokument.yaml, rad 23: Delsumman 'Summa direkta "
            "insatskostnader' summerar grupper som inte står intill varandra") in message, message
    assert "individ, struktur, utveckling, administration" in message


@pytest.mark.parametrize(("exact", "passes"), [("1 234 000", True), ("1 233 999", False),
                                              ("1 236 000", True), ("1 236 001", False)])
def test_lines_in_tkr_may_be_half_a_tkr_each_off_their_post(tmp_path, exact, passes):
    """Two lines in tkr, 700 + 535 = 1 235 tkr = 1 235 000 kr, may together be 2 × 500 =
    1 000 kr off the post's exact kronor: 1 234 000 and 1 236 000 are within it (and round
    to 1 234 and 1 236 tkr), 1 233 999 and 1 236 001 are not. The post's new amount is kept
    in the resultaträkning's line too (2 310 050 − 1 234 400 + the new amount)."""
    from decimal import Decimal
    project = _copy(tmp_path)
    utfall = project / "content/2024/utfall.yaml"
    edit(utfall, "belopp: 1 234 400", f"belopp: {exact}")
    costs = Decimal("2310050") - Decimal("1234400") + Decimal(exact.replace(" ", ""))
    kassa = Decimal("733161") - (costs - Decimal("2310050"))  # the result goes down as much
    edit(utfall, "verksamhetens_kostnader: 2 310 050", f"verksamhetens_kostnader: {costs}")
    edit(utfall, "kassa_och_bank: 733 161", f"kassa_och_bank: {kassa}")
    message = _message(project)
    if passes:
        assert message == "", message
    else:
        assert "Posten 'Individinsatser' 2024: raderna summerar till 1 235 000 kr" in message
        assert "får tillsammans skilja högst 1 000 kr (en halv tkr per rad)" in message


def test_a_budget_table_of_kronor_shown_in_kronor(tmp_path):
    """enhet: kr on the example's kassaflödesbudget, computed in kronor and shown in tkr as
    standard: the prognosis 2021's result typed as 520 tkr is 520 × 1 000 = 520 000 kr, the
    cash at its start historik 2020's kassa_och_bank 950 029 kr, and at its end
    950 029 + 179 353 (its cash flow: 520 000 + 36 170 − 376 817) = 1 129 382 kr."""
    from helpers import EXAMPLE, build_html, copy_project
    project = copy_project(tmp_path / "exempel", EXAMPLE)
    edit(project / "content/2022/verksamhetsplan/dokument.yaml", "decimaler:\n",
         "tabeller:\n  kassaflodesbudget:\n    enhet: kr\ndecimaler:\n")
    build_html(project, "2022/verksamhetsplan")
    rows = [_plain(" ".join(c for c in row if c)) for row in html_tables(
        project / "output/2022/verksamhetsplan/index.html")["tabell-kassaflodesbudget"]]
    assert rows[0].startswith("Belopp i kr")
    assert rows[2].startswith("Årets resultat 520 000 ")
    assert rows[-2].startswith("Likvida medel vid årets början 950 029 1 129 382")
    assert rows[-1].startswith("Likvida medel vid årets slut 1 129 382 ")


def test_gross_financial_items_and_negative_costs_beside_a_budget(tmp_path):
    """The example's driftredovisning (Intäkt, Kostnad, Netto per year, and a budget) with
    kostnader: negativa and finansiella_poster: brutto. 2022: finansiella intäkter 14 755 →
    15 tkr, kostnader 11 → 0; the budget's net financial items (0) stand on the income line,
    not on a line of their own. The result row's Kostnad column is a cost too: 3 643 029 →
    −3 643; 3 000 + 15 = 3 015 and 3 015 − 3 643 = −628 (3 000 000 + 14 755 − 11 − 3 643 029
    = −628 285)."""
    from helpers import EXAMPLE, build_html, copy_project
    project = copy_project(tmp_path / "exempel", EXAMPLE)
    edit(project / "content/2022/arsredovisning/dokument.yaml", "tabellfotnoter:\n",
         "tabeller:\n  driftredovisning:\n    finansiella_poster: brutto\n"
         "    kostnader: negativa\ntabellfotnoter:\n")
    build_html(project, "2022/arsredovisning")
    rows = [_plain(" ".join(c for c in row if c)) for row in html_tables(
        project / "output/2022/arsredovisning/index.html")["tabell-driftredovisning"]]
    assert "Finansiella intäkter 15 0 15 0 15 0 0 0" in rows
    assert "Finansiella kostnader 0 0 0 0 0 0 0 0" in rows
    assert not any(r.startswith("Ränteintäkter") for r in rows)
    assert rows[-1].startswith("Resultat 3 015 −3 643 −628 ")


def test_new_year_keeps_the_tables_options_and_the_lines_in_tkr(tmp_path):
    """`ny 2025` on Tallmon: the new dokument.yaml keeps every table option but a figure as
    once published (it belongs to the old report), and the new utfall.yaml keeps the post
    in kronor with its lines in tkr, all at 0; the new year builds."""
    import yaml
    from helpers import build_html

    from finsam.commands.newyear import start_year
    project = _copy(tmp_path)
    edit(project / DOC, "  not-kostnader:\n    kostnader: negativa\n",
         "  not-kostnader:\n    publicerad_avvikelse:\n      Kansli: {År 2024: −420 300}\n"
         "  driftsammandrag:\n    kostnader: negativa\n")
    start_year(project, 2025)
    manifest = yaml.safe_load((project / "content/2025/arsredovisning/dokument.yaml")
                              .read_text(encoding="utf-8"))
    assert manifest["tabeller"]["driftredovisning"]["delsummor"][0]["grupper"] == [
        "individ", "struktur", "utveckling"]
    assert manifest["tabeller"]["not-kostnader"] is None  # its published figure taken away
    outcome = yaml.safe_load((project / "content/2025/utfall.yaml").read_text(encoding="utf-8"))
    post = outcome["noter"]["kostnader"]["individ"][0]
    assert post["belopp"] == 0
    assert post["rader"] == [{"namn": "Arbetsträning", "belopp_tkr": 0},
                             {"namn": "Stegvis", "belopp_tkr": 0}]
    build_html(project, "2025/arsredovisning")


def test_the_vasteras_cost_split_can_show_its_published_income_and_eget_kapital(tmp_path):
    """Västerås 2020's cost split (shared/reference) heads its table with "Intäkt kr
    13 310 000 eget kapital 8 053 977 Σ 21 363 977": the year's income, eget kapital at the
    year's start (the balansräkning's 2019-12-31 Summa eget kapital) and their sum; with
    'rader' (the example's dokument.yaml) the tool computes the same three from the
    example's figures, here under the tool's own labels (the example's rubriker, which give
    the report's, taken out)."""
    project = tmp_path / "vasteras"
    shutil.copytree(REPO / "examples/vasteras-2020/content", project / "content")
    assert "rader: [intakter, ingaende_eget_kapital, summa]" in (
        project / "content/2020/arsredovisning/dokument.yaml").read_text(encoding="utf-8")
    edit(project / "content/kontoplan.yaml",
         "    Intäkter: Intäkt kr\n    Summa intäkter och eget kapital: Σ\n", "")
    from helpers import build_html
    build_html(project, "2020/arsredovisning")
    rows = [_plain(" ".join(c for c in row if c)) for row in html_tables(
        project / "output/2020/arsredovisning/index.html")["tabell-kostnadsfordelning"]]
    assert "Intäkter 13 310 000 13 310 000" in rows
    assert "Ingående eget kapital 8 053 977 8 053 977" in rows
    assert "Summa intäkter och eget kapital 21 363 977 21 363 977" in rows


def test_the_cost_chart_shows_the_categories_not_the_rows_under_them(tmp_path):
    """[[diagram-kostnader]] beside a cost split with income and eget kapital rows: the
    chart has the four categories and this year's shares (53, 17, 7, 23 %, worked out at the
    top), not the rows under them."""
    project = _copy(tmp_path)
    edit(project / "content/2024/arsredovisning/driftredovisning.md", "[[kostnadsfordelning]]\n",
         "[[kostnadsfordelning]]\n\n[[diagram-kostnader]]\n")
    from helpers import build_html
    build_html(project)
    data = (project / "output/2024/arsredovisning/data/diagram-kostnader.csv").read_text(
        encoding="utf-8-sig")
    assert data.strip().splitlines()[1:] == [
        "Individinriktade insatser,53", "Strukturinriktade insatser,17", "Utveckling,7",
        "Administration,23"], data


def test_an_option_of_a_table_not_placed_is_checked_too(tmp_path):
    """Tallmon does not place its driftsammandrag; a row named under it that the table lacks
    is still an error, with the likely row."""
    project = _copy(tmp_path)
    _options(project, "driftsammandrag", "    dolj_rader: [Nettokostnader]\n")
    message = _message(project)
    assert ("content/2024/arsredovisning/dokument.yaml, rad 19: Tabellen driftsammandrag "
            "har ingen rad 'Nettokostnader'.") in message, message
    assert "menade du 'Nettokostnad'?" in message


def test_a_column_group_left_out_and_a_column_named_with_its_group(tmp_path):
    """The example's driftredovisning has Intäkt, Kostnad and Netto under "Utfall 2022" and
    "Utfall 2021": 'Utfall 2021' leaves out its three columns, 'Utfall 2022 Intäkt' one.
    Medlemsbidrag 3 000 000 → 3 000 (Netto 2022), budget 3 000, deviation 0."""
    from helpers import EXAMPLE, build_html, copy_project
    project = copy_project(tmp_path / "exempel", EXAMPLE)
    edit(project / "content/2022/arsredovisning/dokument.yaml", "tabellfotnoter:\n",
         "tabeller:\n  driftredovisning:\n    dolj_kolumner: [Utfall 2021, Utfall 2022 Intäkt]\n"
         "tabellfotnoter:\n")
    build_html(project, "2022/arsredovisning")
    rows = [[c for c in row if c] for row in html_tables(
        project / "output/2022/arsredovisning/index.html")["tabell-driftredovisning"]]
    assert rows[0] == ["Utfall 2022", "Budget 2022", "Avvikelse 2022"]
    assert rows[1] == ["Belopp i tkr", "Kostnad", "Netto", "Netto", "Netto"]
    assert [_plain(c) for c in rows[3]] == ["Medlemsbidrag", "0", "3 000", "3 000", "0"]


def test_the_five_year_overview_takes_its_options_under_tabeller(tmp_path):
    """femarsoversikt under tabeller: kronor, costs without the minus, soliditet in whole
    percent (the older femarsoversikt: keys mean the same). With the financial items (the
    standard): 2024 intäkter 2 400 000 + 12 345 = 2 412 345, kostnader 2 310 050 + 1 234
    = 2 311 284; 2023 2 200 000 + 8 000 = 2 208 000 and 2 145 000 + 900 = 2 145 900; 2022 as
    historik.yaml has it. Soliditet: 663 161 / 793 161 = 83,6 % → 84 %; 562 100 / 682 100
    = 82,4 % → 82 %; 2022 as typed, 83 %."""
    project = _copy(tmp_path)
    _options(project, "femarsoversikt",
             "    enhet: kr\n    kostnader: positiva\n    procent_decimaler: 0\n")
    edit(project / "content/2024/arsredovisning/rakningar.md", "# Resultaträkning\n",
         "# Översikt\n\n[[femarsoversikt]]\n\n# Resultaträkning\n")
    rows = _tables(project)["femarsoversikt"]
    assert "Intäkter inkl. finansiella poster (kr) 2 412 345 2 208 000 2 000 000" in rows
    assert "Kostnader inkl. finansiella poster (kr) 2 311 284 2 145 900 1 900 000" in rows
    assert "Årets resultat (kr) 101 061 62 100 100 000" in rows
    assert "Soliditet 84 % 82 % 83 %" in rows


@pytest.mark.parametrize("gross", [False, True])
def test_the_driftsammandrag_with_its_financial_items_net_or_gross(tmp_path, gross):
    """Rounded top-down so that the result is the contributions less the net cost plus the
    financial items. 2024: result 101 061 → 101; net cost 2 400 000 + 11 111 − 101 061 =
    2 310 050 → 2 310; 2 400 − 2 310 + 12 (12 345) − 1 (1 234) = 101, or net 11 111 → 11:
    2 400 − 2 310 + 11 = 101. 2023: 62 100 → 62; 2 200 − 2 145 + 8 − 1 (900) = 62, or
    7 100 → 7. Eget kapital 663 161 → 663 and 562 100 → 562; likvida medel 733 161 → 733
    and 632 100 → 632."""
    project = _copy(tmp_path)
    _options(project, "driftsammandrag", "    finansiella_poster: brutto\n" if gross else
             "    finansiella_poster: netto\n")
    edit(project / "content/2024/arsredovisning/driftredovisning.md", "# Driftredovisning\n",
         "# Driftredovisning\n\n[[driftsammandrag]]\n")
    rows = _tables(project)["driftsammandrag"]
    expected = ["Nettokostnad 2 310 2 145", "Medlemsbidrag 2 400 2 200",
                *(["Finansiella intäkter 12 8", "Finansiella kostnader 1 1"] if gross
                  else ["Finansiella poster 11 7"]),
                "Resultat 101 62", "Utgående eget kapital 663 562", "Likvida medel 733 632"]
    assert rows[1:] == expected


def test_tkr_with_one_decimal_under_tabeller(tmp_path):
    """tkr_decimaler: 1 under tabeller means what decimaler: {balansbudget: 1} does: the
    example's kassaflödesbudget (computed in kronor) in tkr with one decimal: the prognosis
    2021's result 520 000 kr → 520,0; cash at its start 950 029 → 950,0, at its end
    950 029 + 179 353 = 1 129 382 → 1 129,4."""
    from helpers import EXAMPLE, build_html, copy_project
    project = copy_project(tmp_path / "exempel", EXAMPLE)
    manifest = project / "content/2022/verksamhetsplan/dokument.yaml"
    edit(manifest, "decimaler:\n  kassaflodesbudget: 1\n",
         "tabeller:\n  kassaflodesbudget:\n    tkr_decimaler: 1\ndecimaler:\n")
    build_html(project, "2022/verksamhetsplan")
    rows = [_plain(" ".join(c for c in row if c)) for row in html_tables(
        project / "output/2022/verksamhetsplan/index.html")["tabell-kassaflodesbudget"]]
    assert rows[2].startswith("Årets resultat 520,0 ")
    assert rows[-1].startswith("Likvida medel vid årets slut 1 129,4 ")


def test_a_note_in_kronor_shown_in_tkr_with_one_decimal(tmp_path):
    """enhet: tkr with tkr_decimaler: 1: −420 300 kr → −420,3; −525 450 → −525,5 (half away
    from zero); −58 500 → −58,5."""
    project = _copy(tmp_path)
    edit(project / DOC, "  not-kostnader:\n    kostnader: negativa\n",
         "  not-kostnader:\n    kostnader: negativa\n    enhet: tkr\n    tkr_decimaler: 1\n")
    rows = _tables(project)["not-kostnader"]
    assert "Kansli −420,3 −401,0" in rows
    assert "Styrelse −60,2 −58,5" in rows  # −60 150 → −60,15 → −60,2
    assert "Summa administration −525,5 −503,5" in rows


def test_a_published_figure_on_a_label_two_rows_share_is_an_error(tmp_path):
    """Two rows named 'Revision' in the driftredovisning (Tallmon's struktur line
    Kartläggning given the drift line name of an administration line): a published figure
    cannot say which of them it is."""
    project = _copy(tmp_path)
    edit(project / "content/2024/utfall.yaml", "{namn: Kartläggning, belopp: 87 900}",
         "{namn: Kartläggning, belopp: 87 900, drift: Revision}")
    edit(project / DOC, "        grupper: [individ, struktur, utveckling]\n",
         "        grupper: [individ, struktur, utveckling]\n    publicerad_avvikelse:\n"
         "      Revision: {Utfall 2024: −45}\n")
    message = _message(project)
    assert "Tabellen driftredovisning har flera rader 'Revision'." in message, message
