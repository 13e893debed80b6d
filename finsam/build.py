"""The pipeline, end to end: load → validate → check files → compute → check figures →
render → lay out PDFs → write.

Everything is gathered, checked and rendered (PDF bytes included) before a
single file is written, so a mistake anywhere leaves output/ untouched.
"""
from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .accounts.compute import ArsredovisningFigures, VerksamhetsplanFigures
from .accounts.consistency import check_figures
from .accounts.ledger import HistoryYear, Ledger, YearSource
from .common.errors import BuildError, Problem, attempt, raise_if_any
from .common.format import FILTERS
from .common.timing import TIMINGS
from .load.project import load_project
from .load.settings import read_settings
from .load.templates import TemplateFolders, template_folders
from .model.consistency import check_files
from .model.project import Project, TypedDocument
from .model.utkast import as_draft_if_incomplete, unchanged_sections
from .model.validation import type_files
from .pdf import tocpages
from .pdf.layoutcheck import Finding
from .pdf.write import lay_out_pdf
from .render.archive import (
    archive_entries,
    inline_images,
    json_name,
    pdf_name,
    render_index,
    standalone_name,
)
from .render.colwidths import column_widths
from .render.documents import document_type
from .render.images import image_problem
from .render.kontospar import trail_page
from .render.opendata import document_json, table_csv
from .render.placements import note_numbers, placements
from .render.samelabel import label_problems
from .render.sections import Outline, RenderedSection, render_section, template_environment
from .render.tables import Table
from .site.adoption import FrozenCopy
from .site.publication import (
    AdoptedDocument,
    adopted_documents,
    document_versions,
    frozen_files,
    keep_adopted,
    kept_note,
    published_documents,
)
from .site.publish import OutputFile, publish
from .site.version import Version, git_history, source_version

# The auditors' trail page of an årsredovisning from a SIE file, beside its web page.
TRAIL_PAGE = "kontosparning.html"

# The site's stylesheets under assets/: the tool's, and the förbund's own additions when its
# templates/ has them (style/forbund-web.css; style/forbund-print.css joins the PDF's).
ASSETS = ["web.css"]
OWN_WEB_CSS = "style/forbund-web.css"
OWN_PRINT_CSS = "style/forbund-print.css"

# What a build writes: everything, with each document's folder swapped in whole (the
# normal build), or for the preview's quick pass only the web pages, then only the PDFs.
PARTS = ("alla", "html", "pdf")


@dataclass(frozen=True)
class BuiltDocument:
    document: TypedDocument
    html: str
    standalone_html: str  # styles and images inline, for a CMS page
    print_html: str
    pdf: bytes | None  # None when only the web pages were rendered
    warnings: list[Problem]
    images: dict[str, bytes] = dataclasses.field(default_factory=dict)  # path under output/

    @property
    def pdf_name(self) -> str:
        return pdf_name(self.document)

    @property
    def standalone_name(self) -> str:
        return standalone_name(self.document)


@dataclass(frozen=True)
class ProfileImage:
    """An image of the profile (the logo, the cover image): a file URL for WeasyPrint, an
    asset path for the web page, and its text for those who do not see it."""

    file: Path | None = None
    text: str = ""

    @property
    def print(self) -> str:
        return self.file.as_uri() if self.file else ""

    @property
    def web(self) -> str:
        return f"../../assets/{self.file.name}" if self.file else ""

    def files(self) -> dict[str, bytes]:
        """The image as a file of the site, by its path under output/."""
        return {f"assets/{self.file.name}": self.file.read_bytes()} if self.file else {}


# What each image of the profile is called in messages, by its field under tema:.
PROFILE_IMAGES = {"logotyp": "Logotypen", "omslagsbild": "Omslagsbilden"}


