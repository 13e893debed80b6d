"""Rebuild the documents as they were at a git revision: `finsam revision v1`.

The revision is checked out into a temporary git worktree (the working tree and output/
are not touched) and built there with the installed tool, version line included (a project
from before the tool was installed, a copy of the tool's repository, is built with its own
build.py, as it was then). The result is moved to its own folder, output-<revision>/ by
default.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from ..common.errors import BuildError, Problem
from ..site.gitrevision import checked_out, commit_of

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


def build_revision(root: Path, revision: str, target: Path | None) -> tuple[Path, str]:
    """Build `revision` into `target`; returns the folder and what the build printed."""
    commit_of(root, revision)  # a missing repository or version is said before anything else
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
