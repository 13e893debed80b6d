"""The PDFs as a förbund publishes and archives them: pages, TOC, bookmarks, metadata,
fonts, PDF/A, draft watermark and reproducible bytes. Read back with pypdf."""
from __future__ import annotations

import re

import pypdf
import pytest
from helpers import build_html, edit, pdf_pages, run_build
from PIL import Image

AR_PDF = "output/2022/arsredovisning/arsredovisning-2022.pdf"
VP_PDF = "output/2022/verksamhetsplan/verksamhetsplan-2022.pdf"
# A contents line as laid out: the title, then dots or space, then the page number.
TOC_ENTRY = re.compile(r"^(.+?)[\s.]{3,}(\d+)$")

# The chapters of the published reports (Västra Mälardalen 2022), in order.
AR_CHAPTERS = ["2022 i korthet", "Ordförande har ordet", "Förkortningar", "1. Förvaltningsberättelse",
               "2. Resultaträkning", "3. Balansräkning", "4. Kassaflödesanalys",
               "5. Driftredovisning", "6. Noter", "7. Styrelsens underskrift",
               "8. Revisorernas påteckning"]
VP_CHAPTERS = ["1. Inledning", "2. Bakgrund och vision", "3. Organisation",
               "4. Behov och mål 2022", "5. Budget 2022 och plan 2023–2024"]


@pytest.fixture(scope="module", params=[AR_PDF, VP_PDF], ids=["arsredovisning", "verksamhetsplan"])
def pdf(request, example):
    return example / request.param


def _toc(pdf_path) -> list[tuple[str, int]]:
    # By position on the page: the dots are drawn, not text, and the number is a float.
    text = pypdf.PdfReader(str(pdf_path)).pages[1].extract_text(extraction_mode="layout")
    lines = [line.strip() for line in text.split("\n")]
    assert "Innehåll" in lines
    return [(m.group(1), int(m.group(2))) for line in lines if (m := TOC_ENTRY.match(line))]


def test_toc_page_numbers_are_where_the_headings_are(pdf):
    pages = pdf_pages(pdf)
    entries = _toc(pdf)
    assert len(entries) >= 5
    for title, number in entries:
        where = [i + 1 for i, page in enumerate(pages[2:], start=2)
                 if title in [line.strip() for line in page.split("\n")]]
        assert where and where[0] == number, f"{title}: innehållet säger {number}, står på {where}"


def test_every_page_but_the_cover_says_page_x_of_y(pdf):
    pages = pdf_pages(pdf)
    total = len(pages)
    assert "Sida" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Sida {number} av {total}" in text


def test_outline_lists_the_chapters(example):
    for path, chapters in ((AR_PDF, AR_CHAPTERS), (VP_PDF, VP_CHAPTERS)):
        outline = pypdf.PdfReader(str(example / path)).outline
        top = [item.title for item in outline if not isinstance(item, list)]
        assert top == chapters
        assert any(isinstance(item, list) for item in outline)  # sections below chapters


def test_metadata_title_author_language(example):
    reader = pypdf.PdfReader(str(example / AR_PDF))
    assert reader.metadata.title == ("UTKAST – Årsredovisning 2022 – "
                                     "Samordningsförbundet Västra Mälardalen")
    assert reader.metadata.author == "Samordningsförbundet Västra Mälardalen"
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    vp = pypdf.PdfReader(str(example / VP_PDF))
    assert vp.metadata.title == "Verksamhetsplan och budget 2022 – Samordningsförbundet Västra Mälardalen"


def test_all_fonts_embedded(pdf):
    reader = pypdf.PdfReader(str(pdf))
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                font["/BaseFont"]
            seen.add(str(font["/BaseFont"]).split("+")[-1])
    assert seen <= {"Carlito", "Carlito-Bold", "Carlito-Italic", "Carlito-BoldItalic"}, seen


