"""The print HTML as the element tree WeasyPrint lays out, parsed in C when that is safe.

WeasyPrint parses its HTML with tinyhtml5, an HTML5 parser in pure Python: about 0,1 s of
the årsredovisning's one-second PDF. Lexbor (through selectolax) is an HTML5 parser in C,
3 ms for the same page. Both follow the HTML standard, but not always the same edition of
it: where markup is broken (a stray end tag, a row outside its table, HTML inside SVG) the
standard repairs it, and the two repair some things differently. So Lexbor reads only markup
that says its own tree: every element closed by its own end tag, in order, and nothing
placed where the standard would move it (a block inside a paragraph, a heading inside a
heading, a link inside a link, a row outside a table, text between a table's rows). That is
what the tool writes (its templates, markdown-it and nh3's clean HTML); anything else, and
what the conversion does not model (MathML, <template>, <noscript>, forms' <select>), is
read by tinyhtml5 as before. tests/test_html_tree.py compares the two parsers' trees on
every document of both examples, on the standard's hard cases and on random documents.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree.ElementTree import Comment, Element

import cssselect2
import tinyhtml5
from selectolax.lexbor import LexborHTMLParser, LexborNode
from tinyhtml5.constants import (
    adjust_foreign_attributes,
    heading_elements,
    namespaces,
    special_elements,
    void_elements,
)
from weasyprint import HTML
from weasyprint.urls import URLFetcher, ensure_url

SVG = "{http://www.w3.org/2000/svg}"
# In SVG these hold HTML (as written, lower case): an element inside them is not modelled.
_SVG_HOLDS_HTML = {"foreignobject", "desc", "title"}
# Left to tinyhtml5 (see the module's docstring), with elements the standard treats oddly.
_NOT_MODELLED = {"math", "template", "noscript", "select", "option", "optgroup", "datalist",
                 "xmp", "iframe", "noembed", "noframes", "plaintext", "frameset", "frame",
                 "image", "isindex", "keygen", "rb", "rp", "rt", "rtc"}
_VOID = set(void_elements) | {"source", "track", "wbr", "menuitem"}
# Text up to their own end tag (in any case, followed by a space, / or >).
_RAW_TEXT = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.I)
             for name in ("script", "style", "textarea", "title")}
_HEAD = {"title", "meta", "link", "style", "script", "base"}
_SPECIAL = {name for namespace, name in special_elements if namespace == namespaces["html"]}
_HEADINGS = set(heading_elements)
# A start tag of these closes an open paragraph (the standard's list, and then some).
_CLOSES_P = {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
             "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "header",
             "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "search", "section",
             "summary", "table", "ul", "listing", "li", "dd", "dt"} | _HEADINGS
# Elements that may not contain themselves: the standard closes or ignores the outer one.
_NOT_NESTED = {"a", "button", "nobr", "form"}
# What a table part may hold as it is written; anything else the standard moves elsewhere.
_TABLE_PARTS = {"table": {"caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr",
                          "script", "style"},
                "thead": {"tr"}, "tbody": {"tr"}, "tfoot": {"tr"}, "tr": {"td", "th"},
                "colgroup": {"col"}}
_PARENTS = {"td": {"tr"}, "th": {"tr"}, "tr": {"table", "thead", "tbody", "tfoot"},
            "thead": {"table"}, "tbody": {"table"}, "tfoot": {"table"}, "caption": {"table"},
            "colgroup": {"table"}, "col": {"colgroup", "table"}}
# HTML start tags that end SVG content (the standard's list has changed over the years).
_BREAK_OUT_OF_SVG = {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
                     "dl", "dt", "em", "embed", "head", "hr", "i", "img", "li", "listing",
                     "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span",
                     "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
                     "font"} | _HEADINGS
_SPACE = " \t\n\f\r"
_TOKEN = re.compile(r"""
    <!--.*?-->                                                 # a comment
  | <![^>]*>                                                   # the doctype
  | <(/?)([A-Za-z][^\s/>]*)                                    # a tag: end tag?, name,
      ((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*)  # attributes,
      \s*(/?)>                                                 # self-closed?
  | </?[A-Za-z]                                                # a tag not written plainly
""", re.S | re.X)
# xlink:href → {http://www.w3.org/1999/xlink}href, as tinyhtml5 names them in foreign content.
_FOREIGN_ATTRIBUTES = {name: f"{{{namespace}}}{local}"
                       for name, (_, local, namespace) in adjust_foreign_attributes.items()}


def parse(html: str) -> Element:
    """The document's root element, as tinyhtml5.parse(html, namespace_html_elements=False)
    gives it."""
    if says_its_own_tree(html):
        try:
            return _element(LexborHTMLParser(html).root, "")
        except RecursionError:  # deeper than Python recurses: as before
            pass
    return tinyhtml5.parse(html, namespace_html_elements=False)


def says_its_own_tree(html: str) -> bool:
    """Whether the markup, read tag by tag, nests as the tree the standard builds from it:
    closed in order, nothing the standard would move, close or ignore."""
    stack: list[str] = []
    position = 0
    for token in _TOKEN.finditer(html, position):
        if token.start() < position:
            continue  # inside a raw-text element's content, skipped below
        text = html[position:token.start()]
        position = token.end()
        if text.strip(_SPACE) and (not stack or stack[-1] in _TABLE_PARTS
                                   or stack[-1] in ("html", "head")):
            return False
        closing, name, attributes, self_closed = token.group(1, 2, 3, 4)
        if name is None:
            if token.group().startswith("<!"):
                continue  # a comment or the doctype
            return False  # a tag whose attributes are not written plainly
        name = name.lower()
        if closing:
            if attributes or self_closed or not stack or stack[-1] != name:
                return False
            stack.pop()
        elif "svg" in stack:  # SVG content: its own names; a self-closed tag is closed
            if name in _BREAK_OUT_OF_SVG or name == "math" or stack[-1] in _SVG_HOLDS_HTML:
                return False
            if not self_closed:
                stack.append(name)
        elif not _allowed(name, stack):
            return False
        elif name in _RAW_TEXT:
            end = _RAW_TEXT[name].search(html, position)
            if end is None:
                return False
            position = end.start()
            stack.append(name)
        elif name not in _VOID:
            stack.append(name)
    return not stack and not html[position:].strip(_SPACE)


def _allowed(name: str, stack: list[str]) -> bool:
    """Whether an HTML start tag stays where it is written, under the open elements."""
    parent = stack[-1] if stack else None
    if name in _NOT_MODELLED:
        return False
    if name in ("html", "head", "body"):
        return stack == {"html": [], "head": ["html"], "body": ["html"]}[name]
    if parent in (None, "html") or (parent == "head" and name not in _HEAD):
        return False
    if parent in _TABLE_PARTS and name not in _TABLE_PARTS[parent]:
        return False
    if name in _PARENTS and parent not in _PARENTS[name]:
        return False
    if (name in _CLOSES_P and "p" in stack) or (name in _NOT_NESTED and name in stack):
        return False
    if name in _HEADINGS and parent in _HEADINGS:
        return False
    if name in ("li", "dd", "dt"):  # closes an open item unless a list or the like is between
        for open_element in reversed(stack):
            if open_element in (("li",) if name == "li" else ("dd", "dt")):
                return False
            if open_element in _SPECIAL and open_element not in ("address", "div", "p"):
                break
    return True


def _element(node: LexborNode, namespace: str) -> Element:
    """Lexbor's node as an ElementTree element; says_its_own_tree has ruled out what this
    does not model (MathML, HTML inside SVG)."""
    tag = node.tag
    if tag == "svg" and not namespace:
        namespace = SVG
    # An attribute without a value is None in selectolax, the empty string in the standard.
    attributes = {name: "" if value is None else value for name, value in node.attributes.items()}
    if namespace:
        attributes = {_FOREIGN_ATTRIBUTES.get(name, name): value
                      for name, value in attributes.items()}
    element = Element(namespace + tag, attributes)
    last: Element | None = None
    child = node.child
    while child is not None:
        kind = child.tag
        if kind == "-text":
            if last is None:
                element.text = (element.text or "") + child.text_content
            else:
                last.tail = (last.tail or "") + child.text_content
        else:
            if kind == "-comment":  # comment_content is stripped; the serialized one is not
                last = Comment(child.html[4:-3])
            else:
                last = _element(child, namespace)
            element.append(last)
        child = child.next
    return element


def weasyprint_html(root: Element, base_url: Path, url_fetcher: URLFetcher) -> HTML:
    """WeasyPrint's HTML document for a tree parsed here: what HTML.__init__ sets after its
    own parse (WeasyPrint 70), the base URL found as the standard says (the first <base>)."""
    document = HTML.__new__(HTML)
    base = ensure_url(str(base_url))
    first_base = next(iter(root.iter("base")), None)
    if first_base is not None and first_base.get("href", "").strip():
        base = urljoin(base, first_base.get("href").strip())
    document.base_url = base
    document.url_fetcher = url_fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(
        root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document
