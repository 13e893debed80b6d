"""Which version of the sources a build comes from: git commit, its date, uncommitted changes.

Every page and PDF states it, so a printed copy can be traced to the text the styrelse
saw. Nothing in it comes from the clock (the date is the commit's), so the same sources
give the same bytes whenever and wherever they are built, and an edit to one document
does not change the pages of the others (incremental builds stay incremental).
"""
from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import __version__


@dataclass(frozen=True)
class Version:
    commit: str | None  # short hash; None outside a git repository
    date: datetime.date | None  # the commit's date
    changed: bool  # built from a working tree with uncommitted changes
    tag: str | None = None  # a tag on the commit (the version the styrelse decided, say)
    tool: str = __version__  # the version of finsam that built it

    @property
    def text(self) -> str:
        """The line printed on the page, e.g. 'Version 772ca69, 2026-11-22 · finsam 0.2.0':
        the content's version, then the tool's."""
        return f"{self.content_text} · finsam {self.tool}"

    @property
    def content_text(self) -> str:
        if self.commit is None:
            return "Ej versionshanterad"
        name = f"{self.tag} ({self.commit})" if self.tag else self.commit
        text = f"Version {name}" + (f", {self.date.isoformat()}" if self.date else "")
        return text + (" (ej incheckade ändringar)" if self.changed else "")


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git on this machine: the build still works
    return result.stdout.strip() if result.returncode == 0 else None


def source_version(root: Path) -> Version:
    commit = _git(root, "rev-parse", "--short", "HEAD")
    if commit is None:
        return Version(None, None, changed=True)
    committed = _git(root, "log", "-1", "--format=%cs", "HEAD")
    date = datetime.date.fromisoformat(committed) if committed else None
    # Only what shapes the documents counts; output/ is ignored by .gitignore anyway.
    status = _git(root, "status", "--porcelain", "--", "content", "templates", "projekt.yaml")
    tag = _git(root, "describe", "--tags", "--exact-match", "HEAD") or None
    return Version(commit, date, changed=bool(status), tag=tag)
