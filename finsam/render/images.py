"""Image files from content/ (section images, the logo): they must be what their name says.

A file is published on the website and embedded in the PDF as it is, so a YAML file named
logo.png, or an SVG carrying a script or fetching from the web, is refused with the reason.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

# The formats both WeasyPrint and browsers show, by extension, with their file signature.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
FORMATS = ", ".join(sorted({*SIGNATURES, ".svg"}))

# What an SVG may not hold: it would run on the web page, or fetch from elsewhere.
_SVG_FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object"}
_LOCAL_REFERENCE = re.compile(r"^(#|data:image/(png|jpeg|gif|webp);base64,)")


def image_problem(path: Path) -> str | None:
    """Why the file cannot be published as an image, or None when it can."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".svg":
        return _svg_problem(data)
    if suffix not in SIGNATURES:
        return f"filformatet {suffix or '(utan ändelse)'} kan inte visas; använd {FORMATS}"
    if not data.startswith(SIGNATURES[suffix]) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        return f"filen är inte en {suffix[1:].upper()}-bild fast den heter så"
    return None


def _svg_problem(data: bytes) -> str | None:
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return "SVG-filen har en DOCTYPE eller egna entiteter, som inte tillåts"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return "filen är inte en SVG-bild fast den heter så (den går inte att läsa som XML)"
    if _local(root.tag) != "svg":
        return "filen är inte en SVG-bild fast den heter så"
    for element in root.iter():
        name = _local(element.tag)
        if name in _SVG_FORBIDDEN_ELEMENTS:
            return f"SVG-filen innehåller <{name}>, som kan köra kod på webbsidan"
        for attribute, value in element.attrib.items():
            attribute = _local(attribute)
            if attribute.lower().startswith("on"):
                return f"SVG-filen har attributet {attribute}, som kör kod på webbsidan"
            if attribute == "href" and not _LOCAL_REFERENCE.match(value.strip()):
                return f"SVG-filen hämtar '{value}' utifrån; bädda in allt i filen"
        if name == "style" and re.search(r"url\(\s*['\"]?(?!#)|@import", element.text or ""):
            return "SVG-filens stilmall hämtar något utifrån (url() eller @import)"
    return None


def _local(tag: str) -> str:
    """An XML name without its namespace: '{http://www.w3.org/2000/svg}svg' → 'svg'."""
    return tag.rsplit("}", 1)[-1]
