"""Rebuild only what reads a change (issue 30), in a ten-year archive: the example and nine
years made with `finsam ny` (20 documents). The staff count of a year in the middle is shown
by that year's årsredovisning and by the five-year overviews of the four after it, and by
nothing else: exactly those five are rebuilt.

The decision is the command's own (site/incremental.py plans from the files each document
reads; build() lays out only documents whose pages then come out different); the test runs
it in this process with web pages only, so that twenty PDFs are not laid out to show it."""
from __future__ import annotations

import re

from helpers import copy_project, html_row, html_tables

from finsam.build import build
from finsam.commands.newyear import start_year
from finsam.site.incremental import plan, record


def rebuild(root) -> tuple[list[str], list[str], dict]:
    """What `finsam` would do now: the documents planned, those whose pages changed."""
    todo = plan(root, None, "")
    result = build(root, todo.stale, parts="html", processes=1, known_pages=todo.known_pages)
    record(root, todo, {d.document.key: [f for f in result.files
                                         if f.startswith(d.document.key + "/")]
                        for d in result.documents},
           [f for f in result.files if "/" not in f or f.startswith("assets/")],
           result.pages, result.unchanged)
    return todo.stale, [d.document.key for d in result.documents], todo.reasons


def test_a_changed_staff_count_rebuilds_exactly_the_documents_that_show_it(tmp_path):
    root = copy_project(tmp_path / "arkiv")
    for year in range(2023, 2032):
        start_year(root, year)
    planned, built, _ = rebuild(root)
    assert len(built) == len(planned) == 20

    outcome = root / "content/2026/utfall.yaml"
    text = outcome.read_text(encoding="utf-8")
    outcome.write_text(re.sub(r"^anstallda: 0$", "anstallda: 3", text, count=1, flags=re.M),
                       encoding="utf-8")
    planned, built, reasons = rebuild(root)
    assert sorted(built) == [f"{year}/arsredovisning" for year in range(2026, 2031)]
    assert reasons["2026/arsredovisning"] == ["content/2026/utfall.yaml"]
    # Planned from the files they read, but their pages came out the same: not rebuilt.
    assert set(planned) - set(built) == {"2031/arsredovisning", "2028/verksamhetsplan",
                                         "2029/verksamhetsplan", "2030/verksamhetsplan",
                                         "2031/verksamhetsplan"}
    # The overview of 2030 shows 2030 … 2026: the new figure in its last column.
    overview = html_row(html_tables(root / "output/2030/arsredovisning/index.html"),
                        "femarsoversikt", "Antal anställda")
    assert overview == ["0", "0", "0", "0", "3"]

    planned, built, _ = rebuild(root)
    assert planned == built == []  # and nothing the next time
