"""The pipeline, end to end: load → validate → compute → render → write.

Everything is gathered, checked and rendered (PDF bytes included) before a
single file is written, so a mistake anywhere leaves output/ untouched.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .compute import ArsredovisningFigures, compute_arsredovisning
from .errors import BuildError, Problem
from .ledger import HistoryYear, Ledger, YearSource
from .load import load_project, load_section
from .render import RenderedSection, render_section, template_environment
from .tables import TABLES, Context
from .validate import Project, TypedDocument, validate_project
from .write import OutputFile, publish, render_pdf

ASSETS = ["web.css"]


@dataclass(frozen=True)
class BuiltDocument:
    document: TypedDocument
    html: str
    print_html: str
    pdf: bytes

    @property
    def pdf_name(self) -> str:
        return pdf_name(self.document)


def pdf_name(document: TypedDocument) -> str:
    return f"{document.folder.name}-{document.manifest.ar}.pdf"


def make_ledger(project: Project) -> Ledger:
    full = {year: YearSource(raw.path, raw.data, model)
            for year, (raw, model) in project.years.items()}
    history = {}
    if project.historik_file is not None:
        for year, model in project.historik.items():
            history[year] = HistoryYear(year, model, project.historik_file.path,
                                        project.historik_file.data.key_lines.get(year))
    return Ledger(full, history)


def narrative_context(doc: TypedDocument, figures: ArsredovisningFigures,
                      project: Project) -> dict[str, Any]:
    """The names a section may use; documented in README."""
    names = {f.name: getattr(figures, f.name) for f in dataclasses.fields(figures)}
    names.update(
        forbund=project.forbund, dokument=doc.manifest,
        resultatrakning=figures.resultatrakning, balansrakning=figures.balansrakning,
        kassaflode=figures.kassaflode, medlemsbidrag=figures.medlemsbidrag,
        kostnader_insatser=figures.kostnader_insatser,
        kostnader_administration=figures.kostnader_administration,
    )
    return names


def render_document(doc: TypedDocument, figures: ArsredovisningFigures, project: Project,
                    templates: Path) -> BuiltDocument:
    env = template_environment(templates)
    env.filters["cell"] = _cell_filter(env)
    table_macro = env.get_template("partials/table.html").module.table
    signatures = env.get_template("partials/signatures.html").module
    ctx = Context(figures, project.forbund)
    blocks = {
        "underskrifter-styrelse": lambda: signatures.styrelse(project.forbund, doc.manifest),
        "underskrifter-revisorer": lambda: signatures.revisorer(project.forbund, doc.manifest),
    }

    def place(name: str) -> str:
        if name in TABLES:
            return str(table_macro(TABLES[name](ctx)))
        return str(blocks[name]())  # KeyError: unknown name, reported by render_section

    context = narrative_context(doc, figures, project)
    problems: list[Problem] = []
    sections: list[RenderedSection] = []
    anchors: set[str] = set()
    for name in doc.manifest.sektioner:
        path = doc.folder / name
        try:
            sections.append(render_section(load_section(path), context, place, anchors,
                                           [*TABLES, *blocks]))
        except BuildError as error:
            problems.extend(error.problems)
    listed = set(doc.manifest.sektioner)
    for stray in sorted(doc.folder.glob("*.md")):
        if stray.name not in listed:
            problems.append(Problem(
                "Avsnittet finns i mappen men står inte under 'sektioner' i dokument.yaml, "
                "så det skulle inte komma med.", stray, None,
                f"lägg till '- {stray.name}' under sektioner i dokument.yaml, eller ta bort filen."))
    if problems:
        raise BuildError(problems)
    headings = [h for s in sections for h in s.headings]
    page = dict(dokument=doc.manifest, forbund=project.forbund, sections=sections,
                headings=headings, pdf_name=pdf_name(doc), asset_prefix="../../")
    html = env.get_template(f"{doc.manifest.typ}/web.html").render(page)
    print_html = env.get_template(f"{doc.manifest.typ}/print.html").render(page)
    pdf = render_pdf(print_html, templates, doc.manifest.datum)
    return BuiltDocument(doc, html, print_html, pdf)


def _cell_filter(env):
    formats = {"kr": env.filters["kr"], "tkr": env.filters["tkr"],
               "procent": env.filters["procent"], "tal": env.filters["tal"], "text": str}

    def cell(value: Any, fmt: str) -> str:
        if value is None:
            return ""
        return formats[fmt](value)
    return cell


def select(project: Project, wanted: list[str] | None) -> list[TypedDocument]:
    if not wanted:
        return project.documents
    by_key = {d.key: d for d in project.documents}
    missing = [w for w in wanted if w.strip("/") not in by_key]
    if missing:
        raise BuildError([Problem(
            f"Dokumentet '{w}' finns inte.", None, None,
            "välj ett av: " + ", ".join(sorted(by_key)) + ".") for w in missing])
    return [by_key[w.strip("/")] for w in wanted]


def build(root: Path, wanted: list[str] | None = None) -> list[BuiltDocument]:
    """Build the chosen documents (all by default) into root/output."""
    project = validate_project(load_project(root))
    documents = select(project, wanted)
    ledger = make_ledger(project)
    templates = root / "templates"
    built: list[BuiltDocument] = []
    problems: list[Problem] = []
    for doc in documents:
        try:
            figures = compute_arsredovisning(doc.manifest, doc.budget, doc.budget_file, ledger,
                                             project.forbund)
            built.append(render_document(doc, figures, project, templates))
        except BuildError as error:
            problems.extend(error.problems)
    if problems:
        raise BuildError(problems)
    files: list[OutputFile] = []
    for item in built:
        key = item.document.key
        files.append(OutputFile(f"{key}/index.html", item.html.encode("utf-8")))
        files.append(OutputFile(f"{key}/{item.pdf_name}", item.pdf))
    for asset in ASSETS:
        files.append(OutputFile(f"assets/{asset}", (templates / "style" / asset).read_bytes()))
    publish(root / "output", files, [b.document.key for b in built])
    return built
