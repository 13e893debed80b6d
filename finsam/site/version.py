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


# What shapes the documents; output/ and the cache are ignored by .gitignore anyway.
SOURCES = ("content", "templates", "projekt.yaml")


@dataclass(frozen=True)
class History:
    """The git facts every document's version is read from, gathered in three calls."""

    order: list[str]  # commits touching the sources, newest first (full ids)
    dates: dict[str, datetime.date]
    last_change: dict[str, str]  # path relative to the project → its newest commit
    changed: set[str]  # paths (relative to the project) with uncommitted changes
    tags: dict[str, str]  # commit → a tag on it

    def version(self, files: list[str]) -> Version | None:
        """The version of a document reading `files` (relative to the project)."""
        commits = [self.last_change[f] for f in files if f in self.last_change]
        if not commits:
            return None
        newest = min(commits, key=self.order.index)
        return Version(newest[:7], self.dates[newest], changed=any(f in self.changed
                                                                     for f in files),
                       tag=self.tags.get(newest))

    def commit_version(self, commit: str) -> Version:
        """The version line of a document as it was adopted in `commit`."""
        return Version(commit[:7], self.dates.get(commit), changed=False,
                       tag=self.tags.get(commit))


def git_history(root: Path) -> History | None:
    """None outside git (or without git on the machine)."""
    log = _git(root, "log", "--relative", "--format=%x01%H %cs", "--name-only", "--", *SOURCES)
    if log is None:
        return None
    order, dates, last_change = [], {}, {}
    for entry in log.split("\x01")[1:]:
        head, *names = entry.strip().split("\n")
        commit, day = head.split(" ")
        order.append(commit)
        dates[commit] = datetime.date.fromisoformat(day)
        for name in filter(None, names):
            last_change.setdefault(name, commit)
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--",
                  *SOURCES) or ""
    prefix = _git(root, "rev-parse", "--show-prefix") or ""
    changed = set()
    entries = iter(status.split("\0"))
    for entry in entries:
        if len(entry) > 3:
            changed.add(entry[3:].removeprefix(prefix))
            if entry[0] in "RC":  # a rename or copy: its source path follows
                changed.add(next(entries, "").removeprefix(prefix))
    refs = _git(root, "show-ref", "--tags", "-d") or ""
    tags: dict[str, str] = {}
    for line in refs.splitlines():
        commit, ref = line.split(" ", 1)
        tags.setdefault(commit, ref.removeprefix("refs/tags/").removesuffix("^{}"))
    return History(order, dates, last_change, changed, tags)


def document_version_texts(root: Path) -> dict[str, str]:
    """Each document's version line, by the files it reads (for the build's fingerprints)."""
    from ..load.dependencies import document_inputs
    history = git_history(root)
    if history is None:
        return {}
    content = root / "content"
    keys = sorted(p.parent.relative_to(content).as_posix()
                  for p in content.glob("*/*/dokument.yaml"))
    texts = {}
    for key in keys:
        files = [p.relative_to(root).as_posix() for p in document_inputs(root, key).versioned]
        if (version := history.version(files)) is not None:
            texts[key] = version.text
    return texts
