"""Stage 4 for one document: its sections, tables and blocks → the web page, its single-file
copy and the print HTML, with the files that travel with the page (the sections' images,
the open data files, the auditors' trail) and the warnings of the sections.

build.py calls render_pages once per document; everything a page shows is decided here and
in the modules it calls (sections, placements, the tables of the document's type).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import Any

from ..common.errors import BuildError, Problem, attempt
from ..load.templates import TemplateFolders
from ..model.project import Project, TypedDocument
from ..model.utkast import unchanged_sections
from .archive import inline_images, json_name, pdf_name
from .documents import document_type
from .environment import template_environment
from .kontospar import trail_page
from .opendata import document_json, table_csv
from .placements import Placements, note_numbers
from .printpage import PRINT_PAGE
from .profile import ProfileImage
from .samelabel import label_problems
from .sections import Outline, RenderedSection, chapter_number_problems, render_section
from .statistiknamn import statistics_names
from .tables import Table

# The site's stylesheets under assets/: the tool's, and the förbund's own additions when its
# templates/ has them (style/forbund-web.css; style/forbund-print.css joins the PDF's).
ASSETS = ["web.css"]
OWN_WEB_CSS = "style/forbund-web.css"
OWN_PRINT_CSS = "style/forbund-print.css"
TRAIL_PAGE = "kontosparning.html"  # the auditors' trail from the SIE file, beside the page


@dataclass(frozen=True)
class Look:
    """What every page of the site shares: where it is published, the templates, the logo
    and the cover image."""

    base_url: str  # '' or an address ending in '/'
    templates: TemplateFolders
    logo: ProfileImage
    cover: ProfileImage = ProfileImage()

    @property
    def assets(self) -> list[str]:
        """The stylesheets every page links, under style/ in the templates."""
        own = OWN_WEB_CSS in self.templates.overrides
        return ASSETS + ([OWN_WEB_CSS.removeprefix("style/")] if own else [])

    @property
    def web_css(self) -> str:
        """Every stylesheet in one, for the single-file copy."""
        return "\n".join(self.templates.read_text(f"style/{name}") for name in self.assets)

    def links(self, doc: TypedDocument, version: Any, standalone: bool) -> dict[str, Any]:
        """Links for a document page. The single-file copy goes into a CMS page, so it links
        absolutely (with a base URL) or not at all, and carries its stylesheet inline."""
        absolute = f"{self.base_url}{doc.key}/" if self.base_url else ""
        context = dict(logo_src=self.logo.web, cover_src=self.cover.web,
                       cover_text=self.cover.text, canonical=absolute, standalone=standalone,
                       version=version, pdf_href=absolute + pdf_name(doc),
                       stylesheets=self.assets)
        if standalone:
            archive = f"{self.base_url}index.html" if self.base_url else ""
            # The open data files are linked from a CMS copy only where it can reach them.
            return context | dict(asset_prefix="", archive_href=archive, web_css=self.web_css,
                                  data_prefix=absolute or None)
        return context | dict(asset_prefix="../../", archive_href="../../index.html",
                              pdf_href=pdf_name(doc), data_prefix="")

    def index_links(self, forbund: Any, version: Any) -> dict[str, Any]:
        """What the archive index shares with the pages, from output/ itself."""
        return dict(stylesheets=self.assets, forbund=forbund, version=version, asset_prefix="",
                    standalone=False, logo_src=self.logo.web.removeprefix("../../"),
                    cover_src=self.cover.web.removeprefix("../../"), cover_text=self.cover.text,
                    canonical=f"{self.base_url}index.html" if self.base_url else "")


@dataclass(frozen=True)
class RenderedPages:
    html: str
    standalone_html: str  # styles and images inline, for a CMS page
    print_html: str
    warnings: list[Problem]
    images: dict[str, bytes] = dataclasses.field(default_factory=dict)  # path under output/


def narrative_context(doc: TypedDocument, figures: Any, project: Project) -> dict[str, Any]:
    """The names a section may use (listed in README): the figures and a few shortcuts."""
    names = {f.name: getattr(figures, f.name) for f in dataclasses.fields(figures)
             if f.name not in ("warnings", "avvikelser")}
    names.update(forbund=project.forbund, dokument=doc.manifest,
                 statistik=statistics_names(doc.statistik))
    return names | document_type(doc.manifest).narrative(figures)


def render_pages(doc: TypedDocument, figures: Any, project: Project, look: Look,
                 version: Any) -> RenderedPages:
    """The web page, its single-file copy and the print HTML, with the sections' warnings."""
    env = template_environment(look.templates)
    notes = note_numbers(doc)
    # Narrative refers to a note by its table's name: {{ noter['not-fordringar'] }} → 4.
    context = narrative_context(doc, figures, project) | {"noter": notes}
    placements = Placements(doc, figures, project, env, context, notes)
    sections = _sections(doc, context, placements)
    tables = placements.drawn
    labels = label_problems(tables, doc.manifest_file.path)
    if labels and not doc.manifest.godta_avvikelser:
        raise BuildError(labels)
    data = open_data_files(doc, tables)
    page = dict(dokument=doc.manifest, beslut=document_type(doc.manifest).decided,
                saknas=doc.saknas,
                open_data=[(path.removeprefix(doc.key + "/"), tables[name].caption)
                           for name, path in _csv_paths(doc, tables).items()],
                json_href=json_name(doc),
                forbund=project.forbund, sections=sections,
                headings=[h for s in sections for h in s.headings], figures=figures,
                logo=look.logo, cover=look.cover, version=version)
    web = env.get_template("web.html")
    html = web.render(page, **look.links(doc, version, standalone=False))
    standalone = web.render(page, **look.links(doc, version, standalone=True))
    images = document_images(doc, sections)
    standalone = inline_images(standalone, look.logo.files() | look.cover.files() | images,
                               doc.key)
    images = images | data | _trail(doc, project)  # travelling with the page's own files
    print_html = env.get_template("print.html").render(
        page, own_print_css=OWN_PRINT_CSS in look.templates.overrides,
        print_page=PRINT_PAGE.css())  # the page's geometry, which print.css uses
    warnings = (figures.warnings + [w for s in sections for w in s.warnings]
                + chapter_number_problems(sections)
                + unchanged_sections(doc, project) + accepted(labels)
                + _deviations_not_shown(doc, figures, placements))
    return RenderedPages(html, standalone, print_html, warnings, images)


