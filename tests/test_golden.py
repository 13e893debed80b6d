"""The example's print and web HTML, compared in full with tests/golden/ (see golden.py)."""
from __future__ import annotations

import difflib

import pytest
from golden import GOLDEN, rendered_example, write_golden
from helpers import copy_project, edit

SHOWN_LINES = 60  # of the diff, in a failure message


def _diff(expected: str, actual: str, name: str) -> str:
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                      f"tests/golden/{name}", "nu", lineterm="", n=2))
    more = f"\n… och {len(lines) - SHOWN_LINES} rader till" if len(lines) > SHOWN_LINES else ""
    return "\n".join(lines[:SHOWN_LINES]) + more


def compare(files: dict[str, str]) -> list[str]:
    """Each golden file that differs, as a readable diff; also files missing or extra."""
    golden = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.html")}
    problems = [f"saknas i tests/golden/: {n}" for n in sorted(set(files) - set(golden))]
    problems += [f"byggs inte längre: tests/golden/{n}" for n in sorted(set(golden) - set(files))]
    problems += [_diff(golden[n], files[n], n) for n in sorted(set(golden) & set(files))
                 if golden[n] != files[n]]
    return problems


def test_example_output_is_the_golden_output(request):
    if request.config.getoption("--uppdatera-golden"):
        written = write_golden()
        pytest.skip("golden-filerna skrevs om: " + ", ".join(written) + "; granska git diff")
    problems = compare(rendered_example())
    assert not problems, ("Utdata skiljer sig från tests/golden/ (avsiktligt? kör "
                          "python3 -m pytest tests/test_golden.py --uppdatera-golden):\n\n"
                          + "\n\n".join(problems))


def test_a_one_word_change_fails_with_a_readable_diff(tmp_path, request):
    if request.config.getoption("--uppdatera-golden"):
        pytest.skip("golden-filerna skrivs om just nu")
    project = copy_project(tmp_path)
    edit(project / "content/2022/arsredovisning/personal.md", "anställda", "medarbetare")
    problems = compare(rendered_example(project))
    assert len(problems) == 2  # the print HTML and the web page of the årsredovisning
    assert problems[0].startswith("--- tests/golden/2022-arsredovisning.print.html")
    assert any(line.startswith("-") and "anställda" in line for line in problems[0].split("\n"))
    assert any(line.startswith("+") and "medarbetare" in line for line in problems[0].split("\n"))
