"""An adopted document never changes (site/adoption.py): on a git repository of the example,
the årsredovisning is adopted (status fastställd, commit, tag) and its published files stay
byte-identical while the rest of the project moves on; its own figures cannot change without
a declared correction; the public site shows only what the förbund publishes."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import edit, example_repository, git, html_text, run_build, snapshot

AR = "2022/arsredovisning"
MANIFEST = f"content/{AR}/dokument.yaml"


def adopt(project) -> str:
    edit(project / MANIFEST, "status: utkast", "status: fastställd")
    git(project, "commit", "-qam", "Årsredovisningen fastställd")
    git(project, "tag", "faststalld-2023-02-16")
    return git(project, "rev-parse", "--short", "HEAD")


def built(project, *args: str):
    result = run_build(project, *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def adopted_files(project) -> dict[str, str]:
    return snapshot(project / "output" / AR)


@pytest.fixture(scope="session")
def adopted_and_built(shared, example_in_git) -> Path:
    """The built repository with the årsredovisning then adopted and built (that build's
    stderr and the adopting commit kept beside it), made once per run: a test copies it."""
    def make(folder: Path) -> None:
        shutil.copytree(example_in_git, folder / "forbund", symlinks=True)
        project = folder / "forbund"
        (folder / "commit").write_text(adopt(project), encoding="utf-8")
        (folder / "stderr").write_text(built(project).stderr, encoding="utf-8")
    return shared("faststalld", make)


def adopted_copy(adopted_and_built: Path, tmp_path) -> tuple[Path, str, str]:
    """A copy of the adopted, built repository: the project, its adopting commit (short) and
    what its first build printed on stderr."""
    shutil.copytree(adopted_and_built, tmp_path, symlinks=True, dirs_exist_ok=True)
    return (tmp_path / "forbund", (tmp_path / "commit").read_text(encoding="utf-8"),
            (tmp_path / "stderr").read_text(encoding="utf-8"))


def test_an_adopted_document_is_published_byte_identical_whatever_else_changes(
        adopted_and_built, tmp_path):
    project, adopted, first_stderr = adopted_copy(adopted_and_built, tmp_path)
    assert f"arkiv/{AR}" in first_stderr and "checka in mappen" in first_stderr
    files = adopted_files(project)
    assert files and "arsredovisning-2022.pdf" in files
    page = html_text(project / "output" / AR / "index.html")
    assert f"Version faststalld-2023-02-16 ({adopted})" in page
    assert "ej incheckade" not in page
    record = json.loads((project / "arkiv" / AR / "faststallt.json").read_text("utf-8"))
    assert record["commit"].startswith(adopted) and record["rattelser"] == 0
    git(project, "add", "arkiv")
    git(project, "commit", "-qm", "Den fastställda årsredovisningen arkiverad")

    # The plan is edited and committed: the årsredovisning is not rebuilt or re-stamped.
    edit(project / "content/2022/verksamhetsplan/inledning.md", "\n", "\nEn ny mening.\n")
    git(project, "commit", "-qam", "Planen ändrad")
    built(project)
    assert adopted_files(project) == files

    # The profile changes (a new board member would change the signature page if it were
    # laid out again), and next year is started: still the adopted bytes.
    edit(project / "content/forbund.yaml", "  - namn: Magnus Öberg\n    roll: Ledamot\n",
         "  - namn: Magnus Öberg\n    roll: Ledamot\n  - namn: Ny Ledamot\n    roll: Ledamot\n")
    git(project, "commit", "-qam", "Ny ledamot")
    assert run_build(project, "ny", "2023").returncode == 0
    git(project, "add", ".")
    git(project, "commit", "-qm", "2023 påbörjat")
    built(project, "--alltid")
    assert adopted_files(project) == files
    assert "Ny Ledamot" in html_text(project / "output/2023/arsredovisning/index.html")
    assert "Ny Ledamot" not in html_text(project / "output" / AR / "index.html")

    # A clone where arkiv/ was never committed (a CI's, say) lays the document out as of the
    # commit that adopted it: the same bytes, though the profile has changed since.
    git(project, "rm", "-rq", "--cached", "arkiv")
    git(project, "commit", "-qm", "Utan arkivet")
    clone = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", str(project), str(clone)], check=True)
    built(clone, AR)  # the adopted document alone: the others are no different in a clone
    assert adopted_files(clone) == files


def test_a_change_to_an_adopted_documents_own_figure_is_refused_until_declared(
        adopted_and_built, tmp_path):
    project, _, _ = adopted_copy(adopted_and_built, tmp_path)
    before = snapshot(project / "output")
    # One krona more for the processtödjare: the note, the statement and the bank agree.
    edit(project / "content/2022/utfall.yaml", "{namn: Processtödjare, belopp: 547 072}",
         "{namn: Processtödjare, belopp: 547 073}")
    edit(project / "content/2022/utfall.yaml", "verksamhetens_kostnader: 3 643 029",
         "verksamhetens_kostnader: 3 643 030")
    edit(project / "content/2022/utfall.yaml", "kassa_och_bank: 1 233 683",
         "kassa_och_bank: 1 233 682")
    result = run_build(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{MANIFEST}, rad 5: Årsredovisning 2022 är fastställd (i version "
            in result.stderr)
    assert "rattelser: - {datum: ÅÅÅÅ-MM-DD" in result.stderr
    assert snapshot(project / "output") == before

    # Declared and committed, the correction is published: laid out again, shown, kept.
    with (project / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write("rattelser:\n  - {datum: 2023-03-10, beskrivning: "
                       "Processtödjarens kostnad rättad med 1 kr.}\n")
    pending = run_build(project)
    assert pending.returncode == 0, pending.stderr  # a correction being written: a draft
    git(project, "commit", "-qam", "Rättelse")
    corrected = built(project)
    page = html_text(project / "output" / AR / "index.html")
    assert "Rättelser efter fastställandet" in page
    assert "2023-03-10: Processtödjarens kostnad rättad med 1 kr." in page
    assert "ej incheckade" not in page
    record = json.loads((project / "arkiv" / AR / "faststallt.json").read_text("utf-8"))
    assert record["rattelser"] == 1
    assert f"arkiv/{AR}" in corrected.stderr


def test_the_public_site_shows_adopted_documents_and_marked_drafts_only(tmp_path):
    project = example_repository(tmp_path)
    adopt(project)
    built(project, "--alltid", "--publicering")
    index = html_text(project / "output/index.html")
    assert "Årsredovisning 2022" in index and "Verksamhetsplan" not in index
    assert not (project / "output/2022/verksamhetsplan").exists()
    edit(project / "content/2022/verksamhetsplan/dokument.yaml", "status: utkast",
         "status: utkast\npubliceras: true")
    built(project, "--publicering")
    assert "Verksamhetsplan" in html_text(project / "output/index.html")
    # After `ny`, the zero-filled year is never listed on the public site, marked or not.
    assert run_build(project, "ny", "2023").returncode == 0
    edit(project / "content/2023/arsredovisning/dokument.yaml", "status: utkast",
         "status: utkast\npubliceras: true")
    result = built(project, "--publicering")
    assert "Årsredovisning 2023 publiceras inte: siffror saknas" in result.stderr
    index = html_text(project / "output/index.html")
    assert "Årsredovisning 2023" not in index and "SIFFROR SAKNAS" not in index


def test_editing_one_document_does_not_restamp_or_rebuild_the_other(example_in_git, tmp_path):
    project = tmp_path / "forbund"
    shutil.copytree(example_in_git, project, symlinks=True)  # committed and built
    plan = html_text(project / "output/2022/verksamhetsplan/index.html")
    edit(project / f"content/{AR}/personal.md", "Förbundet har inga egna anställda.",
         "Förbundet har inga anställda.")
    git(project, "commit", "-qam", "Text i årsredovisningen")
    result = built(project)
    assert "Oförändrat sedan förra bygget: 2022/verksamhetsplan" in result.stdout
    assert html_text(project / "output/2022/verksamhetsplan/index.html") == plan
