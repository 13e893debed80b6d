"""output/ as the förbund's web archive: index, semantic pages, sanitising, single files, URLs."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import (
    build_html,
    content_documents,
    edit,
    html_elements,
    html_tables,
    html_text,
    pipeline_message,
    run_build,
)

PAGES = ["2022/arsredovisning/index.html", "2022/verksamhetsplan/index.html"]


def local_links(page: Path) -> list[str]:
    """Every href and src of a page that points into the site (not #, not http:, not data:)."""
    found = []
    for element in html_elements(page):
        for attr in ("href", "src"):
            value = element["attrs"].get(attr)
            if value and not value.startswith("#") and not urlparse(value).scheme:
                found.append(value)
    return found


def test_index_lists_every_document_of_content(example):
    index = example / "output/index.html"
    documents = content_documents(example)
    assert documents == ["2022/arsredovisning", "2022/verksamhetsplan"]
    links = local_links(index)
    for key in documents:
        assert f"{key}/index.html" in links
        assert any(re.fullmatch(rf"{key}/[\w-]+\.pdf", link) for link in links), key
    text = html_text(index).replace("\u00a0", " ")
    assert "Årsredovisning 2022" in text and "Verksamhetsplan och budget 2022" in text
    assert "Beslutad25 november 2021" in text  # <dt>Beslutad</dt><dd>25 november 2021</dd>
    assert "Styrelsemöte16 februari 2023" in text  # the årsredovisning is still an utkast


def test_index_states_each_pdf_size(example):
    index = (example / "output/index.html").read_text(encoding="utf-8")
    for key in content_documents(example):
        name = next((example / "output" / key).glob("*.pdf")).name
        link = re.search(f'href="{re.escape(key)}/{re.escape(name)}"[^>]*>[^<]* som PDF</a> '
                         r"\((\d+)\u00a0kB\)", index)
        assert link and 20 <= int(link.group(1)) <= 2000, name  # a real PDF's size, in kB


@pytest.mark.parametrize("size, shown", [
    (412_345, "412\u00a0kB"), (412_500, "412\u00a0kB"), (999, "1\u00a0kB"), (12, "1\u00a0kB"),
    (999_499, "999\u00a0kB"), (1_000_000, "1,0\u00a0MB"), (1_260_000, "1,3\u00a0MB"),
    (12_345_678, "12,3\u00a0MB")])
def test_pdf_size_in_swedish(size, shown):
    from finsam.render.archive import ArchiveEntry
    entry = ArchiveEntry("2022/arsredovisning", 2022, "", "", "", None, "a.pdf", size)
    assert entry.pdf_size == shown


def test_every_link_of_the_site_resolves_to_a_file(example):
    output = example / "output"
    pages = [output / "index.html"] + [output / p for p in PAGES]
    for page in pages:
        for link in local_links(page):
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(output)}: {link} leder ingenstans"


def test_document_pages_are_semantic(example):
    for name in PAGES:
        page = example / "output" / name
        elements = html_elements(page)
        tags = [e["tag"] for e in elements]
        assert elements[0]["tag"] == "html" and elements[0]["attrs"]["lang"] == "sv"
        assert tags.count("h1") == 1, name
        levels = [int(t[1]) for t in tags if re.fullmatch(r"h[1-6]", t)]
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not jumps, f"{name}: rubriknivåer hoppar {jumps}"
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in tags, (name, landmark)
        skip = next(e for e in elements if e["tag"] == "a")
        assert skip["attrs"]["href"] == "#innehall" and "Hoppa till innehållet" in skip["text"]
        assert any(e["attrs"].get("id") == "innehall" and e["tag"] == "main" for e in elements)
        assert "script" not in tags


def test_tables_have_captions_scoped_headers_and_scroll_regions(example):
    for name in PAGES:
        elements = html_elements(example / "output" / name)
        tables = [i for i, e in enumerate(elements) if e["tag"] == "table"
                  and "fin" in e["attrs"].get("class", "")]
        assert len(tables) >= 3, name
        for i in tables:
            wrap, table, caption = elements[i - 1], elements[i], elements[i + 1]
            assert caption["tag"] == "caption" and caption["text"].strip(), table["attrs"]
            assert wrap["attrs"]["role"] == "region" and wrap["attrs"]["tabindex"] == "0"
            assert wrap["attrs"]["aria-labelledby"] == caption["attrs"]["id"]
        for e in elements:
            if e["tag"] == "th" and "fin" in _table_class(elements, e):
                assert e["attrs"].get("scope") in ("col", "row", "rowgroup", "colgroup"), e
        css = (example / "output/assets/web.css").read_text(encoding="utf-8")
        assert "font-variant-numeric: tabular-nums" in css
        assert re.search(r"td\.num \{ text-align: right", css) or "td.num { text-align: right" in css


