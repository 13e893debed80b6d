"""The pipeline, end to end: load → validate → check files → compute → check figures →
render → lay out PDFs → write.

Everything is gathered, checked and rendered (PDF bytes included) before a
single file is written, so a mistake anywhere leaves output/ untouched.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from .accounts.compute import ArsredovisningFigures, VerksamhetsplanFigures
from .accounts.consistency import check_figures
from .accounts.ledger import HistoryYear, Ledger, YearSource
from .common.errors import BuildError, Problem, attempt, raise_if_any
from .common.timing import TIMINGS
from .load.project import load_project
from .load.settings import read_settings
from .load.templates import TemplateFolders, template_folders
from .model.consistency import check_files
from .model.project import Project, TypedDocument
from .model.utkast import as_draft_if_incomplete
from .model.validation import type_files
from .pdf import batch
from .pdf.batch import PdfJob
from .render.archive import archive_entries, pdf_name, render_index, standalone_name
from .render.documents import document_type
from .render.environment import template_environment
from .render.pages import Look, render_pages
from .render.profile import ProfileImage, find_cover, find_logo
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
    def look(self) -> Look:
        """What its pages share as render sees it."""
        return Look(self.base_url, self.templates, self.logo, self.cover)


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


def compute(doc: TypedDocument, project: Project, ledger: Ledger
            ) -> ArsredovisningFigures | VerksamhetsplanFigures:
    return document_type(doc.manifest).compute(doc.manifest, project, ledger)


def render_document(doc: TypedDocument, figures: ArsredovisningFigures | VerksamhetsplanFigures,
                    project: Project, site: Site) -> BuiltDocument:
    """Stage 4 for one document (render/pages.py)."""
    pages = render_pages(doc, figures, project, site.look, site.version_of(doc))
    return BuiltDocument(doc, pages.html, pages.standalone_html, pages.print_html, None,
                         pages.warnings, pages.images)


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
          publication: bool = False, known_pages: dict[str, str] | None = None,
          pdf_workers: batch.PdfWorkers | None = None) -> BuildResult:
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
    pdf_workers: PDF workers the command started ahead (pdf/batch.py), importing the engine
    while this process reads, checks and renders.
    Nothing is written unless every stage before "write" succeeded for every document.
    """
    project, documents, site = load_and_validate(root, wanted, base_url, publication)
    frozen = {key: a.frozen for key, a in site.adopted.items() if a.frozen is not None}
    figures = compute_figures(project, to_build(documents, site.adopted, frozen))
    pages, unchanged = changed_pages(render_documents(project, figures, site), known_pages)
    built = with_pdfs(project, pages, processes, pdf_workers) if parts != "html" else pages
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


def with_pdfs(project: Project, pages: list[BuiltDocument], processes: int | None,
              workers: batch.PdfWorkers | None = None) -> list[BuiltDocument]:
    """Stage 5 for every page: its PDF, with the layout's findings among its warnings."""
    pdfs = lay_out_pdfs(project, pages, processes, workers)
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


def lay_out_pdfs(project: Project, pages: list[BuiltDocument], processes: int | None,
                 workers: batch.PdfWorkers | None = None
                 ) -> dict[str, tuple[bytes, list[Problem]]]:
    """Stage 5: each document's print HTML laid out by WeasyPrint (finsam/pdf/batch.py),
    with the layout rules its pages break as warnings (finsam/pdf/layoutcheck.py)."""
    templates = template_folders(project.root)
    jobs = [PdfJob(page.document.key, page.print_html, page.document.manifest.datum,
                   project.forbund.pdf_variant, templates, project.root / "content",
                   page.document.manifest_file.path)
            for page in pages]
    return batch.lay_out_pdfs(project.root, jobs, processes, workers)


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
    index = render_index(template_environment(site.templates), entries,
                         site.look.index_links(project.forbund, site.version))
    files = [OutputFile("index.html", index.encode("utf-8"))]
    files += [OutputFile(path, data)
              for path, data in (site.logo.files() | site.cover.files()).items()]
    for asset in site.look.assets:
        files.append(OutputFile(f"assets/{asset}", site.templates.read_bytes(f"style/{asset}")))
    return files
