"""`finsam nytt-projekt MAPP --namn "Samordningsförbundet X"`: a new förbund's project.

The project holds only the förbund's own content and settings (the files under
nytt_projekt/, with the förbund's name and the years filled in): content/ with the profile and
the first year's årsredovisning, historik.yaml for the opening balance, projekt.yaml with the
tool's version, a .gitignore, a README for the förbund and CI recipes for GitHub and GitLab.
Nothing of the tool's templates is copied: they come with the installed tool. The project
builds at once, as a draft that says what is still to fill in (every "FYLL I").

All or nothing: the files are written beside the target and moved in at the end.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from .. import __version__
from ..common.errors import BuildError, Problem

SKELETON = Path(__file__).resolve().parent / "nytt_projekt"
# Files whose name in the project differs from their name here (a leading dot would hide them
# from the package's file list).
RENAMED = {"gitignore": ".gitignore", "github-workflow.yml": ".github/workflows/finsam.yml",
           "gitlab-ci.yml": ".gitlab-ci.yml"}


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise BuildError(Problem(f"{target} är en fil, inte en mapp.", None, None,
                                 "välj ett namn på en ny mapp."), usage=True)
    if target.is_dir() and any(target.iterdir()):
        raise BuildError(Problem(
            f"Mappen {target} finns redan och är inte tom; inget skrivs över.", None, None,
            "välj en ny mapp (den skapas), eller töm den först."), usage=True)


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or any(c in name for c in "\"\\{}[]#:") or len(name) > 120:
        raise BuildError(Problem(
            f"Namnet '{name}' går inte att använda som förbundets namn.", None, None,
            'skriv namnet utan citattecken, kolon och klamrar, t.ex. '
            '--namn "Samordningsförbundet Norra Dalarna".'), usage=True)
    return name


def _fill(text: str, name: str, year: int) -> str:
    values = {"NAMN": name, "AR": str(year), "FORRA": str(year - 1), "FORRA2": str(year - 2),
              "NASTA": str(year + 1), "VERSION": __version__}
    return re.sub(r"@@([A-Z0-9]+)@@", lambda m: values[m.group(1)], text)


def project_files(name: str, year: int) -> dict[str, str]:
    """The new project's files by relative path, with the name and years filled in."""
    files = {}
    for path in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        relative = path.relative_to(SKELETON).as_posix()
        if "__pycache__" in relative:
            continue
        relative = RENAMED.get(relative, relative)
        relative = re.sub(r"(^|/)AR(/|$)", rf"\g<1>{year}\g<2>", relative)
        files[relative] = _fill(path.read_text(encoding="utf-8"), name, year)
    return files


def create_project(target: Path, name: str, year: int) -> list[Path]:
    """Write the project into `target` (new or empty); the files created."""
    if not 1990 <= year <= 2100:
        raise BuildError(Problem(f"{year} är inget rimligt år för en årsredovisning.", None,
                                 None, "ange året med fyra siffror, t.ex. --ar 2026."),
                         usage=True)
    name = _check_name(name)
    _check_target(target)
    files = project_files(name, year)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".nytt-projekt-", dir=target.parent))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        if target.is_dir():
            target.rmdir()  # empty, checked above
        staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(Problem(f"Projektet kunde inte skrivas: {error.strerror}.", target,
                                 None, "kontrollera att mappen får skrivas och att disken "
                                       "inte är full.")) from None
    return [target / relative for relative in files]
