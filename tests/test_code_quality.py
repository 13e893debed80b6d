"""The code is linted with ruff, and the stages the later ones build on (common, load, model,
accounts) are strictly typed with mypy (pyproject.toml says how): a lint or type error fails
CI as a failing test does. mypy keeps its cache in .mypy_cache/, so a run after the first
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
