"""Writes finsam/load/shipped_templates.json: every version of every template file the tool has
shipped, as SHA-256 by relative path, from git history (templates/ before the tool was a
package, finsam/templates/ since) and the working tree.

A project's file under templates/ that matches one of them is a copy of the tool's own, not the
förbund's change (finsam/load/templates.py). Run after changing a template, and commit the result:

    python scripts/template_history.py
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOLDERS = ("templates/", "finsam/templates/")
TARGET = REPO / "finsam" / "load" / "shipped_templates.json"


def git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True).stdout


def history() -> dict[str, set[str]]:
    versions: dict[str, set[str]] = {}
    blobs: dict[str, str] = {}  # blob id → sha256, each blob read once
    commits = git("log", "--format=%H", "--", *FOLDERS).decode().split()
    for commit in commits:
        for line in git("ls-tree", "-r", commit, "--", *FOLDERS).decode().splitlines():
            meta, path = line.split("\t", 1)
            blob = meta.split()[2]
            folder = next(f for f in FOLDERS if path.startswith(f))
            if blob not in blobs:
                blobs[blob] = hashlib.sha256(git("cat-file", "blob", blob)).hexdigest()
            versions.setdefault(path[len(folder):], set()).add(blobs[blob])
    current = REPO / "finsam" / "templates"
    for path in current.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(current).as_posix()
            versions.setdefault(relative, set()).add(hashlib.sha256(path.read_bytes()).hexdigest())
    return versions


if __name__ == "__main__":
    data = {path: sorted(hashes) for path, hashes in sorted(history().items())}
    TARGET.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(REPO)}: {len(data)} filer, "
          f"{sum(len(h) for h in data.values())} versioner")
