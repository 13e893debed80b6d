"""projekt.yaml: the project's own settings for the tool, beside content/.

It records which version of the tool the project was made with (`finsam nytt-projekt` writes
it), so that a build with another major version installed can say what to do, and so that the
project's CI installs the version the project was made with. A project without the file (made
before the tool was installed as a package) builds as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..common.errors import BuildError, Problem
from .project import load_yaml, locate

SETTINGS = "projekt.yaml"
_VERSION = re.compile(r"\d+(\.\d+){0,2}")


@dataclass(frozen=True)
class ProjectSettings:
    path: Path
    tool_version: str | None  # the version of finsam the project was made with
    line: int | None = None
    # An adopted document is kept in arkiv/ and published from there (site/adoption.py). The
    # tool's own examples say false: they are built by each version of the tool, to show it.
    archive_adopted: bool = True

    def version_problems(self, installed: str = __version__) -> list[Problem]:
        """A warning when the installed tool is of another major version than the project's."""
        if self.tool_version is None or _major(self.tool_version) == _major(installed):
            return []
        newer = _major(installed) > _major(self.tool_version)
        return [Problem(
            f"Projektet är gjort med finsam {self.tool_version}, men den installerade versionen "
            f"är {installed}.", self.path, self.line,
            ("läs vad som ändrats i den nya versionen (docs/nytt-forbund.md, Uppgradera), gör "
             f"det som står där och skriv sedan 'verktyg: \"{installed}\"' här."
             if newer else
             f"installera den version projektet gjordes med: pipx install "
             f"\"finsam-rapport=={self.tool_version}\" (eller pip install).") )]


def _major(version: str) -> int:
    return int(version.split(".")[0])


def read_settings(root: Path) -> ProjectSettings | None:
    """The project's settings, or None for a project without projekt.yaml."""
    path = root / SETTINGS
    if not path.is_file():
        return None
    data = load_yaml(path) or {}
    version = data.get("verktyg") if isinstance(data, dict) else None
    archive = data.get("arkivera_faststallda", True) if isinstance(data, dict) else True
    line = locate(data, ("verktyg",))
    if not isinstance(data, dict) or set(data) - {"verktyg", "arkivera_faststallda"} or (
            version is not None and not _VERSION.fullmatch(str(version))) or (
            not isinstance(archive, bool)):
        raise BuildError(Problem(
            "projekt.yaml ska ha formen 'verktyg: \"0.2.0\"' (den version av finsam som "
            "projektet gjordes med), och kan ha 'arkivera_faststallda: true' eller false.",
            path, line or 1, f"skriv t.ex. verktyg: \"{__version__}\", eller ta bort filen."))
    return ProjectSettings(path, None if version is None else str(version), line, archive)
