"""Bad input, as the whole command meets it: a clear Swedish message with file and line,
exit 1, no traceback, the previous output untouched. One test per stage that can stop the
build (load, compute, render) and per exit code; every single mistake and its message is a
case file in tests/fel/ (test_error_cases.py)."""
from __future__ import annotations

import pytest
from helpers import build_fails, build_html, edit, run_build, snapshot

UTFALL = "content/2022/utfall.yaml"
DOC = "content/2022/arsredovisning"




def test_yaml_syntax_error_names_file_and_line(broken):
    edit(broken / UTFALL, "  fordringar: 101 573", "  fordringar: [101 573")
    err = build_fails(broken)
    assert ("content/2022/utfall.yaml, rad 14, kolumn 15: YAML-filen går inte att läsa: "
            "en lista inom [ ] är inte avslutad med ].") in err
    assert "Gör så här: kontrollera indragningen" in err


def test_undefined_name_in_markdown_names_md_line(broken):
    edit(broken / DOC / "oversikt.md", "resultatrakning.arets_resultat", "resultatrakning.arets_reslutat")
    err = build_fails(broken)
    assert "content/2022/arsredovisning/oversikt.md, rad 7: 'arets_reslutat' finns inte" in err
    assert "menade du 'arets_resultat'?" in err


def test_unknown_document_is_a_usage_error(broken):
    before = snapshot(broken / "output")
    result = run_build(broken, "2022/arsredovsning")
    assert result.returncode == 2
    assert snapshot(broken / "output") == before
    assert "Dokumentet '2022/arsredovsning' finns inte" in result.stderr
    assert "2022/arsredovisning" in result.stderr


def test_windows_file_with_bom_crlf_and_cp1252_is_read(broken):
    md = broken / DOC / "personal.md"
    text = md.read_text(encoding="utf-8").replace("\n", "\r\n")
    md.write_bytes(text.encode("cp1252"))
    utfall = broken / UTFALL
    utfall.write_bytes(b"\xef\xbb\xbf" + utfall.read_bytes().replace(b"\n", b"\r\n"))
    build_html(broken, "2022/arsredovisning")
    html = (broken / "output/2022/arsredovisning/index.html").read_text(encoding="utf-8")
    assert "Förbundet har inga egna anställda" in html
    assert "Förbundssamordnaren är anställd av Köpings kommun" in html  # ö and ä from cp1252


def test_help_is_swedish():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "finsam", "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "användning: finsam" in result.stdout
    assert "bygg ett dokument" in result.stdout
    # Every command a user has is listed (serve is forhandsvisa's English alias).
    from finsam.commands.cli import COMMANDS
    assert {"status", "jamfor", "ny", "sie"} <= set(COMMANDS)
    for command in set(COMMANDS) - {"serve"}:
        assert f"  finsam {command} " in result.stdout, command


def test_image_reaches_page_pdf_and_single_file(broken):
    import pypdf
    from PIL import Image
    # In the verksamhetsplan: the shorter document, the same image handling.
    plan = broken / "content/2022/verksamhetsplan"
    Image.new("RGB", (300, 120), (31, 78, 121)).save(plan / "schema.png")
    section = plan / "organisation.md"
    section.write_text(section.read_text(encoding="utf-8")
                       + "\n![Förbundets organisation](schema.png)\n\n![](schema.png)\n",
                       encoding="utf-8")
    result = run_build(broken, "2022/verksamhetsplan")
    assert result.returncode == 0, result.stderr
    assert "organisation.md" in result.stderr and "saknar alternativtext" in result.stderr
    folder = broken / "output/2022/verksamhetsplan"
    assert '<img src="schema.png" alt="Förbundets organisation">' in (
        folder / "index.html").read_text(encoding="utf-8")
    assert (folder / "schema.png").read_bytes() == (plan / "schema.png").read_bytes()
    single = (folder / "verksamhetsplan-2022-fristaende.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in single and 'src="schema.png"' not in single
    reader = pypdf.PdfReader(str(folder / "verksamhetsplan-2022.pdf"))
    sizes = [(image.image.width, image.image.height) for page in reader.pages for image in page.images]
    assert (300, 120) in sizes


def test_a_mistake_in_the_figures_stops_before_any_pdf(broken, monkeypatch):
    """Fail fast: one document failing in compute means no PDF is laid out for any."""
    import finsam.build
    import finsam.pdf.write
    from finsam.common.errors import BuildError
    edit(broken / UTFALL, "{namn: Processtödjare, belopp: 547 072}",
         "{namn: Processtödjare, belopp: 547 073}")
    laid_out = []
    monkeypatch.setattr(finsam.pdf.write.PdfEngine, "lay_out_pdf",
                        lambda *args: laid_out.append(args))
    before = snapshot(broken / "output")
    with pytest.raises(BuildError) as raised:
        finsam.build.build(broken, processes=1)
    assert "Noten Verksamhetens kostnader 2022 summerar inte" in raised.value.render(broken)
    assert laid_out == []
    assert snapshot(broken / "output") == before


def test_a_mistake_in_the_figures_stops_the_command(broken):
    edit(broken / UTFALL, "{namn: Momsfordran, belopp: 95 849}",
         "{namn: Momsfordran, belopp: 95 894}")
    err = build_fails(broken)
    assert "content/2022/utfall.yaml, rad 57: Noten Fordringar 2022 summerar inte" in err


def test_a_project_without_templates_builds_with_the_tools_own(broken):
    """Found building examples/vasteras-2020 in place: a project without templates/ was
    stopped. The tool carries its templates now; a project holds only what it overrides."""
    assert not (broken / "templates").exists()
    result = run_build(broken, "--alltid")
    assert result.returncode == 0, result.stderr
    assert "templates" not in result.stderr
