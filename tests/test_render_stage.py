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
