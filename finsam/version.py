"""Which version of the sources a build comes from: git commit, its date, uncommitted changes.

Every page and PDF states it, so a printed copy can be traced to the text the styrelse
saw. Nothing in it comes from the clock: the date is the commit's, and a build from a
changed or unversioned tree names the fingerprint of its sources instead, so the same
sources give the same bytes whenever and wherever they are built.
"""
from __future__ import annotations

import datetime
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

ENGINE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Version:
    commit: str | None  # short hash; None outside a git repository
    date: datetime.date | None  # the commit's date
    changed: bool  # built from a working tree with uncommitted changes
    sources: str = ""  # fingerprint of content/, templates/ and the engine, when it matters

    @property
    def text(self) -> str:
        """The line printed on the page, e.g. 'Version 772ca69, 2026-11-22'."""
        if self.commit is None:
            return f"Ej versionshanterad, underlag {self.sources}"
        text = f"Version {self.commit}, {self.date.isoformat() if self.date else ''}"
        if self.changed:
            text += f" (ej incheckade ändringar, underlag {self.sources})"
        return text


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git on this machine: the build still works
    return result.stdout.strip() if result.returncode == 0 else None


def sources_fingerprint(root: Path) -> str:
    """Seven hex digits that change when any file of content/, templates/ or the engine does."""
    digest = hashlib.sha256()
    for base, folder in ((root, root / "content"), (root, root / "templates"),
                         (ENGINE, ENGINE)):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts):
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:7]


def source_version(root: Path) -> Version:
    commit = _git(root, "rev-parse", "--short", "HEAD")
    if commit is None:
        return Version(None, None, changed=True, sources=sources_fingerprint(root))
    committed = _git(root, "log", "-1", "--format=%cs", "HEAD")
    date = datetime.date.fromisoformat(committed) if committed else None
    # Only what shapes the documents counts; output/ is ignored by .gitignore anyway.
    status = _git(root, "status", "--porcelain", "--", "content", "templates", "finsam")
    if status:
        return Version(commit, date, changed=True, sources=sources_fingerprint(root))
    return Version(commit, date, False)
