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

from helpers import copy_project, example_repository, run_build  # noqa: E402 (after the path is set)


def pytest_configure(config) -> None:
    """The tool's bytecode written once, before any test starts a command, as pip writes it
    for an installed package: with PYTHONDONTWRITEBYTECODE set (as on some machines and CIs)
    every command a test starts would otherwise compile the whole package again, about a
    quarter of a second of CPU each time."""
    if not hasattr(config, "workerinput"):  # the controller, not each xdist worker
        import compileall
        compileall.compile_dir(Path(_CHECKOUT) / "finsam", quiet=1)


@pytest.fixture(scope="session")
def shared(tmp_path_factory, worker_id):
    """shared(name, make) → a folder made once per test run by make(folder) and shared by the
    test processes (pytest-xdist): the first to take the lock makes it, the others wait and
    use it. Tests only read it; one that changes it works on a copy (shutil.copytree)."""
    def made_once(name: str, make) -> Path:
        if worker_id == "master":  # not under xdist: once in this process
            base = tmp_path_factory.getbasetemp()
        else:
            base = tmp_path_factory.getbasetemp().parent
        folder, done = base / name, base / f"{name}.klar"
        with open(base / f"{name}.las", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not done.exists():
                if folder.exists():  # a make that failed in another process: start over
                    import shutil
                    shutil.rmtree(folder)
                make(folder)
                done.touch()
        return folder
    return made_once


@pytest.fixture(scope="session")
def example(shared) -> Path:
    """The example project, copied and built once with the real command, and shared by the
    test processes (pytest-xdist). Tests only read it; one that changes the project works on
    a copy (the fixture `broken`)."""
    return shared("exempel", _built_example)


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


@pytest.fixture(scope="session")
def example_in_git(shared) -> Path:
    """The example as a förbund's git repository (helpers.example_repository), committed
    and built once per run with the real command. Tests copy it (shutil.copytree)."""
    def make(folder: Path) -> None:
        project = example_repository(folder)
        result = run_build(project)
        assert result.returncode == 0, result.stderr
    return shared("exempel-i-git", make) / "forbund"


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