def _table_class(elements: list[dict], cell: dict) -> str:
    index = next(i for i, e in enumerate(elements) if e is cell)
    table = next(e for e in reversed(elements[:index]) if e["tag"] == "table")
    return table["attrs"].get("class", "")


def test_pages_show_status_and_version(example):
    ar = html_text(example / "output/2022/arsredovisning/index.html").replace("\u00a0", " ")
    assert "UTKAST" in ar and "Utkast, förslag till styrelsen 16 februari 2023" in ar
    vp = html_text(example / "output/2022/verksamhetsplan/index.html").replace("\u00a0", " ")
    assert "Beslutad av styrelsen 25 november 2021" in vp and "UTKAST" not in vp
    # The example is copied out of git for the tests, so it says it is unversioned, and
    # nothing in it comes from the clock.
    for text in (ar, vp, html_text(example / "output/index.html")):
        assert "Ej versionshanterad" in text
        assert not re.search(r"Ej versionshanterad,? \w* ?\d{4}-\d{2}-\d{2}", text)


def test_author_html_is_sanitised(broken):
    section = broken / "content/2022/arsredovisning/personal.md"
    with section.open("a", encoding="utf-8") as f:
        f.write('\n<script>alert("stöld")</script>\n\n'
                '<p onclick="stjal()" onmouseover="stjal()">Klicka här för mer.</p>\n\n'
                'Läs [vår policy](javascript:alert(1)) eller '
                '<a href="javascript:alert(2)">den andra</a> och '
                '<a href="https://www.example.org/">förbundets sida</a>.\n')
    build_html(broken, "2022/arsredovisning")
    folder = broken / "output/2022/arsredovisning"
    for page in (folder / "index.html", folder / "arsredovisning-2022-fristaende.html"):
        html = page.read_text(encoding="utf-8")
        assert "Klicka här för mer." in html and "förbundets sida" in html
        assert 'href="https://www.example.org/"' in html
        lowered = html.lower()
        assert "<script" not in lowered and 'alert("stöld")' not in lowered
        assert "onclick" not in lowered and "onmouseover" not in lowered
        assert 'href="javascript:' not in lowered


def test_single_file_copy_has_styles_and_images_inline(broken):
    from PIL import Image
    Image.new("RGB", (120, 40), (20, 60, 90)).save(broken / "content/logotyp.png")
    edit(broken / "content/forbund.yaml", "tema:\n", "tema:\n  logotyp: logotyp.png\n")
    build_html(broken)
    for key in content_documents(broken):
        single = next((broken / "output" / key).glob("*-fristaende.html"))
        elements = html_elements(single)
        assert not [e for e in elements if e["tag"] == "link" and e["attrs"].get("rel") == "stylesheet"]
        styles = "".join(e["text"] for e in elements if e["tag"] == "style")
        assert "table.fin" in styles and "font-variant-numeric: tabular-nums" in styles
        images = [e["attrs"]["src"] for e in elements if e["tag"] == "img"]
        # the logo (PNG) and the cover image (SVG), both inline
        assert len(images) == 2 and all(src.startswith(("data:image/png;base64,",
                                                        "data:image/svg+xml;base64,"))
                                        for src in images)
        assert not local_links(single) or all(link.endswith(".pdf") for link in local_links(single))
    tables = html_tables(broken / "output/2022/arsredovisning/arsredovisning-2022-fristaende.html")
    assert ["Årets resultat", "", "−628\u00a0285", "738\u00a0336"] in tables["tabell-resultatrakning"]


