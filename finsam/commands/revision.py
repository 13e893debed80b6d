"""Rebuild the documents as they were at a git revision: `finsam revision v1`.

The revision is checked out into a temporary git worktree (the working tree and output/
are not touched) and built there with the installed tool, version line included (a project
from before the tool was installed, a copy of the tool's repository, is built with its own
build.py, as it was then). The result is moved to its own folder, output-<revision>/ by
default.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from ..common.errors import BuildError, Problem
from ..common.staging import owner_running, remove_tree



def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except OSError:
        raise BuildError(Problem("Programmet git finns inte på datorn.", None, None,
                                 "installera git (https://git-scm.com) och försök igen."),
                         usage=True) from None


# Written into every folder this command builds: only such a folder is ever replaced.
MARK = ".finsam-version"


def _check_target(root: Path, target: Path) -> None:
    """Never delete a folder the tool did not create: an existing target must carry MARK."""
    if not target.exists():
        return
    if target.is_dir() and (target / MARK).is_file():
        return
    if target.is_dir() and not any(target.iterdir()):
        return
    shown = target.relative_to(root) if root in target.parents else target
    raise BuildError(Problem(
        f"Mappen {shown.as_posix()} finns redan och är inte byggd av det här kommandot; den "
        "skrivs inte över.", None, None,
        "välj en mapp som inte finns med --till MAPP, eller flytta den befintliga."), usage=True)


def _commit(root: Path, revision: str) -> tuple[str, Path]:
    """The revision's commit and the git repository's top folder, or a usage error."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise BuildError(Problem("Projektmappen ligger inte i ett git-repo.", root, None,
                                 "versioner finns bara för innehåll som checkats in i git."),
                         usage=True)
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit.returncode != 0:
        raise BuildError(Problem(f"Versionen '{revision}' finns inte i git.", None, None,
                                 "se vilka som finns med 'git tag' eller 'git log --oneline'."),
                         usage=True)
    return commit.stdout.strip(), Path(top.stdout.strip()).resolve()


# The temporary folder of a checkout, with the process id after it (see clear_leftovers).
TEMPORARY_PREFIX = "finsam-version-"


def clear_leftovers(root: Path) -> None:
    """What a revision or jamfor killed before it could clean up left behind: its checkout in
    the temporary folder (a whole copy of the project) and git's record of that worktree."""
    for folder in Path(tempfile.gettempdir()).glob(TEMPORARY_PREFIX + "*"):
        if folder.is_dir() and not owner_running(folder, TEMPORARY_PREFIX):
            remove_tree(folder)
    _git(root, "worktree", "prune")  # forgets the worktrees whose folder is gone


@contextlib.contextmanager
def checked_out(root: Path, revision: str) -> Iterator[Path]:
    """The project folder as it was at `revision`, in a temporary git worktree that is
    removed afterwards (the working tree and output/ are not touched)."""
    commit, top = _commit(root, revision)
    inside = root.resolve().relative_to(top)
    clear_leftovers(root)
    with tempfile.TemporaryDirectory(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-") as temporary:
        worktree = Path(temporary) / "kalla"
        added = _git(root, "worktree", "add", "--detach", str(worktree), commit)
        if added.returncode != 0:
            raise BuildError(Problem(f"Versionen kunde inte checkas ut: {added.stderr.strip()}",
                                     None, None, "kontrollera git-repot och försök igen."))
        try:
            yield worktree / inside
        finally:
            _git(root, "worktree", "remove", "--force", str(worktree))


def build_revision(root: Path, revision: str, target: Path | None) -> tuple[Path, str]:
    """Build `revision` into `target`; returns the folder and what the build printed."""
    _commit(root, revision)  # a missing repository or version is said before anything else
    safe = re.sub(r"[^\w.-]+", "-", revision)
    target = (target or root / f"output-{safe}").resolve()
    _check_target(root, target)
    with checked_out(root, revision) as project:
        own = project / "build.py"  # a copy of the tool's repository, as projects once were
        engine = [str(own)] if own.is_file() else ["-m", "finsam"]
        result = subprocess.run([sys.executable, *engine, "--projekt", str(project)],
                                capture_output=True, text=True, cwd=project)
        if result.returncode != 0:
            raise BuildError(Problem(
                f"Versionen '{revision}' gick inte att bygga:\n{result.stderr.strip()}",
                None, None, "felet fanns redan i den versionen av underlaget."))
        if target.exists():
            shutil.rmtree(target)  # ours: checked before the build (_check_target)
        shutil.move(str(project / "output"), str(target))
        (target / MARK).write_text(f"{revision}\n", encoding="utf-8")
    return target, result.stdout
