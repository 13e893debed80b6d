from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Test this checkout's engine, whatever checkout an editable install points to.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import copy_project, run_build


@pytest.fixture(scope="session")
def example(tmp_path_factory) -> Path:
    """The example project, copied and built once with the real command."""
    project = copy_project(tmp_path_factory.mktemp("exempel"))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def broken(example, tmp_path) -> Path:
    """A copy of a built project (output included), for a test to break and rebuild."""
    import shutil
    target = tmp_path / "projekt"
    shutil.copytree(example, target)
    return target


def pytest_addoption(parser):
    parser.addoption("--uppdatera-golden", action="store_true",
                     help="skriv om tests/golden/ från exemplet (granska sedan git diff)")