def _sections(doc: TypedDocument, context: dict[str, Any], placements: Placements
              ) -> list[RenderedSection]:
    """Each section of the document in its order; the problems of all of them at once."""
    problems: list[Problem] = []
    sections: list[RenderedSection] = []
    outline = Outline()
    for name in doc.manifest.sektioner:
        section = attempt(problems, render_section, doc.sections[name], context,
                          placements.place, outline, placements.names)
        if section is not None:
            sections.append(section)
    if problems:
        raise BuildError(problems)
    return sections


def _trail(doc: TypedDocument, project: Project) -> dict[str, bytes]:
    """The auditors' trail page of an årsredovisning made from a SIE file."""
    if doc.manifest.typ != "arsredovisning" or doc.manifest.ar not in project.kontospar:
        return {}
    sie_path, mapped = project.kontospar[doc.manifest.ar]
    return {f"{doc.key}/{TRAIL_PAGE}": trail_page(doc.manifest.titel, sie_path, mapped,
                                                 project.kontoplan)}


def _deviations_not_shown(doc: TypedDocument, figures: Any, placements: Placements
                          ) -> list[Problem]:
    """A document that accepts deviations in its accounts should show them to its reader."""
    if not getattr(figures, "avvikelser", None) or "avvikelser" not in placements.blocks \
            or "avvikelser" in placements.placed:
        return []
    return [Problem(
        "Dokumentet godtar avvikelser i räkenskaperna, men visar dem inte för läsaren.",
        doc.manifest_file.path, doc.manifest_file.line("godta_avvikelser"),
        "placera [[avvikelser]] i ett avsnitt, t.ex. sist i noterna.")]


def accepted(problems: list[Problem]) -> list[Problem]:
    """A document that reproduces a published report as it was (godta_avvikelser) lists
    what does not hold in it as warnings."""
    return [replace(p, message=f"Godtagen avvikelse: {p.message}", advice="") for p in problems]


def _csv_paths(doc: TypedDocument, tables: dict[str, Table]) -> dict[str, str]:
    return {name: f"{doc.key}/data/{name}.csv" for name in tables}


def open_data_files(doc: TypedDocument, tables: dict[str, Table]) -> dict[str, bytes]:
    """Each placed table as CSV under data/, and all of them as one JSON file."""
    files = {path: table_csv(tables[name]) for name, path in _csv_paths(doc, tables).items()}
    files[f"{doc.key}/{json_name(doc)}"] = document_json(doc.manifest.titel, doc.manifest.ar,
                                                         tables)
    return files


def document_images(doc: TypedDocument, sections: list[RenderedSection]) -> dict[str, bytes]:
    """The sections' images as files of the site, beside the page that shows them."""
    return {f"{doc.key}/{src}": path.read_bytes()
            for s in sections for src, path in s.images.items()}
