"""Statistics tables with typed columns (form: kolumner), their figures by name in narrative,
and their charts, on a copy of the example with an invented statistik.yaml. Every expected
figure is worked out by hand beside it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import build_html, copy_project, html_row, html_tables, pipeline_message

AR = "output/2022/arsredovisning/index.html"
STATISTIK = "content/2022/arsredovisning/statistik.yaml"
SECTION = "content/2022/arsredovisning/oversikt.md"

# A survey with a published percentage and a text column, and a table of insatser with
# participants against budget and cost budget against outcome.
TABLES = """\
enkat:
  rubrik: Deltagarenkät 2022
  radrubrik: Fråga
  form: kolumner
  summera: true
  kolumner:
    - Svarande
    - Nöjda
    - {namn: Andel nöjda, typ: procent, procent_av: [Nöjda, Svarande]}
    - {namn: Vanligaste svaret, typ: text}
  rader:
    Stödet var till nytta: [47, 40, 85, "Ja, absolut"]
    Fick vara med och bestämma: [45, 36, 80, Ja]
  diagram: {typ: stapel, kolumner: [Svarande, Nöjda]}
insatser:
  rubrik: Strukturinsatser 2022
  radrubrik: Insats
  form: kolumner
  summera: true
  summarad: Summa
  kolumner:
    - {namn: Deltagare/budget, typ: mot_budget}
    - {namn: Budget kostnad, typ: kronor}
    - {namn: Utfall kostnad, typ: kronor}
  rader:
    Utbildning LF: ["86/90", 120 000, 98 500]
    Nätverksträffar: [[83, 80], 30 000, 31 250]
deltagare:
  rubrik: Deltagare efter kön
  radrubrik: Insats
  kolumner: [Kvinna, Man]
  rader:
    Insats A: [12, 10]
    Insats B: [3, 5]
  diagram: {typ: staplad}
