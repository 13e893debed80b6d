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
from dataclasses import dataclass
from pathlib import Path

from ..load.dependencies import document_inputs
from ..load.folders import read_if_present
from ..load.templates import template_folders

CACHE = ".finsam-cache/bygge.json"
ENGINE = Path(__file__).resolve().parent.parent  # the finsam package
SITE = "(webbplatsen)"  # the index page and assets, fingerprinted like a document


@dataclass(frozen=True)
class Plan:
    fingerprints: dict[str, str]  # document key (and SITE) → fingerprint
    stale: list[str]  # documents to build
    site_stale: bool


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


def fingerprints(root: Path, extra: str, versions: dict[str, str] | None = None,
                 site_extra: str = "") -> dict[str, str]:
    """Every document's fingerprint (the files it reads, the tool, `extra` and its own
    version line from `versions`), and the site's (from all of them and `site_extra`, the
    index's own version line)."""
    tool = tool_fingerprint(root)
    hashes: dict[Path, bytes | None] = {}
    result = {}
    for key in document_keys(root):
        digest = hashlib.sha256(tool + extra.encode() + (versions or {}).get(key, "").encode())
        for path in document_inputs(root, key).all:
            if (sha := _file_hash(path, hashes)) is not None:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + sha)
        result[key] = digest.hexdigest()
    result[SITE] = hashlib.sha256(json.dumps(result, sort_keys=True).encode()
                                  + site_extra.encode()).hexdigest()
    return result


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
               publication: bool = False) -> Plan:
    """What a build of `wanted` (all by default) must do: the base URL and the version lines
    are part of the pages, so they are part of the fingerprints (the project's version line
    is on the archive index; each document's on its own pages)."""
    from .version import document_version_texts, source_version
    return plan(root, wanted, f"{base_url}|{publication}", document_version_texts(root),
                source_version(root).text)


def plan(root: Path, wanted: list[str] | None, extra: str,
         versions: dict[str, str] | None = None, site_extra: str = "") -> Plan:
    prints = fingerprints(root, extra, versions, site_extra)
    cache = _load(root)
    output = root / "output"
    keys = wanted or [k for k in prints if k != SITE]
    stale = [k for k in keys if k not in prints or cache.get(k, {}).get("fingerprint") != prints[k]
             or not _outputs_intact(output, cache[k].get("files", {}))]
    site = cache.get(SITE, {})
    site_stale = bool(stale) or site.get("fingerprint") != prints[SITE] or not _outputs_intact(
        output, site.get("files", {}))
    return Plan(prints, stale, site_stale)


def record(root: Path, plan: Plan, built: dict[str, list[str]], site_files: list[str]) -> None:
    """After a successful build: remember each built document's fingerprint and files."""
    cache = _load(root)
    output = root / "output"

    def entry(key: str, files: list[str]) -> dict:
        return {"fingerprint": plan.fingerprints.get(key, ""),
                "files": {f: hashlib.sha256((output / f).read_bytes()).hexdigest() for f in files}}

    for key, files in built.items():
        cache[key] = entry(key, files)
    # The site is only up to date when every document is: then it is recorded too.
    if all(cache.get(k, {}).get("fingerprint") == v for k, v in plan.fingerprints.items()
           if k != SITE):
        cache[SITE] = entry(SITE, site_files)
    path = root / CACHE
    try:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    except OSError:
        pass  # the site is published; without the record the next build just does it all
