from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

import pytest

# Test this checkout's engine, whatever checkout an editable install points to: in this
# process, and in every command a test runs (python -m finsam …).
_CHECKOUT = str(Path(__file__).resolve().parent.parent)
sys.path.insert(0, _CHECKOUT)
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_CHECKOUT, os.environ.get("PYTHONPATH")]))

from helpers import copy_project, run_build  # noqa: E402 (after the path is set)


def pytest_configure(config) -> None:
    """The tool's bytecode written once, before any test starts a command, as pip writes it
    for an installed package: with PYTHONDONTWRITEBYTECODE set (as on some machines and CIs)
    every command a test starts would otherwise compile the whole package again, about a
    quarter of a second of CPU each time."""
    if not hasattr(config, "workerinput"):  # the controller, not each xdist worker
        import compileall
        compileall.compile_dir(Path(_CHECKOUT) / "finsam", quiet=1)


@pytest.fixture(scope="session")
def example(tmp_path_factory, worker_id) -> Path:
    """The example project, copied and built once with the real command, and shared by the
    test processes (pytest-xdist): the first to get the lock builds it. Tests only read it;
    one that changes the project works on a copy (the fixture `broken`)."""
    if worker_id == "master":  # not under xdist
        return _built_example(tmp_path_factory.mktemp("exempel"))
    shared = tmp_path_factory.getbasetemp().parent / "exempel"
    with open(shared.with_suffix(".las"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "output" / "index.html").is_file():
            _built_example(shared)
    return shared


def _built_example(folder: Path) -> Path:
    project = copy_project(folder)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    _build_log(project).write_text(result.stderr, encoding="utf-8")
    return project


def _build_log(project: Path) -> Path:
    """What the example's build printed on stderr (its warnings), kept beside the project."""
    return project.with_name(project.name + ".bygglogg")


@pytest.fixture(scope="session")
def example_warnings(example) -> str:
    """The session-built example's stderr: the warnings its build gave."""
    return _build_log(example).read_text(encoding="utf-8")


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
