"""Which version of the sources a build comes from: git commit, its date, uncommitted changes.

Every page and PDF states it, so a printed copy can be traced to the text the styrelse
saw. The date is the commit's, not the clock's, so the same commit gives the same bytes;
only a build from a changed (or unversioned) tree carries today's date.
"""
from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Version:
    commit: str | None  # short hash; None outside a git repository
    date: datetime.date
    changed: bool  # built from a working tree with uncommitted changes

    @property
    def text(self) -> str:
        """The line printed on the page, e.g. 'Version 772ca69, 2026-11-22'."""
        if self.commit is None:
            return f"Ej versionshanterad, byggd {self.date.isoformat()}"
        text = f"Version {self.commit}, {self.date.isoformat()}"
        return text + (" (ej incheckade ändringar)" if self.changed else "")


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git on this machine: the build still works
    return result.stdout.strip() if result.returncode == 0 else None


def source_version(root: Path, today: datetime.date | None = None) -> Version:
    today = today or datetime.date.today()
    commit = _git(root, "rev-parse", "--short", "HEAD")
    if commit is None:
        return Version(None, today, changed=True)
    # Only what shapes the documents counts; output/ is ignored by .gitignore anyway.
    status = _git(root, "status", "--porcelain", "--", "content", "templates", "finsam")
    changed = bool(status)
    if changed:
        return Version(commit, today, changed=True)
    committed = _git(root, "log", "-1", "--format=%cs", "HEAD")
    return Version(commit, datetime.date.fromisoformat(committed) if committed else today, False)
