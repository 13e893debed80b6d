"""The comparison (`finsam jamfor`) as data, with its one-line summary, and as a web page and a
PDF: jamfor.py finds the changes and hands them here, and nothing here reaches back.

The page is the archive's: templates/jamfor.html extends layout.html with the web stylesheet
inside it (the file lies beside the project, away from output/assets), plus the
comparison's own rules (style/jamfor.css). The PDF is the same content laid out for the
board's papers by WeasyPrint (templates/jamfor-print.html, style/jamfor-print.css: A4, page
numbers, the comparison's name on every page), tagged like the documents' PDFs.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from .figure_changes import Change, TableChanges
from .text_changes import TextChange


@dataclass
class DocumentChanges:
    title: str
    tables: list[TableChanges] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)
    only_in: str = ""  # "A" or "B" when the document exists in one version only


@dataclass
class Comparison:
    first: str
    second: str
    documents: dict[str, DocumentChanges]
    data_texts: list[TextChange]  # texts of data files shared by the documents
    unshown: list[Change]  # typed figures that changed where no table shows them
    all_tried: bool  # every typed change was tried alone (else some sums folded by structure)

    @property
    def figures(self) -> int:
        """The rows: typed figures (and lines no single change moved), each counted once."""
        seen = {(c.typed_in or f"{c.table}/{c.row}/{c.column}")
                for d in self.documents.values() for t in d.tables for c in t.changes}
        return len(seen) + len(self.unshown)

    @property
    def consequences(self) -> int:
        return sum(c.count for d in self.documents.values() for t in d.tables
                   for c in t.changes)

    @property
    def texts(self) -> int:
        return (sum(len(d.texts) for d in self.documents.values()) + len(self.data_texts))

    @property
    def summary(self) -> str:
        """Mellan A och B har 4 siffror (med 35 följdändringar) och text i 2 avsnitt ändrats."""
        figures = _count(self.figures, "siffra", "siffror") + (
            f" (med {_count(self.consequences, 'följdändring', 'följdändringar')})"
            if self.consequences else "")
        texts = f"text i {_count(self.texts, 'avsnitt', 'avsnitt')}"
        between = f"Mellan {self.first} och {self.second} har"
        if self.figures and self.texts:
            return f"{between} {figures} och {texts} ändrats."
        if self.figures:
            return f"{between} {figures} ändrats; texten är densamma."
        if self.texts:
            return f"{between} {texts} ändrats; siffrorna är desamma."
        return f"{between} inget ändrats."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class _Line:
    """The page's version line (layout.html prints version.text)."""

    text: str


def _context(comparison: Comparison, forbund: Any, created: datetime.date) -> dict[str, Any]:
    return {
        "c": comparison, "forbund": forbund, "summary": comparison.summary, "created": created,
        "documents": [(key, doc) for key, doc in comparison.documents.items()],
        "version": _Line(f"Jämförelse av {comparison.first} och {comparison.second}, "
                      f"{created.isoformat()} · finsam {__version__}")}


def render_page(comparison: Comparison, forbund: Any, templates: Any,
                created: datetime.date) -> str:
    from ..render.environment import template_environment
    env = template_environment(templates)
    web_css = "\n".join(templates.read_text(f"style/{name}") for name in ("web.css", "jamfor.css"))
    return env.get_template("jamfor.html").render(
        _context(comparison, forbund, created), standalone=True, web_css=web_css,
        logo_src="", cover_src="", cover_text="", canonical="", stylesheets=[], asset_prefix="")


def render_print(comparison: Comparison, forbund: Any, templates: Any,
                 created: datetime.date) -> str:
    from ..render.environment import template_environment
    env = template_environment(templates)
    return env.get_template("jamfor-print.html").render(_context(comparison, forbund, created))


def write_comparison(comparison: Comparison, forbund: Any, root: Path, target: Path,
                     created: datetime.date) -> Path:
    """Write the page to `target` and the PDF beside it (same name, .pdf); the PDF's path."""
    from ..load.templates import template_folders
    from ..pdf.write import render_pdf
    templates = template_folders(root)
    page = render_page(comparison, forbund, templates, created)
    pdf = render_pdf(render_print(comparison, forbund, templates, created), templates, created,
                     forbund.pdf_variant, "jamforelse")
    target.write_text(page, encoding="utf-8")
    pdf_path = target.with_suffix(".pdf")
    pdf_path.write_bytes(pdf)
    return pdf_path