def profile_image(project: Project, field: str, text: str = "") -> ProfileImage:
    """The file named under tema: <field>, which must be an image in content/."""
    name = getattr(project.forbund.tema, field)
    if not name:
        return ProfileImage()
    content = (project.root / "content").resolve()
    profile = project.root / "content/forbund.yaml"
    what = PROFILE_IMAGES[field]
    try:
        path = (content / name).resolve()
        found = path.is_file() and content in path.parents
    except (OSError, ValueError):  # a name too long for the file system, or with \0
        found = False
    if not found:
        raise BuildError(Problem(
            f"{what} '{name}' finns inte i content/.", profile,
            project.profile_line("tema", field),
            "lägg bildfilen (SVG eller PNG) i content/ och skriv dess namn under "
            f"tema: {field}, eller ta bort raden."))
    if (problem := image_problem(path)) is not None:
        raise BuildError(Problem(f"{what} '{name}' kan inte användas: {problem}.", profile,
                                 project.profile_line("tema", field),
                                 f"spara {what.lower()} på nytt som SVG eller PNG."))
    return ProfileImage(path, text)


def find_logo(project: Project) -> ProfileImage:
    return profile_image(project, "logotyp", project.forbund.namn)


def find_cover(project: Project) -> tuple[ProfileImage, list[Problem]]:
    """The cover image (tema: omslagsbild), and a warning if it has no text (omslagsbild_text)
    for those who do not see it: it is then shown as decoration, read by no screen reader."""
    tema = project.forbund.tema
    cover = profile_image(project, "omslagsbild", tema.omslagsbild_text.strip())
    if cover.file is None or cover.text:
        return cover, []
    return cover, [Problem(
        f"Omslagsbilden '{tema.omslagsbild}' saknar text.", project.root / "content/forbund.yaml",
        project.profile_line("tema", "omslagsbild"),
        "skriv vad bilden visar under tema: omslagsbild_text, t.ex. 'Människor i samtal "
        "runt ett bord'.")]


@dataclass(frozen=True)
class Site:
    """What every page of the website shares: where it is published, version, style, logo."""

    base_url: str  # '' or an address ending in '/'
    version: Version  # the project's, for the archive index
    templates: TemplateFolders
    logo: ProfileImage
    warnings: tuple[Problem, ...] = ()  # the project's own: an old copy of the templates, …
    cover: ProfileImage = ProfileImage()  # the profile's cover image (tema: omslagsbild)
    # Each document's version line: the last change to the files it reads (or the commit
    # that adopted it); the project's where a document is not listed.
    versions: dict[str, Version] = dataclasses.field(default_factory=dict)
    # The chosen documents adopted in git (site/adoption.py), by key.
    adopted: dict[str, AdoptedDocument] = dataclasses.field(default_factory=dict)

    def version_of(self, doc: TypedDocument) -> Version:
        return self.versions.get(doc.key, self.version)

    @property
    def assets(self) -> list[str]:
        """The stylesheets every page links, under style/ in the templates."""
        if OWN_WEB_CSS not in self.templates.overrides:
            return ASSETS
        return [*ASSETS, OWN_WEB_CSS.removeprefix("style/")]

    @property
    def web_css(self) -> str:
        """Every stylesheet in one, for the single-file copy."""
        return "\n".join(self.templates.read_text(f"style/{name}") for name in self.assets)

    def page_context(self, doc: TypedDocument, standalone: bool) -> dict[str, Any]:
        """Links for a document page. The single-file copy goes into a CMS page, so it links
        absolutely (with a base URL) or not at all, and carries its stylesheet inline."""
        absolute = f"{self.base_url}{doc.key}/" if self.base_url else ""
        context = dict(logo_src=self.logo.web, cover_src=self.cover.web,
                       cover_text=self.cover.text, canonical=absolute, standalone=standalone,
                       version=self.version_of(doc), pdf_href=absolute + pdf_name(doc),
                       stylesheets=self.assets)
        if standalone:
            archive = f"{self.base_url}index.html" if self.base_url else ""
            # The open data files are linked from a CMS copy only where it can reach them.
            return context | dict(asset_prefix="", archive_href=archive, web_css=self.web_css,
                                  data_prefix=absolute or None)
        return context | dict(asset_prefix="../../", archive_href="../../index.html",
                              pdf_href=pdf_name(doc), data_prefix="")


