"""Which documents need building: decided by content hash, never by file dates.

A document's fingerprint is a hash of everything its pages can depend on: the files it reads
(its own folder and year, the years it shows, the shared profile, chart and history, the
project's own templates: load/dependencies.py), the tool's templates, styles and fonts, the
engine's source and WeasyPrint's version, the base URL and its version line. Another
document's files are not in it, so editing one document rebuilds only the documents that
read what changed. The fingerprints and a hash of every file written are kept in
.finsam-cache/ beside output/ (not in it: output/ is the website). A document is rebuilt
when its fingerprint changed or a file it wrote is missing or different (e.g. after the
preview wrote web pages only).

This module is imported before anything heavy, so a no-op rebuild costs milliseconds.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..load.dependencies import document_inputs
from ..load.folders import read_if_present
from ..load.templates import template_folders
from . import quick

CACHE = ".finsam-cache/bygge.json"
ENGINE = Path(__file__).resolve().parent.parent  # the finsam package
SITE = "(webbplatsen)"  # the index page and assets, fingerprinted like a document


@dataclass(frozen=True)
class Plan:
    fingerprints: dict[str, str]  # document key (and SITE) → fingerprint
    stale: list[str]  # documents to build
    site_stale: bool
    # Why each stale document is built: the files it reads that changed (relative to the
    # project), or what else did ("verktyget", "versionsraden", "utdata saknas").
    reasons: dict[str, list[str]] = field(default_factory=dict)
    # The pages each stale document published last time (a hash of its HTML, print HTML
    # and data), where its output is still there: a document whose pages come out the same
    # is not laid out again (a changed file it reads but does not show).
    known_pages: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)  # key → file → hash
    state: str = ""  # the project's state as a whole (quick_state), recorded after the build


def document_keys(root: Path) -> list[str]:
    content = root / "content"
    return sorted(p.parent.relative_to(content).as_posix()
                  for p in content.glob("*/*/dokument.yaml"))


def _file_hash(path: Path, cache: dict[Path, bytes | None]) -> bytes | None:
    """The file's hash, once per build; None for one that vanished since it was listed (as
    if it had never been there). One that may not be read is known by what can be seen of it
    (the build reports it if it uses it)."""
    if path not in cache:
        try:
            data = read_if_present(path)
        except OSError:
            try:
                stat = path.stat()
            except OSError:
                cache[path] = b"(unreadable)"
            else:
                cache[path] = f"(unreadable {stat.st_size} {stat.st_mtime_ns})".encode()
        else:
            cache[path] = hashlib.sha256(data).digest() if data is not None else None
    return cache[path]


def tool_fingerprint(root: Path) -> bytes:
    """The tool's part of every fingerprint: its code and data, the templates that apply
    (its own, or the project's over them) and WeasyPrint's version."""
    digest = hashlib.sha256()
    hashes: dict[Path, bytes | None] = {}
    for path in sorted(p for p in ENGINE.rglob("*") if p.suffix in (".py", ".yaml", ".json")):
        digest.update(path.relative_to(ENGINE).as_posix().encode() + b"\0")
        digest.update(_file_hash(path, hashes) or b"")
    for relative, path in template_folders(root).used_files():
        digest.update(relative.encode() + b"\0" + (_file_hash(path, hashes) or b""))
    # WeasyPrint's version: its __init__.py states it (cheaper than importlib.metadata).
    spec = importlib.util.find_spec("weasyprint")
    if spec and spec.origin:
        digest.update(Path(spec.origin).read_bytes())
    return digest.digest()


def input_hashes(root: Path) -> dict[str, dict[str, str]]:
    """Each document's input files (load/dependencies.py) by path, with their hashes."""
    hashes: dict[Path, bytes | None] = {}
    return {key: {path.relative_to(root).as_posix(): sha.hex()
                  for path in document_inputs(root, key).all
                  if (sha := _file_hash(path, hashes)) is not None}
            for key in document_keys(root)}


def fingerprints(root: Path, extra: str, versions: dict[str, str] | None = None,
                 site_extra: str = "", inputs: dict[str, dict[str, str]] | None = None
                 ) -> dict[str, str]:
    """Every document's fingerprint (the files it reads, the tool, `extra` and its own
    version line from `versions`), and the site's (from all of them and `site_extra`, the
    index's own version line)."""
    tool = tool_fingerprint(root)
    result = {}
    for key, files in (inputs if inputs is not None else input_hashes(root)).items():
        digest = hashlib.sha256(tool + extra.encode() + (versions or {}).get(key, "").encode())
        digest.update(json.dumps(files, sort_keys=True).encode())
        result[key] = digest.hexdigest()
    result[SITE] = hashlib.sha256(json.dumps(result, sort_keys=True).encode()
                                  + site_extra.encode()).hexdigest()
    return result


def _reasons(entry: dict, files: dict[str, str], intact: bool) -> list[str]:
    """Why a document is built again: the files it reads that changed since it was built
    (new, changed or gone), else the tool or the version line; or output that is missing."""
    if not entry:
        return ["första bygget"]
    if not intact:
        return ["utdata saknas eller är ändrad"]
    before = entry.get("inputs", {})
    changed = sorted(f for f in set(files) | set(before) if files.get(f) != before.get(f))
    return changed or ["verktyget, mallarna eller versionsraden"]


def _load(root: Path) -> dict:
    try:
        return json.loads((root / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _outputs_intact(output: Path, written: dict[str, str]) -> bool:
    for name, sha in written.items():
        try:
            if hashlib.sha256((output / name).read_bytes()).hexdigest() != sha:
                return False
        except OSError:  # missing, or a folder now, or not readable: build it again
            return False
    return bool(written)


def plan_build(root: Path, wanted: list[str] | None, base_url: str | None,
               publication: bool = False, everything: bool = False) -> Plan:
    """What a build of `wanted` (all by default) must do: the base URL and the version lines
    are part of the pages, so they are part of the fingerprints (the project's version line
    is on the archive index; each document's on its own pages). When nothing at all has
    changed since the last complete build (site/quick.py), that is known without asking git."""
    extra = quick.plain_extra(base_url, publication)
    state = quick.state(str(root), extra) or ""
    if state and not wanted and not everything and quick.unchanged(str(root), extra):
        return Plan({}, [], False, state=state)
    from .version import document_version_texts, source_version
    found = plan(root, wanted, extra, document_version_texts(root), source_version(root).text)
    return replace(found, state=state)


def plan(root: Path, wanted: list[str] | None, extra: str,
         versions: dict[str, str] | None = None, site_extra: str = "") -> Plan:
    inputs = input_hashes(root)
    prints = fingerprints(root, extra, versions, site_extra, inputs)
    cache = _load(root)
    output = root / "output"
    keys = wanted or [k for k in prints if k != SITE]
    stale, reasons, known = [], {}, {}
    for key in keys:
        entry = cache.get(key, {})
        intact = _outputs_intact(output, entry.get("files", {}))
        if key in prints and entry.get("fingerprint") == prints[key] and intact:
            continue
        stale.append(key)
        reasons[key] = _reasons(entry, inputs.get(key, {}), intact)
        if intact and "sidor" in entry:
            known[key] = entry["sidor"]
    site = cache.get(SITE, {})
    site_stale = bool(stale) or site.get("fingerprint") != prints[SITE] or not _outputs_intact(
        output, site.get("files", {}))
    return Plan(prints, stale, site_stale, reasons, known, inputs)


def record(root: Path, plan: Plan, built: dict[str, list[str]], site_files: list[str],
           pages: dict[str, str] | None = None, unchanged: list[str] | None = None) -> None:
    """After a successful build: remember each built document's fingerprint, files and
    pages; a document whose pages came out the same keeps its files with the new
    fingerprint."""
    cache = _load(root)
    output = root / "output"

    def entry(key: str, files: list[str]) -> dict:
        return {"fingerprint": plan.fingerprints.get(key, ""),
                "inputs": plan.inputs.get(key, {}),
                "files": {f: hashlib.sha256((output / f).read_bytes()).hexdigest() for f in files}}

    for key, files in built.items():
        cache[key] = entry(key, files) | ({"sidor": pages[key]} if pages and key in pages
                                          else {})
    for key in unchanged or []:
        cache[key] = cache.get(key, {}) | {"fingerprint": plan.fingerprints.get(key, ""),
                                           "inputs": plan.inputs.get(key, {})}
    # The site is only up to date when every document is: then it is recorded too, and the
    # project's state as a whole is kept for the next command (site/quick.py).
    for gone in set(cache) - set(plan.fingerprints):  # documents no longer in the project
        cache.pop(gone)
    complete = all(cache.get(k, {}).get("fingerprint") == v
                   for k, v in plan.fingerprints.items() if k != SITE)
    if complete:
        cache[SITE] = entry(SITE, site_files)
    path = root / CACHE
    try:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    except OSError:
        return  # the site is published; without the record the next build just does it all
    if complete and plan.state:
        quick.remember(str(root), plan.state)
    else:
        quick.forget(str(root))