def test_pdfa_identification_and_tags(pdf):
    root = pypdf.PdfReader(str(pdf)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert "/OutputIntents" in root
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_draft_has_watermark_on_every_page_and_adopted_has_none(example):
    draft = pdf_pages(example / AR_PDF)
    assert all("UTKAST" in page for page in draft)
    assert all("UTKAST" not in page for page in pdf_pages(example / VP_PDF))


def test_footnote_is_on_the_page_of_its_call(example):
    pages = pdf_pages(example / AR_PDF)
    call = [i for i, p in enumerate(pages) if "eller föreläsningar.1" in p]
    note = [i for i, p in enumerate(pages) if "1. Räknat per tillfälle" in p]
    assert call and call == note


def test_theme_colour_and_logo_from_profile(broken):
    Image.new("RGB", (120, 40), (20, 60, 90)).save(broken / "content/logotyp.png")
    edit(broken / "content/forbund.yaml", "tema:\n",
         'tema:\n  farg: "#7a1f3d"\n  logotyp: logotyp.png\n')
    result = run_build(broken, "2022/verksamhetsplan")  # the shorter document: same cover
    assert result.returncode == 0, result.stderr
    cover = pypdf.PdfReader(str(broken / VP_PDF)).pages[0]
    images = [x.get_object() for x in cover["/Resources"].get("/XObject", {}).values()]
    assert any(x["/Subtype"] == "/Image" and x["/Width"] == 120 for x in images)
    html = (broken / "output/2022/verksamhetsplan/index.html").read_text(encoding="utf-8")
    assert ":root { --accent: #7a1f3d; }" in html
    assert '<img class="logo" src="../../assets/logotyp.png"' in html
    assert (broken / "output/assets/logotyp.png").is_file()


def test_plain_pdf_variant_can_be_chosen(broken):
    edit(broken / "content/forbund.yaml", 'webbplats: ""', 'webbplats: ""\npdf_variant: ingen')
    assert run_build(broken, "2022/verksamhetsplan").returncode == 0
    root = pypdf.PdfReader(str(broken / VP_PDF)).trailer["/Root"]
    assert "/OutputIntents" not in root


def _validation_failures(pdf_path) -> dict[str, list[str]]:
    """page-validation's failed rules for PDF/A-3u and PDF/UA-1 (empty when conforming)."""
    import page
    return {profile: [f"{f.rule_id}: {f.message}"
                      for f in page.validate_pdf(pdf_path, profile=profile).failures]
            for profile in ("3u", "ua1")}


def test_every_pdf_is_pdf_a_3u_and_pdf_ua_1(example):
    """An independent validator (page-validation, which passes the veraPDF corpus) finds no
    failed rule in either profile, in any PDF the example builds."""
    pdfs = sorted((example / "output").glob("*/*/*.pdf"))
    assert len(pdfs) == 2
    for path in pdfs:
        assert _validation_failures(path) == {"3u": [], "ua1": []}, path.name


COVER_TEXT = "Åsar och vatten i Västra Mälardalen, och fyra cirklar som går in i varandra."


def _figures_with_text(pdf) -> list[tuple[int, str]]:
    """Every Figure of the PDF's structure tree with its alternative text, by page."""
    reader = pypdf.PdfReader(str(pdf))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    found = []

    def walk(node, page=None):
        node = node.get_object()
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        page = pages.get(node.raw_get("/Pg").idnum) if "/Pg" in node else page
        if node.get("/S") == "/Figure" and "/Alt" in node:
            found.append((page, str(node["/Alt"])))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids] if kids
                    is not None else []):
            walk(kid, page)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_the_cover_shows_the_forbunds_image_and_subtitle(example):
    """forbund.yaml: tema.omslagsbild and its text, dokument.yaml: undertitel; on the PDF's
    cover (a figure with its text, for screen readers) and as the web page's banner."""
    for pdf in (AR_PDF, VP_PDF):
        assert (1, COVER_TEXT) in _figures_with_text(example / pdf)
    cover = " ".join(pdf_pages(example / AR_PDF)[0].split())
    assert "Årsredovisning 2022 Verksamhetsåret 2022 – samverkan för fler i arbete" in cover
    page = (example / "output/2022/arsredovisning/index.html").read_text(encoding="utf-8")
    assert f'<img class="banner" src="../../assets/omslag.svg" alt="{COVER_TEXT}">' in page
    assert '<p class="subtitle">Verksamhetsåret 2022 – samverkan för fler i arbete</p>' in page
    index = (example / "output/index.html").read_text(encoding="utf-8")
    assert f'<img class="banner" src="assets/omslag.svg" alt="{COVER_TEXT}">' in index
    assert (example / "output/assets/omslag.svg").read_bytes() == (
        example / "content/omslag.svg").read_bytes()


def test_a_cover_image_without_text_is_decoration_and_a_warning(broken):
    from finsam.build import load_and_validate
    edit(broken / "content/forbund.yaml", f"  omslagsbild_text: {COVER_TEXT}\n", "")
    warnings = [w.render(broken) for w in load_and_validate(broken)[2].warnings]
    assert warnings == [
        "content/forbund.yaml, rad 67: Omslagsbilden 'omslag.svg' saknar text.\n"
        "    Gör så här: skriv vad bilden visar under tema: omslagsbild_text, t.ex. "
        "'Människor i samtal runt ett bord'."]
    build_html(broken, "2022/verksamhetsplan")
    page = (broken / "output/2022/verksamhetsplan/index.html").read_text(encoding="utf-8")
    assert '<img class="banner" src="../../assets/omslag.svg" alt="">' in page
