"""Stage 5, write: HTML pages and PDF bytes → output/, swapped in only when all is ready.

Nothing is lost (DESIGN principle 8): every page and PDF is produced in memory
first; then each document's folder is written beside output/ and swapped in with
a rename, so a failed build leaves the previous output as it was.
"""
from __future__ import annotations

import datetime
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

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


def render_pdf(html: str, base_url: Path, created: datetime.date, variant: str,
               document_key: str = "") -> bytes:
    """Lay out the print HTML with WeasyPrint and write the chosen PDF variant.

    PDF/A variants are also tagged (pdf_tags), so the archival file is the accessible one
    too. The dates come from the document, not the clock, so the same input gives the
    same bytes.
    """
    with TIMINGS.stage("PDF layout", document_key):
        document = HTML(string=html, base_url=str(base_url)).render(
            font_config=_font_config(), cache=_CACHE)
    stamp = datetime.datetime.combine(created, datetime.time(12, 0)).isoformat()
    document.metadata.created = stamp
    document.metadata.modified = stamp
    with TIMINGS.stage("PDF write", document_key):
        if variant == "ingen":
            return document.write_pdf()
        return document.write_pdf(pdf_variant=variant, pdf_tags=variant.startswith("pdf/a"))


def publish(output: Path, files: list[OutputFile], replace_folders: list[str]) -> None:
    """Write files under output/, replacing each folder in `replace_folders` as a whole."""
    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".bygge-", dir=output.parent))
    try:
        for item in files:
            target = staging / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
        for folder in replace_folders:
            _swap(staging / folder, output / folder, staging / ".tidigare" / folder)
        # Single files outside the replaced folders (index, assets) are replaced one by one.
        for item in files:
            if not any(item.path.startswith(f + "/") for f in replace_folders):
                target = output / item.path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / item.path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, old: Path, retired: Path) -> None:
    """Put `new` where `old` is; `old` goes to `retired` (by its whole key, since every
    year has an arsredovisning/ folder) and is deleted with the staging folder."""
    old.parent.mkdir(parents=True, exist_ok=True)
    if old.exists():
        retired.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old, retired)
    os.replace(new, old)
