"""A project folder as it was at a git revision, in a temporary worktree: for `finsam
revision`, `finsam jamfor`, and an adopted document laid out as of the commit that adopted it.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..common.errors import BuildError, Problem
from ..common.staging import owner_running, remove_tree

# The temporary folder of a checkout, with the process id after it (see clear_leftovers).
TEMPORARY_PREFIX = "finsam-version-"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except OSError:
        raise BuildError(Problem("Programmet git finns inte på datorn.", None, None,
                                 "installera git (https://git-scm.com) och försök igen."),
                         usage=True) from None


def commit_of(root: Path, revision: str) -> tuple[str, Path]:
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
    commit, top = commit_of(root, revision)
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
