"""The images of the förbund's profile (forbund.yaml tema: logotyp, omslagsbild): checked
to be images in content/, and how the print HTML, the web page and the site refer to them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..common.errors import BuildError, Problem
from ..model.project import Project
from .images import image_problem


@dataclass(frozen=True)
class ProfileImage:
    """An image of the profile (the logo, the cover image): a file URL for WeasyPrint, an
    asset path for the web page, and its text for those who do not see it."""

    file: Path | None = None
    text: str = ""

    @property
    def print(self) -> str:
        return self.file.as_uri() if self.file else ""

    @property
    def web(self) -> str:
        return f"../../assets/{self.file.name}" if self.file else ""

    def files(self) -> dict[str, bytes]:
        """The image as a file of the site, by its path under output/."""
        return {f"assets/{self.file.name}": self.file.read_bytes()} if self.file else {}


# What each image of the profile is called in messages, by its field under tema:.
PROFILE_IMAGES = {"logotyp": "Logotypen", "omslagsbild": "Omslagsbilden"}


def profile_image(project: Project, field: str, text: str = "") -> ProfileImage:
    """The file named under tema: <field>, which must be an image in content/."""
    name = getattr(project.forbund.tema, field)
    if not name:
        return ProfileImage()
    content = (project.root / "content").resolve()
    profile = project.root / "content/forbund.yaml"
    what = PROFILE_IMAGES[field]
    try:
        path = (content / name).resolve()
        found = path.is_file() and content in path.parents
    except (OSError, ValueError):  # a name too long for the file system, or with \0
        found = False
    if not found:
        raise BuildError(Problem(
            f"{what} '{name}' finns inte i content/.", profile,
            project.profile_line("tema", field),
            "lägg bildfilen (SVG eller PNG) i content/ och skriv dess namn under "
            f"tema: {field}, eller ta bort raden."))
    if (problem := image_problem(path)) is not None:
        raise BuildError(Problem(f"{what} '{name}' kan inte användas: {problem}.", profile,
                                 project.profile_line("tema", field),
                                 f"spara {what.lower()} på nytt som SVG eller PNG."))
    return ProfileImage(path, text)


def find_logo(project: Project) -> ProfileImage:
    return profile_image(project, "logotyp", project.forbund.namn)


def find_cover(project: Project) -> tuple[ProfileImage, list[Problem]]:
    """The cover image (tema: omslagsbild), and a warning if it has no text (omslagsbild_text)
    for those who do not see it: it is then shown as decoration, read by no screen reader."""
    tema = project.forbund.tema
    cover = profile_image(project, "omslagsbild", tema.omslagsbild_text.strip())
    if cover.file is None or cover.text:
        return cover, []
    return cover, [Problem(
        f"Omslagsbilden '{tema.omslagsbild}' saknar text.", project.root / "content/forbund.yaml",
        project.profile_line("tema", "omslagsbild"),
        "skriv vad bilden visar under tema: omslagsbild_text, t.ex. 'Människor i samtal "
        "runt ett bord'.")]
