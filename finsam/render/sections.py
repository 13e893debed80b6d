"""Stage 4, render: a section (Jinja first, then Markdown) → HTML with its headings.

Each section is a Jinja template so narrative can cite figures (narrative.py); an undefined
name is an error with the .md file and line, never an empty string. A line holding only
[[name]] places a named table or block (markdown.py); the section asks `place` for its HTML
and puts it in after the author's HTML is cleaned. The section's images are files in the
document's folder, checked here.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..common.errors import BuildError, Problem
from ..load.project import SourceText
from .images import image_problem
from .markdown import (
    MAX_NESTING,
    markdown_parser,
    nesting_depth,
    paged_footnotes,
    sanitize,
    slug,
    source_line,
    stray_placements,
    typeset_author_tables,
)
from .narrative import expand_template, render_narrative
from .suggestions import suggest


@dataclass(frozen=True)
class Heading:
    level: int  # the HTML level: '#' is h2, and no level is skipped (WCAG 1.3.1)
    text: str
    anchor: str
    depth: int  # the author's '#' count: it sets the look and the PDF's contents list


@dataclass
class Outline:
    """The document's headings so far, across sections: anchors taken, last level."""

    anchors: set[str] = field(default_factory=set)
    last_level: int = 1  # the page's h1

    def add(self, depth: int, title: str) -> Heading:
        # '### Organisation' straight under '# Förvaltningsberättelse' is the next level
        # down for a screen reader, but still looks like the author's '###' (class md3).
        level = min(depth + 1, self.last_level + 1, 6)
        self.last_level = level
        return Heading(level, title, slug(title, self.anchors), depth)


@dataclass(frozen=True)
class RenderedSection:
    source: Path
    html: str
    headings: list[Heading]
    images: dict[str, Path] = field(default_factory=dict)  # src as written → the file
    warnings: list[Problem] = field(default_factory=list)

    @property
    def print_html(self) -> str:
        """The same section for paged media: footnotes at the foot of the page, and images
        by file address (WeasyPrint reads them from content/, not from output/)."""
        html = paged_footnotes(self.html)
        for src, path in self.images.items():
            html = html.replace(f'src="{escape(src)}"', f'src="{path.as_uri()}"')
        return html

    @property
    def fil(self) -> str:
        """The section's file as the förbund knows it, from the project folder (content/…md):
        the print HTML carries it on the section's wrapper (data-fil), so that the layout
        check (finsam/pdf/layoutcheck.py) can name the file a page's finding comes from."""
        parts = self.source.parts
        if "content" not in parts:
            return self.source.name
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("content"):])

    @property
    def starts_chapter(self) -> bool:
        """A section opening with '#' is a chapter: a new page in print."""
        return bool(self.headings) and self.headings[0].depth == 1

    @property
    def is_short_chapter(self) -> bool:
        """A chapter of a few lines of text only (a sentence on the principles of accounting):
        in print the chapter after it follows on its page, instead of leaving it alone on one.
        Signatures stay on their own page, as the board and the auditors sign them."""
        if not self.starts_chapter or len(self.headings) > 1:
            return False
        if any(mark in self.html for mark in SHORT_CHAPTER_EXCLUDES):
            return False
        return len(_plain_text(self.html)) <= SHORT_CHAPTER_CHARACTERS


CHAPTER_NUMBER = re.compile(r"(\d+)\.\s")


def chapter_number_problems(sections: list[RenderedSection]) -> list[Problem]:
    """Chapters numbered by hand ('# 3. Balansräkning') that repeat or skip a number: a
    section added, moved or copied from last year without renumbering the rest."""
    problems: list[Problem] = []
    previous: tuple[int, str] | None = None
    for section in sections:
        for heading in section.headings:
            number = CHAPTER_NUMBER.match(heading.text) if heading.depth == 1 else None
            if number is None:
                continue
            current = int(number.group(1))
            if previous is not None and current != previous[0] + 1:
                problems.append(Problem(
                    f"Kapitlet '{heading.text}' har nummer {current} efter '{previous[1]}'.",
                    section.source, _heading_line(section.source, heading.text),
                    f"numrera kapitlen i ordning: det här bör ha nummer {previous[0] + 1} "
                    "(och de efter det ett mer var)."))
            previous = (current, heading.text)
    return problems


