"""A second real förbund: Samordningsförbundet Västerås' årsredovisning 2020, built from
examples/vasteras-2020/ (its figures typed once, its own labels, note numbers 1–4, zero as a
dash, a five-year overview in kronor) and read back from the PDF and the web page.

Every expected line below is copied from the published report, with its label; only the
signs are normalised (the report's hyphen and the tool's U+2212 minus and U+2013 dash are
compared as one), and "70%" is compared without the no-break space the tool writes.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import REPO, html_tables, pdf_lines, run_build

PROJECT = REPO / "examples/vasteras-2020"
PDF = "output/2020/arsredovisning/arsredovisning-2020.pdf"
HTML = "output/2020/arsredovisning/index.html"

PUBLISHED = {
    "femarsoversikt": [
        "Verksamhetens intäkter 13 310 000 13 392 000 14 178 500 14 738 428 15 138 160",
        "Verksamhetens kostnader 13 122 674 12 115 524 12 739 227 13 330 251 12 351 169",
        "Årets resultat 187 326 1 276 476 1 439 273 1 408 177 2 786 991",
        "Soliditet 70% 74% 64% 58% 51%",
        "Antal anställda 0 0 0 0 0"],
    "resultatrakning": [
        "Verksamhetens intäkter 1 13 310 000 13 392 000",
        "Verksamhetens kostnader 2 -13 122 674 -12 115 524",
        "Verksamhetens resultat 187 326 1 276 476",
        "Resultat efter finansiella poster 187 326 1 276 476",
        "Årets resultat 187 326 1 276 476"],
    "balansrakning": [
        "Korta fordringar 3 371 691 608 239",
        "Kassa och bank 11 352 229 10 251 045",
        "Summa omsättningstillgångar 11 723 920 10 859 284",
        "SUMMA TILLGÅNGAR 11 723 920 10 859 284",
        "Årets resultat 187 326 1 276 476",
        "Övrigt eget kapital 8 053 977 6 777 501",
        "Summa eget kapital 8 241 303 8 053 977",
        "Kortfristiga skulder 4 3 482 617 2 805 307",
        "Summa skulder 3 482 617 2 805 307",
        "SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER 11 723 920 10 859 284",
        "Ansvarsförbindelser Inga Inga"],
    "kassaflodesanalys": [
        "Årets resultat 187 326 1 276 476",
        "Justering för ej likvidpåverkande poster - -",
        "Medel från verksamheten före förändring av rörelsekapital 187 326 1 276 476",
        "Ökning/minskning av kortfristiga fordringar 236 548 -92 696",
        "Ökning/minskning av kortfristiga skulder 677 310 -984 622",
        "Kassaflöde från den löpande verksamheten 1 101 184 199 158",
        "Årets kassaflöde 1 101 184 199 158",
        "Likvida medel vid årets början 10 251 045 10 051 887",
        "Likvida medel vid årets slut 11 352 229 10 251 045"],
    "not-intakter": [
        "Driftbidrag från staten 6 655 000 6 696 000",
        "Driftbidrag från Västerås stad 3 327 500 3 348 000",
        "Driftbidrag från Region Västmanland 3 327 500 3 348 000",
        "Summa verksamhetens intäkter 13 310 000 13 392 000"],
    "not-kostnader": [
        "Insats Samordningsteam Västerås 2020 7 384 060 -",
        "Projekt JobbFokus 2.0 2 277 417 2 279 882",
        "Projekt Studie främjande psykisk hälsa/SIM 647 373 -",
        "Projekt Samverkan för individens bästa - 55 229",
        "Insats Samordningsteam Västerås 2019 - 6 951 965",
        "Insatskatalog/indikatorer 113 466 115 684",
        "Kartläggning/utvärdering 45 050 180 000",
        "Utvecklingsmedel 68 101 270 100",
        "Lokala utbildningsinsatser Västerås 892 460 661 910",
        "Länsgemensamma utbildningsinsatser 257 600 256 593",
        "Delsumma 11 685 527 10 771 363",
        "Styrelse 166 809 140 918",
        "Kansli 1 270 338 1 203 243",
        "Delsumma 1 437 147 1 344 161",
        "Summa verksamhetens kostnader 13 122 674 12 115 524"],
    "not-fordringar": [
        "Norra Västmanlands Samordningsförbund 95 000 128 593",
        "Skatteverket, mervärdesskatt 276 691 310 840",
        "Samordningsförbundet Västra Mälardalen - 168 806",
        "Summa korta fordringar 371 691 608 239"],
    "not-skulder": [
        "Leverantörsskulder 309 130 428 372",
        "Västerås stad, JobbFokus 2.0 868 228 601 653",
        "Västerås stad, Samordningsteam Västerås 2020 1 862 386 -",
        "Region Västmanland, Studie främj psyk hälsa/SIM 353 000 -",
        "Västerås stad, Samordningsteam V-ås 2019 - 1 718 706",
        "Vital goodsolution AB, lokala utbildn insatser 51 080 -",
        "Kostnader Kansli 2 793 17 787",
        "Kostnader Revision 36 000 38 789",
        "Summa kortfristiga skulder 3 482 617 2 805 307"],
}
NOTES = {"not-intakter": "Not 1. Verksamhetens intäkter",
         "not-kostnader": "Not 2. Verksamhetens kostnader",
         "not-fordringar": "Not 3. Korta fordringar",
         "not-skulder": "Not 4. Kortfristiga skulder"}


def normalised(line: str) -> str:
    line = re.sub(r"\s+", " ", line).strip()
    return line.replace("\u2212", "-").replace("\u2013", "-").replace(" %", "%")


@pytest.fixture(scope="module")
def vasteras(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("vasteras")
    shutil.copytree(PROJECT / "content", project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "Varning" not in result.stderr, result.stderr
    return project


@pytest.mark.parametrize("table", PUBLISHED)
def test_every_published_figure_is_in_the_pdf_with_its_label(vasteras, table):
    lines = [normalised(line) for line in pdf_lines(vasteras / PDF)]
    for expected in PUBLISHED[table]:
        assert expected in lines, f"{table}: {expected}"


@pytest.mark.parametrize("table", PUBLISHED)
def test_every_published_figure_is_in_the_web_page_table(vasteras, table):
    rows = [normalised(" ".join(cell for cell in row if cell))
            for row in html_tables(vasteras / HTML)[f"tabell-{table}"]]
    for expected in PUBLISHED[table]:
        assert expected in rows, f"{table}: {expected}"


def test_notes_are_numbered_one_to_four_with_their_published_names(vasteras):
    lines = [normalised(line) for line in pdf_lines(vasteras / PDF)]
    for caption in NOTES.values():
        assert caption in lines, caption
