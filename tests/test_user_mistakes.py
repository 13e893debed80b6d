"""Bad input: a clear Swedish message with file and line, exit 1, previous output untouched."""
from __future__ import annotations


from helpers import build_fails, edit, run_build, snapshot

UTFALL = "content/2022/utfall.yaml"
DOC = "content/2022/arsredovisning"




def test_yaml_syntax_error_names_file_and_line(broken):
    edit(broken / UTFALL, "  fordringar: 101 573", "  fordringar: [101 573")
    err = build_fails(broken)
    assert ("content/2022/utfall.yaml, rad 14, kolumn 15: YAML-filen går inte att läsa: "
            "en lista inom [ ] är inte avslutad med ].") in err
    assert "Gör så här: kontrollera indragningen" in err


def test_tab_indentation(broken):
    edit(broken / UTFALL, "  kassa_och_bank: 1 233 683", "\tkassa_och_bank: 1 233 683")
    err = build_fails(broken)
    assert "content/2022/utfall.yaml, rad 15, kolumn 1: Raden är indragen med tabb" in err


def test_duplicate_key_is_an_error_not_a_lost_figure(broken):
    edit(broken / UTFALL, "    region: 750 000", "    region: 750 000\n    staten: 1 000")
    err = build_fails(broken)
    assert "Nyckeln 'staten' finns två gånger" in err
    assert "content/2022/utfall.yaml, rad 26" in err  # the second staten


def test_unknown_key_suggests_the_likely_one(broken):
    edit(broken / UTFALL, "  kassa_och_bank: 1 233 683", "  kasa_och_bank: 1 233 683")
    err = build_fails(broken)
    assert "content/2022/utfall.yaml, rad 15: Okänd nyckel 'kasa_och_bank'" in err
    assert "menade du 'kassa_och_bank'?" in err


def test_text_where_a_number_belongs(broken):
    edit(broken / UTFALL, "{namn: Skattekonto, belopp: 661}", "{namn: Skattekonto, belopp: sexhundra}")
    err = build_fails(broken)
    assert "content/2022/utfall.yaml, rad 58: 'belopp': 'sexhundra' är inte ett tal" in err


def test_missing_required_figure(broken):
    edit(broken / UTFALL, "  kortfristiga_skulder: 615 823\n", "")
    err = build_fails(broken)
    assert "Uppgiften 'balansrakning.kortfristiga_skulder' saknas" in err


def test_undefined_name_in_markdown_names_md_line(broken):
    edit(broken / DOC / "oversikt.md", "resultatrakning.arets_resultat", "resultatrakning.arets_reslutat")
    err = build_fails(broken)
    assert "content/2022/arsredovisning/oversikt.md, rad 7: 'arets_reslutat' finns inte" in err
    assert "menade du 'arets_resultat'?" in err


def test_jinja_syntax_error_in_markdown(broken):
    edit(broken / DOC / "forvaltningsberattelse.md", "{{ ar }} och hur", "{{ ar } och hur")
    err = build_fails(broken)
    assert "forvaltningsberattelse.md, rad 4: Fel i mallkoden" in err


def test_unknown_table_name(broken):
    edit(broken / DOC / "noter.md", "[[not-skulder]]", "[[not-skuld]]")
    err = build_fails(broken)
    assert "noter.md, rad 16: Det finns ingen tabell som heter 'not-skuld'" in err
    assert "menade du 'not-skulder'?" in err


def test_section_listed_but_missing(broken):
    (broken / DOC / "personal.md").unlink()
    err = build_fails(broken)
    assert "content/2022/arsredovisning/personal.md: Filen finns inte." in err


def test_section_file_not_listed(broken):
    (broken / DOC / "bilaga.md").write_text("# Bilaga\n", encoding="utf-8")
    err = build_fails(broken)
    assert "bilaga.md: Avsnittet finns i mappen men står inte under 'sektioner'" in err


