"""The year at a glance and the charts, on the example's årsredovisning 2022: every figure
worked out by hand from the typed kronor (and the published five-year overview)."""
from __future__ import annotations

import re

from helpers import REPO, html_row, html_tables

AR = "output/2022/arsredovisning/index.html"
PDF = "output/2022/arsredovisning/arsredovisning-2022.pdf"


def _row(tables, label: str) -> list[str]:
    return [cell.replace("\u00a0", " ") for cell in html_row(tables, "i-korthet", label)]


def test_i_korthet_figures(example):
    """Result −628 285 kr against the revised budget's −874 000: 245 715 kr better, 246 tkr.
    Eget kapital 1 335 256 − 615 823 = 719 433 kr: 23,98 % of the 3 000 000 kr contributed,
    above the 20 % (600 tkr) target. Soliditet 719 433 / 1 335 256 = 53,88 %; 2021
    1 347 718 / 1 830 994 = 73,61 %. Costs: insatser 2 885 933 of 3 643 029 = 79,2 %,
    administration 757 096 = 20,8 %."""
    tables = html_tables(example / AR)
    assert _row(tables, "Årets resultat") == ["−628 tkr", "budget −874 tkr, 246 tkr bättre"]
    assert _row(tables, "Medlemmarnas bidrag") == ["3 000 tkr", "3 000 tkr året innan"]
    assert _row(tables, "Eget kapital") == [
        "719 tkr", "mål: högst 20 % av bidragen, 600 tkr; nu 24,0 %, målet inte nått"]
    assert _row(tables, "Soliditet") == ["53,9 %", "73,6 % året innan"]
    assert _row(tables, "Kostnader") == ["3 643 tkr", "Insatser 79 %, administration 21 %"]


def test_goals_at_a_glance_count_the_follow_ups(example):
    """Counted in the follow-up file itself, not by the tool."""
    typed = (REPO / "examples/vastra-malardalen/content/2022/arsredovisning/maluppfoljning.yaml").read_text(encoding="utf-8")
    outcomes = re.findall(r"^  maluppfyllelse: (.+)$", typed, re.MULTILINE)
    reached, partly = outcomes.count("uppnått"), outcomes.count("delvis uppnått")
    missed = outcomes.count("ej uppnått")
    assert _row(html_tables(example / AR), "Mål") == [
        f"{reached} av {len(outcomes)} uppnådda", f"{partly} delvis, {missed} ej uppnådda"]


def test_charts_are_svg_with_every_figure_as_text(example):
    """The result chart draws the five-year overview's Årets resultat (tkr, oldest first:
    113, −102, 192, 738, −628, as published), the two losses in red; the cost chart the
    cost split's shares. Each SVG is an image named by its title, described by its figures;
    no script anywhere."""
    page = (example / AR).read_text(encoding="utf-8").replace("\u00a0", " ")
    result = re.search(r'<figure class="diagram" id="diagram-resultat">(.*?)</figure>', page, re.S)
    assert result, "resultatdiagrammet saknas"
    svg = result.group(1)
    assert 'role="img"' in svg and 'aria-labelledby="diagram-resultat-t diagram-resultat-d"' in svg
    assert re.search(r"<desc[^>]*>2018: 113; 2019: −102; 2020: 192; 2021: 738; 2022: −628</desc>", svg)
    assert len(re.findall(r"<rect ", svg)) == 5
    assert len(re.findall(r'<rect [^>]*fill="#a4262c"', svg)) == 2
    costs = re.search(r'id="diagram-kostnader">(.*?)</figure>', page, re.S).group(1)
    assert re.search(r"<desc[^>]*>Insatser: 79 %; Administration: 21 %</desc>", costs)
    assert "<script" not in page


def test_charts_are_drawn_in_the_pdf(example):
    """WeasyPrint draws the inline SVG: its labels are text in the PDF."""
    from helpers import pdf_lines
    lines = " ".join(pdf_lines(example / PDF)).replace("\u00a0", " ")
    assert "Årets resultat 2018–2022 (tkr)" in lines
    assert "Kostnader per kategori 2022, andel" in lines


def test_open_data_headings_say_which_period_each_column_is(example):
    """A column read alone says what it is: the group heading above it joins its own."""
    import csv
    path = example / "output/2022/arsredovisning/data/driftredovisning.csv"
    header = next(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert header == ["Belopp i tkr", "Utfall 2022 Intäkt", "Utfall 2022 Kostnad",
                      "Utfall 2022 Netto", "Budget 2022 Netto", "Avvikelse 2022 Netto",
                      "Utfall 2021 Intäkt", "Utfall 2021 Kostnad", "Utfall 2021 Netto"]
    charts = example / "output/2022/arsredovisning/data/diagram-resultat.csv"
    assert charts.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "2018,113", "2019,-102", "2020,192", "2021,738", "2022,-628"]