@dataclass(frozen=True)
class BuildResult:
    documents: list[BuiltDocument]
    files: list[str] = dataclasses.field(default_factory=list)  # written, under output/
    project_warnings: tuple[Problem, ...] = ()
    # Documents whose pages came out exactly as published last time: not laid out again.
    unchanged: list[str] = dataclasses.field(default_factory=list)

    @property
    def pages(self) -> dict[str, str]:
        """Each built document's pages as a hash (page_hash), for the next build."""
        return {d.document.key: page_hash(d) for d in self.documents}

    @property
    def warnings(self) -> list[Problem]:
        return [*self.project_warnings, *(w for d in self.documents for w in d.warnings)]


def make_ledger(project: Project) -> Ledger:
    full = {year: YearSource(raw, model) for year, (raw, model) in project.years.items()}
    history = {}
    if project.historik_file is not None:
        for year, model in project.historik.items():
            history[year] = HistoryYear(year, model, project.historik_file.path,
                                        project.historik_file.line(year),
                                        project.historik_file.data.get(year))
    return Ledger(full, history, project.kontoplan)


def narrative_context(doc: TypedDocument, figures: Any, project: Project) -> dict[str, Any]:
    """The names a section may use (listed in README): the figures and a few shortcuts."""
    names = {f.name: getattr(figures, f.name) for f in dataclasses.fields(figures)
             if f.name not in ("warnings", "avvikelser")}
    names.update(forbund=project.forbund, dokument=doc.manifest)
    return names | document_type(doc.manifest).narrative(figures)


def compute(doc: TypedDocument, project: Project, ledger: Ledger):
    return document_type(doc.manifest).compute(doc.manifest, project, ledger)


def render_document(doc: TypedDocument, figures: ArsredovisningFigures | VerksamhetsplanFigures,
                    project: Project, site: Site) -> BuiltDocument:
    html, standalone, print_html, warnings, images = render_pages(doc, figures, project, site)
    return BuiltDocument(doc, html, standalone, print_html, None, warnings, images)


def render_pages(doc: TypedDocument, figures: ArsredovisningFigures | VerksamhetsplanFigures,
                 project: Project, site: Site):
    """The web page, its single-file copy and the print HTML, with the sections' warnings."""
    templates = site.templates
    env = template_environment(templates)
    env.filters["cell"] = functools.partial(_cell, zero=project.forbund.nollvarde)
    env.filters["column_widths"] = functools.partial(column_widths, cell=env.filters["cell"],
                                                     templates=templates)
    # Narrative refers to a note by its table's name: {{ noter['not-fordringar'] }} → 4.
    context = narrative_context(doc, figures, project) | {"noter": note_numbers(doc)}
    tables: dict[str, Table] = {}
    available = placements(doc, figures, project, env, context, tables)

    placed: set[str] = set()

    def place(name: str, heading: str) -> str:
        html = available[name](heading)  # KeyError: an unknown name, reported by render_section
        placed.add(name)
        return html

    problems: list[Problem] = []
    sections: list[RenderedSection] = []
    outline = Outline()
    for name in doc.manifest.sektioner:
        section = attempt(problems, render_section, doc.sections[name], context, place, outline,
                          list(available))
        if section is not None:
            sections.append(section)
    if problems:
        raise BuildError(problems)
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
                logo=site.logo, cover=site.cover, version=site.version_of(doc))
    web = env.get_template("web.html")
    html = web.render(page, **site.page_context(doc, standalone=False))
    standalone = web.render(page, **site.page_context(doc, standalone=True))
    images = document_images(doc, sections)
    standalone = inline_images(standalone, site.logo.files() | site.cover.files() | images,
                               doc.key)
    images = images | data  # the open data files travel with the page's own files
    if doc.manifest.typ == "arsredovisning" and doc.manifest.ar in project.kontospar:
        sie_path, mapped = project.kontospar[doc.manifest.ar]  # the auditors' trail page
        images[f"{doc.key}/{TRAIL_PAGE}"] = trail_page(doc.manifest.titel, sie_path, mapped,
                                                      project.kontoplan)
    print_html = env.get_template("print.html").render(
        page, own_print_css=OWN_PRINT_CSS in templates.overrides)
    warnings = (figures.warnings + [w for s in sections for w in s.warnings]
                + unchanged_sections(doc, project) + accepted(labels))
    if getattr(figures, "avvikelser", None) and "avvikelser" in available and (
            "avvikelser" not in placed):
        warnings.append(Problem(
            "Dokumentet godtar avvikelser i räkenskaperna, men visar dem inte för läsaren.",
            doc.manifest_file.path, doc.manifest_file.line("godta_avvikelser"),
            "placera [[avvikelser]] i ett avsnitt, t.ex. sist i noterna."))
    return html, standalone, print_html, warnings, images


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


