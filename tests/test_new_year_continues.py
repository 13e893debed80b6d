"""`finsam ny` after a year from SIE and into a plan with other goal areas: the new year
builds at once, as a draft, with no error and no warning that is not true.

Every warning a fresh year may give is true of it: the outcome not filled in (here: the SIE
file not there yet), goals not followed up yet, and sections whose text is last year's. A
section that only places a table under a heading (resultatrakning.md, balansrakning.md) is
right as it stands and gives none."""
from __future__ import annotations

import shutil
from pathlib import Path

from helpers import (
    EXAMPLE,
    REPO,
    build_html,
    edit,
    html_row,
    html_tables,
    html_text,
    pipeline_message,
    run_build,
)

SIE = REPO / "tests/sie/vastra-malardalen-2022"

# The example's sections as `ny` copies them: all but these two hold text to rewrite.
ONLY_TABLES = {"resultatrakning.md", "balansrakning.md"}


def _example_from_sie(tmp_path: Path) -> Path:
    """The example with its 2022 outcome from the bookkeeping's SIE file (as test_sie.py)."""
    project = tmp_path / "forbund"
    shutil.copytree(EXAMPLE / "content", project / "content")
    shutil.copy(SIE / "utfall.yaml", project / "content/2022/utfall.yaml")
    shutil.copy(SIE / "bokslut-2022.se", project / "content/2022/bokslut-2022.se")
    shutil.copy(SIE / "sie-mappning.yaml", project / "content/sie-mappning.yaml")
    return project


def _kinds(warnings) -> dict[str, list]:
    """The warnings by what they say, every one accounted for."""
    kinds: dict[str, list] = {"utfall": [], "mål": [], "oförändrat": [], "annat": []}
    for w in warnings:
        kind = ("utfall" if w.message.startswith("Utfallet för 2023 är inte ifyllt") else
                "mål" if "i verksamhetsplanen 2023 är inte uppföljt" in w.message else
                "oförändrat" if "Avsnittet är oförändrat sedan 2022" in w.message else "annat")
        kinds[kind].append(w)
    return kinds


def _prose_sections(project: Path) -> list[str]:
    """The 2023 sections copied from 2022 that hold text to rewrite, by file name."""
    return sorted(f"{p.parent.name}/{p.name}"
                  for p in (project / "content/2023").glob("*/*.md")
                  if p.name not in ONLY_TABLES)


def test_a_year_from_sie_goes_on_with_sie(tmp_path):
    from finsam.commands.newyear import start_year
    project = _example_from_sie(tmp_path)
    start_year(project, 2023)
    # 2022's utfall.yaml, a year on: the file to come instead of figures typed as 0.
    assert (project / "content/2023/utfall.yaml").read_text(encoding="utf-8") == (
        "# Utfall 2023 ur bokföringen: siffrorna kommer ur SIE-filen (och mappningen i\n"
        "# content/sie-mappning.yaml); bara det som bokföringen inte har skrivs här.\n"
        "ar: 2023\n"
        "ifylld: false    # tills bokslut-2023.se ligger här; ta då bort raden\n"
        "anstallda: 0\n"
        "sie: bokslut-2023.se\n"
        "mappning: bas\n"
        "ansvarsforbindelser: Inga\n")

    built = build_html(project)  # every document, no error
    kinds = _kinds(built.warnings)
    assert kinds["annat"] == []
    [outcome] = kinds["utfall"]
    assert outcome.message == (
        "Utfallet för 2023 är inte ifyllt än: resultaträkningen står på 0 och balansräkningen "
        "på ingående balans tills bokföringens SIE-fil bokslut-2023.se finns.")
    assert outcome.file == project / "content/2023/utfall.yaml" and outcome.line == 4
    assert outcome.advice == ("lägg SIE-filen bredvid utfall.yaml som bokslut-2023.se och ta "
                              "bort raden 'ifylld: false'.")
    # Twelve goals in the plan 2023 (copied from 2022's), none followed up yet.
    assert len(kinds["mål"]) == 12
    unchanged = sorted(f"{w.file.parent.name}/{w.file.name}" for w in kinds["oförändrat"])
    assert unchanged == _prose_sections(project) and len(unchanged) == 21

    # A draft that says what it waits for; the year laid out as `ny` lays out a typed one:
    # nothing booked, last year's result (the SIE file's) beside it.
    page = project / "output/2023/arsredovisning/index.html"
    text = html_text(page)
    assert "UTKAST" in text and "bokföringens SIE-fil bokslut-2023.se finns inte än" in text
    assert html_row(html_tables(page), "resultatrakning", "Årets resultat") == [
        "", "0", "−628\u00a0285"]

    # Without 'ifylld: false' a missing file is the mistake it always was (a misspelt name).
    edit(project / "content/2023/utfall.yaml",
         "ifylld: false    # tills bokslut-2023.se ligger här; ta då bort raden\n", "")
    assert ("content/2023/utfall.yaml, rad 5: SIE-filen 'bokslut-2023.se' finns inte i 2023/."
            in pipeline_message(project))


