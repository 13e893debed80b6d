"""An adopted document never changes: what the board adopted is published byte for byte.

A document is adopted (fastställd) in the git commit where its dokument.yaml first says
`status: fastställd` (and has said so in every commit since). The first build after that
commit lays it out as of that commit, with a version line naming it, and keeps the published
files in arkiv/<år>/<dokument>/ in the project, with a record (faststallt.json) of the commit
and of the document's own inputs (site/../model/dependencies.py). Every later build publishes
those files as they are, whatever else changes in the project or in the tool; the förbund
commits arkiv/ so that every clone (the CI's too) publishes the same bytes.

A change to the document's own inputs after adoption is an error, unless it is declared as a
correction (`rattelser:` in dokument.yaml, with date and description): once committed, the
document is laid out again with its corrections shown and kept again in arkiv/. Set back to
utkast, it is an ordinary draft again (and arkiv/ keeps the adopted copy until it is removed).
Outside git nothing can be adopted this way: the document is built as any other.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..common.errors import Problem

ARCHIVE = "arkiv"
RECORD = "faststallt.json"
# Keys of an own YAML file that do not change what the adopted document shows: the status
# and the corrections of the manifest (declared for the purpose), and a budget's revisions
# during the year (the plan shows the budget as decided; the årsredovisning the revision).
IGNORED_KEYS = {"dokument.yaml": ("status", "rattelser", "publiceras"),
                "budget.yaml": ("revideringar",)}


@dataclass(frozen=True)
class Adoption:
    key: str  # '2022/arsredovisning'
    commit: str  # the full id of the commit that adopted it
    corrections: int  # corrections declared in the last committed manifest
    head: str = ""  # the last commit of the manifest (where the last correction was declared)


@dataclass(frozen=True)
class FrozenCopy:
    key: str
    record: dict[str, Any]
    files: dict[str, bytes]  # path under output/ → the adopted bytes


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def _status_and_corrections(text: str) -> tuple[str | None, int]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None, 0
    if not isinstance(data, dict):
        return None, 0
    corrections = data.get("rattelser")
    return data.get("status"), len(corrections) if isinstance(corrections, list) else 0


def shallow_clone_problem(root: Path, manifest: Path) -> Problem | None:
    """A clone without its history (a CI's default) cannot tell which commit adopted a
    document: building from it would re-date, or republish changed, adopted documents."""
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "true":
        return None
    return Problem(
        "Projektet är en kopia utan git-historiken (en grund klon), så verktyget kan inte se "
        "vilken incheckning som fastställde dokumentet.", manifest, None,
        "hämta hela historiken: git fetch --unshallow; i GitHub Actions 'fetch-depth: 0' "
        "under actions/checkout, i GitLab CI variabeln GIT_DEPTH: 0 (så står det i "
        "CI-flödena som finsam nytt-projekt skriver).")


def find_adoption(root: Path, key: str, manifest: Path) -> Adoption | None:
    """The commit that adopted the document, if its committed manifest says fastställd."""
    relative = manifest.relative_to(root).as_posix()
    log = _git(root, "log", "--format=%H", "--", relative)
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    if not log:
        return None
    adopted, corrections = None, None
    commits = log.split()
    for commit in commits:
        text = _git(root, "show", f"{commit}:{prefix}{relative}")
        status, count = _status_and_corrections(text or "")
        if corrections is None:
            corrections = count  # the newest committed manifest's
        if status != "fastställd":
            break
        adopted = commit
    return Adoption(key, adopted, corrections or 0, commits[0]) if adopted else None


def _canonical(path: Path, data: bytes) -> bytes:
    """A file's content as it matters for the document: YAML as its data, without the keys
    that do not change what the document shows (IGNORED_KEYS); other files as bytes."""
    if path.suffix != ".yaml":
        return data
    try:
        parsed = yaml.safe_load(data)
    except yaml.YAMLError:
        return data
    if isinstance(parsed, dict):
        for ignored in IGNORED_KEYS.get(path.name, ()):
            parsed.pop(ignored, None)
    return json.dumps(parsed, sort_keys=True, default=str, ensure_ascii=False).encode()


def own_fingerprint(root: Path, files: tuple[Path, ...],
                    contents: dict[Path, bytes | None] | None = None) -> str:
    """The document's own inputs as they matter for it: in the working tree, or as given
    (`contents`: each file's bytes at a commit, None where it did not exist)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        data = path.read_bytes() if contents is None else contents.get(path)
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(b"-" if data is None else hashlib.sha256(_canonical(path, data)).digest())
    return digest.hexdigest()


def changed_files(files: tuple[Path, ...], contents: dict[Path, bytes | None]) -> list[Path]:
    """The files whose content, as it matters for the document, differs from `contents`."""
    def now(path: Path) -> bytes | None:
        return _canonical(path, path.read_bytes()) if path.is_file() else None

    def then(path: Path) -> bytes | None:
        data = contents.get(path)
        return None if data is None else _canonical(path, data)
    return [path for path in files if now(path) != then(path)]


def contents_at(root: Path, commit: str, files: tuple[Path, ...]) -> dict[Path, bytes | None]:
    """Each file's bytes at `commit` (None where it did not exist), in one git process."""
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    names = [f"{commit}:{prefix}{p.relative_to(root).as_posix()}" for p in files]
    try:
        result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"],
                                input="\n".join(names).encode() + b"\n", capture_output=True,
                                timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    out, position, found = result.stdout, 0, {}
    for path in files:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 2 and header[1] == b"missing":
            found[path] = None
            continue
        size = int(header[2])
        found[path] = out[position:position + size]
        position += size + 1
    return found


def corrections_in(path: Path) -> int:
    """How many corrections the manifest in the working tree declares."""
    try:
        return _status_and_corrections(path.read_text(encoding="utf-8"))[1]
    except OSError:
        return 0


def frozen_copy(root: Path, key: str) -> FrozenCopy | None:
    folder = root / ARCHIVE / key
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        files = {f"{key}/{p.relative_to(folder).as_posix()}": p.read_bytes()
                 for p in sorted(folder.rglob("*")) if p.is_file() and p.name != RECORD}
    except (OSError, ValueError):
        return None
    return FrozenCopy(key, record, files)


def keep(root: Path, key: str, files: dict[str, bytes], record: dict[str, Any]) -> Path:
    """Write the adopted document's published files to arkiv/<key>/ (replacing an earlier
    copy), with its record."""
    folder = root / ARCHIVE / key
    if folder.exists():
        for old in sorted(folder.rglob("*"), reverse=True):
            old.unlink() if old.is_file() else old.rmdir()
    for path, data in files.items():
        target = folder / path.removeprefix(key + "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False)
                                 + "\n", encoding="utf-8")
    return folder


def changed_since(root: Path, commit: str, files: tuple[Path, ...]) -> bool:
    """Whether any of `files` differs between `commit` and the working tree."""
    relative = [p.relative_to(root).as_posix() for p in files]
    try:
        result = subprocess.run(["git", "-C", str(root), "diff", "--quiet", commit, "--",
                                 *relative], capture_output=True, timeout=30)
        untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", *relative)
    except (OSError, subprocess.TimeoutExpired):
        return True
    return result.returncode != 0 or bool((untracked or "").strip())


def changed_own_inputs(adoption: Adoption, manifest: Path, title: str, line: int | None,
                       changed: list[str]) -> Problem:
    shown = " ".join(changed)
    return Problem(
        f"{title} är fastställd (i version {adoption.commit[:7]}), men dess underlag har "
        f"ändrats sedan dess ({', '.join(changed)}); det fastställda dokumentet publiceras "
        "inte om med nya siffror eller ny text.", manifest, line,
        f"ångra ändringen (git checkout -- {shown}), eller, om det fastställda dokumentet ska "
        "rättas, lägg till en rättelse i dokument.yaml (rattelser: - {datum: ÅÅÅÅ-MM-DD, "
        "beskrivning: vad som rättats}) och checka in den; eller sätt status: utkast om "
        "dokumentet ska arbetas om och fastställas på nytt.")
