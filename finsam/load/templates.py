"""The page templates, stylesheets and fonts: the tool's own, and the few a project overrides.

The tool carries every template it needs (finsam/templates/). A project's templates/ holds only
the files it changes, at the same relative path: its own cover (arsredovisning/cover.html), or
its own additions to the stylesheets (style/forbund-print.css, style/forbund-web.css, shipped
empty). A file there that is byte for byte a version the tool has shipped (a project made by
copying the whole folder, as projects once were) only hides the tool's current file: it is not
used, and the build says it can be deleted, so that the tool's later improvements reach the
project. SHIPPED lists every version of every template file the tool has had
(scripts/template_history.py writes it from git).
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..common.errors import Problem
from .folders import files_below, read_if_present

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SHIPPED = Path(__file__).resolve().parent / "shipped_templates.json"
# The tool's stylesheets: a project adds to them (style/forbund-print.css, -web.css) rather
# than replace them, or it would not get the tool's later improvements.
MAIN_STYLESHEETS = ("style/print.css", "style/web.css")


@functools.lru_cache(maxsize=1)
def shipped_versions() -> dict[str, frozenset[str]]:
    """Relative path → the SHA-256 of every version of that file the tool has shipped."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return {path: frozenset(hashes) for path, hashes in data.items()}


@dataclass(frozen=True)
class TemplateFolders:
    """Where each template file comes from: the project's own version where it has one that
    is its own (not a shipped copy), otherwise the tool's."""

    package: Path  # the tool's templates
    own: tuple[tuple[str, Path], ...]  # relative path → the project's own file
    shadowing: tuple[str, ...] = ()  # the project's files that are copies of shipped versions
    project_folder: Path | None = None  # the project's templates/, when it has one

    @property
    def overrides(self) -> dict[str, Path]:
        return dict(self.own)

    def path(self, relative: str) -> Path:
        """The file to use for a relative path such as 'style/print.css'."""
        return self.overrides.get(relative) or self.package / relative

    def read_text(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def read_bytes(self, relative: str) -> bytes:
        return self.path(relative).read_bytes()

    def used_files(self) -> list[tuple[str, Path]]:
        """Every template file the build may read, by relative path (for fingerprints)."""
        relatives = {p.relative_to(self.package).as_posix() for p in self.package.rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts}
        return [(r, self.path(r)) for r in sorted(relatives | set(self.overrides))]

    def shadowing_problems(self) -> list[Problem]:
        """Warnings for the project's template files that keep the tool's improvements out:
        copies of the tool's own (unused), and its own versions of the tool's stylesheets."""
        return self._copies() + self._own_stylesheets()

    def _own_stylesheets(self) -> list[Problem]:
        return [Problem(
            f"Projektets templates/{name} ersätter verktygets egen {name.split('/')[-1]}, så "
            "verktygets "
            "förbättringar av utseendet når inte projektet.", self.overrides[name], None,
            f"lägg förbundets egna regler i templates/style/forbund-{name.split('/')[-1]} "
            "(den läses efter verktygets) och ta bort den här filen.")
            for name in MAIN_STYLESHEETS if name in self.overrides]

    def _copies(self) -> list[Problem]:
        if not self.shadowing:
            return []
        shown = ", ".join(self.shadowing[:6]) + (" …" if len(self.shadowing) > 6 else "")
        count = len(self.shadowing)
        files = "1 fil" if count == 1 else f"{count} filer"
        return [Problem(
            f"{files} i projektets templates/ är oförändrade kopior av verktygets egna "
            f"({shown}) och används inte: verktygets nuvarande versioner används i stället.",
            self.project_folder, None,
            "ta bort filerna ur templates/ (och mappen, om den blir tom); behåll bara de "
            "filer förbundet själv har ändrat. Se docs/nytt-forbund.md.")]


def template_folders(project_root: Path | None) -> TemplateFolders:
    """The tool's templates, with the project's own files laid over them."""
    folder = project_root / "templates" if project_root is not None else None
    if folder is None or not folder.is_dir():
        return TemplateFolders(PACKAGE_TEMPLATES, ())
    shipped = shipped_versions()
    overrides, shadowing = {}, []
    for path in files_below(folder):
        relative = PurePosixPath(path.relative_to(folder).as_posix()).as_posix()
        if path.name.startswith("."):
            continue
        try:
            data = read_if_present(path)
        except OSError:
            data = b""  # not a shipped copy then; reading it for the build says what is wrong
        if data is None:
            continue  # vanished while the folder was read (an editor saving)
        if hashlib.sha256(data).hexdigest() in shipped.get(relative, frozenset()):
            shadowing.append(relative)
        else:
            overrides[relative] = path
    return TemplateFolders(PACKAGE_TEMPLATES, tuple(overrides.items()), tuple(shadowing),
                           folder)