def test_a_plan_with_other_goal_areas_gets_a_follow_up_of_its_own_areas(tmp_path):
    """The plan 2023, started by `ny` in November, drops 2022's area Övrig samverkan inom
    länet and adds Digitalisering; the årsredovisning 2023, started in January, follows up
    those areas: its copied follow-up section places Digitalisering's goals under a heading
    like the others' and no longer the dropped area (which would stop every build)."""
    from finsam.commands.newyear import start_year
    project = tmp_path / "forbund"
    shutil.copytree(EXAMPLE / "content", project / "content")
    start_year(project, 2023, ["verksamhetsplan"])
    plan = project / "content/2023/verksamhetsplan"
    edit(plan / "mal.yaml",
         "  - id: lansamverkan\n    rubrik: Övrig samverkan inom länet\n    mal:\n"
         "      - id: lansprocess\n",
         "  - id: digitalisering\n    rubrik: Digitalisering\n    mal:\n"
         "      - id: digitala-moten\n")
    edit(plan / "behov-och-mal.md", "[[mal-lansamverkan]]", "[[mal-digitalisering]]")

    start_year(project, 2023, ["arsredovisning"])
    report = project / "content/2023/arsredovisning"
    section = (report / "god-ekonomisk-hushallning.md").read_text(encoding="utf-8")
    assert "lansamverkan" not in section and "Övrig samverkan inom länet" not in section
    assert ("#### Struktur och organisation\n\n[[uppfoljning-struktur]]\n\n"
            "#### Finansiella mål\n\n[[uppfoljning-finansiellt]]\n\n"
            "#### Digitalisering\n\n[[uppfoljning-digitalisering]]\n\n"
            "### Finansiellt mål\n") in section
    followups = (report / "maluppfoljning.yaml").read_text(encoding="utf-8")
    assert "# digitala-moten:" in followups and "lansprocess" not in followups

    built = build_html(project)  # every document, no error
    kinds = _kinds(built.warnings)
    assert kinds["annat"] == [] and len(kinds["utfall"]) == 1
    assert any("Målet 'digitala-moten' (Digitalisering) i verksamhetsplanen 2023 är inte "
               "uppföljt" in w.message for w in kinds["mål"])
    # The follow-up section's text is still 2022's (its placements are not text): a true
    # warning; the plan's behov-och-mal.md has a placement changed, but its text is 2022's too.
    unchanged = sorted(f"{w.file.parent.name}/{w.file.name}" for w in kinds["oförändrat"])
    assert unchanged == _prose_sections(project)
    assert "Digitalisering" in html_text(project / "output/2023/arsredovisning/index.html")


def test_ny_names_the_file_that_is_missing(tmp_path):
    """Only the verksamhetsplan 2022's dokument.yaml gone: `ny 2023 --dokument
    verksamhetsplan` names that file, exits 2 and writes nothing; a year with no folder
    says so."""
    from helpers import run_build, snapshot
    project = tmp_path / "forbund"
    shutil.copytree(EXAMPLE / "content", project / "content")
    (project / "content/2022/verksamhetsplan/dokument.yaml").unlink()
    before = snapshot(project / "content")
    result = run_build(project, "ny", "2023", "--dokument", "verksamhetsplan")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert ("- Det finns ingen verksamhetsplan för 2022 att utgå från: "
            "content/2022/verksamhetsplan/dokument.yaml finns inte.\n"
            "    Gör så här: lägg tillbaka den (till exempel ur git) eller skapa den, eller "
            "välj ett annat år.") in result.stderr
    assert snapshot(project / "content") == before
    result = run_build(project, "ny", "2031")
    assert result.returncode == 2
    assert "Det finns inga dokument för 2030 att utgå från: content/2030/ finns inte." in (
        result.stderr)


def test_a_mistake_in_a_year_two_documents_show_is_reported_once(tmp_path):
    """After `ny`, 2022 is this year in its own årsredovisning and last year in 2023's: a
    mistake in 2022's figures was found by both and listed twice ("5 fel" for 3). One krona
    more in 2022's kassa och bank: 2022's balance sheet does not balance (1 kr), 2022's cash
    flow does not end in its cash (−1 kr), and 2023's cash flow starts from 1 233 684 kr but
    2023's cash (copied by `ny` from the year as it was) is 1 233 683 kr: three mistakes."""
    project = tmp_path / "forbund"
    shutil.copytree(EXAMPLE / "content", project / "content")
    assert run_build(project, "ny", "2023").returncode == 0
    edit(project / "content/2022/utfall.yaml", "kassa_och_bank: 1 233 683",
         "kassa_och_bank: 1 233 684")
    message = pipeline_message(project).replace("\u00a0", " ").replace("\u202f", " ")
    assert message.startswith("Bygget stoppades: 3 fel."), message
    problems = [line for line in message.split("\n") if line.startswith("- ")]
    assert len(problems) == len(set(problems)) == 3, message
    assert sum("Balansräkningen 2022 balanserar inte" in p for p in problems) == 1
    assert sum("Kassaflödesanalysen 2022 stämmer inte" in p for p in problems) == 1
    assert sum("Kassaflödesanalysen 2023 stämmer inte" in p for p in problems) == 1