def test_budget_line_that_is_not_an_outcome_line(broken):
    # The årsredovisning compares with the latest revision of the verksamhetsplan's budget.
    edit(broken / "content/2022/verksamhetsplan/budget.yaml", "      SIP-samordnare KAK: 900",
         "      SIP-samordnare KAKK: 900")
    err = build_fails(broken)
    assert "content/2022/verksamhetsplan/budget.yaml, rad 68: Budgetraden 'SIP-samordnare KAKK'" in err
    assert "menade du 'SIP-samordnare KAK'?" in err


def test_unknown_member_in_income_note(broken):
    edit(broken / UTFALL, "    kungsor: 150 000", "    kungsör: 150 000")
    err = build_fails(broken)
    assert "Medlemmen 'kungsör'" in err and "content/2022/utfall.yaml, rad 24" in err


def test_several_mistakes_reported_together(broken):
    edit(broken / UTFALL, "  kassa_och_bank: 1 233 683", "  kasa_och_bank: 1 233 683")
    edit(broken / "content/2021/utfall.yaml", "anstallda: 0", "anstallda: inga")
    err = build_fails(broken)
    # Three: the misspelt key, the figure it leaves missing, and the text in 2021.
    assert "Bygget stoppades: 3 fel." in err
    assert "content/2021/utfall.yaml, rad 3: 'anstallda' ska vara ett heltal" in err
    assert "content/2022/utfall.yaml, rad 15: Okänd nyckel 'kasa_och_bank'" in err
    assert "Uppgiften 'balansrakning.kassa_och_bank' saknas" in err


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
    result = run_build(broken)
    assert result.returncode == 0, result.stderr
    html = (broken / "output/2022/arsredovisning/index.html").read_text(encoding="utf-8")
    assert "Förbundet har inga egna anställda" in html


def test_help_is_swedish():
    from helpers import REPO
    import subprocess, sys
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "användning: python build.py" in result.stdout
    assert "bygg ett dokument" in result.stdout


def test_missing_image_names_file_and_line(broken):
    section = broken / DOC / "personal.md"
    lines = section.read_text(encoding="utf-8").split("\n")
    lines.insert(4, "![Organisationsschema](organisationsschema.png)")
    section.write_text("\n".join(lines), encoding="utf-8")
    err = build_fails(broken)
    assert ("content/2022/arsredovisning/personal.md, rad 5: Bilden 'organisationsschema.png' "
            "finns inte i dokumentets mapp.") in err
    assert "lägg bildfilen i" in err


def test_image_reaches_page_pdf_and_single_file(broken):
    from PIL import Image
    import pypdf
    Image.new("RGB", (300, 120), (31, 78, 121)).save(broken / DOC / "schema.png")
    section = broken / DOC / "personal.md"
    section.write_text(section.read_text(encoding="utf-8")
                       + "\n![Förbundets organisation](schema.png)\n\n![](schema.png)\n",
                       encoding="utf-8")
    result = run_build(broken)
    assert result.returncode == 0, result.stderr
    assert "personal.md" in result.stderr and "saknar alternativtext" in result.stderr
    folder = broken / "output/2022/arsredovisning"
    assert '<img src="schema.png" alt="Förbundets organisation">' in (
        folder / "index.html").read_text(encoding="utf-8")
    assert (folder / "schema.png").read_bytes() == (broken / DOC / "schema.png").read_bytes()
    single = (folder / "arsredovisning-2022-fristaende.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in single and 'src="schema.png"' not in single
    reader = pypdf.PdfReader(str(folder / "arsredovisning-2022.pdf"))
    sizes = [(image.image.width, image.image.height) for page in reader.pages for image in page.images]
    assert (300, 120) in sizes


def test_name_without_colon_is_reported_on_its_own_line(broken):
    edit(broken / UTFALL, "  kassa_och_bank: 1 233 683", "  kassa_och_bank 1 233 683")
    err = build_fails(broken)
    assert ("content/2022/utfall.yaml, rad 15, kolumn 3: YAML-filen går inte att läsa: "
            "ett kolon saknas efter namnet.") in err
