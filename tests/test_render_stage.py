"""Render keeps nothing of one document for the next: each project's pages are made from its
own data, whatever the same process rendered before (the preview, a test run, a server
building several förbund). Found when the table filter carried the förbund's way of showing
0 (nollvarde) on a template environment shared by every project with the tool's templates:
the second project showed the first one's zeros."""
from __future__ import annotations

import re

from helpers import REPO


def _cells(html: str, table: str, label: str) -> list[str]:
    """The figures of the row `label` of the table `table` as the page shows them."""
    drawn = re.search(rf'id="tabell-{table}">(.*?)</table>', html, re.S)
    assert drawn is not None, table
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', drawn.group(1))
    assert row is not None, label
    return re.findall(r'<td class="num">([^<]*)</td>', row.group(1))


def _print_html(project: str, key: str) -> str:
    from finsam.build import compute_and_render, load_and_validate
    pages = compute_and_render(*load_and_validate(REPO / "examples" / project, [key]))
    return next(p.print_html for p in pages if p.document.key == key)


def test_each_project_shows_its_own_zero_in_one_process():
    own_zero = ("kassaflodesanalys", "Justering för ej likviditetspåverkande poster")
    # As the published reports print them: Västra Mälardalen 2022's kassaflödesanalys "0 0"
    # (nollvarde 0), Västerås 2020's driftredovisning "- - - 55 229" (nollvarde –).
    assert _cells(_print_html("vastra-malardalen", "2022/arsredovisning"), *own_zero) == [
        "0", "0"]
    assert _cells(_print_html("vasteras-2020", "2020/arsredovisning"), "driftredovisning",
                  "Projekt Samverkan för individens bästa") == ["–", "–", "–", "55\u00a0229"]
    assert _cells(_print_html("vastra-malardalen", "2022/arsredovisning"), *own_zero) == [
        "0", "0"]


def test_chapters_numbered_out_of_order_are_named_with_their_file_and_line(tmp_path):
    """A chapter added or copied without renumbering the rest (as Västerås' example had two
    chapters numbered 2) is a warning at the heading's own line; unnumbered chapters (the
    appendix, 'I korthet') and '##' parts are not counted."""
    from finsam.render.sections import Heading, RenderedSection, chapter_number_problems

    def section(name: str, text: str, *titles: tuple[int, str]) -> RenderedSection:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return RenderedSection(path, "", [Heading(d + 1, t, t, d) for d, t in titles])

    sections = [
        section("a.md", "# 1. Förvaltningsberättelse\n", (1, "1. Förvaltningsberättelse"),
                (2, "1.1 Översikt")),
        section("b.md", "# 2. Driftsredovisning\n", (1, "2. Driftsredovisning")),
        section("c.md", "# Uppföljning\n", (1, "Uppföljning")),
        section("d.md", "Text\n\n# 2. Resultaträkning\n", (1, "2. Resultaträkning")),
        section("e.md", "# 3. Balansräkning\n", (1, "3. Balansräkning")),
        section("f.md", "# 5. Noter\n", (1, "5. Noter"))]
    found = [(p.file.name, p.line, p.message) for p in chapter_number_problems(sections)]
    assert found == [
        ("d.md", 3, "Kapitlet '2. Resultaträkning' har nummer 2 efter '2. Driftsredovisning'."),
        ("f.md", 1, "Kapitlet '5. Noter' har nummer 5 efter '3. Balansräkning'.")]
    assert chapter_number_problems(sections[:3]) == []
