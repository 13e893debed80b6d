"""Measured column widths (finsam/render/colwidths.py): the print layout's fixed table widths are
measured right (no figure overflows its cell in the laid-out PDF) and worked out by hand for
one column; a table whose widths are not a measure keeps automatic layout."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from finsam.build import compute_and_render, load_and_validate
from finsam.load.templates import template_folders
from finsam.render.colwidths import column_widths, print_geometry
from finsam.render.tables import Column, Row, Table

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = template_folders(None)  # the tool's own


def test_a_figure_column_is_as_wide_as_its_widest_figure_worked_by_hand():
    table = Table("t", "T", "Belopp i kr", [Column("År")],
                  [Row("Intäkter", (Decimal(1234567),)), Row("Kostnader", (Decimal(-5),))])
    widths = column_widths(table, TEMPLATES)
    # "1 234 567" in Carlito: seven digits of 1038 units and two no-break spaces set as the
    # font's space (463) = 8 192 units = 4.0 em, plus 0.1 em slack, at 9.5 pt (3.3514 mm
    # per em) = 13.74 mm, plus the cells' padding 2 × 1.5 mm.
    assert widths.figures == [Decimal("16.74")]
    assert widths.note is None
    assert widths.label > Decimal(10)


def test_tables_that_are_not_a_measure_keep_automatic_layout(tmp_path):
    text = Table("t", "T", "", [Column("Kommentar", "text")], [Row("Mål 1", ("Uppnått",))])
    assert column_widths(text, TEMPLATES) is None
    wide = Table("t", "T", "", [Column(f"Kolumn {i}") for i in range(14)],
                 [Row("Intäkter", tuple(Decimal(123456789) for _ in range(14)))])
    assert column_widths(wide, TEMPLATES) is None  # the labels would get no room
    css = tmp_path / "templates" / "style" / "print.css"  # a project's own print.css
    css.parent.mkdir(parents=True)
    css.write_text(TEMPLATES.read_text("style/print.css").replace(
        "font-size: var(--table-font-size); font-variant", "font-size: larger; font-variant"),
        encoding="utf-8")
    assert print_geometry(template_folders(tmp_path)) is None  # its own sizes: not known
    small = Table("t", "T", "", [Column("År")], [Row("Intäkter", (Decimal(1),))])
    assert column_widths(small, template_folders(tmp_path)) is None


def test_print_geometry_is_read_from_the_stylesheet():
    geometry = print_geometry(TEMPLATES)
    assert geometry.line_mm == Decimal(166)  # A4 210 mm less margins 24 and 20 mm
    assert geometry.padding("fin drift") == Decimal(2)  # 2 × 1 mm
    assert geometry.padding("fin") == Decimal(3)
    assert round(geometry.em("fin drift"), 4) == round(Decimal(8) * Decimal("25.4") / 72, 4)


_COLGROUP = re.compile(r'id="(tabell-[^"]+)">\n<caption[^\n]*</caption>\n<colgroup>(.*?)</colgroup>')
PX_PER_MM = 96 / 25.4


def _too_narrow(table: boxes.TableBox, widths_mm: list[float], padding_mm: float) -> list[str]:
    """Each cell's text that is wider than the width measured for its column (padding off),
    as WeasyPrint laid it out: the measure, not the room the layout shared out on top."""
    found = []
    for cell in table.descendants():
        if isinstance(cell, boxes.TableCellBox) and cell.colspan == 1 and cell.grid_x > 0:
            for text in cell.descendants():
                if isinstance(text, boxes.TextBox) and \
                        text.width > (widths_mm[cell.grid_x] - padding_mm) * PX_PER_MM + 0.01:
                    found.append(f"{table.element.get('id')}: {text.text}")
    return found


def test_no_figure_is_wider_than_its_measured_column_in_the_laid_out_pdf():
    project, documents, site = load_and_validate(REPO / "examples/vastra-malardalen")
    page = next(p for p in compute_and_render(project, documents, site)
                if p.document.key == "2022/arsredovisning")
    measured = {name: [float(w) for w in re.findall(r"--width: ([\d.]+)mm", cols)]
                for name, cols in _COLGROUP.findall(page.print_html)}
    assert "tabell-driftredovisning" in measured and len(measured) >= 10
    geometry = print_geometry(TEMPLATES)
    document = HTML(string=page.print_html, base_url=str(TEMPLATES.package)).render()
    tables = [b for p in document.pages for b in p._page_box.descendants()
              if isinstance(b, boxes.TableBox) and b.element.get("id") in measured]
    assert {t.element.get("id") for t in tables} == set(measured)
    assert all(t.style["table_layout"] == "fixed" for t in tables)
    assert [problem for t in tables for problem in _too_narrow(
        t, measured[t.element.get("id")],
        float(geometry.padding(t.element.get("class") or "")))] == []


@pytest.mark.parametrize("css_class, line", [("", "Summa kostnader"), ("drift", "Summa")])
def test_a_heading_above_columns_stays_on_one_line(css_class, line):
    table = Table("t", "T", "", [Column("Netto"), Column("Netto")],
                  [Row(line, (Decimal(1), Decimal(2)))],
                  groups=[("Avvikelse mot budget 2022", 2)], css_class=css_class)
    widths = column_widths(table, TEMPLATES)
    geometry = print_geometry(TEMPLATES)
    # The two columns together hold the bold heading (measured in the test by its length:
    # 25 characters are at least 10 em in Carlito bold) and their padding.
    assert sum(widths.figures) >= 10 * geometry.em(css_class) + geometry.padding(css_class)


def test_the_stylesheet_lays_the_page_out_with_the_geometry_the_widths_are_measured_with():
    """One description of the print page (render/printpage.py): the print HTML sets it
    before the stylesheets, print.css uses it and says no size of its own in its place."""
    from finsam.render.printpage import PRINT_PAGE
    css = TEMPLATES.read_text("style/print.css")
    for rule, declaration in (("@page {", "margin: var(--page-margin)"),
                              ("@page {", "size: var(--page-size)"),
                              ("table.fin {", "font-size: var(--table-font-size)"),
                              ("table.fin th, table.fin td {", "padding: var(--table-padding)"),
                              ("table.fin td.note {", "width: var(--table-note-width)"),
                              ("table.fin tr.sub th {", "padding-left: var(--table-sub-indent)"),
                              ("table.fin.drift {", "font-size: var(--table-drift-font-size)"),
                              ("table.fin.budget th, table.fin.budget td {",
                               "padding: var(--table-budget-padding)")):
        start = css.index(rule)
        assert declaration in css[start:css.index("}", start + len(rule))], (rule, declaration)
    assert PRINT_PAGE.properties()["--page-margin"] == "24mm 20mm 22mm 24mm"
    assert PRINT_PAGE.properties()["--table-drift-padding"] == "0.8mm 1mm"
    project, documents, site = load_and_validate(REPO / "examples/vastra-malardalen",
                                                 ["2022/verksamhetsplan"])
    html = compute_and_render(project, documents, site)[0].print_html
    assert html.index(f"<style>{PRINT_PAGE.css()}</style>") < html.index('href="style/print.css"')


def test_a_forbund_stylesheet_that_sets_table_sizes_gets_automatic_layout(tmp_path):
    own = tmp_path / "templates" / "style" / "forbund-print.css"
    own.parent.mkdir(parents=True)
    small = Table("t", "T", "", [Column("År")], [Row("Intäkter", (Decimal(1),))])
    for css, measured in ((".signature { margin-top: 14mm; }", True),
                          ("h2 { font-size: 20pt; color: #333; }", True),
                          (":root { --table-font-size: 10pt; }", False),
                          ("table.fin.drift { font-size: 7pt; }", False),
                          ("table.fin td { padding: 2mm; }", False),
                          ("@page { margin: 15mm; }", False)):
        own.write_text(css, encoding="utf-8")
        assert (print_geometry(template_folders(tmp_path)) is not None) is measured, css
        assert (column_widths(small, template_folders(tmp_path)) is not None) is measured, css
