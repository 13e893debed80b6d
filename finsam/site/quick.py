""""Has anything changed since the last build?", answered before anything else is imported.

A förbundschef runs `finsam` again and again; when nothing has changed, the answer should
cost little more than starting Python. This module uses only the standard library's os,
hashlib and json (no pathlib, dataclasses, argparse or git process): it hashes the project's
own files (content/, templates/, projekt.yaml) by content, reads git's HEAD and tags from
git's own files, and knows the tool by the size and time of its installed files (they change
only when the tool is installed or edited). After a complete build (site/incremental.py
record) it keeps that state and the size and time of every file written to output/; the
next command that finds both the same has nothing to build. Anything else (a leftover of a
killed build, git files it cannot read plainly) sends the command the long way, which decides
by content as before.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys

STATE = os.path.join(".finsam-cache", "tillstand.json")
TOOL = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the finsam package
LEFTOVERS = (".bygge-", ".ny-")  # a build or `ny` killed midway: the long way finishes it
# Files an editor makes for itself beside the one being edited (load/folders.py, in full).
_EDITOR_PREFIXES = (".#", "~$", ".~lock.", ".goutputstream-")


def _editor_temporary(name: str) -> bool:
    return (name.startswith(_EDITOR_PREFIXES) or name.endswith("~") or name == "4913"
            or (name.startswith(".") and name[-4:-1] == ".sw")
            or (name.startswith("#") and name.endswith("#")))


def _files(folder: str) -> list[str]:
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        found += [os.path.join(parent, n) for n in sorted(names) if not _editor_temporary(n)]
    return found


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return b""


def _git_dir(root: str) -> str | None:
    folder = root
    while True:
        dot = os.path.join(folder, ".git")
        if os.path.isdir(dot):
            return dot
        if os.path.isfile(dot):
            text = _read(dot).decode("utf-8", "replace").strip()
            return (os.path.normpath(os.path.join(folder, text[7:].strip()))
                    if text.startswith("gitdir:") else None)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def git_state(root: str) -> str | None:
    """HEAD's commit and the tags, read from git's own files without starting git: '' outside
    git; None where they cannot be read plainly (the caller then asks git itself). With the
    project's files unchanged, the same state gives the same version lines."""
    gitdir = _git_dir(os.path.abspath(root))
    if gitdir is None:
        return ""
    common = gitdir
    if os.path.isfile(os.path.join(gitdir, "commondir")):
        common = os.path.normpath(os.path.join(
            gitdir, _read(os.path.join(gitdir, "commondir")).decode().strip()))
    head = _read(os.path.join(gitdir, "HEAD")).decode("utf-8", "replace").strip()
    packed = _read(os.path.join(common, "packed-refs")).decode("utf-8", "replace")
    if head.startswith("ref: "):
        ref = head[5:]
        head = (_read(os.path.join(common, ref)) or _read(os.path.join(gitdir, ref))).decode(
            "utf-8", "replace").strip() or next(
            (line.split(" ")[0] for line in packed.splitlines() if line.endswith(" " + ref)), "")
    if not head:
        return None
    tags_folder = os.path.join(common, "refs", "tags")
    tags = [f"{os.path.relpath(p, tags_folder)}={_read(p).decode().strip()}"
            for p in _files(tags_folder)]
    return "|".join([head, packed, *tags])


def _stat(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


def _weasyprint_version_file() -> str:
    for folder in sys.path:
        candidate = os.path.join(folder or ".", "weasyprint", "__init__.py")
        if os.path.isfile(candidate):
            return candidate
    return ""


def state(root: str, extra: str) -> str | None:
    """Everything a build depends on, as one hash (see the module's text); None where git's
    files cannot be read plainly."""
    head = git_state(root)
    if head is None:
        return None
    digest = hashlib.sha256(f"{extra}\0{head}\0".encode())
    for path in _files(TOOL) + [_weasyprint_version_file()]:
        digest.update(f"{path}\0{_stat(path)}\0".encode())
    own = _files(os.path.join(root, "content")) + _files(os.path.join(root, "templates"))
    for path in [*own, os.path.join(root, "projekt.yaml")]:
        digest.update(os.path.relpath(path, root).encode() + b"\0")
        digest.update(hashlib.sha256(_read(path)).digest())
    return digest.hexdigest()


def _output(root: str) -> dict[str, str]:
    output = os.path.join(root, "output")
    return {os.path.relpath(p, output): _stat(p) for p in _files(output)}


def plain_extra(base_url: str | None = None, publication: bool = False) -> str:
    """What a build's settings add to its state (the same for the long way)."""
    return f"{base_url}|{publication}"


def unchanged(root: str, extra: str) -> bool:
    """Nothing to build: the state and output/ as the last complete build left them."""
    try:
        names = os.listdir(root)
        with open(os.path.join(root, STATE), encoding="utf-8") as file:
            kept = json.load(file)
    except (OSError, ValueError):
        return False
    if any(name.startswith(LEFTOVERS) for name in names):
        return False
    now = state(root, extra)
    return bool(now) and kept.get("state") == now and kept.get("output") == _output(root)


def remember(root: str, state_now: str) -> None:
    """After a complete build: the state it was built from, and output/ as it wrote it."""
    try:
        with open(os.path.join(root, STATE), "w", encoding="utf-8") as file:
            json.dump({"state": state_now, "output": _output(root)}, file)
    except OSError:
        pass  # without it the next command only takes the long way


def forget(root: str) -> None:
    try:
        os.remove(os.path.join(root, STATE))
    except OSError:
        pass
