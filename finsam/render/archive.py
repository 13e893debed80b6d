"""The website around the documents: the archive index and the self-contained pages.

output/ is the förbund's report archive, uploaded as it is: output/index.html lists
every document of content/ that has been built, newest year first, with links to its
web page and PDF; each document also gets one HTML file with its styles and images
inline, for pasting into a CMS page.
"""
from __future__ import annotations

import base64
import datetime
import mimetypes
import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import jinja2
from babel.numbers import format_decimal

from ..common.format import LOCALE
from ..model.project import TypedDocument
from .documents import document_type


def pdf_name(document: TypedDocument) -> str:
    """Where a document's files are named: arsredovisning-2022.pdf beside its index.html."""
    return f"{document.folder.name}-{document.manifest.ar}.pdf"


def json_name(document: TypedDocument) -> str:
    """The document's figures as open data: arsredovisning-2022.json beside its PDF."""
    return f"{document.folder.name}-{document.manifest.ar}.json"


def standalone_name(document: TypedDocument) -> str:
    return f"{document.folder.name}-{document.manifest.ar}-fristaende.html"




@dataclass(frozen=True)
class ArchiveEntry:
    """One document as the index lists it."""

    key: str  # e.g. 2022/arsredovisning, also its folder under output/
    year: int
    title: str
    type_label: str
    status: str
    decided: datetime.date  # the styrelse meeting that decides it
    pdf_name: str
    pdf_bytes: int
    json_name: str = ""  # the document's figures as open data
    saknas: bool = False  # figures not filled in yet: a draft, marked in the index
    kontospar: bool = False  # the auditors' trail from the SIE file (kontosparning.html)

    @property
    def pdf_size(self) -> str:
        """'412 kB' or '1,2 MB' in Swedish, with a no-break space."""
        if self.pdf_bytes >= 1_000_000:
            return format_decimal(round(self.pdf_bytes / 1_000_000, 1), "#,##0.0",
                                  locale=LOCALE) + "\u00a0MB"
        return format_decimal(max(1, round(self.pdf_bytes / 1000)), locale=LOCALE) + "\u00a0kB"


def archive_entries(documents: list[TypedDocument], built_pdfs: dict[str, tuple[str, int]],
                    output: Path, trails: set[str] = frozenset()) -> list[ArchiveEntry]:
    """Every document that is built now or was built before (its PDF is in output/)."""
    entries = []
    for doc in documents:
        if doc.key in built_pdfs:
            name, size = built_pdfs[doc.key]
        else:
            existing = output / doc.key / pdf_name(doc)
            if not (existing.is_file() and (output / doc.key / "index.html").is_file()):
                continue  # never built: no link that would lead nowhere
            name, size = existing.name, existing.stat().st_size
        m = doc.manifest
        data = json_name(doc) if (output / doc.key / json_name(doc)).is_file() or (
            doc.key in built_pdfs) else ""
        entries.append(ArchiveEntry(doc.key, m.ar, m.titel, document_type(m).label, m.status,
                                    m.datum, name, size, data, bool(doc.saknas),
                                    doc.key in trails))
    return sorted(entries, key=lambda e: (-e.year, e.key))


def render_index(env: jinja2.Environment, entries: list[ArchiveEntry], page: dict) -> str:
    years = [(year, list(group)) for year, group in groupby(entries, key=lambda e: e.year)]
    return env.get_template("index.html").render(page, years=years)


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def inline_images(html: str, files: dict[str, bytes], page_folder: str) -> str:
    """Replace each relative image address with a data: URL of the file it points to."""
    def replace(match: re.Match) -> str:
        src = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", src):
            return match.group(0)  # absolute or already inline
        path = _resolve(page_folder, src)
        if path not in files:
            return match.group(0)
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        data = base64.b64encode(files[path]).decode("ascii")
        return f"{match.group(1)}data:{mime};base64,{data}{match.group(3)}"
    return _IMG_SRC.sub(replace, html)


def _resolve(folder: str, relative: str) -> str:
    parts = [p for p in folder.split("/") if p]
    for piece in relative.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)
