"""Layout rules checked on every laid-out PDF (finsam/pdf/layoutcheck.py, issue 31).

One small document per rule, in finsam's own markup, made to break it (forced breaks on
small pages), and a clean one that breaks none; the example's build gives no layout
warning; a deliberately bad section in a real build gives warnings naming the page and the
file, and the page named is the page of the PDF that shows it.
"""
from __future__ import annotations

import re

import pytest
from helpers import copy_project, edit, pdf_pages, run_build
from weasyprint import HTML

from finsam.pdf.layoutcheck import layout_findings

STYLE = """
@page { size: 120mm 90mm; margin: 10mm; @top-right { content: "Rubrik"; }
        @bottom-right { content: "Sida " counter(page); } }
html { font: 10pt/5mm sans-serif; orphans: 2; widows: 2; }
p { margin: 0 0 2mm; }
.chapter { break-before: page; }
.md1, .md2, .md3 { break-after: avoid; margin: 0 0 2mm; font-size: 10pt; line-height: 5mm; }
.keep { break-inside: avoid; }
table.fin { border-collapse: collapse; width: 100%; }
table.fin thead { display: table-header-group; }
table.fin tr { break-inside: avoid; }
.signature { display: inline-block; width: 40%; margin: 14mm 5% 0 0; break-inside: avoid; }
.signature-line { display: block; border-bottom: 0.6pt solid; height: 8mm; }
.signature-name, .signature-role { display: block; }
.watermark { position: fixed; top: 30mm; font-size: 40pt; opacity: .1; }
.forced { break-before: page; }
"""
FIL = "content/2022/arsredovisning/test.md"
LINE = "Förbundet följer upp varje insats."
LONG = " ".join([LINE] * 12)  # several lines at this page's width
WIDOW_SPACE = '<div style="height: 38mm"></div>'


def laid_out(body: str, css: str = ""):
    html = (f"<html><head><style>{STYLE}{css}</style></head><body>"
            f'<div class="watermark">UTKAST</div><main>{body}</main></body></html>')
    return HTML(string=html).render()


def section(inner: str, fil: str = FIL) -> str:
    return f'<section class="chapter" data-fil="{fil}">{inner}</section>'


def chapter(title: str, anchor: str = "a") -> str:
    return f'<h2 class="md1" id="{anchor}">{title}</h2>'


def rows(count: int, first: int = 1, css: str = "") -> str:
    return "".join(f'<tr class="{css}"><th>Post {i}</th><td class="num">{i} 000</td></tr>'
                   for i in range(first, first + count))