def test_base_url_gives_absolute_links(broken):
    build_html(broken, base_url="https://www.example.org/rapporter/")
    page = html_elements(broken / "output/2022/arsredovisning/index.html")
    canonical = [e["attrs"]["href"] for e in page if e["attrs"].get("rel") == "canonical"]
    assert canonical == ["https://www.example.org/rapporter/2022/arsredovisning/"]
    single = html_elements(broken / "output/2022/arsredovisning/arsredovisning-2022-fristaende.html")
    hrefs = [e["attrs"].get("href", "") for e in single if e["tag"] == "a"]
    assert "https://www.example.org/rapporter/2022/arsredovisning/arsredovisning-2022.pdf" in hrefs
    assert "https://www.example.org/rapporter/index.html" in hrefs
    index = html_elements(broken / "output/index.html")
    assert [e["attrs"]["href"] for e in index if e["attrs"].get("rel") == "canonical"] == [
        "https://www.example.org/rapporter/index.html"]


def test_base_url_in_profile_and_its_mistakes(broken):
    edit(broken / "content/forbund.yaml", 'bas_url: ""', "bas_url: www.example.org/rapporter")
    message = pipeline_message(broken)
    assert "content/forbund.yaml, rad 13" in message and "ingen webbadress" in message
    assert "t.ex. https://www.example.org/rapporter" in message  # what was typed, made whole
    bad_flag = run_build(broken, "--bas-url", "ftp//fel")
    assert bad_flag.returncode == 2 and "--bas-url" in bad_flag.stderr


def test_readme_keeps_the_two_commands():
    from helpers import REPO
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/install.sh\npython3 -m pytest\n" in readme


def test_open_data_csv_has_the_tables_figures(example):
    """Each placed table as CSV: the resultaträkning's rows as published (−628 285 and
    738 336 for årets resultat), machine-readable: plain minus, no thousands separators."""
    import csv
    folder = example / "output/2022/arsredovisning"
    raw = (folder / "data/resultatrakning.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # spreadsheet programs read it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Belopp i kr", "Not", "2022-01-01–2022-12-31", "2021-01-01–2021-12-31"]
    assert ["Verksamhetens intäkter", "2", "3000000", "3000000"] in rows
    assert ["Verksamhetens kostnader", "3", "-3643029", "-2261664"] in rows
    assert ["Årets resultat", "", "-628285", "738336"] in rows
    overview = list(csv.reader((folder / "data/femarsoversikt.csv").read_bytes()
                               .decode("utf-8-sig").splitlines()))
    soliditet = next(r for r in overview if r[0] == "Soliditet")
    assert [round(float(v), 1) for v in soliditet[1:]] == [53.9, 73.6, 61.8, 50.1, 45.5]


def test_open_data_json_holds_every_statement_figure(example):
    import json
    data = json.loads((example / "output/2022/arsredovisning/arsredovisning-2022.json")
                      .read_text(encoding="utf-8"))
    tables = data["tabeller"]
    balance = {row["rad"]: row["värden"] for row in tables["balansrakning"]["rader"]}
    assert balance["Summa tillgångar"] == [1335256, 1830994]
    assert balance["Summa eget kapital"] == [719433, 1347718]
    flow = {row["rad"]: row["värden"] for row in tables["kassaflodesanalys"]["rader"]}
    assert flow["Likvida medel vid årets slut"] == [1233683, 1798260]
    assert {"resultatrakning", "balansrakning", "kassaflodesanalys", "driftredovisning",
            "not-intakter", "not-kostnader", "not-fordringar", "not-skulder"} <= set(tables)
    index = (example / "output/index.html").read_text(encoding="utf-8")
    assert 'href="2022/arsredovisning/arsredovisning-2022.json"' in index


def test_a_markdown_table_is_typeset_like_the_tools_own(broken):
    """A table typed in Markdown gets a labelled scroll region, a caption (the heading above
    it), header cells with scope, and numbers right-aligned with no-break spaces."""
    section = broken / "content/2022/arsredovisning/personal.md"
    section.write_text("# Personal\n\n## Deltagare\n\n| Insats | Deltagare |\n|---|---:|\n"
                       "| SIP | 1 234 |\n| Unga | 56 |\n", encoding="utf-8")
    build_html(broken, "2022/arsredovisning")
    html = (broken / "output/2022/arsredovisning/index.html").read_text(encoding="utf-8")
    assert ('<div class="table-wrap" role="region" aria-labelledby="tabell-personal-1" '
            'tabindex="0"><table class="fin md-table"><caption id="tabell-personal-1" '
            'class="visually-hidden">Deltagare</caption>') in html
    assert '<th scope="col">Insats</th>' in html
    assert 'class="num">1\u00a0234</td>' in html