def _heading_line(source: Path, title: str) -> int | None:
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1)
                 if line.startswith("#") and line.lstrip("#").strip() == title), None)


# About four lines of body text: a chapter this short would be a page with a sentence on it.
SHORT_CHAPTER_CHARACTERS = 400
SHORT_CHAPTER_EXCLUDES = ("<table", "<figure", "<img", "<svg", "signature", "<ul", "<ol")


def _plain_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


# Each image is a file read and a line looked up: no report has anywhere near this many in
# one section (the examples have none, a published one a handful in all).
MAX_IMAGES = 200


def render_fragment(text: str, context: dict[str, Any], path: Path, line: int) -> str:
    """A piece of narrative kept in YAML (a goal's follow-up): Jinja, then Markdown."""
    expanded = expand_template(text, context, path, line)
    env = {"place": lambda name, line, heading: _refuse_placement(name, path, line)}
    return sanitize(markdown_parser().render(expanded, env))


def _refuse_placement(name: str, path: Path, line: int) -> str:
    raise BuildError(Problem(f"En tabell ([[{name}]]) kan inte placeras i en text i YAML.",
                             path, line, "placera tabellen i ett avsnitt (.md) i stället."))


def render_section(section: SourceText, context: dict[str, Any],
                   place: Callable[[str, str], str], outline: Outline,
                   placeable: list[str]) -> RenderedSection:
    """Jinja, then Markdown; '#' becomes h2 since the document title is the page's h1."""
    text = render_narrative(section, context)
    md = markdown_parser()
    unknown: list[Problem] = []
    placed: list[str] = []
    # Where a table goes, until the author's HTML is cleaned: a mark with a number drawn for
    # this section, so that no text an author types can pass for it (and place a table
    # twice, or one that does not exist).
    secret = secrets.token_hex(8)
    marker = "\ue000placering-" + secret + "-{}\ue000"
    marker_pattern = re.compile("\ue000placering-" + secret + r"-(\d+)\ue000")

    def place_at(name: str, line: int, heading: str) -> str:
        # Asked by name, not by catching KeyError: a KeyError inside a table's own code is
        # a fault of that code, not an unknown name.
        if name not in placeable:
            unknown.append(Problem(
                f"Det finns ingen tabell som heter '{name}'.", section.path,
                source_line(section.text, f"[[{name}]]", line),
                suggest(name, placeable),
            ))
            return ""
        placed.append(place(name, heading))
        return marker.format(len(placed) - 1)

    # docId keeps footnote ids unique across sections: fn-<section>-1.
    env = {"place": place_at, "docId": section.path.stem}
    tokens = md.parse(text, env)
    headings: list[Heading] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = outline.add(int(token.tag[1]), tokens[i + 1].content)
            token.tag = tokens[i + 2].tag = f"h{heading.level}"
            token.attrSet("id", heading.anchor)
            token.attrSet("class", f"md{heading.depth}")
            headings.append(heading)
    unknown += stray_placements(tokens, section, placeable)
    html = sanitize(md.renderer.render(tokens, md.options, env))
    if unknown:
        raise BuildError(unknown)
    if nesting_depth(html) > MAX_NESTING:
        raise BuildError(_nesting_problem(section, text))
    if html.count("<img") > MAX_IMAGES:
        raise BuildError(Problem(
            f"Avsnittet har {html.count('<img')} bilder; ett avsnitt får ha högst {MAX_IMAGES}.",
            section.path, None, "dela upp bilderna på flera avsnitt."))
    images, warnings = _images(html, section)  # the author's images, not the tables'
    html = typeset_author_tables(html, section.path.stem)
    html = marker_pattern.sub(lambda m: placed[int(m.group(1))], html)
    return RenderedSection(section.path, html, headings, images, warnings)