def table(body: str, wrap_class: str = "") -> str:
    return (f'<div class="table-wrap {wrap_class}"><table class="fin" id="tabell-t">'
            "<caption>Kostnader</caption>"
            "<thead><tr><th>Belopp i kr</th><th>2022</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def signatures(names: list[str], kind: str = "styrelse", css: str = "") -> str:
    people = "".join(f'<li class="signature"><span class="signature-line"></span>'
                     f'<span class="signature-name">{n}</span>'
                     f'<span class="signature-role">Ledamot</span></li>' for n in names)
    return (f'<div class="signatures signatures-{kind} {css}"><p class="signature-place">Datum '
            'enligt digital underskrift</p><ul class="signature-grid" style="padding:0;margin:0">'
            f"{people}</ul></div>")


# rule → (body, extra css, a piece of the message it must give)
CASES = {
    "chapter-not-at-page-top": (
        section(chapter("1. Ett kapitel") + f"<p>{LINE}</p>"
                + chapter("2. Ett andra kapitel i samma fil", "b") + f"<p>{LINE}</p>"), "",
        "Sida 1 i PDF:en: kapitlet '2. Ett andra kapitel i samma fil' börjar mitt på sidan."),
    "heading-last-on-page": (
        section(chapter("1. Kapitel") + f"<p>{LONG}</p>"
                + '<h3 class="md2" id="h">En rubrik vid sidans fot</h3>'
                + f'<p class="forced">{LINE}</p>'), "",
        "Sida 1 i PDF:en: rubriken 'En rubrik vid sidans fot' står sist på sidan; det som hör "
        "till den börjar på sidan 2."),
    "heading-one-line": (
        section(chapter("1. Kapitel") + f"<p>{LONG}</p>"
                + f'<h3 class="md2" id="h">En rubrik</h3><p>{LINE}</p>'
                + f'<p class="forced">{LONG}</p>'),
        "", "rubriken 'En rubrik' har bara en rad under sig längst ned på sidan"),
    "lead-in-detached": (
        section(chapter("1. Kapitel") + f"<p>{LONG}</p><p>Tabellen nedan visar posterna.</p>"
                + table(rows(4), "forced")), "",
        "stycket 'Tabellen nedan visar posterna.' står sist på sidan, och tabellen det leder "
        "in till börjar på sidan 2"),
    "table-row-split": (
        section(chapter("1. Kapitel") + f"<p>{LONG}</p>"
                + table(rows(2) + f'<tr class="tall"><th>{LONG} {LONG}</th><td>1</td></tr>')),
        "table.fin tr.tall { break-inside: auto; }",
        f"Sida 3 i PDF:en: tabellraden '{LONG[:59]}…' delas mellan sidorna 2 och 3."),
    "table-header-missing": (
        section(chapter("1. Kapitel") + table(rows(30))),
        "table.fin thead { display: table-row-group; }",
        "Sida 2 i PDF:en: tabellen 'Kostnader' fortsätter från sidan 1 utan sin rubrikrad."),
    "table-fragment-small": (
        section(chapter("1. Kapitel") + table(rows(6) + rows(1, 7, "forced"))), "",
        "Sida 2 i PDF:en: tabellen 'Kostnader' har bara 1 rad på sidan av sina 7."),
    "table-sum-detached": (
        section(chapter("1. Kapitel") + table(
            rows(6) + '<tr class="sum forced"><th>Summa</th><td>21 000</td></tr>' + rows(3, 8))),
        "", "summaraden 'Summa' i tabellen 'Kostnader' står överst på sidan, skild från "
            "raderna den summerar på sidan 1"),
    "table-heading-row-last": (
        section(chapter("1. Kapitel") + table(
            rows(4) + '<tr class="heading"><th colspan="2">Administration</th></tr>'
            + rows(1, 5, "forced") + rows(3, 6))), "",
        "Sida 1 i PDF:en: gruppens rubrikrad 'Administration' i tabellen 'Kostnader' står sist "
        "på sidan, dess rader på sidan 2."),
    "few-lines": (
        section(chapter("1. Kapitel") + f"<p>{LONG}</p><p class=\"forced\">{LINE}</p>")
        + section(chapter("2. Nästa", "b") + "<p>x</p>"), "",
        f"Sida 2 i PDF:en: sidan har bara 1 rad text, '{LINE}' (slutet av kapitlet från "
        "sidan före)."),
    "signatures-split": (
        section(chapter("7. Styrelsens underskrift") + f"<p>{LINE}</p>"
                + signatures(["Anna", "Erik", "Maria", "Johan"])), "",
        "Sida 3 i PDF:en: underskrifterna delas mellan sidorna 2 och 3."),
    "signatures-detached": (
        section(chapter("7. Styrelsens underskrift") + f"<p>{LONG}</p>"
                + signatures(["Anna"], css="forced")), "",
        "Sida 2 i PDF:en: underskrifterna står överst på sidan, texten de skriver under på "
        "sidan 1."),
    "signature-space": (
        section(chapter("7. Styrelsens underskrift") + f"<p>{LINE}</p>"
                + signatures(["Anna", "Erik"])),
        ".signature { margin-top: 0; } .signature-line { height: 2mm; }",
        "Sida 1 i PDF:en: 4 mm att skriva på ovanför strecket för 'Anna' (minst 12 mm)."),
    "auditors-tight": (
        section(chapter("7. Underskrifter") + signatures(["Anna"])
                + '<h3 class="md2" id="r">Revisorernas påteckning</h3>'
                + signatures(["Lena"], "revisorer")),
        ".signature { margin-top: 2mm; } .signature-line { height: 4mm; }",
        "Sida 1 i PDF:en: revisorernas del 'Revisorernas påteckning' står 0 mm under "
        "styrelsens sista underskrift på samma sida."),
    "orphan": (
        section(chapter("1. Kapitel") + '<div style="height: 54mm"></div>'
                + f'<p class="one">{LONG}</p>'), "p.one { orphans: 1; widows: 1; }",
        "Sida 1 i PDF:en: stycket 'Förbundet följer upp varje insats. Förb…' börjar med en "
        "ensam rad längst ned på sidan och fortsätter på sidan 2."),
    "widow": (
        section(chapter("1. Kapitel") + WIDOW_SPACE
                + f'<p class="one">{" ".join([LINE] * 7)}</p>'),
        "p.one { orphans: 1; widows: 1; }",
        "Sida 2 i PDF:en: sista raden av stycket"),
}


@pytest.mark.parametrize("rule", CASES)
def test_each_rule_finds_its_own_case(rule):
    body, css, message = CASES[rule]
    found = [f for f in layout_findings(laid_out(body, css)) if f.rule == rule]
    assert found, [f.message for f in layout_findings(laid_out(body, css))]
    assert message in found[0].message
    assert found[0].fil == FIL and found[0].advice


def test_a_clean_document_breaks_no_rule():
    body = (section(chapter("1. Kapitel") + f"<p>{LONG}</p>"
                    + f'<h3 class="md2" id="b">En rubrik</h3><p>{LONG}</p>'
                    + table(rows(5), "keep"))
            + section(chapter("2. Kapitel", "c") + f"<p>{LONG}</p>" * 4)
            + section(chapter("7. Styrelsens underskrift", "d") + f"<p>{LINE}</p>"
                      + signatures(["Anna", "Erik"]))
            + section(chapter("8. Revisorernas påteckning", "e")
                      + signatures(["Lena"], "revisorer")))
    assert layout_findings(laid_out(body)) == []


def test_a_short_chapter_alone_on_its_page_is_found_and_one_followed_is_not():
    """A sentence alone on a page reads as a mistake; the signatures alone on theirs do not.
    In the build the chapter after a short one follows it (render/sections.py)."""
    short = section(chapter("5. Redovisningsprinciper") + f"<p>{LINE}</p>")
    notes = f"<p>{LONG}</p>" * 2
    alone = layout_findings(laid_out(short + section(chapter("6. Noter", "b") + notes)))
    assert [(f.page, f.rule) for f in alone] == [(1, "few-lines")]
    assert "bara 2 rader text, '5. Redovisningsprinciper' (kapitlet står ensamt på sidan)" \
        in alone[0].message and "underavsnitt" in alone[0].advice
    followed = short + ('<section class="chapter after-short" data-fil="noter.md">'
                        + chapter("6. Noter", "b") + notes + "</section>")
    css = ".chapter.after-short { break-before: auto; }"
    assert layout_findings(laid_out(followed, css)) == []


def test_the_auditors_are_told_apart_by_class_not_by_heading():
    """A board block under a heading that names the auditors is still the board's."""
    body = section(chapter("7. Underskrifter") + signatures(["Anna"])
                   + '<h3 class="md2" id="r">Revisorer och styrelse</h3>'
                   + signatures(["Lena"], "styrelse"))
    css = ".signature { margin-top: 2mm; } .signature-line { height: 4mm; }"
    assert "auditors-tight" not in {f.rule for f in layout_findings(laid_out(body, css))}


# --- In the build ---------------------------------------------------------------------------

LAYOUT_WARNING = re.compile(r"Sida \d+ i PDF:en")


def test_the_example_pdfs_break_no_layout_rule(example_warnings):
    """Both documents of the example, built once for the session by the real command."""
    assert not LAYOUT_WARNING.search(example_warnings), example_warnings


BAD_CHAPTERS = range(26, 38)  # table sizes: one of them ends its page with the table


def _bad_section() -> str:
    """Chapters of a table and two short sentences, the table a little longer each time, so
    that in one of them the table fills its page and the sentences are left to the next;
    then a heading with nothing under it before the next chapter."""
    text = ""
    for size in BAD_CHAPTERS:
        table = "| Insats | Belopp |\n|---|---:|\n" + "".join(
            f"| Insats nummer {i} | {i} 000 |\n" for i in range(1, size + 1))
        text += (f"# Bilaga {size}\n\n{table}\nFörsta meningen efter tabellen.\n\n"
                 "Andra meningen efter tabellen.\n\n")
    return text + "## En rubrik utan text\n"


def test_a_bad_section_gets_warnings_naming_page_and_file(tmp_path):
    project = copy_project(tmp_path / "projekt")
    folder = project / "content/2022/verksamhetsplan"
    (folder / "dalig.md").write_text(_bad_section(), encoding="utf-8")
    (folder / "nasta.md").write_text("# Ett kapitel efter\n\nText i kapitlet.\n",
                                     encoding="utf-8")
    edit(folder / "dokument.yaml", "  - budget.md\n", "  - budget.md\n  - dalig.md\n  - nasta.md\n")
    # Both documents, each in a forked worker: the warnings travel back with the PDF.
    result = run_build(project, "bygg", "--processer", "2")
    assert result.returncode == 0, result.stderr
    assert "content/2022/arsredovisning" not in result.stderr  # its pages are as before
    pages = pdf_pages(project / "output/2022/verksamhetsplan/verksamhetsplan-2022.pdf")
    warning = "Varning: content/2022/verksamhetsplan/dalig.md: Sida (\\d+) i PDF:en: "
    heading = re.search(warning + re.escape(
        "rubriken 'En rubrik utan text' står sist på sidan; ingen text står under den.\n"
        "    Gör så här: skriv text under rubriken, eller ta bort den."), result.stderr)
    assert heading, result.stderr
    page = int(heading.group(1))
    assert "Andra meningen efter tabellen.\nEn rubrik utan text\n" in pages[page - 1]
    assert pages[page].startswith("Ett kapitel efter")
    lone = re.findall(warning + re.escape("sidan har bara 2 rader text, 'Första meningen efter "
                                          "tabellen.' (slutet av kapitlet från sidan före).\n"
                                          "    Gör så här: korta kapitlet"), result.stderr)
    assert lone, result.stderr
    for page in lone:  # the page named holds the two sentences and no more of the chapter
        text = " ".join(pages[int(page) - 1].split())
        assert "Första meningen efter tabellen. Andra meningen efter tabellen." in text
        assert "Insats nummer" not in text
