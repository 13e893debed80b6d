"""Issue 25, "wrong figures or text published with exit 0" and "messages that mislead": each
defect provoked on a copy of a real project. Where the input is right, the published figure is
checked against one worked out by hand; where it cannot be right, the whole command stops
(exit 1, the Swedish message with file and line, no traceback, output/ untouched). The
messages themselves are case files in tests/fel/ (test_error_cases.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import build_fails, build_html, copy_project, edit, html_row, html_tables
from test_error_cases import apply_case

AR = "output/2022/arsredovisning/index.html"
DOKUMENT = "content/2022/arsredovisning/dokument.yaml"
HISTORIK = "content/historik.yaml"
NB = "\u00a0"
FEL = Path(__file__).parent / "fel"

# The case files of these defects, run once more as the whole command.
WHOLE_COMMAND = [
    "historik-utan-finansiella-poster",
    "historik-och-utfall-sager-olika",
    "driftredovisningen-forra-aret-stammer-inte",
    "statistik-med-summakolumn",
    "blandad-teckenkodning",
    "mallkod-skriver-ut-en-funktion",
    "bild-svg-med-animering",
    "budget-med-intakt-som-inte-ar-medlem",
]


@pytest.mark.parametrize("case", WHOLE_COMMAND)
def test_the_command_stops_with_the_message_and_leaves_output(case: str, broken: Path) -> None:
    spec = yaml.safe_load((FEL / f"{case}.yaml").read_text(encoding="utf-8"))
    apply_case(spec, broken)
    err = build_fails(broken).replace(NB, " ").replace("\u202f", " ")
    assert spec["meddelande"][0] in err


def test_overview_without_financial_items_takes_the_result_history_gives(tmp_path: Path):
    """Without financial items in intäkter and kostnader the result is not their difference:
    a history year gives it as published, or with its financial items, never as a guess."""
    project = copy_project(tmp_path / "projekt")
    edit(project / DOKUMENT, "balanskrav_justeringar: []",
         "femarsoversikt: {finansiella_poster: utan}\nbalanskrav_justeringar: []")
    edit(project / HISTORIK, "  kostnader_tkr: 2 808\n",
         "  kostnader_tkr: 2 808\n  finansiella_poster_tkr: 5\n")
    edit(project / HISTORIK, "  kostnader_tkr: 3 102\n",
         "  kostnader_tkr: 3 102\n  arets_resultat_tkr: −95\n")
    edit(project / HISTORIK, "  kostnader_tkr: 2 887\n",
         "  kostnader_tkr: 2 887\n  arets_resultat_tkr: 113\n")
    build_html(project, "2022/arsredovisning")
    tables = html_tables(project / AR)
    # 2022: 3 000 000 − 3 643 029 without the financial items; the result with them,
    # 3 000 000 − 3 643 029 + 14 755 − 11 = −628 285 (the published −628).
    # 2021: no financial items (738 336). 2020: 3 000 − 2 808 + 5. 2019, 2018: as typed.
    assert html_row(tables, "femarsoversikt", "Verksamhetens intäkter (tkr)") == [
        f"3{NB}000"] * 5
    assert html_row(tables, "femarsoversikt", "Verksamhetens kostnader (tkr)") == [
        f"−3{NB}643", f"−2{NB}262", f"−2{NB}808", f"−3{NB}102", f"−2{NB}887"]
    assert html_row(tables, "femarsoversikt", "Årets resultat (tkr)") == [
        "−628", "738", "197", "−95", "113"]


def test_history_that_agrees_with_the_outcome_is_accepted(tmp_path: Path):
    """A year typed in both places, as published (rounded to tkr, soliditet to a tenth),
    builds: the check compares at the precision history was typed with."""
    project = copy_project(tmp_path / "projekt")
    edit(project / HISTORIK, "2020:\n",
         "2021:\n  intakter_tkr: 3 000\n  kostnader_tkr: 2 262\n  arets_resultat_tkr: 738\n"
         "  anstallda: 0\n  soliditet_procent: 73,6\n  balansrakning:\n"
         "    fordringar: 32 734\n    kassa_och_bank: 1 798 260\n"
         "    kortfristiga_skulder: 483 276\n    eget_kapital: 1 347 718\n2020:\n")
    build_html(project, "2022/arsredovisning")
    tables = html_tables(project / AR)
    assert html_row(tables, "femarsoversikt", "Årets resultat (tkr)")[1] == "738"


def _figures(project: Path, key: str = "2022/arsredovisning"):
    from finsam.build import compute_figures, load_and_validate
    loaded, _, _ = load_and_validate(project)
    doc = next(d for d in loaded.documents if d.key == key)
    return compute_figures(loaded, [doc])[0][1]


def test_last_years_drift_column_is_checked_against_its_resultatrakning(tmp_path: Path):
    """A published report reproduced as it was (godta_avvikelser): last year's column that
    differs from last year's resultaträkning is listed among the deviations, as this year's
    would be, instead of passing unsaid."""
    project = copy_project(tmp_path / "projekt")
    edit(project / "content/2021/utfall.yaml", "- {namn: Processtödjare, belopp: 426 574}",
         "- {namn: Processtödjare, belopp: 426 574, rader: [{namn: Processtödjare, "
         "belopp: 400 000}, {namn: Processtöd B, belopp: 26 000}]}")
    edit(project / DOKUMENT, "balanskrav_justeringar: []",
         "godta_avvikelser: som publicerad\nbalanskrav_justeringar: []")
    figures = _figures(project)
    drift = [a for a in figures.avvikelser if a.startswith("Driftredovisningen 2022, kolumnen")]
    assert len(drift) == 1
    # 3 000 000 − (2 261 664 − 426 574 + 426 000) = 738 910 against 738 336.
    assert "är 738\u00a0910 kr" in drift[0] and "är 738\u00a0336 kr" in drift[0]
    assert figures.driftredovisning.resultat.fg_netto == 739  # shown in tkr, as accepted


def test_a_drift_column_shown_off_the_statement_is_named():
    """The rounded column is checked as shown, not only its exact sum: a table whose Resultat
    row said 737 tkr for 738 336 kr would be a fault (in the tool), named with both figures."""
    import dataclasses

    from helpers import EXAMPLE

    from finsam.accounts.checks import check_drift
    figures = _figures(EXAMPLE)
    drift = figures.driftredovisning
    assert check_drift(drift, figures.aktuellt, figures.foregaende) == []
    shifted = dataclasses.replace(drift, resultat=dataclasses.replace(
        drift.resultat, fg_kostnad=drift.resultat.fg_kostnad + 1))
    [problem] = check_drift(shifted, figures.aktuellt, figures.foregaende)
    assert problem.message.replace(NB, " ") == (
        "Driftredovisningen 2022, kolumnen för 2021, visar resultatet 737 tkr, men "
        "resultaträkningens årets resultat 738 336 kr är 738 tkr (content/2021/utfall.yaml, "
        "rad 5). Skillnad: −1 tkr.")
    assert problem.file.name == "utfall.yaml" and problem.line == 5


SUMS = {  # the example's 2022 statements, by hand from utfall.yaml (kronor)
    "resultatrakning.verksamhetens_resultat": "−643 029",  # 3 000 000 − 3 643 029
    "resultatrakning.resultat_efter_finansiella_poster": "−628 285",  # + 14 755 − 11
    "resultatrakning['arets_resultat']": "−628 285",
    "balansrakning.summa_omsattningstillgangar": "1 335 256",  # 101 573 + 1 233 683
    "balansrakning.summa_tillgangar": "1 335 256",
    "balansrakning.summa_eget_kapital": "719 433",  # 1 347 718 − 628 285
    "balansrakning.summa_skulder": "615 823",
    "balansrakning.summa_eget_kapital_avsattningar_och_skulder": "1 335 256",
    "balansrakning.ovrigt_eget_kapital": "1 347 718",
    "foregaende.resultatrakning.resultat_efter_finansiella_poster": "738 336",
}


def test_every_sum_a_statement_shows_is_reachable_by_its_name(tmp_path: Path):
    from helpers import html_text
    project = copy_project(tmp_path / "projekt")
    section = project / "content/2022/arsredovisning/personal.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n" + " ".join(
        f"[{name}={{{{ {name} | kr }}}}]" for name in SUMS) + "\n", encoding="utf-8")
    build_html(project, "2022/arsredovisning")
    text = html_text(project / AR).replace(NB, " ")
    for name, figure in SUMS.items():
        assert f"[{name}={figure}]" in text, name


@pytest.mark.parametrize("example, key", [("vastra-malardalen", "2022/arsredovisning"),
                                          ("vasteras-2020", "2020/arsredovisning")])
def test_each_sum_row_of_the_statements_has_a_name(example: str, key: str):
    """Every Summa row the resultaträkning and balansräkning print (by the chart, with a
    förbund's own lines) is reachable by the id narrative would use for it."""
    from helpers import REPO

    from finsam.model.kontoplan import sum_id
    figures = _figures(REPO / "examples" / example, key)
    tables = html_tables_from(figures)
    for table, statement in (("resultatrakning", figures.resultatrakning),
                             ("balansrakning", figures.balansrakning)):
        sums = [row for row in tables[table] if row.kind in ("sum", "total")]
        assert sums, table
        for row in sums:
            assert sum_id(row.label) in statement.keys(), (table, row.label)


def html_tables_from(figures) -> dict:
    from finsam.render.tables import Context
    from finsam.render.tables.statements import balansrakning, resultatrakning
    ctx = Context(figures, None)
    return {"resultatrakning": resultatrakning(ctx).rows,
            "balansrakning": balansrakning(ctx).rows}


@pytest.mark.parametrize("wrong, option, same", [
    ("resultat_efter_finansiella_poster", "finansiella_poster", False),
    ("resultat_fore_finansiella_poster", "resultat_efter_finansiella_poster", False),
    ("summa_intakter", "summa_kostnader", False),
    ("verksamhetens_intakter", "verksamhetens_kostnader", False),
    ("arets_reslutat", "arets_resultat", True),
    ("aretsresultat", "arets_resultat", True),
    ("kasa_och_bank", "kassa_och_bank", True),
    ("not-skuld", "not-skulder", True),
])
def test_a_suggestion_is_never_a_figure_of_another_kind(wrong, option, same):
    from finsam.render.suggestions import same_kind
    assert same_kind(wrong, option) is same


def test_the_advice_for_a_name_is_never_empty():
    from finsam.render.suggestions import suggest as _suggest
    assert "Namn som finns: ." not in _suggest("x", [])
    assert "README" in _suggest("x", [])
    assert _suggest("resultat_fore_finansiella_poster",
                    ["finansiella_poster", "resultat_efter_finansiella_poster"]).startswith(
        "kontrollera stavningen. Namn som finns: finansiella_poster, "
        "resultat_efter_finansiella_poster.")


STATISTIK = "content/2022/arsredovisning/statistik.yaml"


def test_three_real_columns_are_not_taken_for_a_sum(tmp_path: Path):
    """Only a column that is the others' sum on every row, with two of them non-zero
    somewhere, is refused: a third category, or rows with a single count, are data."""
    from helpers import pipeline_message
    project = copy_project(tmp_path / "projekt")
    (project / STATISTIK).write_text(
        "deltagare:\n  rubrik: Deltagare\n  kolumner: [Kvinna, Man, Annat]\n  rader:\n"
        "    Insats A: [12, 10, 1]\n    Insats B: [3, 5, 2]\n"
        "ensamma:\n  rubrik: Ensamma\n  kolumner: [A, B, C]\n  rader:\n"
        "    Rad 1: [1, 0, 1]\n    Rad 2: [0, 2, 2]\n", encoding="utf-8")
    assert pipeline_message(project) == ""
    statistik = project / "content/2022/arsredovisning/oversikt.md"
    statistik.write_text(statistik.read_text(encoding="utf-8")
                         + "\n[[statistik-deltagare]]\n", encoding="utf-8")
    build_html(project, "2022/arsredovisning")
    # 12 + 10 + 1 and 3 + 5 + 2: each total once, not doubled.
    assert html_row(html_tables(project / AR), "statistik-deltagare", "Totalt")[:4] == [
        "15", "15", "3", "33"]


def test_a_byte_that_no_encoding_has_is_named(tmp_path: Path):
    """A file that is not UTF-8 is Windows-1252 only if every byte is a character there."""
    from finsam.common.errors import BuildError
    from finsam.load.project import read_text
    path = tmp_path / "text.md"
    path.write_bytes("Rad ett\nK\u00f6p".encode("cp1252") + b"\x81\n")
    with pytest.raises(BuildError) as raised:
        read_text(path)
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (2, 4)
    assert problem.message == ("Filen är varken UTF-8 eller Windows-1252: byten 0x81 är inget "
                               "tecken i någon av dem.")


def test_encoding_is_decided_by_the_evidence(tmp_path: Path):
    """UTF-8 is UTF-8; a file with no UTF-8 letters is Windows-1252 (Notepad's ANSI); a file
    with both is refused at the line of the odd byte, never read as cp1252 throughout."""
    from finsam.common.errors import BuildError
    from finsam.load.project import read_text
    path = tmp_path / "text.md"
    path.write_bytes("Väsentliga händelser\n".encode())
    assert read_text(path) == "Väsentliga händelser\n"
    path.write_bytes("Väsentliga händelser\r\n".encode("cp1252"))
    assert read_text(path) == "Väsentliga händelser\n"
    path.write_bytes("Väsentliga\nhändelser\n".encode() + "och år\n".encode("cp1252"))
    with pytest.raises(BuildError) as raised:
        read_text(path)
    assert (raised.value.problems[0].line, raised.value.problems[0].column) == (3, 5)


BUDGET = "content/2022/verksamhetsplan/budget.yaml"


@pytest.mark.parametrize("command", [["bygg", "2022/verksamhetsplan"], ["kontrollera"]])
def test_a_misspelt_budget_line_stops_the_plan_and_the_check(command, broken: Path):
    """Caught when the plan is built (and by kontrollera), not a year later by the
    årsredovisning: the budget's lines are the förbund's recent lines or declared new."""
    from helpers import run_build, snapshot
    edit(broken / BUDGET, "  Revisionskostnader: {2022: 45", "  Revisionen: {2022: 45")
    before = snapshot(broken / "output")
    result = run_build(broken, *command)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(broken / "output") == before
    assert ("- content/2022/verksamhetsplan/budget.yaml, rad 18: Budgetraden 'Revisionen' "
            "under 'administration' finns inte bland raderna i utfallet 2021 eller budgeten "
            "2021.\n    Gör så här: menade du 'Revisionskostnader'?") in result.stderr


def test_a_line_declared_new_is_budgeted(tmp_path: Path):
    from finsam.build import compute, load_and_validate, make_ledger
    project = copy_project(tmp_path / "projekt")
    edit(project / BUDGET, "  Sökbara medel: {2023: 41, 2024: 934}\n",
         "  Sökbara medel: {2023: 41, 2024: 934}\n  Ny kurs: {2022: 12}\n")
    edit(project / BUDGET, "  - SIP-samordnare KAK\n", "  - SIP-samordnare KAK\n  - Ny kurs\n")
    loaded, _, _ = load_and_validate(project)
    doc = next(d for d in loaded.documents if d.key == "2022/verksamhetsplan")
    figures = compute(doc, loaded, make_ledger(loaded))
    assert figures.budget.kostnader["insatser"]["Ny kurs"] == 12_000  # 12 tkr


def test_last_years_empty_cost_note_is_not_published_as_its_result(tmp_path: Path):
    """2021 typed with its resultaträkning but its cost note left out: the driftredovisning's
    column for 2021 would have shown +3 000 tkr against the resultaträkning's 738 336 kr."""
    import re

    from helpers import pipeline_message
    project = copy_project(tmp_path / "projekt")
    utfall = project / "content/2021/utfall.yaml"
    text = utfall.read_text(encoding="utf-8")
    emptied = re.sub(r"\n  kostnader:\n(    .*\n|\s*\n)*?(?=  [#a-z]|\Z)",
                     "\n  kostnader: {}\n\n", text, count=1)
    assert emptied != text
    utfall.write_text(emptied, encoding="utf-8")
    message = pipeline_message(project).replace(NB, " ")
    assert ("content/2021/utfall.yaml, rad 16: Driftredovisningen 2022, kolumnen för 2021, ger "
            "inte samma resultat som resultaträkningen: driftredovisningens resultat, summan av "
            "dess rader (intäkterna 3 000 000 kr − kostnaderna 0 kr) är 3 000 000 kr") in message
    assert "resultaträkningens årets resultat är 738 336 kr" in message


INKSCAPE_LOGO = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"
   width="60mm" height="20mm" viewBox="0 0 60 20" version="1.1" id="svg8"
   inkscape:version="1.0 (4035a4fb49, 2020-05-01)" sodipodi:docname="logotyp.svg">
  <defs id="defs2"><linearGradient id="g1"><stop offset="0" style="stop-color:#1f4e79;stop-opacity:1"/>
    </linearGradient></defs>
  <sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="2.8" showgrid="false"/>
  <metadata id="metadata5"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Lager 1" inkscape:groupmode="layer" id="layer1" transform="translate(0,-277)">
    <rect style="fill:url(#g1);stroke:none" width="20" height="20" x="0" y="277" id="rect1"/>
    <use xlink:href="#rect1" transform="translate(22,0)"/>
    <text xml:space="preserve" style="font-weight:bold;font-size:6px;line-height:1.25;font-family:sans-serif;-inkscape-font-specification:'sans-serif Bold';fill:#1f4e79" x="44" y="289"><tspan sodipodi:role="line" x="44" y="289">SVM</tspan></text>
  </g>
</svg>
"""


def test_an_editors_svg_logo_is_published_as_it_is(tmp_path: Path):
    """An SVG saved by Inkscape, with its own namespaces and metadata, passes the allow-list,
    and the site carries the file byte for byte."""
    project = copy_project(tmp_path / "projekt")
    (project / "content/logotyp.svg").write_text(INKSCAPE_LOGO, encoding="utf-8")
    edit(project / "content/forbund.yaml", "tema:\n", "tema:\n  logotyp: logotyp.svg\n")
    build_html(project, "2022/verksamhetsplan")
    assert (project / "output/assets/logotyp.svg").read_bytes() == INKSCAPE_LOGO.encode()


@pytest.mark.parametrize("svg, reason", [
    ('<set attributeName="href" to="javascript:alert(1)"/>', "<set>"),
    ('<a href="https://exempel.se"><rect/></a>', "<a>"),
    ('<rect style="fill:\\75 rl(https://x.se/p.png)"/>', "hämtar 'https://x.se/p.png'"),
    ('<rect fill="url(https://x.se/p.png)"/>', "hämtar 'https://x.se/p.png'"),
    ('<style>@import "https://x.se/s.css";</style>', "@import"),
    ('<rect style="behavior:url(#x)"/>', "egenskapen behavior"),
    ('<rect style="fill:image-set(\'p.png\' 1x)"/>', "image-set()"),
    ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', "hämtar 'data:image/svg+xml"),
    ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "<script> ur"),
    ('<rect xml:base="https://x.se/"/>', "attributet base"),
    ('<rect onclick="alert(1)"/>', "attributet onclick"),
])
def test_an_svg_is_checked_by_an_allow_list(svg: str, reason: str):
    from finsam.render.images import svg_problem
    data = f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">\n{svg}\n</svg>'
    problem = svg_problem(data.encode())
    assert problem is not None and reason in problem, problem
    assert problem.endswith("(rad 2 i SVG-filen)")


def test_deviations_shown_to_readers_have_figures_and_reason_not_files(tmp_path: Path):
    """[[avvikelser]] on the published page says what does not add up, with both figures;
    which file and line to correct is for the author's terminal (the warning)."""
    from helpers import html_text
    project = copy_project(tmp_path / "projekt")
    edit(project / "content/2022/utfall.yaml", "{namn: Processtödjare, belopp: 547 072}",
         "{namn: Processtödjare, belopp: 547 073}")
    edit(project / DOKUMENT, "ort: Köping", "ort: Köping\ngodta_avvikelser: Som tryckt.")
    edit(project / "content/2022/arsredovisning/noter.md", "[[not-skulder]]",
         "[[not-skulder]]\n\n[[avvikelser]]")
    result = build_html(project, "2022/arsredovisning")
    text = html_text(project / AR).replace(NB, " ")
    # Note 3's posts 3 643 030 against the resultaträkning's 3 643 029.
    start = text.index("Räkenskaperna återges som de fastställdes")
    shown = text[start:start + 2000]
    assert ("Noten Verksamhetens kostnader 2022 summerar inte till sin rad i räkningen: summan "
            "av noten är 3 643 030 kr men resultaträkningens verksamhetens kostnader är "
            "3 643 029 kr. Skillnad: 1 kr.") in shown
    assert "content/" not in text and "utfall.yaml" not in text
    warning = next(w.message for w in result.warnings if "Noten Verksamhetens" in w.message)
    assert "(content/2022/utfall.yaml, rad 9)" in warning  # the author's terminal keeps them


YAML_MISTAKES = {  # a mistake an author can make → what the Swedish message must say
    "a: {b: 1,\tc: 2}\n": "en tabb",  # a tab inside { } (PyYAML's "found character '\t'")
    "a: [1, @x]\n": "tecknet @",
    "a: \"x\\q\"\n": "omvänt snedstreck",
    "a: *x\n": "ett värde börjar med *",
    "a: !foo x\n": "ett värde börjar med !",
    "a: |x\n  t\n": "ett | eller >",
    "a: 1\n---\nb: 2\n": "---",
    "a: 'x\n": "ett citattecken är inte avslutat",
    "a: [\n": "filen tar slut",
    "a: b: c\n": "ett kolon står där det inte får stå",
    "a:\n  - 1\n - 2\n": "indragningen",
    "a: &\n": "&",
    "%FOO\n---\na: 1\n": "%",
}


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("text", list(YAML_MISTAKES))
def test_yaml_problems_are_said_in_swedish(text: str, loader: str):
    """Whichever parser is installed (libyaml's C one, or PyYAML's own), its problem is said
    in Swedish, never in English."""
    import yaml as pyyaml

    from finsam.load.project import _yaml_problem
    try:
        pyyaml.load(text, Loader=getattr(pyyaml, loader))
    except pyyaml.MarkedYAMLError as error:
        said = _yaml_problem(error, text)
    else:
        pytest.skip(f"{loader} läser {text!r} utan fel")
    assert YAML_MISTAKES[text] in said, said
    english = {"found", "expected", "while", "scanning", "parsing", "character", "token"}
    assert not english & set(said.replace(",", " ").split()), said


JINJA_MISTAKES = {
    "{{ ar }": "'}' står där det inte får stå",
    "{{ ar": "}} saknas",
    "{% if ar %}a": "{% endif %} saknas",
    "{% if ar %}{% endfor %}": "{% endfor %} står där {% endif %} väntades",
    "{% endif %}": "{% endif %} finns inte i mallkoden",
    "{{ ar ar }}": "}} väntades, men här står 'ar'",
    "{{ 'a }}": "ett citattecken är inte avslutat",
    "{{ ar @ 1 }}": "tecknet @",
    "{# a": "{# avslutas aldrig",
    "{{ }}": "ett namn eller värde saknas före }}",
    "{{ ar. }}": "efter punkten",
}


@pytest.mark.parametrize("text", list(JINJA_MISTAKES))
def test_template_syntax_errors_are_said_in_swedish(text: str, tmp_path: Path):
    from finsam.common.errors import BuildError
    from finsam.render.narrative import expand_template
    with pytest.raises(BuildError) as raised:
        expand_template(text, {"ar": 2022}, tmp_path / "a.md", 1)
    said = raised.value.problems[0].message
    assert said.startswith("Fel i mallkoden: ") and JINJA_MISTAKES[text] in said, said
    english = {"unexpected", "expected", "got", "tag", "template", "Encountered", "Missing"}
    assert not english & set(said.replace("'", " ").split()), said
