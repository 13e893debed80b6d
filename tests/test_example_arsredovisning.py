"""The built example reproduces the published årsredovisning 2022 of Samordningsförbundet
Västra Mälardalen (its statements, notes, five-year overview and driftredovisning).

Every expected figure below is copied from the reference report, not computed.
The PDF is read back as text (pypdf), the web page as HTML tables.
"""
from __future__ import annotations

import re

import pytest
from helpers import HTML, PDF, html_row, html_tables, html_text, pdf_lines

NB = "\u00a0"

# Lines of the PDF exactly as they read in the published report (whitespace normalised),
# each under the heading of its table in the order they stand: a line counts only between
# its own heading and the next, so "Summa 101 573 32 734" is the fordringar note's sum.
REFERENCE = [
    ("1.1 Översikt över verksamhetens utveckling", [
        # The published figures; their labels say that the financial items are inside
        # (the report's "Verksamhetens intäkter" was 3 000 000 kr in its resultaträkning).
        "Intäkter inkl. finansiella poster (tkr) 3 015 3 000 3 000 3 000 3 000",
        "Kostnader inkl. finansiella poster (tkr) −3 643 −2 262 −2 808 −3 102 −2 887",
        "Årets resultat (tkr) −628 738 192 −102 113",
        "Soliditet 53,9 % 73,6 % 61,8 % 50,1 % 45,5 %",
        "Antal anställda 0 0 0 0 0"]),
    ("Balanskravsutredning", [
        "= Årets balanskravsresultat −628"]),
    ("2. Resultaträkning", [
        "Verksamhetens intäkter 2 3 000 000 3 000 000",
        "Verksamhetens kostnader 3 −3 643 029 −2 261 664",
        "Verksamhetens resultat −643 029 738 336",
        "Finansiella intäkter 14 755 0",
        "Finansiella kostnader −11 0",
        "Resultat efter finansiella poster −628 285 738 336",
        "Årets resultat −628 285 738 336"]),
    ("3. Balansräkning", [
        "Fordringar 4 101 573 32 734",
        "Kassa och bank 1 233 683 1 798 260",
        "Summa tillgångar 1 335 256 1 830 994",
        "Övrigt eget kapital 1 347 718 609 382",
        "Summa eget kapital 719 433 1 347 718",
        "Kortfristiga skulder 5 615 823 483 276",
        "Summa eget kapital, avsättningar och skulder 1 335 256 1 830 994"]),
    ("4. Kassaflödesanalys", [
        "Ökning (−)/minskning (+) kortfristiga fordringar −68 839 3 436",
        "Ökning (+)/minskning (−) kortfristiga skulder 132 547 106 459",
        "Kassaflöde från den löpande verksamheten −564 577 848 231",
        "Likvida medel vid årets början 1 798 260 950 029",
        "Likvida medel vid årets slut 1 233 683 1 798 260"]),
    ("5. Driftredovisning", [  # the 2022 columns and the budget as published
        "Medlemsbidrag 3 000 0 3 000 3 000 0 3 000 0 3 000",
        "Summa intäkter och finansiella poster 3 015 0 3 015 3 000 15 3 000 0 3 000",
        "Styrelsekostnader 0 74 74 80 6 0 75 75",
        "Summa administrativa kostnader 0 757 757 802 45 0 919 919",
        "Processtödjare 0 547 547 591 44 0 426 426",
        "Länsgemensamma utb/konf 0 247 247 250 3 0 142 142",
        "SIP-samordnare KAK 0 818 818 900 82 0 0 0",
        "NPF, IF och kognitiva stöd 0 405 405 400 −5 0 0 0",
        "Summa kostnader insatser 0 2 886 2 886 3 072 186 0 1 343 1 343",
        "Resultat 3 015 3 643 −628 −874 246 3 000 2 262 738"]),
    ("Not 2. Verksamhetens intäkter", [
        "Bidrag från Region Västmanland 750 000 750 000"]),
    ("Not 3. Verksamhetens kostnader", [
        "Summa insatser 2 885 933 1 343 058",
        "Summa administrativa kostnader 757 096 918 606",
        "Summa verksamhetens kostnader 3 643 029 2 261 664"]),
    ("Not 4. Fordringar", [
        "Summa 101 573 32 734"]),
    ("Not 5. Kortfristiga skulder", [
        "Upplupna kostnader 50 000 368 995",
        "Summa 615 823 483 276"]),
]
REFERENCE_LINES = [(heading, line) for heading, lines in REFERENCE for line in lines]


