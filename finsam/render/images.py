"""Image files from content/ (section images, the logo): they must be what their name says.

A file is published on the website and embedded in the PDF as it is, so a YAML file named
logo.png, or an SVG carrying a script or fetching from the web, is refused with the reason.

An SVG is checked against an allow-list, not a list of bad things: every element, attribute
and CSS property must be one a still image needs, every reference must point inside the file
(#id, or an embedded raster image), and CSS values may call only harmless functions (so an
escape such as \\75 rl( is read as the url( it is, by tinycss2, and refused). Editors' own data
(Inkscape, Illustrator, RDF metadata) is inert in a browser and is let through as it is.
Refusing rather than rewriting keeps the web page's file and the PDF's the same, and tells
the author what to change instead of silently dropping part of a logo.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

import tinycss2

# The formats both WeasyPrint and browsers show, by extension, with their file signature.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
FORMATS = ", ".join(sorted({*SIGNATURES, ".svg"}))

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# Elements a still image is drawn with (SVG 1.1 and 2, without scripting, animation, links,
# foreign content, fonts or external resources).
SVG_ELEMENTS = frozenset("""
svg g defs symbol use switch title desc metadata style
path rect circle ellipse line polyline polygon text tspan textPath image
linearGradient radialGradient stop pattern clipPath mask marker
filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split())

# Elements that run code or show other documents: named as such in the message.
_RUNS_CODE = frozenset({"script", "foreignObject", "iframe", "embed", "object", "handler"})

# Presentation properties: SVG attributes and CSS properties alike.
PRESENTATION = frozenset("""
alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
color-interpolation-filters color-profile color-rendering direction display
dominant-baseline enable-background fill fill-opacity fill-rule filter flood-color
flood-opacity font font-family font-size font-size-adjust font-stretch font-style
font-variant font-weight glyph-orientation-horizontal glyph-orientation-vertical
image-rendering isolation kerning letter-spacing lighting-color line-height marker
marker-end marker-mid marker-start mask mask-type mix-blend-mode opacity overflow
paint-order shape-rendering solid-color solid-opacity stop-color stop-opacity stroke
stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit
stroke-opacity stroke-width text-align text-anchor text-decoration text-indent
text-orientation text-rendering text-transform transform transform-box transform-origin
unicode-bidi vector-effect visibility white-space word-spacing writing-mode inline-size
shape-inside shape-padding shape-margin
""".split())
# Families of CSS properties that only set how text and strokes look (Inkscape writes many).
_PROPERTY_PREFIXES = ("font-", "text-", "stroke-", "fill-", "marker-", "-inkscape-")

# Attributes of the allowed elements besides the presentation ones.
SVG_ATTRIBUTES = frozenset("""
id class style lang tabindex role aria-label aria-labelledby aria-describedby aria-hidden
version baseProfile viewBox preserveAspectRatio width height x y x1 y1 x2 y2 cx cy r rx ry
fx fy fr d points pathLength transform offset gradientUnits gradientTransform spreadMethod
patternUnits patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits
markerUnits markerWidth markerHeight refX refY orient filterUnits primitiveUnits
in in2 result stdDeviation dx dy mode operator k1 k2 k3 k4 values type tableValues slope
intercept amplitude exponent kernelMatrix order divisor bias targetX targetY edgeMode
kernelUnitLength preserveAlpha surfaceScale diffuseConstant specularConstant
specularExponent azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle scale
xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles radius
rotate textLength lengthAdjust startOffset method spacing side href
requiredFeatures requiredExtensions systemLanguage focusable
""".split())

# Editors' namespaces: their elements and attributes are data a browser ignores.
_INERT_NAMESPACES = (
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://ns.adobe.com/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
)

# CSS functions a still image's values may use: colours, arithmetic, transforms.
_CSS_FUNCTIONS = frozenset("""
rgb rgba hsl hsla hwb lab lch oklab oklch color calc min max clamp translate translatex
translatey rotate scale scalex scaley skew skewx skewy matrix
""".split())

_LOCAL_REFERENCE = re.compile(r"^#[^\s]*$")
_EMBEDDED_RASTER = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")


def image_problem(path: Path) -> str | None:
    """Why the file cannot be published as an image, or None when it can."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".svg":
        return svg_problem(data)
    if suffix not in SIGNATURES:
        return f"filformatet {suffix or '(utan ändelse)'} kan inte visas; använd {FORMATS}"
    if not data.startswith(SIGNATURES[suffix]) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        return f"filen är inte en {suffix[1:].upper()}-bild fast den heter så"
    return None


class _Refused(Exception):
    """The first thing in the SVG that is not on the allow-list, said in Swedish."""


def svg_problem(data: bytes) -> str | None:
    """Why an SVG cannot be published (the first thing not on the allow-list, with its line
    in the SVG file), or None."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return "SVG-filen har en DOCTYPE eller egna entiteter, som inte tillåts"
    checker = _SvgChecker()
    try:
        checker.parse(data)
    except _Refused as refused:
        return str(refused)
    except expat.ExpatError:
        return "filen är inte en SVG-bild fast den heter så (den går inte att läsa som XML)"
    if not checker.root_is_svg:
        return "filen är inte en SVG-bild fast den heter så"
    return None