def _cell(value: Any, fmt: str, zero: str = "0") -> str:
    """One table cell by its column's format; tkr1 is tkr with one decimal, procent0 a
    percentage without decimals; an amount of 0 is shown as the förbund shows it (zero),
    a count (tal) always as 0."""
    if value is None:
        return ""
    if fmt == "text" or isinstance(value, str):  # a text in a column of figures: as typed
        return str(value)
    if zero != "0" and fmt in ("kr", "tkr", "tkr1") and value == 0:  # amounts, not counts
        return zero
    if fmt == "tkr1":
        return FILTERS["tal"](value / 1000, 1)
    if fmt == "procent0":
        return FILTERS["procent"](value, 0)
    return FILTERS[fmt](value)


def select(project: Project, wanted: list[str] | None) -> list[TypedDocument]:
    if wanted is None:
        return project.documents
    by_key = {d.key: d for d in project.documents}
    missing = [w for w in wanted if w.strip("/") not in by_key]
    if missing:
        raise BuildError([Problem(
            f"Dokumentet '{w}' finns inte.", None, None,
            "välj ett av: " + ", ".join(sorted(by_key)) + ".") for w in missing], usage=True)
    return [by_key[w.strip("/")] for w in wanted]


def page_hash(page: BuiltDocument) -> str:
    """Everything a document publishes but its PDF, which follows from the print HTML."""
    digest = hashlib.sha256()
    for text in (page.print_html, page.html, page.standalone_html):
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    for path, data in sorted(page.images.items()):
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def build(root: Path, wanted: list[str] | None = None, base_url: str | None = None,
          parts: str = "alla", processes: int | None = None,
          publication: bool = False, known_pages: dict[str, str] | None = None
          ) -> BuildResult:
    """Build the chosen documents (all by default) and the archive index into root/output.

    base_url, when given, overrides the profile's bas_url (e.g. from CI). parts is one of
    PARTS: the preview writes the web pages first ("html") and the PDFs after ("pdf").
    processes: how many PDFs are laid out at once, each in its own process (default: one
    per core); WeasyPrint is pure Python, so only processes use a second core.
    publication: only what the förbund publishes (adopted documents and drafts marked
    `publiceras: true`), as the CI recipe builds the public site.
    An adopted document is published from arkiv/ as it was adopted (site/adoption.py).
    known_pages: what documents published last time (page_hash); one whose pages come out
    the same keeps its output and is not laid out again.
    Nothing is written unless every stage before "write" succeeded for every document.
    """
    project, documents, site = load_and_validate(root, wanted, base_url, publication)
    frozen = {key: a.frozen for key, a in site.adopted.items() if a.frozen is not None}
    figures = compute_figures(project, to_build(documents, site.adopted, frozen))
    pages, unchanged = changed_pages(render_documents(project, figures, site), known_pages)
    built = with_pdfs(project, pages, processes) if parts != "html" else pages
    kept = kept_adopted(root, built, site.adopted, base_url) if parts == "alla" else {}
    listed = documents if publication else project.documents
    files = write_site(root, project, listed, built, frozen | kept, site, parts)
    notes = [kept_note(project, key) for key in kept]
    return BuildResult(built, files, site.warnings + tuple(notes), unchanged)


