"""Markdown through markdown-it-py, as the reports need it: a line holding only [[name]]
is a placement (a token whose render rule asks the section for the table's HTML), footnotes
as [^1] (bounded), tables written in Markdown typeset like the tool's own, the author's raw
HTML cleaned with nh3, and footnotes moved to the foot of the page in print.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from ..common.errors import Problem
from ..common.format import NBSP
from ..load.project import SourceText
from .suggestions import suggest

PLACEMENT = re.compile(r"^\[\[\s*([\w-]+)\s*\]\]\s*$")

# What an author's raw HTML in Markdown may keep on the web (nh3, i.e. Rust's ammonia):
# ammonia's default tags plus <section> for footnotes, no scripts, no event handlers, no
# javascript: or data: links. Generated tables and blocks are placed after cleaning.
_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"section"}
_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ALLOWED_ATTRIBUTES["*"] = {"id", "class", "lang", "title"}
for _cell_tag in ("th", "td"):
    _ALLOWED_ATTRIBUTES[_cell_tag] = _ALLOWED_ATTRIBUTES[_cell_tag] | {"style"}


def sanitize(html: str) -> str:
    """Remove from author HTML whatever could run code or restyle the page."""
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, link_rel=None,
                     filter_style_properties={"text-align"})


def placement_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    line = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    match = PLACEMENT.match(line)
    if not match:
        return False
    if not silent:
        token = state.push("placement", "", 0)
        token.meta = {"name": match.group(1)}
        token.map = [start, start + 1]
    state.line = start + 1
    return True


def slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9åäö]+", "-", text.lower()).strip("-") or "avsnitt"
    base = base.translate(str.maketrans("åäö", "aao"))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# A footnote reference as the plugin reads it: [^label], the label without spaces or line
# breaks; a label longer than this is no footnote.
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\] \n]{1,200}\]")


def _bounded_footnote_ref(state: Any, silent: bool) -> bool:
    """The plugin's [^label] rule, tried only where a whole reference stands."""
    if not _FOOTNOTE_REFERENCE.match(state.src, state.pos, state.posMax):
        return False
    return footnote_ref(state, silent)


def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": False}).enable("table")
    # Footnotes as [^1] only: the plugin's inline notes (^[text]) are not documented, and
    # they and its [^label] rule scan to the end of the line from every '[' that might open
    # one, so a line of '[^[^[^…' took minutes; a label is looked for within its length.
    md.use(footnote_plugin, inline=False)
    md.inline.ruler.at("footnote_ref", _bounded_footnote_ref)
    md.block.ruler.before("paragraph", "placement", placement_rule)

    def render_placement(self, tokens, idx, options, env) -> str:
        heading = next((tokens[i + 1].content for i in range(idx - 1, -1, -1)
                        if tokens[i].type == "heading_open"), "")
        return env["place"](tokens[idx].meta["name"], tokens[idx].map[0] + 1, heading)

    md.add_render_rule("placement", render_placement)
    return md


# How deep the author's own elements may nest (<div> in <div> …). WeasyPrint lays out a
# nested element by recursion, and stops with Python's recursion limit at about 135 levels
# (measured: 137 <div>, 45 tables of three levels each); the page around a section takes
# about ten of them. The examples' deepest section is 5 levels deep.
MAX_NESTING = 50
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


def nesting_depth(html: str, stop_at: int | None = None) -> int:
    """How many elements deep the HTML goes (counted from its tags, without recursion), or,
    with stop_at, the position in html where that depth is first passed (-1: never)."""
    open_tags: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if not closing and name not in _VOID:
            open_tags.append(name)
            deepest = max(deepest, len(open_tags))
            if stop_at is not None and len(open_tags) > stop_at:
                return match.start()
        elif closing and name in open_tags:
            while open_tags.pop() != name:
                pass
    return -1 if stop_at is not None else deepest


_AUTHOR_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_DIGIT_GAP = re.compile(r"(?<=[\d−–-])\s+(?=\d)")
_HEADING_TEXT = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
# The run of digits and spaces is possessive (*+): a cell of a digit and thousands of spaces
# would otherwise be tried once for every way of sharing the spaces (quadratic).
_NUMBER_CELL = re.compile(r"<td([^>]*)>\s*+([−–-]?\s?\d[\d\s\u00a0]*+(?:,\d+)?\s?%?)\s*</td>")


