"""What a build publishes: the documents of the public site, each document's version line, and
the adopted documents, published as they were adopted (site/adoption.py has the git facts).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..common.errors import BuildError, Problem, raise_if_any
from ..load.dependencies import document_inputs
from ..model.project import Project, TypedDocument
from .adoption import (
    Adoption,
    FrozenCopy,
    changed_files,
    changed_own_inputs,
    changed_since,
    contents_at,
    corrections_in,
    find_adoption,
    frozen_copy,
    keep,
    own_fingerprint,
    shallow_clone_problem,
)
from .gitrevision import checked_out
from .publish import OutputFile
from .version import History, Version


@dataclass(frozen=True)
class AdoptedDocument:
    """A document adopted in git: published from arkiv/ as adopted (frozen), or laid out now
    as of its adoption and kept there."""

    adoption: Adoption
    frozen: FrozenCopy | None
    own_inputs: str  # the fingerprint of its own inputs now (site/adoption.py)
    from_commit: bool = False  # laid out from the adopting commit (its inputs changed since)


def published_documents(documents: list[TypedDocument]
                        ) -> tuple[list[TypedDocument], list[Problem]]:
    """What the public site shows: adopted documents, and drafts the förbund marks
    `publiceras: true` unless figures are missing (a zero-filled year is never a report)."""
    shown, notes = [], []
    for doc in documents:
        if doc.manifest.status == "fastställd" or (doc.manifest.publiceras and not doc.saknas):
            shown.append(doc)
        elif doc.manifest.publiceras:
            notes.append(Problem(
                f"{doc.manifest.titel} publiceras inte: siffror saknas ({doc.saknas[0]})",
                doc.manifest_file.path, doc.manifest_file.line("publiceras"),
                "fyll i det som saknas; till dess visas dokumentet bara som utkast."))
    return shown, notes


def relative_files(project: Project, paths) -> list[str]:
    return [p.relative_to(project.root).as_posix() for p in paths]


def document_versions(project: Project, history: History | None) -> dict[str, Version]:
    """Each document's version line: the last commit of the files it reads (own, shown,
    shared and the project's own templates), "ej incheckade ändringar" if one is changed; an
    adopted document's is the commit that adopted it (set in adopted_documents)."""
    if history is None:
        return {}
    versions = {}
    for doc in project.documents:
        files = relative_files(project, document_inputs(project.root, doc.key).versioned)
        if (version := history.version(files)) is not None:
            versions[doc.key] = version
    return versions


def adopted_documents(project: Project, documents: list[TypedDocument],
                      versions: dict[str, Version], history: History | None
                      ) -> dict[str, AdoptedDocument]:
    """The chosen documents adopted in git, each with its frozen copy, or to be laid out now
    as of its adoption and kept. A change
    to a document's own inputs since its adoption (or since its last committed correction)
    stops the build, unless the manifest in the working tree declares a new correction.
    Their version lines are set in `versions`: the commit that adopted them (or the last
    correction)."""
    root = project.root
    adopted: dict[str, AdoptedDocument] = {}
    problems: list[Problem] = []
    for doc in documents:
        if history is None or doc.manifest.status != "fastställd":
            continue
        if (shallow := shallow_clone_problem(root, doc.manifest_file.path)) is not None:
            problems.append(shallow)
            break
        adoption = find_adoption(root, doc.key, doc.manifest_file.path)
        if adoption is None:
            continue  # fastställd but not yet committed: built as any document
        inputs = document_inputs(project.root, doc.key)
        own = own_fingerprint(root, inputs.own)
        reference = adoption.head if adoption.corrections else adoption.commit
        changed = changed_files(inputs.own, contents_at(root, reference, inputs.own))
        if changed:
            if corrections_in(doc.manifest_file.path) > adoption.corrections:
                continue  # a correction being written: built as a draft is, not kept
            problems.append(changed_own_inputs(adoption, doc.manifest_file.path,
                                               doc.manifest.titel,
                                               doc.manifest_file.line("status"),
                                               relative_files(project, changed)))
            continue
        frozen = frozen_copy(root, doc.key)
        if frozen is not None and (frozen.record.get("commit") != adoption.commit or
                                   frozen.record.get("rattelser") != adoption.corrections):
            frozen = None  # kept from an earlier adoption, or before the last correction
        own_relative = relative_files(project, inputs.own)
        if adoption.corrections:
            versions[doc.key] = (history.version(own_relative)
                                 or history.commit_version(adoption.head))
        else:
            versions[doc.key] = history.commit_version(adoption.commit)
        from_commit = frozen is None and changed_since(root, reference, inputs.all)
        adopted[doc.key] = AdoptedDocument(adoption, frozen, own, from_commit)
    raise_if_any(problems)
    return adopted


# Lays a project's document out into its output/ (finsam.build.build, handed in: the site
# stage does not import the pipeline above it).
Rebuild = Callable[[Path, str], object]


def keep_adopted(root: Path, built: dict[str, dict[str, bytes]],
                 adopted: dict[str, AdoptedDocument], rebuild: Rebuild) -> dict[str, FrozenCopy]:
    """Adopted documents laid out now (`built`: their published files by path, PDF
    included), kept in arkiv/; or built from the adopting commit in a temporary checkout
    when their inputs have changed since."""
    kept = {}
    for key, state in adopted.items():
        if state.frozen is not None:
            continue
        if state.from_commit:
            kept[key] = _kept_from_commit(root, key, state.adoption.commit, rebuild)
            continue
        if key not in built:
            continue
        files = built[key]
        record = {"dokument": key, "commit": state.adoption.commit,
                  "rattelser": state.adoption.corrections, "underlag": state.own_inputs,
                  "verktyg": Version(None, None, False).tool}
        keep(root, key, files, record)
        kept[key] = FrozenCopy(key, record, files)
    return kept


def _kept_from_commit(root: Path, key: str, commit: str, rebuild: Rebuild) -> FrozenCopy:
    """The document laid out as of the commit that adopted it, and kept in arkiv/."""
    with checked_out(root, commit) as then:
        rebuild(then, key)
        copy = frozen_copy(then, key)
    if copy is None:
        raise BuildError(Problem(f"Det fastställda dokumentet {key} kunde inte byggas som det "
                                 f"var i version {commit[:7]}.", None, None,
                                 f"bygg versionen med finsam revision {commit[:7]} och se "
                                 "felet där."))
    keep(root, key, copy.files, copy.record)
    return copy


def frozen_files(frozen: dict[str, FrozenCopy]) -> list[OutputFile]:
    return [OutputFile(path, data) for copy in frozen.values()
            for path, data in copy.files.items()]


def kept_note(project: Project, key: str) -> Problem:
    doc = next(d for d in project.documents if d.key == key)
    return Problem(
        f"{doc.manifest.titel} är fastställd: de publicerade filerna är sparade i arkiv/{key}/ "
        "och publiceras så, oförändrade, vid varje bygge.", project.root / "arkiv" / key, None,
        "checka in mappen (git add arkiv && git commit -m \"Fastställda dokument\"), så "
        "publicerar också CI och varje "
        "annan kopia av projektet exakt de filerna.")