def to_build(documents: list[TypedDocument], adopted: dict[str, AdoptedDocument],
             frozen: dict[str, FrozenCopy]) -> list[TypedDocument]:
    """The documents built from the content: not those published from arkiv/ as they were
    adopted, nor those rebuilt from their adopting commit (site/adoption.py)."""
    return [d for d in documents if d.key not in frozen and not (
        d.key in adopted and adopted[d.key].from_commit)]


def changed_pages(pages: list[BuiltDocument], known_pages: dict[str, str] | None
                  ) -> tuple[list[BuiltDocument], list[str]]:
    """The pages that differ from what was published last time, and the keys of those that
    do not (they keep their output and are not laid out again)."""
    unchanged = [p.document.key for p in pages
                 if (known_pages or {}).get(p.document.key) == page_hash(p)]
    return [p for p in pages if p.document.key not in unchanged], unchanged


def with_pdfs(project: Project, pages: list[BuiltDocument],
              processes: int | None) -> list[BuiltDocument]:
    """Stage 5 for every page: its PDF, with the layout's findings among its warnings."""
    pdfs = lay_out_pdfs(project, pages, processes)
    return [with_pdf(page, *pdfs[page.document.key]) if page.document.key in pdfs else page
            for page in pages]


def kept_adopted(root: Path, built: list[BuiltDocument], adopted: dict[str, AdoptedDocument],
                 base_url: str | None) -> dict[str, FrozenCopy]:
    """The adopted documents built now and kept in arkiv/ as they were adopted."""
    laid_out = {b.document.key: {f.path: f.data for f in document_files([b])}
                for b in built if b.pdf is not None}
    return keep_adopted(root, laid_out, adopted,
                        lambda then, key: build(then, [key], base_url))


def write_site(root: Path, project: Project, listed: list[TypedDocument],
               built: list[BuiltDocument], frozen: dict[str, FrozenCopy], site: Site,
               parts: str) -> list[str]:
    """Stage 6: every file of the site written into output/ at once (each document's folder
    swapped in whole for a whole build); the paths written."""
    with TIMINGS.stage("write files"):
        files = (document_files(built, parts) + frozen_files(frozen)
                 + site_files(project, listed, built, frozen, site, root / "output"))
        replaced = [b.document.key for b in built] + list(frozen)
        publish(root / "output", files, replaced if parts == "alla" else [])
    return [f.path for f in files]


def load_and_validate(root: Path, wanted: list[str] | None = None,
                      base_url: str | None = None, publication: bool = False
                      ) -> tuple[Project, list[TypedDocument], Site]:
    """Stages 1–2: every file read and typed, the chosen documents, what the site shares."""
    with TIMINGS.stage("load"):
        raw = load_project(root)
    with TIMINGS.stage("validate"):
        files = type_files(raw)  # each file through its schema
    with TIMINGS.stage("check files"):
        project = check_files(files)  # the files against each other (model/consistency.py)
    with TIMINGS.stage("validate"):
        # A document with figures not filled in is a draft, whatever its manifest says.
        project = replace(project, documents=[as_draft_if_incomplete(d, project)
                                              for d in project.documents])
        documents = select(project, wanted)
        templates = template_folders(root)
        settings = read_settings(root)
        warnings = templates.shadowing_problems() + (
            settings.version_problems() if settings else [])
        if publication:
            documents, left_out = published_documents(documents)
            warnings += left_out
        cover, cover_warnings = find_cover(project)
        history = git_history(root)
        versions = document_versions(project, history)
        adopted = (adopted_documents(project, documents, versions, history)
                   if settings is None or settings.archive_adopted else {})
        site = Site(project.forbund.bas_url if base_url is None else base_url,
                    source_version(root), templates, find_logo(project),
                    tuple(warnings + cover_warnings), cover, versions, adopted)
    return project, documents, site