def typeset_author_tables(html: str, stem: str) -> str:
    """A table written in Markdown looks and reads like the tool's own: in a labelled region
    that scrolls on a narrow screen, with a caption (the heading above it), header cells with
    scope, and numbers right-aligned with no-break spaces and tabular figures."""
    count = 0
    # Every heading once, by where it ends: each table takes the last one before it (a
    # search of all the text before each table was quadratic in the number of tables).
    headings = [(m.end(), m.group(1)) for m in _HEADING_TEXT.finditer(html)]
    ends = [end for end, _ in headings]

    def table(match: re.Match) -> str:
        nonlocal count
        count += 1
        before = bisect.bisect_right(ends, match.start())
        caption = (re.sub(r"<[^>]+>", "", headings[before - 1][1]).strip() if before
                   else "Tabell")
        anchor = f"tabell-{stem}-{count}"
        body = match.group(1).replace("<th>", '<th scope="col">').replace(
            '<th style=', '<th scope="col" style=')
        body = _NUMBER_CELL.sub(lambda m: f'<td{m.group(1)} class="num">'
                                + _DIGIT_GAP.sub(NBSP, m.group(2)) + "</td>", body)
        return (f'<div class="table-wrap" role="region" aria-labelledby="{anchor}" '
                f'tabindex="0"><table class="fin md-table"><caption id="{anchor}" '
                f'class="visually-hidden">{caption}</caption>{body}</table></div>')

    return _AUTHOR_TABLE.sub(table, html)


_BRACKETS = re.compile(r"\[\[(.*?)(\]\]|$)")


MAX_SECTION_PROBLEMS = 20


def stray_placements(tokens: list, section: SourceText, placeable: list[str]) -> list[Problem]:
    """A [[…]] that is not a placement alone on its line would be printed as it stands and
    its table silently left out: each one is a mistake (code spans are left alone). The
    first MAX_SECTION_PROBLEMS are said: each is looked up in the text, and a text with
    thousands of them would take minutes to say the same thing."""
    problems = []
    for token in tokens:
        for child in token.children or []:
            if child.type != "text":
                continue
            for match in _BRACKETS.finditer(child.content):
                if len(problems) >= MAX_SECTION_PROBLEMS:
                    return problems
                name = re.sub(r"\s+", "", match.group(1))
                fallback = (token.map or [0])[0] + 1
                if name in placeable:
                    message = (f"'{match.group(0)}' placerar inte tabellen '{name}': "
                               "namnet måste stå exakt och ensamt på sin rad.")
                    advice = (f"skriv [[{name}]] ensamt på en egen rad, med en tom rad före "
                              "och efter.")
                else:
                    message = f"'{match.group(0)}' är ingen tabell som kan placeras."
                    advice = ("en tabell placeras med namnet ensamt på en rad, t.ex. "
                              "[[resultatrakning]]; " + suggest(name, placeable))
                problems.append(Problem(message, section.path,
                                        source_line(section.text, match.group(0).replace(" ", ""),
                                                     fallback), advice))
    return problems


# The note's text is taken up to its back link and stripped after: with "\s*" before the
# link, a note with a long run of spaces was tried once per way of splitting the run
# (quadratic: 120 000 spaces took half a minute).
_FOOTNOTE_ITEM = re.compile(
    r'<li id="(fn[^"]*)" class="footnote-item"><p>(.*?)<a href="#fnref[^"]*" '
    r'class="footnote-backref">.*?</a></p>\s*</li>', re.S)
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref"><a href="#(fn[^"]*)" id="fnref[^"]*">'
                           r'\[\d+\]</a></sup>')
_FOOTNOTE_BLOCK = re.compile(r'<hr class="footnotes-sep"\s*/?>\s*<section class="footnotes">.*?'
                             r'</section>\s*', re.S)


def paged_footnotes(html: str) -> str:
    """Move each footnote's text to its call, as a CSS float: footnote (the page's foot)."""
    notes = {note: text.rstrip() for note, text in _FOOTNOTE_ITEM.findall(html)}
    html = _FOOTNOTE_BLOCK.sub("", html)
    return _FOOTNOTE_REF.sub(
        lambda m: f'<span class="footnote">{notes.get(m.group(1), "")}</span>', html)


def source_line(text: str, needle: str, fallback: int) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line.replace(" ", ""):
            return number
    return fallback