"""


def _project(tmp_path: Path, tables: str = TABLES, narrative: str = "") -> Path:
    project = copy_project(tmp_path / "projekt")
    (project / STATISTIK).write_text(tables, encoding="utf-8")
    section = project / SECTION
    section.write_text(section.read_text(encoding="utf-8") + "\n[[statistik-enkat]]\n\n"
                       "[[statistik-insatser]]\n\n" + narrative, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    narrative = (
        "Av de svarande var {{ statistik.enkat.totalt.andel_nojda | procent }} nöjda; "
        "utbildningen i LF hade {{ statistik.insatser.utbildning_lf.deltagare_budget.utfall }} "
        "deltagare mot {{ statistik.insatser.utbildning_lf.deltagare_budget.budget }} "
        "budgeterade och kostade {{ statistik.insatser.summa.utfall_kostnad | kr }} kr. "
        "Kvinnor i insats A: {{ statistik.deltagare.insats_a.kvinna }} av "
        "{{ statistik.deltagare.totalt.totalt }}, "
        "{{ statistik.deltagare.insats_a.andel | procent }} av alla.\n\n"
        "[[diagram-statistik-enkat]]\n\n[[diagram-statistik-deltagare]]\n")
    project = _project(tmp_path_factory.mktemp("statistik"), narrative=narrative)
    build_html(project, "2022/arsredovisning")
    return project


def test_a_survey_shows_its_published_percentage_and_text(built):
    tables = html_tables(built / AR)
    assert html_row(tables, "statistik-enkat", "Stödet var till nytta") == [
        "47", "40", "85\xa0%", "Ja, absolut"]  # 40 / 47 = 85,1 % published as 85
    assert html_row(tables, "statistik-enkat", "Fick vara med och bestämma") == [
        "45", "36", "80\xa0%", "Ja"]  # 36 / 45 = 80 %
    # 47 + 45 = 92 svarande, 40 + 36 = 76 nöjda; 76 / 92 = 82,6 % → 83 % (no decimal).
    assert html_row(tables, "statistik-enkat", "Totalt") == ["92", "76", "83\xa0%", ""]


def test_participants_against_budget_and_cost_per_insats(built):
    tables = html_tables(built / AR)
    assert html_row(tables, "statistik-insatser", "Utbildning LF") == [
        "86/90", "120\xa0000", "98\xa0500"]
    assert html_row(tables, "statistik-insatser", "Nätverksträffar") == [
        "83/80", "30\xa0000", "31\xa0250"]
    # 86 + 83 = 169 of 90 + 80 = 170; 120 000 + 30 000; 98 500 + 31 250 = 129 750.
    assert html_row(tables, "statistik-insatser", "Summa") == [
        "169/170", "150\xa0000", "129\xa0750"]


def _text(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("\xa0", " ").replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text)


def test_narrative_names_every_statistics_figure(built):
    text = _text(built / AR)
    # 76 / 92 = 0,82608… → 82,6 %; 12 of 12 + 10 + 3 + 5 = 30; 22 / 30 = 73,3 % (the wide
    # form's share of the whole for Insats A, 12 + 10 = 22).
    assert ("Av de svarande var 82,6 % nöjda; utbildningen i LF hade 86 deltagare mot 90 "
            "budgeterade och kostade 129 750 kr. Kvinnor i insats A: 12 av 30, 73,3 % av "
            "alla.") in text


def test_charts_of_statistics_tables_say_every_figure(built):
    html = built.joinpath(AR).read_text(encoding="utf-8").replace("\xa0", " ")
    # Grouped bars: its <desc> names each row's two series, and each bar has its figure.
    assert ("Stödet var till nytta: Svarande 47, Nöjda 40; Fick vara med och bestämma: "
            "Svarande 45, Nöjda 36") in html
    # Stacked bars: each segment's count inside it and the row's total over the bar,
    # 12 + 10 = 22 and 3 + 5 = 8. The smallest segment, 3, is 3 / 22 of the plot's 168 px
    # (260 − 40 under it − 52 over it) ≈ 23 px: room for its figure (16 px).
    chart = html[html.index('id="diagram-statistik-deltagare"'):]
    chart = chart[:chart.index("</svg>")]
    assert re.findall(r">(\d+)</text>", chart) == ["12", "10", "22", "3", "5", "8"]
    assert chart.count("<rect") == 4 + 1  # two rows of two segments; the legend's square
    assert "Insats A: Kvinna 12, Man 10; Insats B: Kvinna 3, Man 5" in chart


def test_a_line_chart_has_a_line_per_column_with_a_point_per_row(tmp_path):
    tables = TABLES.replace("diagram: {typ: staplad}", "diagram: {typ: linje}")
    project = _project(tmp_path, tables, "[[diagram-statistik-deltagare]]\n")
    build_html(project, "2022/arsredovisning")
    html = (project / AR).read_text(encoding="utf-8")
    chart = html[html.index('id="diagram-statistik-deltagare"'):]
    chart = chart[:chart.index("</svg>")]
    assert chart.count("<polyline") == 2  # Kvinna and Man
    assert chart.count("<circle") == 1 + 2  # the legend's and Kvinna's two points


@pytest.mark.parametrize("old, new, expected", [
    # 40 / 47 = 85,106 %: 86 is 0,894 off, more than half a unit.
    ("[47, 40, 85,", "[47, 40, 86,",
     "content/2022/arsredovisning/statistik.yaml, rad 12: Andelen 'Andel nöjda' på raden "
     "'Stödet var till nytta' i tabellen enkat är skriven som 86 %, men Nöjda 40 av Svarande "
     "47 ger 85 % (85,106 %); en publicerad andel får avvika högst en halv enhet i sista "
     "visade decimalen."),
    # 85,6 shown with no decimal would read 86 %.
    ("[47, 40, 85,", "[47, 40, \"85,6\",",
     "rad 12: Andelen 'Andel nöjda' på raden 'Stödet var till nytta' i tabellen enkat är "
     "skriven som 85,6 %, med fler decimaler än kolumnen visar (0)."),
    ("procent_av: [Nöjda, Svarande]", "procent_av: [Nöjda, Vanligaste svaret]",
     "Andelen 'Andel nöjda' i tabellen enkat behöver 'procent_av' med antalskolumner: "
     "[täljare, nämnare] eller [kolumn]; 'Vanligaste svaret' är ingen antalskolumn."),
    ('["86/90", 120 000', '["86 av 90", 120 000',
     "Raden 'Utbildning LF' i tabellen insatser: värdet '86 av 90' i kolumnen "
     "'Deltagare/budget' ska vara antal mot budget"),
])
def test_wrong_typed_statistics_are_refused(tmp_path, old, new, expected):
    project = _project(tmp_path, TABLES.replace(old, new, 1))
    message = pipeline_message(project).replace("\xa0", " ")
    assert expected in message, message


def test_a_misspelt_statistics_name_gets_the_likely_one(tmp_path):
    project = _project(tmp_path, narrative=(
        "{{ statistik.enkat.stodet_var_till_nyta.svarande }}\n"))
    message = pipeline_message(project)
    assert ("'stodet_var_till_nyta' finns inte i statistiktabellen enkat." in message
            and "menade du 'stodet_var_till_nytta'?" in message), message


def test_every_form_names_its_figures_as_its_table_shows_them():
    """Västerås 2020's statistics by name, each figure as its published table has it:
    "Utskrivning Kvinna 13 19,1%" (13 / 68 = 19,12 %, each share on its own), "Totalt Kvinna
    34" (the column's sum), "Slutsumma 68"; "Kvinna Försörjningsstöd 16 22,2% 11";
    "Samordningsförbundet Västerås 15 330/333 2 100 000 1 972 971" (2020's row);
    bilaga 1's "Slutsumma 85 85 47 49 36" (48 + 37 = 85, 26 + 21 = 47)."""
    from decimal import Decimal

    import yaml

    from finsam.load.project import RawFile
    from finsam.model.statistik import statistics_tables
    from finsam.render.statistiknamn import statistics_names
    path = (Path(__file__).parent.parent
            / "examples/vasteras-2020/content/2020/arsredovisning/statistik.yaml")
    problems: list = []
    tables = statistics_tables(RawFile(path, yaml.safe_load(path.read_text("utf-8"))),
                               problems)
    assert problems == []
    names = statistics_names(tables)
    avslut = names["avslutsanledning_2020"]
    assert (avslut["utskrivning"]["kvinna"], avslut["utskrivning"]["andel_kvinna"]) == (
        13, Decimal("0.191"))
    assert (avslut["slutsumma"]["kvinna"], avslut["slutsumma"]["totalt"]) == (34, 68)
    assert names["forsorjning_2020"]["kvinna"]["forsorjningsstod"] == {
        "fore_insats": 16, "efter_insats": 11}
    row = names["strukturinsatser"]["2020"]
    assert row == {"antal_insatser": 15, "antal_budget_v_insats": {"utfall": 330,
                                                                   "budget": 333},
                   "budget_kostnad": Decimal(2_100_000), "utfall_kostnad": Decimal(1_972_971)}
    assert list(names["deltagare_samordningsteam_2020"]["slutsumma"].values()) == [
        85, 85, 47, 49, 36]


def test_statistics_charts_keep_the_pdf_archival_and_accessible(tmp_path):
    """A bar, a stacked bar and a line chart in the PDF: still PDF/A-3u and PDF/UA-1, and no
    layout rule broken (the build prints no page warning)."""
    import page
    from helpers import run_build
    tables = TABLES + ("tid:\n  rubrik: Deltagare per år\n  radrubrik: År\n"
                       "  kolumner: [Kvinna, Man]\n  rader:\n    \"2019\": [41, 28]\n"
                       "    \"2020\": [34, 34]\n  diagram: {typ: linje}\n")
    project = _project(tmp_path, tables, "[[diagram-statistik-enkat]]\n\n"
                       "[[diagram-statistik-deltagare]]\n\n[[diagram-statistik-tid]]\n")
    result = run_build(project, "2022/arsredovisning")
    assert result.returncode == 0, result.stderr
    assert "i PDF:en" not in result.stderr, result.stderr
    pdf = project / "output/2022/arsredovisning/arsredovisning-2022.pdf"
    for profile in ("3u", "ua1"):
        assert page.validate_pdf(pdf, profile=profile).failures == [], profile


TALLMON = Path(__file__).parent / "fixtures/tallmon"


@pytest.fixture(scope="module")
def tallmon(tmp_path_factory) -> Path:
    """The invented förbund of tests/test_tabeller.py, whose årsredovisning also has a
    survey with published percentages (statistik.yaml) cited by name in its text."""
    import shutil

    from helpers import run_build
    project = tmp_path_factory.mktemp("tallmon")
    shutil.copytree(TALLMON / "content", project / "content")
    result = run_build(project, "2024/arsredovisning")
    assert result.returncode == 0, result.stderr
    assert "i PDF:en" not in result.stderr, result.stderr
    return project


# Tallmon's survey: 31 / 38 = 81,578… % published as 81,6; 27 / 37 = 72,972… as 73,0;
# 22 / 36 = 61,111… as 61,1. All: 38 + 37 + 36 = 111 svarande, 31 + 27 + 22 = 80 instämmer,
# 80 / 111 = 72,072… → 72,1 %.
TALLMON_SURVEY = [
    ("Jag fick stöd som passade mig", ["38", "31", "81,6 %", "Bra bemötande"]),
    ("Jag fick vara med och bestämma", ["37", "27", "73,0 %", "Fler träffar"]),
    ("Jag är mer redo för arbete eller studier", ["36", "22", "61,1 %", "Mer praktik"]),
    ("Alla påståenden", ["111", "80", "72,1 %", ""]),
]


def test_the_invented_forbund_survey_reads_back_from_web_page_and_pdf(tallmon):
    from helpers import pdf_pages
    tables = html_tables(tallmon / "output/2024/arsredovisning/index.html")
    pdf = " ".join(" ".join(pdf_pages(
        tallmon / "output/2024/arsredovisning/arsredovisning-2024.pdf")).split())
    pdf = pdf.replace("\xa0", " ")
    for label, cells in TALLMON_SURVEY:
        assert [c.replace("\xa0", " ") for c in html_row(tables, "statistik-enkat-2024",
                                                         label)] == cells
        assert " ".join([label, *cells]).strip() in pdf, label
    text = _text(tallmon / "output/2024/arsredovisning/index.html")
    assert ("Av 111 svar instämde 72,1 %; flest instämde i att stödet passade dem "
            "(81,6 %).") in text


def test_a_new_year_has_last_years_statistics_tables_with_every_figure_blank(tmp_path):
    """`ny 2021` on Västerås: the copied sections place and cite the statistics tables, so
    the new document has them too, with nothing of 2020's figures: counts and amounts 0,
    participants against budget 0/0, no typed whole (2020's 68 would not hold)."""
    import shutil

    import yaml

    from finsam.commands.newyear import start_year
    shutil.copytree(TALLMON.parent.parent.parent / "examples/vasteras-2020/content",
                    tmp_path / "content")
    start_year(tmp_path, 2021)
    tables = yaml.safe_load((tmp_path / "content/2021/arsredovisning/statistik.yaml")
                            .read_text(encoding="utf-8"))
    avslut = tables["avslutsanledning-2020"]
    assert avslut["rader"]["Utskrivning"] == [0, 0] and "totalt" not in avslut
    assert tables["strukturinsatser"]["rader"]["2020"] == [0, [0, 0], 0, 0]
    assert tables["strukturinsatser"]["radrubriker"]["2020"] == "Samordningsförbundet Västerås"
    assert tables["forsorjning-2020"]["grupper"]["Kvinna"]["A-kassa"] == [0, 0]
    assert tables["forsorjning-2020"]["bas"] == [0, 0]
    message = pipeline_message(tmp_path)
    assert "statistik" not in message, message  # what stops 2021 is 2020's own error


def test_a_chart_stands_on_its_axis_also_when_every_figure_is_zero():
    """A hostile probe drew an all-zero table's bars 168 px above the axis (the top of the
    plot): zero is on the axis whatever the highest figure, and the highest at the top."""
    from decimal import Decimal

    from finsam.render.diagram import HEIGHT
    from finsam.render.statistikdiagram import BOTTOM, _scale
    axis = HEIGHT + 40 - BOTTOM  # the plot's foot, where the category labels stand above
    all_zero = _scale(Decimal(0), 44)
    assert all_zero(Decimal(0)) == axis
    some = _scale(Decimal(200), 44)
    assert some(Decimal(0)) == axis and some(Decimal(200)) == 44
    assert some(Decimal(100)) == 44 + (axis - 44) / 2