class _SvgChecker:
    """Reads the SVG with expat (line numbers, namespaces, processing instructions) and
    stops at the first element, attribute or CSS that is not allowed."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.doctype
        self.root_is_svg: bool | None = None
        self.style_text: list[str] | None = None  # inside <style>

    def parse(self, data: bytes) -> None:
        self.parser.Parse(data, True)

    def refuse(self, reason: str) -> None:
        raise _Refused(f"{reason} (rad {self.parser.CurrentLineNumber} i SVG-filen)")

    def doctype(self, *_: object) -> None:
        raise _Refused("SVG-filen har en DOCTYPE eller egna entiteter, som inte tillåts")

    def instruction(self, target: str, _data: str) -> None:
        self.refuse(f"SVG-filen har instruktionen <?{target} …?>, som kan hämta en stilmall "
                    "utifrån")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, local = _split(name)
        if self.root_is_svg is None:
            self.root_is_svg = local == "svg" and namespace in ("", SVG)
        if _inert(namespace):
            return  # an editor's data (Inkscape, Illustrator, RDF): ignored by browsers
        if namespace not in ("", SVG):
            self.refuse(f"SVG-filen innehåller <{local}> ur namnrymden {namespace}, som inte "
                        "hör till en SVG-bild")
        if local in _RUNS_CODE:
            self.refuse(f"SVG-filen innehåller <{local}>, som kan köra kod på webbsidan")
        if local not in SVG_ELEMENTS:
            self.refuse(f"SVG-filen innehåller <{local}>, som inte hör till en stillbild i en "
                        "rapport (animering, länkar och inbäddat innehåll tillåts inte)")
        for attribute, value in attributes.items():
            self.check_attribute(local, attribute, value)
        if local == "style":
            self.style_text = []

    def check_attribute(self, element: str, name: str, value: str) -> None:
        namespace, local = _split(name)
        if _inert(namespace):
            return
        if local.lower().startswith("on"):
            self.refuse(f"SVG-filen har attributet {local}, som kör kod på webbsidan")
        if namespace == XLINK and local in ("href", "title"):
            pass
        elif namespace == XML and local in ("space", "lang"):
            pass
        elif namespace or (local not in SVG_ATTRIBUTES and local not in PRESENTATION):
            self.refuse(f"SVG-filen har attributet {local} på <{element}>, som inte hör till en "
                        "stillbild i en rapport")
        if local == "href":
            embedded = element in ("image", "feImage") and _EMBEDDED_RASTER.match(value.strip())
            if not (_LOCAL_REFERENCE.match(value.strip()) or embedded):
                self.refuse(f"SVG-filen hämtar '{value[:80]}' utifrån; bädda in allt i filen")
        elif local == "style":
            self.check_css(tinycss2.parse_declaration_list(value), "style-attribut")
        elif reason := _value_problem(tinycss2.parse_component_value_list(value)):
            self.refuse(f"SVG-filens attribut {local} {reason}")

    def text(self, data: str) -> None:
        if self.style_text is not None:
            self.style_text.append(data)

    def end(self, name: str) -> None:
        if self.style_text is not None and _split(name)[1] == "style":
            css = "".join(self.style_text)
            self.style_text = None
            for rule in tinycss2.parse_stylesheet(css, skip_comments=True,
                                                  skip_whitespace=True):
                if rule.type == "at-rule":
                    self.refuse(f"SVG-filens stilmall har @{rule.lower_at_keyword}, som inte "
                                "tillåts (den kan hämta något utifrån)")
                if rule.type == "error":
                    self.refuse("SVG-filens stilmall går inte att läsa")
                self.check_css(tinycss2.parse_declaration_list(rule.content), "stilmall")

    def check_css(self, declarations: list, where: str) -> None:
        for item in declarations:
            if item.type in ("whitespace", "comment", "literal"):  # ';' between declarations
                continue
            if item.type != "declaration":
                self.refuse(f"SVG-filens {where} har något som inte är en CSS-egenskap")
            name = item.lower_name
            if name not in PRESENTATION and not name.startswith(_PROPERTY_PREFIXES):
                self.refuse(f"SVG-filens {where} har egenskapen {name}, som inte hör till en "
                            "stillbild i en rapport")
            if reason := _value_problem(item.value):
                self.refuse(f"SVG-filens {where}: {name} {reason}")


def _value_problem(tokens: list) -> str | None:
    """Why a CSS value (or a presentation attribute's) is not allowed: it fetches something
    (url() to anything but #id, image-set(), an escape that spells either) or calls a
    function outside the harmless ones."""
    for token in tokens:
        if token.type == "url" and not _LOCAL_REFERENCE.match(token.value.strip()):
            return f"hämtar '{token.value[:80]}' utifrån (url())"
        if token.type == "function":
            if token.lower_name == "url":
                target = "".join(t.value for t in token.arguments if t.type == "string").strip()
                if not _LOCAL_REFERENCE.match(target):
                    return f"hämtar '{target[:80]}' utifrån (url())"
                continue
            if token.lower_name not in _CSS_FUNCTIONS:
                return f"använder {token.lower_name}(), som inte tillåts"
            if reason := _value_problem(token.arguments):
                return reason
        if token.type in ("() block", "[] block", "{} block"):
            if reason := _value_problem(token.content):
                return reason
    return None


def _split(name: str) -> tuple[str, str]:
    """expat's 'namespace}local' → (namespace, local); no namespace → ('', name)."""
    namespace, _, local = name.rpartition("}")
    return namespace, local


def _inert(namespace: str) -> bool:
    return bool(namespace) and namespace.startswith(_INERT_NAMESPACES)