def under_heading(lines: list[str], heading: str) -> list[str]:
    """The body's lines from `heading` to the next heading of REFERENCE."""
    headings = [h for h, _ in REFERENCE]
    start = lines.index(heading)
    following = headings[headings.index(heading) + 1:]
    ends = [lines.index(h, start) for h in following if h in lines[start:]]
    return lines[start:min(ends, default=len(lines))]


@pytest.fixture(scope="module")
def lines(example):
    return pdf_lines(example / PDF)


@pytest.fixture(scope="module")
def body_lines(example):
    """The lines after the cover and the contents (page 2 lists the same headings)."""
    return pdf_lines(example / PDF, first_page=3)


@pytest.mark.parametrize("heading, expected", REFERENCE_LINES)
def test_pdf_has_reference_line(body_lines, heading, expected):
    assert expected in under_heading(body_lines, heading)


def test_pdf_narrative_cites_computed_figures(lines):
    text = " ".join(lines)
    assert "Årets resultat blev −628 tkr, att jämföra med en budget på −874 tkr" in text
    assert "motsvarar 24 % av årets bidrag" in text
    assert "gick 2 886 tkr till insatser och 757 tkr till administration" in text
    assert "fördelningen 1 343 tkr till insatser och 919 tkr till administration" in text


def test_pdf_uses_unicode_minus_never_hyphen(lines):
    text = "\n".join(lines)
    assert "−628 285" in text
    assert not re.search(r"(^|\s)-\d", text), "ASCII-bindestreck som minustecken"


def test_pdf_has_signatures_from_profile(lines):
    text = "\n".join(lines)
    for name in ("Karin Lindqvist", "Ahmed Berisha", "Magnus Öberg", "Cecilia Lund",
                 "Helena Holm"):
        assert name in text
    assert "Auktoriserad revisor" in text and "Vice ordförande" in text


@pytest.fixture(scope="module")
def tables(example):
    return html_tables(example / HTML)


def test_html_statements_in_swedish_format(tables):
    assert html_row(tables, "resultatrakning", "Årets resultat") == [
        "", f"−628{NB}285", f"738{NB}336"]
    assert html_row(tables, "balansrakning", "Summa tillgångar") == [
        "", f"1{NB}335{NB}256", f"1{NB}830{NB}994"]
    assert html_row(tables, "balansrakning", "Summa eget kapital") == [
        "", f"719{NB}433", f"1{NB}347{NB}718"]
    assert html_row(tables, "kassaflodesanalys", "Kassaflöde från den löpande verksamheten") == [
        f"−564{NB}577", f"848{NB}231"]
    assert html_row(tables, "kassaflodesanalys", "Likvida medel vid årets slut") == [
        f"1{NB}233{NB}683", f"1{NB}798{NB}260"]
    assert html_row(tables, "not-kostnader", "Summa insatser") == [
        f"2{NB}885{NB}933", f"1{NB}343{NB}058"]


def test_html_ratios_and_drift(tables):
    soliditet = html_row(tables, "femarsoversikt", "Soliditet")
    assert soliditet[:2] == [f"53,9{NB}%", f"73,6{NB}%"]
    assert html_row(tables, "driftredovisning", "Resultat") == [
        f"3{NB}015", f"3{NB}643", "−628", "−874", "246", f"3{NB}000", f"2{NB}262", "738"]
    assert html_row(tables, "eget-kapital", "Eget kapital i procent av bidragen") == [
        f"24,0{NB}%"]


def test_html_table_headers_have_scope(example):
    html = (example / HTML).read_text(encoding="utf-8")
    assert ('<th scope="col" class="num"><span class="nobr">2022-01-01</span>–'
            '<span class="nobr">2022-12-31</span></th>') in html
    assert '<th scope="row">Årets resultat</th>' in html
    assert '<html lang="sv">' in html


def test_html_narrative(example):
    text = html_text(example / HTML)
    assert f"motsvarar 24{NB}% av årets bidrag" in text
    assert "Årets resultat blev −628 tkr" in text
