"""The contents page's numbers (finsam/pdf/tocpages.py): written in when the last layout found
them and still right, so the contents page is laid out once; found again, the slower way,
when a heading has moved; the PDF the same bytes either way, and the numbers those of the
pages the headings are on."""
from __future__ import annotations

import json
import shutil
from xml.etree.ElementTree import Element

import pypdf
import pytest
from helpers import REPO, pdf_pages
from test_pdf_publication import _toc
from weasyprint import HTML

from finsam.load.templates import template_folders
from finsam.pdf import htmltree, tocpages
from finsam.pdf.write import PdfEngine

KEY = "2022/verksamhetsplan"


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    """The example's verksamhetsplan (9 pages: the quickest PDF with a contents page)."""
    from finsam.build import compute_and_render, load_and_validate
    project = tmp_path_factory.mktemp("plan")
    shutil.copytree(REPO / "examples/vastra-malardalen/content", project / "content")
    page = next(p for p in compute_and_render(*load_and_validate(project, [KEY]))
                if p.document.key == KEY)
    return project, page


@pytest.fixture
def layouts(monkeypatch):
    """Each time WeasyPrint lays the document out: whether the numbers were written in."""
    count = []
    original = HTML.render

    def render(self, **options):
        count.append(any(a.get(tocpages.ATTRIBUTE) for a in self.etree_element.iter("a")))
        return original(self, **options)
    monkeypatch.setattr(HTML, "render", render)
    yield count


@pytest.fixture
def engine():
    """A build's PDF engine: nothing known yet."""
    return PdfEngine()


def _pdf(plan, engine) -> bytes:
    project, page = plan
    return engine.render_pdf(page.print_html, template_folders(project),
                             page.document.manifest.datum, "pdf/a-3u", KEY, project / "content")


def _contents(pdf: bytes, tmp_path) -> dict[str, int]:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return dict(_toc(path))


def test_known_numbers_give_the_same_pdf_in_one_layout(plan, layouts, engine, tmp_path):
    first = _pdf(plan, engine)  # nothing known: target-counter, and the numbers are kept
    assert layouts == [False]
    # The numbers kept are those the contents page shows, entry by entry.
    titles = {anchor: "".join(links[0].itertext()) for anchor, links
              in tocpages.contents_links(htmltree.parse(plan[1].print_html)).items()}
    shown = _contents(first, tmp_path)
    assert {titles[a]: page for a, page in engine.contents.known(KEY).items()} == shown
    assert len(shown) == 5
    assert _pdf(plan, engine) == first  # known: written in, one layout, the same bytes
    assert layouts == [False, True]


def test_wrong_numbers_are_found_and_laid_out_again(plan, layouts, engine, tmp_path):
    right = _pdf(plan, engine)
    truth = engine.contents.known(KEY)
    # As after an edit that moved every chapter a page on: the guess is checked and dropped.
    engine.contents.remember({KEY: {anchor: page + 1 for anchor, page in truth.items()}})
    assert _pdf(plan, engine) == right
    assert layouts == [False, True, False]  # one with the guess, one the old way
    assert engine.contents.known(KEY) == truth
    pages = pdf_pages_of(right, tmp_path)
    for title, number in _contents(right, tmp_path).items():
        assert title in pages[number - 1]


def pdf_pages_of(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "sidor.pdf"
    path.write_bytes(pdf)
    return pdf_pages(path)


def _tree(style: str, link: str = "") -> Element:
    return htmltree.parse(f"<!DOCTYPE html><html><head>{link}<style>{style}</style></head>"
                          "<body><nav class='toc'><ol><li><a href='#a'>A</a></li></ol></nav>"
                          "<h2 id='a'>A</h2></body></html>")


def test_only_a_stylesheet_that_shows_the_number_and_counts_pages_plainly(tmp_path):
    shows = ".toc a[data-sida]::after { content: attr(data-sida); }"
    assert tocpages.stylesheets_show_attribute(_tree(shows), tmp_path)
    assert not tocpages.stylesheets_show_attribute(_tree(""), tmp_path)
    for counting in ("@page :first { counter-reset: page 3 }",
                     "@page { counter-increment: page 2 }", "@page { counter-set: page }"):
        assert not tocpages.stylesheets_show_attribute(_tree(shows + counting), tmp_path)
    (tmp_path / "print.css").write_text("@page { counter-reset: page 0 }", encoding="utf-8")
    linked = '<link rel="stylesheet" href="print.css">'
    assert not tocpages.stylesheets_show_attribute(_tree(shows, linked), tmp_path)
    missing = '<link rel="stylesheet" href="saknas.css">'
    assert not tocpages.stylesheets_show_attribute(_tree(shows, missing), tmp_path)
    assert [a.get("href") for links in tocpages.contents_links(_tree(shows)).values()
            for a in links] == ["#a"]


def test_the_build_keeps_the_numbers_of_its_contents_pages(example):
    """The example's build (the real command) records every document's contents numbers,
    as its PDF's contents page shows them, for the next build."""
    record = json.loads((example / tocpages.CACHE).read_text(encoding="utf-8"))
    for key, name in (("2022/arsredovisning", "arsredovisning-2022.pdf"),
                      ("2022/verksamhetsplan", "verksamhetsplan-2022.pdf")):
        pdf = example / "output" / key / name
        shown = _toc(pdf)
        assert sorted(record[key].values()) == sorted(number for _, number in shown)
        assert len(pypdf.PdfReader(str(pdf)).pages) >= max(record[key].values())


def test_a_broken_record_is_no_record(tmp_path):
    (tmp_path / ".finsam-cache").mkdir()
    for text in ("{", "[1, 2]", '{"a": {"x": "sju"}}'):
        (tmp_path / tocpages.CACHE).write_text(text, encoding="utf-8")
        assert tocpages.load(tmp_path) == {}
    tocpages.save(tmp_path, {"2022/arsredovisning": {"ordforande": 4}})
    assert tocpages.load(tmp_path) == {"2022/arsredovisning": {"ordforande": 4}}