def _nesting_problem(section: SourceText, expanded: str) -> Problem:
    position = nesting_depth(expanded, stop_at=MAX_NESTING)
    line = expanded.count("\n", 0, position) + 1 if position >= 0 else None
    return Problem(
        f"HTML-koden i avsnittet är nästlad mer än {MAX_NESTING} nivåer djupt (element i "
        "element); så djupt kan PDF:en inte sättas.", section.path, line,
        "ta bort de inre <div>, <table> eller listorna; en rapports text behöver sällan mer "
        "än några nivåer.")


class _ImageTags(HTMLParser):
    """Every <img> of a section's HTML, Markdown images and the author's own HTML alike."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (src, alt)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            self.found.append((values.get("src") or "", values.get("alt") or ""))


def _images(html: str, section: SourceText) -> tuple[dict[str, Path], list[Problem]]:
    """Every image: a file in the document's folder, of the kind its name says; alt text is
    asked for. Nothing is fetched from the web or from elsewhere on the computer.

    The web page keeps the address as written (the file is copied beside the page); the
    PDF gets the file's own address.
    """
    folder = section.path.parent.resolve()
    images: dict[str, Path] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    tags = _ImageTags()
    tags.feed(html)
    without_src = iter(_lines_of_images_without_src(section.text))
    folder_shown = _in_content(section.path.parent)
    for src, alt in tags.found:
        where = f"lägg bildfilen i {folder_shown}/ (eller en undermapp) "
        if not src.strip():
            problems.append(Problem(
                "En bild saknar bildfilens namn (src i <img>, eller inom ( ) i ![…]( )).",
                section.path, next(without_src, None),
                where + "och skriv dess namn: <img src=\"bild.png\" alt=\"…\"> eller "
                "![Beskrivning](bild.png)."))
            continue
        line = source_line(section.text, src.replace(" ", ""), 1)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith(("/", "\\")):
            problems.append(Problem(
                f"Bilden '{src}' ligger inte i dokumentets mapp; bilder hämtas aldrig från "
                "nätet eller från andra mappar på datorn.", section.path, line,
                where + "och skriv bara dess namn, t.ex. ![Beskrivning](bild.png)."))
            continue
        try:
            path = (folder / src).resolve()
            found = folder in path.parents and path.is_file()
        except (OSError, ValueError):  # a name too long for the file system, or with \0
            found = False
        if not found:
            problems.append(Problem(
                f"Bilden '{src}' finns inte i dokumentets mapp.", section.path, line,
                where + "och skriv namnet precis som filen heter."))
            continue
        if (problem := image_problem(path)) is not None:
            problems.append(Problem(f"Bilden '{src}' kan inte användas: {problem}.",
                                    section.path, line, "spara bilden på nytt i rätt format."))
            continue
        images[src] = path
        if not alt.strip():
            warnings.append(Problem(
                f"Bilden '{src}' saknar alternativtext.", section.path, line,
                "skriv vad bilden visar mellan hakparenteserna: ![Så här …](bild.png). "
                "Det läses upp för den som inte ser bilden (WCAG 1.1.1)."))
    if problems:
        raise BuildError(problems)
    return images, warnings


_IMAGE_WITHOUT_SRC = re.compile(
    r"""<img\b(?![^>]*\bsrc\s*=\s*(?:"[^"\s]|'[^'\s]|[^"'\s>]))[^>]*>|!\[[^\]]*\]\(\s*\)""",
    re.I)


def _lines_of_images_without_src(text: str) -> list[int]:
    """The lines, in order, of the images written with no file name: <img alt="…"> or ![…]()."""
    return [text.count("\n", 0, match.start()) + 1 for match in _IMAGE_WITHOUT_SRC.finditer(text)]


def _in_content(folder: Path) -> str:
    """A folder as the author sees it: content/2022/arsredovisning, not the full path."""
    parts = folder.parts
    if "content" in parts:
        return Path(*parts[len(parts) - 1 - parts[::-1].index("content"):]).as_posix()
    return folder.name