def compute_and_render(project: Project, documents: list[TypedDocument],
                       site: Site) -> list[BuiltDocument]:
    """Stages 3–4 for every document: figures and their checks, then the HTML."""
    return render_documents(project, compute_figures(project, documents), site)


Figures = ArsredovisningFigures | VerksamhetsplanFigures


def compute_figures(project: Project, documents: list[TypedDocument]
                    ) -> list[tuple[TypedDocument, Figures]]:
    """Stage 3 for every document: its figures, then the rules between them (accounts/
    consistency.py). The problems of all documents are reported together."""
    ledger = make_ledger(project)
    problems: list[Problem] = []
    computed = []
    for doc in documents:
        with TIMINGS.stage("compute", doc.key):
            figures = attempt(problems, compute, doc, project, ledger)
        if figures is not None:
            with TIMINGS.stage("check figures", doc.key):
                figures = attempt(problems, check_figures, doc, figures, project, ledger)
        computed.append((doc, figures))
    raise_if_any(problems)
    return computed


def render_documents(project: Project, computed: list[tuple[TypedDocument, Figures]],
                     site: Site) -> list[BuiltDocument]:
    """Stage 4 for every document: the HTML. The problems of all documents are reported
    together, and nothing goes on to the PDF if there is one."""
    problems: list[Problem] = []
    pages = []
    for doc, figures in computed:
        with TIMINGS.stage("render HTML", doc.key):
            pages.append(attempt(problems, render_document, doc, figures, project, site))
    raise_if_any(problems)
    return pages


def with_pdf(page: BuiltDocument, pdf: bytes, warnings: list[Problem]) -> BuiltDocument:
    """The document with its PDF, and the layout's findings among its warnings."""
    return replace(page, pdf=pdf, warnings=[*page.warnings, *warnings])


def lay_out_pdfs(project: Project, pages: list[BuiltDocument],
                 processes: int | None) -> dict[str, tuple[bytes, list[Problem]]]:
    """Stage 5: each document's print HTML laid out by WeasyPrint, side by side in forked
    processes (they inherit the imported engine and start at once); each PDF with the
    layout rules its pages break, as warnings (finsam/pdf/layoutcheck.py)."""
    templates = template_folders(project.root)
    jobs = [_PdfJob(page.document.key, page.print_html, page.document.manifest.datum,
                    project.forbund.pdf_variant, templates, project.root / "content",
                    page.document.manifest_file.path)
            for page in pages]
    workers = min(len(jobs), processes or os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1  # spawned workers would start empty (Windows): lay out one by one instead
    # The contents pages' numbers from the last build, inherited by the workers as guesses.
    tocpages.remember(tocpages.load(project.root))
    # The engine and the project live for the whole build: freezing them keeps the garbage
    # collector to what each PDF makes (measurably faster with many documents).
    gc.freeze()
    try:
        if workers > 1:
            # Largest first, so the long årsredovisning does not start last.
            jobs.sort(key=lambda job: -len(job.html))
            fork = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=fork) as pool:
                outcomes = list(pool.map(_lay_out_in_worker, jobs))
        else:
            outcomes = [_lay_out(job) for job in jobs]
    finally:
        gc.unfreeze()
    problems = [p for o in outcomes if isinstance(o.result, list) for p in o.result]
    raise_if_any(problems)
    for outcome in outcomes:
        TIMINGS.records.extend(outcome.timings)
    found = {o.key: o.toc_pages for o in outcomes if o.toc_pages}
    tocpages.remember(found)
    tocpages.save(project.root, found)
    return {o.key: (o.result, o.warnings) for o in outcomes}


