"""Every user mistake as a case file in tests/fel/: what to break, and the message expected.

Each case is one YAML file (the format is in tests/fel/README.md). It is applied to a fresh
copy of the example and run in-process through load → validate → compute → render, without
PDFs or writing, so a hundred cases take seconds. The whole-command behaviour (exit code 1,
output/ untouched, no traceback) is checked once per kind of stage in test_user_mistakes.py.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLE, REPO, copy_project, pipeline_message

CASES = sorted((Path(__file__).parent / "fel").glob("*.yaml"))


def adopt_in_git(project: Path, keys: list[str]) -> None:
    """The copy as a git repository where these documents are adopted (fastställda) in the
    last commit: for the cases about changing an adopted document."""
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), "-c", "user.name=T", "-c",
                        "user.email=t@example.org", *args], check=True, capture_output=True)
    git("init", "-q", "-b", "main")
    (project / "projekt.yaml").write_text('verktyg: "0.2.0"\n', encoding="utf-8")
    for key in keys:
        manifest = project / "content" / key / "dokument.yaml"
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(text.replace("status: utkast", "status: fastställd"), "utf-8")
    git("add", ".")
    git("commit", "-qm", "Fastställd")


def apply_case(case: dict, project: Path) -> None:
    """Break the copy of the example as the case says."""
    if "faststall" in case:
        adopt_in_git(project, case["faststall"])
    for change in case.get("andra", []):
        path = project / change["fil"]
        if "med_kodning" in change:  # one piece in another encoding: a mixed file
            raw = path.read_bytes()
            old = change["ersatt"].encode("utf-8")
            assert old in raw, f"{change['ersatt']!r} finns inte i {change['fil']}"
            path.write_bytes(raw.replace(old, change["med"].encode(change["med_kodning"]), 1))
        elif "ersatt" in change:
            text = path.read_text(encoding="utf-8")
            assert change["ersatt"] in text, f"{change['ersatt']!r} finns inte i {change['fil']}"
            path.write_text(text.replace(change["ersatt"], change["med"], 1), encoding="utf-8")
        elif "kopia_av" in change:  # a file of the repository (a SIE file, its mapping)
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / change["kopia_av"], path)
        elif "lank_till" in change:
            target = Path(change["lank_till"])
            path.symlink_to(target if target.is_absolute() else project / target)
        elif "text" in change:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(change["text"].encode(change.get("kodning", "utf-8")))
        elif "kodning" in change:  # the same text saved in another encoding
            path.write_bytes(path.read_text(encoding="utf-8").encode(change["kodning"]))
        elif change.get("ta_bort"):
            path.unlink()


def check(project: Path) -> str:
    """The message the pipeline up to the HTML gives, with spaces as typed in the case files
    (babel's no-break spaces become plain ones)."""
    return pipeline_message(project).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Callable[[str | None], Path]:
    """A clean copy of the example, or of the project a case names (projekt: a folder of
    the repository, e.g. tests/fixtures/tallmon), made once for the session."""
    made: dict[str | None, Path] = {}

    def copy(source: str | None) -> Path:
        if source not in made:
            made[source] = copy_project(tmp_path_factory.mktemp("orord"),
                                        REPO / source if source else EXAMPLE)
        return made[source]
    return copy


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, pristine: Callable[[str | None], Path], tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    project = tmp_path / "projekt"
    shutil.copytree(pristine(case.get("projekt")), project, symlinks=True)
    apply_case(case, project)
    message = check(project)
    expected = case["meddelande"]
    assert message, "bygget gick igenom, men skulle ha stoppats"
    lines = message.split("\n")
    # The expected lines appear in the message in this order (each as part of a line).
    position = 0
    for wanted in expected:
        found = next((i for i in range(position, len(lines)) if wanted in lines[i]), None)
        assert found is not None, f"{wanted!r} saknas i meddelandet:\n{message}"
        position = found
    if "antal" in case:
        assert message.startswith(f"Bygget stoppades: {case['antal']} fel."), message
    problems = [line for line in lines if line.startswith("- ")]
    assert all(line.startswith("- content/") for line in problems), message
    assert message.count("Gör så här:") >= len(problems), message


def test_every_case_file_is_documented() -> None:
    """docs/felmeddelanden.md names each case, so the catalogue and the tests agree."""
    catalogue = (REPO / "docs/felmeddelanden.md").read_text(encoding="utf-8")
    missing = [c.stem for c in CASES if f"`{c.stem}`" not in catalogue]
    assert not missing, f"saknas i docs/felmeddelanden.md: {missing}"
