"""Stage 5, write: HTML pages and PDF bytes → output/, swapped in only when all is ready.

Nothing is lost (DESIGN principle 8): every page and PDF is produced in memory
first; then each document's folder is written beside output/ and swapped in with
a rename, so a failed build leaves the previous output as it was.
"""
from __future__ import annotations

import datetime
import errno
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from urllib import request

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher
from weasyprint.text.fonts import FontConfiguration

from .errors import BuildError, Problem
from .timing import TIMINGS

# fontTools warns about the Carlito font's header dates when WeasyPrint subsets it; the
# warning says nothing about our document and would only confuse the förbundschef.
logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True)
class OutputFile:
    """A file of the site, relative to output/."""

    path: str
    data: bytes


# As WeasyPrint advises for many documents in one process: one font configuration (the
# shipped Carlito is loaded once) and one cache for images and stylesheets' resources.
_FONTS: FontConfiguration | None = None
_CACHE: dict = {}


def _font_config() -> FontConfiguration:
    global _FONTS
    if _FONTS is None:
        _FONTS = FontConfiguration()
    return _FONTS


class ProjectFilesOnly(URLFetcher):
    """WeasyPrint reads only the project's own files (templates/, content/) and never the
    network: anything else stops the build, naming the address. The render stage already
    refuses such references with their file and line; this is the last line of defence."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: dict | None = None):  # noqa: ANN201 - WeasyPrint's type
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(request.url2pathname(url.split("?")[0].split("#")[0][5:])).resolve()
            if any(root in path.parents for root in self.roots):
                return super().fetch(url, headers)
        raise FatalURLFetchingError(url)


def render_pdf(html: str, base_url: Path, created: datetime.date, variant: str,
               document_key: str = "", roots: tuple[Path, ...] | None = None) -> bytes:
    """Lay out the print HTML with WeasyPrint and write the chosen PDF variant.

    PDF/A variants are also tagged (pdf_tags), so the archival file is the accessible one
    too. Every date in the file comes from the document, not the clock (the metadata, and
    the font subsets' header through SOURCE_DATE_EPOCH, which fontTools honours), so the
    same input gives the same bytes. Only files under `roots` (default: base_url) are read.
    """
    fetcher = ProjectFilesOnly(roots or (base_url,))
    stamp = datetime.datetime.combine(created, datetime.time(12, 0))
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.replace(tzinfo=datetime.timezone.utc)
                                              .timestamp()))
    try:
        with TIMINGS.stage("PDF layout", document_key):
            document = HTML(string=html, base_url=str(base_url), url_fetcher=fetcher).render(
                font_config=_font_config(), cache=_CACHE)
        document.metadata.created = stamp.isoformat()
        document.metadata.modified = stamp.isoformat()
        with TIMINGS.stage("PDF write", document_key):
            if variant == "ingen":
                return document.write_pdf()
            return document.write_pdf(pdf_variant=variant, pdf_tags=variant.startswith("pdf/a"))
    except FatalURLFetchingError as refused:
        raise BuildError(Problem(
            f"PDF:en skulle hämta '{refused.args[0]}', som inte är en fil i projektet.", None,
            None, "lägg bilder och andra filer i content/ och hänvisa till dem därifrån; "
            "bygget läser aldrig från nätet eller från andra mappar.")) from None


STAGING_PREFIX = ".bygge-"
_READY = "KLAR"  # written into a staging folder once the new site in it is complete


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
    except OSError as error:
        if swapped_out and not output.exists():
            os.replace(retired, output)  # the old site back, as it was
        raise BuildError(_write_problem(error, output)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
        if not staging.is_dir() or _still_running(staging):
            continue
        if (staging / _READY).exists() and (staging / "ny").is_dir() and not output.exists():
            os.replace(staging / "ny", output)  # killed between the renames: finish the swap
        elif (staging / "tidigare").is_dir() and not output.exists():
            os.replace(staging / "tidigare", output)
        shutil.rmtree(staging, ignore_errors=True)


def _still_running(staging: Path) -> bool:
    """A staging folder of a build that is still going on (its process id is in the name)."""
    pid = staging.name.removeprefix(STAGING_PREFIX).split("-")[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError):
        return False
    return True


def _write_problem(error: OSError, output: Path) -> Problem:
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
