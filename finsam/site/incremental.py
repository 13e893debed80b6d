"""Which documents need building: decided by content hash, never by file dates.

A document's fingerprint is a hash of everything its pages can depend on: its own folder
(sections, manifest, images), every shared data file in content/ (the profile, history,
every year's outcome, budgets, goals and follow-ups: a figure there can reach any
document, so a change to one rebuilds all that might use it), the templates, styles and
fonts, the engine's source and WeasyPrint's version, the base URL and the version line.
Other documents' sections and manifests are not in it. The fingerprints and a hash of
every file written are kept in .finsam-cache/ beside output/ (not in it: output/ is the
website). A document is rebuilt when its fingerprint changed or a file it wrote is
missing or different (e.g. after the preview wrote web pages only).

This module is imported before anything heavy, so a no-op rebuild costs milliseconds.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from ..load.folders import files_below, read_if_present
from ..load.templates import template_folders

CACHE = ".finsam-cache/bygge.json"
ENGINE = Path(__file__).resolve().parent.parent  # the finsam package
SITE = "(webbplatsen)"  # the index page and assets, fingerprinted like a document
LOCAL_SUFFIXES = (".md", ".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")


@dataclass(frozen=True)
class Plan:
    fingerprints: dict[str, str]  # document key (and SITE) → fingerprint
    stale: list[str]  # documents to build
    site_stale: bool


def document_keys(root: Path) -> list[str]:
    content = root / "content"
    return sorted(p.parent.relative_to(content).as_posix()
                  for p in content.glob("*/*/dokument.yaml"))


def owning_document(path: Path, content: Path, keys: set[str]) -> str | None:
    """The document whose own file this is (section, manifest, image), or None if shared."""
    try:
        key = path.parent.relative_to(content).as_posix()
    except ValueError:
        return None  # not in content/ at all (a template, say)
    if key in keys and (path.suffix.lower() in LOCAL_SUFFIXES or path.name == "dokument.yaml"):
        return key
    return None


def _hash_files(digest, files: list[Path], base: Path) -> None:
    for path in files:
        if (sha := _file_hash(path)) is not None:
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(b"\0")
            digest.update(sha)


def _file_hash(path: Path) -> bytes | None:
    """The file's hash, or None for a file that vanished since it was listed (as if it had
    never been there); one that may not be read is known by what can be seen of it (the
    build reports it if it uses it)."""
    try:
        data = read_if_present(path)
    except OSError:
        try:
            stat = path.stat()
        except OSError:
            return b"(unreadable)"
        return f"(unreadable {stat.st_size} {stat.st_mtime_ns})".encode()
    return hashlib.sha256(data).digest() if data is not None else None


def fingerprints(root: Path, extra: str) -> dict[str, str]:
    """Every document's fingerprint, and the site's (from all of them)."""
    content = root / "content"
    keys = set(document_keys(root))
    shared = hashlib.sha256(extra.encode())
    own: dict[str, list[Path]] = {k: [] for k in keys}
    for path in files_below(content):
        key = owning_document(path, content, keys)
        if key:
            own[key].append(path)
        else:
            _hash_files(shared, [path], root)
    for relative, path in template_folders(root).used_files():  # the tool's, or the project's own
        if (sha := _file_hash(path)) is not None:
            shared.update(relative.encode() + b"\0" + sha)
    _hash_files(shared, sorted(p for p in ENGINE.rglob("*") if p.suffix in (".py", ".yaml")), ENGINE)
    # WeasyPrint's version: its __init__.py states it (cheaper than importlib.metadata).
    spec = importlib.util.find_spec("weasyprint")
    if spec and spec.origin:
        shared.update(Path(spec.origin).read_bytes())
    result = {}
    for key in sorted(keys):
        digest = hashlib.sha256(shared.digest())
        _hash_files(digest, own[key], root)
        result[key] = digest.hexdigest()
    result[SITE] = hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()
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


def plan_build(root: Path, wanted: list[str] | None, base_url: str | None) -> Plan:
    """What a build of `wanted` (all by default) must do: the base URL and the version line
    are part of every page, so they are part of every fingerprint."""
    from .version import source_version
    return plan(root, wanted, f"{base_url}|{source_version(root).text}")


def plan(root: Path, wanted: list[str] | None, extra: str) -> Plan:
    prints = fingerprints(root, extra)
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
