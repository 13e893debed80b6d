"""Files laid out beside their place and moved in whole, and what a killed command leaves.

A command that writes several files (`finsam ny`) writes them all into a staging folder on
the same disk first, marks it complete, and moves it into place with one rename (or, when
part of the place exists already, one rename per new folder or file). Killed before the
mark, nothing is in place and the folder is deleted at the next start; killed after it, the
next start finishes the move. Each staging folder's name carries its process id, so a
command never touches a folder of one that is still running.
"""
from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

READY = "KLAR"  # written into a staging folder once everything in it is written
NEW_YEAR = ".ny-"  # `finsam ny`'s staging folder in the project folder, beside content/


def recover_project(root: Path) -> None:
    """Before a command reads content/: a `finsam ny` killed while moving its files in is
    finished (or, killed while writing them, its staging folder is deleted)."""
    finish_or_discard(root, NEW_YEAR)


def owner_running(folder: Path, prefix: str) -> bool:
    """Whether the process that made folder (its id follows prefix in the name) still runs."""
    pid = folder.name.removeprefix(prefix).split("-")[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    if os.name == "nt":
        # Windows has no harmless probe (os.kill would stop the process): a folder touched
        # in the last ten minutes is taken to belong to a command still going on.
        try:
            return time.time() - folder.stat().st_mtime < 600
        except OSError:
            return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except (OSError, ValueError):
        return False
    return True


def remove_tree(folder: Path) -> bool:
    """Delete folder and everything in it, making a read-only folder in it writable first
    (as a user may make one in output/); whether it is gone."""
    def writable_then_retry(function: Callable[[str], object], path: str, _info: object
                            ) -> None:
        try:
            parent = os.path.dirname(path)
            os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            function(path)
        except OSError:
            pass  # not ours to change (another user's): left for a later start
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=writable_then_retry)
    else:
        shutil.rmtree(folder, onerror=writable_then_retry)
    return not folder.exists()


def write_all_or_nothing(root: Path, files: dict[Path, str], prefix: str) -> None:
    """Write files (paths under root) so that either all of them are in place or none is.
    An OSError (a full disk) leaves nothing behind and is raised."""
    staging = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=root))
    try:
        for path, text in files.items():
            target = staging / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (staging / READY).write_bytes(b"")
    except OSError:
        remove_tree(staging)
        raise
    move_in(staging, root)
    remove_tree(staging)


def move_in(staging: Path, root: Path) -> None:
    """Each folder or file of staging that root does not have, renamed into root: the whole
    new tree at once when its top folder is new (content/2023), else folder by folder."""
    waiting = [staging / name for name in sorted(os.listdir(staging)) if name != READY]
    while waiting:
        source = waiting.pop()
        target = root / source.relative_to(staging)
        if not target.exists():
            os.replace(source, target)
        elif target.is_dir() and source.is_dir():
            waiting += [source / name for name in sorted(os.listdir(source))]


def finish_or_discard(root: Path, prefix: str) -> None:
    """What a killed command left in root: finished when it was complete, else deleted."""
    for staging in sorted(root.glob(prefix + "*")):
        if not staging.is_dir() or owner_running(staging, prefix):
            continue
        try:
            if (staging / READY).exists():
                move_in(staging, root)
        except OSError:
            continue  # tried again at the next start
        remove_tree(staging)
