"""The contents page's page numbers: given to the layout when the last layout knew them.

WeasyPrint fills in `target-counter(attr(href), page)` by laying the contents page out
again once the pages of its targets are known: three times over in WeasyPrint 70, about
3 % of the årsredovisning's PDF in instructions (docs/prestanda.md). Between two builds of a
document the headings rarely move to another page, so the numbers the last layout found are
written on the contents page's links as `data-sida`, which print.css shows with
`attr(data-sida)` instead: the contents page is laid out once. After the layout the page each
heading landed on is read from the document itself; if any number is wrong (a heading has
moved since), the document is laid out again the old way, and its numbers are kept for the
next build. The PDF is therefore the same bytes whichever way it was made, only sooner.

Two conditions keep a number written as text equal to what target-counter would show:
the stylesheets show `attr(data-sida)` (they say so by containing it) and leave the page
counter alone (no counter-reset, -increment or -set of `page`), so that the page counter
is the page's ordinal, which is what the check reads.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

ATTRIBUTE = "data-sida"
CACHE = ".finsam-cache/sidnummer.json"  # beside the build's record (finsam/incremental.py)
_PAGE_COUNTER = re.compile(r"counter-(?:reset|increment|set)\s*:[^;{}]*\bpage\b")

# Document key → the page each contents link's target was on in this process's last layout.
_KNOWN: dict[str, dict[str, int]] = {}


def known(key: str) -> dict[str, int] | None:
    return _KNOWN.get(key)


def remember(numbers: dict[str, dict[str, int]]) -> None:
    """Numbers from another process (an earlier build, a worker), as guesses for this one."""
    _KNOWN.update(numbers)


def forget() -> None:
    _KNOWN.clear()


def load(root: Path) -> dict[str, dict[str, int]]:
    """The numbers the project's last builds found; none if there is no readable record
    (they are only guesses: a wrong or missing one costs the layout it saves, nothing else)."""
    try:
        numbers = json.loads((root / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(numbers, dict):
        return {}
    return {key: pages for key, pages in numbers.items() if isinstance(pages, dict)
            and all(isinstance(page, int) for page in pages.values())}


def save(root: Path, numbers: dict[str, dict[str, int]]) -> None:
    """Kept with the project's other records, whole or not at all (written beside, then
    moved over the old file)."""
    path = root / CACHE
    try:
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({**load(root), **numbers}, indent=1, sort_keys=True),
                             encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # without the record the next build finds the numbers the slower way


def contents_links(root: Element) -> dict[str, list[Element]]:
    """The links of the contents (inside an element of class toc), by the anchor they name."""
    links: dict[str, list[Element]] = {}
    for element in root.iter():
        if "toc" in (element.get("class") or "").split():
            for link in element.iter("a"):
                href = link.get("href") or ""
                if href.startswith("#") and len(href) > 1 and link not in links.get(href[1:], []):
                    links.setdefault(href[1:], []).append(link)
    return links


def stylesheets_show_attribute(root: Element, base: Path) -> bool:
    """Whether the document's own stylesheets (inline and linked files) show the attribute
    and leave the page counter alone. A stylesheet that cannot be read here says no."""
    texts = []
    for element in root.iter():
        if element.tag == "style":
            texts.append("".join(element.itertext()))
        elif element.tag == "link" and "stylesheet" in (element.get("rel") or "").lower().split():
            href = urlsplit(element.get("href") or "")
            if href.scheme or href.netloc:
                return False
            try:
                texts.append((base / unquote(href.path)).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                return False
    css = "\n".join(texts)
    return f"attr({ATTRIBUTE})" in css and not _PAGE_COUNTER.search(css)


def anchor_pages(pages: list) -> dict[str, int]:
    """The page (counted from 1) on which each anchor of a laid-out document begins."""
    found: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def lay_out(root: Element, key: str, base: Path, render: Callable[[], object]):
    """`render()`'s document, with the contents' page numbers written in when they are
    known and still right, else laid out with target-counter; remembers the numbers."""
    links = contents_links(root)
    guess = _KNOWN.get(key)
    if links and guess and all(anchor in guess for anchor in links) \
            and stylesheets_show_attribute(root, base):
        for anchor, elements in links.items():
            for link in elements:
                link.set(ATTRIBUTE, str(guess[anchor]))
        document = render()
        found = anchor_pages(document.pages)
        if all(found.get(anchor) == guess[anchor] for anchor in links):
            return document
        for elements in links.values():  # a heading has moved: the numbers are not known
            for link in elements:
                del link.attrib[ATTRIBUTE]
    document = render()
    if links:
        found = anchor_pages(document.pages)
        _KNOWN[key] = {anchor: found[anchor] for anchor in links if anchor in found}
    return document
