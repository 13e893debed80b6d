"""Stage 5, lay out: the print HTML → PDF bytes with WeasyPrint, reading only the
project's own files, with every date taken from the document (the same bytes each time).
"""
from __future__ import annotations

import contextlib
import datetime
import gc
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib import request

from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from ..common.errors import BuildError, Problem
from ..common.timing import TIMINGS
from ..load.templates import TemplateFolders
from . import htmltree, layoutcheck, tocpages
from .layoutcheck import Finding
from .pdfpost import finish

if TYPE_CHECKING:
    from ..load.templates import TemplateFolders

# fontTools warns about the Carlito font's header dates when WeasyPrint subsets it; the
# warning says nothing about our document and would only confuse the förbundschef.
logging.getLogger("fontTools").setLevel(logging.ERROR)


# As WeasyPrint advises for many documents in one process: one font configuration (the
# shipped Carlito is loaded once) and one cache for images and stylesheets' resources.
_FONTS: FontConfiguration | None = None
_CACHE: dict = {}


def _font_config() -> FontConfiguration:
    global _FONTS
    if _FONTS is None:
        _FONTS = FontConfiguration()
    return _FONTS


@contextlib.contextmanager
def collector_paused():
    """WeasyPrint makes a few hundred thousand objects per document, most of them alive until
    the PDF is written; at Python's default threshold the garbage collector ran about 300
    times per årsredovisning, walking them again each time (0.2 s). Paused while one PDF is
    made, it resumes afterwards for what reference counting did not free (docs/prestanda.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ProjectFilesOnly(URLFetcher):
    """WeasyPrint reads only the tool's templates and the project's own files (its
    templates/ and content/) and never the network: anything else stops the build, naming
    the address. The render stage already refuses such references with their file and line;
    this is the last line of defence. A template file the project overrides (a stylesheet,
    a font) is read from the project wherever the tool's own file is asked for."""

    def __init__(self, templates: TemplateFolders, content: Path | None = None) -> None:
        super().__init__(fail_on_errors=True)
        self.templates = templates
        own = (templates.project_folder,) if templates.project_folder else ()
        # A template is asked for by its path in either folder (the print HTML's links are
        # the tool's; a project's own stylesheet links relative to itself): both map to the
        # file that applies, the project's or the tool's.
        self.template_roots = tuple(root.resolve() for root in (templates.package, *own))
        self.content = content.resolve() if content else None

    def fetch(self, url: str, headers: dict | None = None):  # noqa: ANN201 - WeasyPrint's type
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(request.url2pathname(url.split("?")[0].split("#")[0][5:])).resolve()
            for root in self.template_roots:
                if root in path.parents:
                    relative = path.relative_to(root).as_posix()
                    return super().fetch(self.templates.path(relative).resolve().as_uri(),
                                         headers)
            if self.content is not None and self.content in path.parents:
                return super().fetch(url, headers)
        raise FatalURLFetchingError(url)


@dataclass(frozen=True)
class LaidOutPdf:
    pdf: bytes
    findings: list[Finding]  # the layout rules the pages break (layoutcheck.py)


def render_pdf(html: str, templates: TemplateFolders, created: datetime.date, variant: str,
               document_key: str = "", content: Path | None = None) -> bytes:
    """The PDF alone (for callers that do not report the layout's findings)."""
    return lay_out_pdf(html, templates, created, variant, document_key, content).pdf


def lay_out_pdf(html: str, templates: TemplateFolders, created: datetime.date, variant: str,
                document_key: str = "", content: Path | None = None) -> LaidOutPdf:
    """Lay out the print HTML with WeasyPrint, check the pages' layout, and write the
    chosen PDF variant.

    PDF/A variants are also tagged (pdf_tags) and finished as PDF/UA-1 (pdfpost.finish),
    so the archival file is the accessible one too. Every date in the file comes from the
    document, not the clock (the metadata, and the font subsets' header through
    SOURCE_DATE_EPOCH, which fontTools honours), so the same input gives the same bytes.
    Only the templates and files under `content` (the project's content/) are read.
    """
    base_url = templates.package
    fetcher = ProjectFilesOnly(templates, content)
    stamp = datetime.datetime.combine(created, datetime.time(12, 0))
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.replace(tzinfo=datetime.UTC)
                                              .timestamp()))
    try:
        with collector_paused():
            return _lay_out_and_write(html, base_url, stamp, variant, document_key, fetcher)
    except FatalURLFetchingError as refused:
        raise BuildError(Problem(
            f"PDF:en skulle hämta '{refused.args[0]}', som inte är en fil i projektet.", None,
            None, "lägg bilder och andra filer i content/ och hänvisa till dem därifrån; "
            "bygget läser aldrig från nätet eller från andra mappar.")) from None


def _lay_out_and_write(html: str, base_url: Path, stamp: datetime.datetime, variant: str,
                       document_key: str, fetcher: URLFetcher) -> LaidOutPdf:
    with TIMINGS.stage("PDF layout", document_key):
        # Parsed in C where that gives WeasyPrint's own tree (finsam/htmltree.py); the
        # contents' page numbers written in when the last layout found them (tocpages.py).
        root = htmltree.parse(html)
        parsed = htmltree.weasyprint_html(root, base_url, fetcher)
        document = tocpages.lay_out(root, document_key, base_url, lambda: parsed.render(
            font_config=_font_config(), cache=_CACHE))
    with TIMINGS.stage("PDF layout check", document_key):
        # On the pages just laid out, the final ones: no second layout for the check.
        findings = layoutcheck.layout_findings(document)
    return LaidOutPdf(_write(document, stamp, variant, document_key), findings)


def _write(document, stamp: datetime.datetime, variant: str, document_key: str) -> bytes:
    document.metadata.created = stamp.isoformat()
    document.metadata.modified = stamp.isoformat()
    with TIMINGS.stage("PDF write", document_key):
        if not variant.startswith("pdf/a"):
            return document.write_pdf(pdf_variant=None if variant == "ingen" else variant)
        # No identifier from WeasyPrint: to make one it serializes every object of the file a
        # second time for a checksum (a quarter of the writing), and pdfpost.finish saves the
        # file with qpdf's deterministic ID in its place anyway.
        written = document.write_pdf(pdf_variant=variant, pdf_tags=True, pdf_identifier=False)
    with TIMINGS.stage("PDF/UA", document_key):
        return finish(written)  # PDF/A and PDF/UA at once (finsam/pdfpost.py)