@dataclass(frozen=True)
class _PdfJob:
    key: str
    html: str
    date: Any
    variant: str
    templates: TemplateFolders
    content: Path
    manifest: Path  # the document's dokument.yaml: where a finding on the cover points


@dataclass(frozen=True)
class _PdfOutcome:
    key: str
    result: bytes | list[Problem]  # the PDF, or what was wrong
    timings: list  # a worker's stage timings (the parent's own are already in TIMINGS)
    toc_pages: dict[str, int] | None  # the contents' page numbers the layout found
    warnings: list[Problem] = dataclasses.field(default_factory=list)  # the layout's


def _lay_out(job: _PdfJob) -> _PdfOutcome:
    """One PDF in this process; a mistake comes back as its problems."""
    try:
        laid_out = lay_out_pdf(job.html, job.templates, job.date, job.variant, job.key,
                               job.content)
    except BuildError as error:
        return _PdfOutcome(job.key, error.problems, [], tocpages.known(job.key))
    return _PdfOutcome(job.key, laid_out.pdf, [], tocpages.known(job.key),
                       [_layout_warning(job, f) for f in laid_out.findings])


def _layout_warning(job: _PdfJob, finding: Finding) -> Problem:
    """A finding as a warning on its section file (data-fil, relative to the project), or
    on the document's dokument.yaml for the cover and the contents."""
    file = job.content.parent / finding.fil if finding.fil else job.manifest
    return Problem(finding.message, file, None, finding.advice)


def _lay_out_in_worker(job: _PdfJob) -> _PdfOutcome:
    """One PDF in a forked worker: its timings travel back with it (what the parent had
    measured before the fork is not this PDF's)."""
    TIMINGS.take()
    return replace(_lay_out(job), timings=TIMINGS.take())


def document_files(built: list[BuiltDocument], parts: str = "alla") -> list[OutputFile]:
    files = []
    for item in built:
        key = item.document.key
        if parts != "pdf":
            files.append(OutputFile(f"{key}/index.html", item.html.encode("utf-8")))
            files += [OutputFile(path, data) for path, data in item.images.items()]
            files.append(OutputFile(f"{key}/{item.standalone_name}",
                                    item.standalone_html.encode("utf-8")))
        if item.pdf is not None:
            files.append(OutputFile(f"{key}/{item.pdf_name}", item.pdf))
    return files


def site_files(project: Project, listed: list[TypedDocument], built: list[BuiltDocument],
               frozen: dict[str, FrozenCopy], site: Site, output: Path) -> list[OutputFile]:
    """The archive index, the stylesheet, the logo and the cover image, shared by every page.
    The index lists `listed`: every document of the project, or only those the public site
    shows."""
    pdfs = {b.document.key: (b.pdf_name, len(b.pdf)) for b in built if b.pdf is not None}
    for key, copy in frozen.items():
        frozen_pdfs = [(path.removeprefix(key + "/"), len(data))
                       for path, data in copy.files.items() if path.endswith(".pdf")]
        if frozen_pdfs:
            pdfs[key] = frozen_pdfs[-1]
    trails = {d.key for d in listed
              if d.manifest.typ == "arsredovisning" and d.manifest.ar in project.kontospar}
    entries = archive_entries(listed, pdfs, output, trails)
    env = template_environment(site.templates)
    index = render_index(env, entries, dict(stylesheets=site.assets,
        forbund=project.forbund, version=site.version, asset_prefix="", standalone=False,
        logo_src=site.logo.web.removeprefix("../../"),
        cover_src=site.cover.web.removeprefix("../../"), cover_text=site.cover.text,
        canonical=f"{site.base_url}index.html" if site.base_url else ""))
    files = [OutputFile("index.html", index.encode("utf-8"))]
    files += [OutputFile(path, data)
              for path, data in (site.logo.files() | site.cover.files()).items()]
    for asset in site.assets:
        files.append(OutputFile(f"assets/{asset}", site.templates.read_bytes(f"style/{asset}")))
    return files
