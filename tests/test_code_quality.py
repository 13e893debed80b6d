"""The code is linted with ruff, and the stages the later ones build on (common, load, model,
accounts) are strictly typed with mypy (pyproject.toml says how): a lint or type error fails
CI as a failing test does. No function of the package grades D or worse in radon's
cyclomatic complexity (more than 20 paths) and no module is over 600 lines: past that a
function or a file holds more than one thing, and the next engineer reads it whole. mypy keeps its cache in .mypy_cache/, so a run after the first
takes a fraction of a second (the first about 3 s on this machine)."""
from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


def test_ruff_finds_nothing_in_the_package_and_the_tests():
    result = _run("ruff", "check", "finsam", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_strictly_typed_stages():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


MAX_LINES = 600


def test_no_function_grades_d_or_worse_and_no_module_is_over_600_lines():
    from radon.complexity import cc_rank, cc_visit
    too_complex, too_long = [], []
    for path in sorted((REPO / "finsam").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        too_complex += [f"{name}: {block.fullname} {cc_rank(block.complexity)} "
                        f"({block.complexity})" for block in cc_visit(source)
                        if cc_rank(block.complexity) in "DEF"]
        if len(source.splitlines()) > MAX_LINES:
            too_long.append(f"{name}: {len(source.splitlines())} rader")
    assert not too_complex and not too_long, too_complex + too_long
