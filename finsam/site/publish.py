"""Stage 6, publish: the site's files → output/, in one step, or not at all.

Nothing is lost: every page and PDF is produced in memory first; the new site is laid
out beside output/ and swapped in whole, so a failed or killed build leaves the previous
output as it was (or, killed in the middle of the swap, is finished by the next command).
This module imports nothing heavy: every command calls recover() first.
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..common.errors import BuildError, Problem
from ..common.staging import READY, owner_running, remove_tree


@dataclass(frozen=True)
class OutputFile:
    """A file of the site, relative to output/."""

    path: str
    data: bytes


STAGING_PREFIX = ".bygge-"
_READY = READY  # written into a staging folder once the new site in it is complete
# Written once the new site is in place: what is left of the folder is only the old site,
# to be deleted (never put back: output/ deleted by hand later must stay deleted).
_PUBLISHED = "PUBLICERAD"


def publish(output: Path, files: list[OutputFile], replace_folders: list[str]) -> None:
    """Make output/ the new site in one step: `files` written, each folder of
    `replace_folders` replaced as a whole, everything else of the old site kept.

    The new site is laid out beside output/ (unchanged files as hard links, so nothing is
    copied), marked complete, then swapped in with two renames. Killed between them, the
    next build finds the marked folder and finishes the swap (recover). On any failure the
    old output/ is put back and the error is reported in Swedish.
    """
    recover(output)
    if output.exists() and not output.is_dir():
        raise BuildError(Problem(
            "output finns men är en fil, inte en mapp, så webbplatsen kan inte skrivas dit.",
            output, None, "flytta eller ta bort filen output och bygg igen."))
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=output.parent))
    new, retired = staging / "ny", staging / "tidigare"
    swapped_out = False
    try:
        written = set()
        for item in files:
            _write(new / item.path, item.data)
            written.add(item.path)
        if output.is_dir():
            _carry_over(output, new, written, replace_folders)
        new.mkdir(exist_ok=True)
        (staging / _READY).write_bytes(b"")
        if output.exists():
            os.replace(output, retired)
            swapped_out = True
        os.replace(new, output)
        _mark_published(staging)
    except OSError as error:
        if swapped_out and not output.exists():
            os.replace(retired, output)  # the old site back, as it was
        raise BuildError(file_system_problem(error, output)) from None
    finally:
        # A read-only folder the user made in output/ is made writable to be deleted here;
        # if it still cannot be, the next build tries again (recover).
        remove_tree(staging)


def _mark_published(staging: Path) -> None:
    try:
        (staging / _PUBLISHED).write_bytes(b"")
    except OSError:
        pass  # without the mark the folder is still deleted; only a crash here could mislead


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _carry_over(output: Path, new: Path, written: set[str], replaced: list[str]) -> None:
    """The old site's files that this build leaves as they are, into the new site."""
    for old in output.rglob("*"):
        if old.is_symlink() or not old.is_file():
            continue
        path = old.relative_to(output).as_posix()
        if path in written or any(path.startswith(folder + "/") for folder in replaced):
            continue
        target = new / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, target)
        except OSError:
            shutil.copy2(old, target)  # a file system without hard links


def recover(output: Path) -> None:
    """Finish or undo what a build killed while publishing left beside output/."""
    for staging in sorted(output.parent.glob(STAGING_PREFIX + "*")):
        if not staging.is_dir() or owner_running(staging, STAGING_PREFIX):
            continue
        if not (staging / _PUBLISHED).exists() and not output.exists():
            if (staging / _READY).exists() and (staging / "ny").is_dir():
                os.replace(staging / "ny", output)  # killed between the renames: finish
            elif (staging / "tidigare").is_dir():
                os.replace(staging / "tidigare", output)  # killed putting the old one back
        remove_tree(staging)


def file_system_problem(error: OSError, output: Path) -> Problem:
    """A fault of the disk or the file system (not of the content), in Swedish."""
    reasons = {
        errno.ENOSPC: ("Disken är full.", "frigör utrymme på disken och bygg igen."),
        errno.EDQUOT: ("Diskkvoten är slut.", "frigör utrymme och bygg igen."),
        errno.EFBIG: ("En fil blev större än filsystemet tillåter.",
                      "bygg till en disk utan storleksgräns för filer."),
        errno.EROFS: ("Disken går bara att läsa.", "bygg i en mapp på en skrivbar disk."),
        errno.EACCES: ("output/ eller en fil i den får inte ändras, eller är öppen i ett annat "
                       "program (t.ex. en PDF-läsare).",
                       "stäng filen, eller ge dig rätt att skriva i mappen, och bygg igen."),
    }
    reasons[errno.EPERM] = reasons[errno.EACCES]
    message, advice = reasons.get(error.errno, (
        f"Det gick inte att skriva webbplatsen ({error.strerror or error}).",
        "kontrollera att output/ går att skriva i och bygg igen."))
    return Problem(message + " Den tidigare webbplatsen ligger kvar.", output, None, advice)


def os_problem(error: OSError, root: Path) -> Problem:
    """A fault of the file system during a build, in Swedish: a file of the project that
    could not be read (gone while building, or not readable), or output/ not writable."""
    name = Path(error.filename) if error.filename else None
    output = root / "output"
    reading = isinstance(error, (FileNotFoundError, PermissionError, IsADirectoryError))
    if name is not None and reading and output not in (name, *name.parents):
        if isinstance(error, FileNotFoundError):
            return Problem("Filen försvann medan bygget läste projektet (ett program som "
                           "sparar eller synkroniserar?).", name, None, "bygg igen.")
        return Problem(f"Filen går inte att läsa ({error.strerror}).", name, None,
                       "ge dig rätt att läsa filen (eller stäng programmet som låser den) "
                       "och bygg igen.")
    return file_system_problem(error, output)
