"""The comparison as a web page and a PDF (`finsam jamfor`).

The page is the archive's: templates/jamfor.html extends layout.html with the web stylesheet
inside it (the file lies beside the project, away from output/assets), plus the
comparison's own rules (style/jamfor.css). The PDF is the same content laid out for the
board's papers by WeasyPrint (templates/jamfor-print.html, style/jamfor-print.css: A4, page
numbers, the comparison's name on every page), tagged like the documents' PDFs.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from .jamfor import Comparison


@dataclass(frozen=True)
class _Line:
    """The page's version line (layout.html prints version.text)."""

    text: str


def _context(comparison: Comparison, forbund: Any, created: datetime.date) -> dict[str, Any]:
    from .jamfor import _summary
    return {
        "c": comparison, "forbund": forbund, "summary": _summary(comparison), "created": created,
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
