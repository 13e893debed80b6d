"""Stage 5, check: the layout rules of a published report, read from the laid-out pages.

`layout_findings(document)` takes the Document WeasyPrint laid out (write.py has it in hand
before writing the PDF: no second layout, no reading of the PDF) and returns what a förbund
would not publish, each as a Finding with its page, the section file it came from (the
print HTML's section wrappers carry it as data-fil) and what to do. The build reports them
as warnings: the PDF is still right in its figures, only not yet as careful as a report
laid out by hand.

  rule                      what it finds
  chapter-not-at-page-top   a chapter ('#', class md1) with something above it on its page
                            (except one that follows a short chapter: after-short)
  heading-last-on-page      a heading with nothing but headings after it on its page
  heading-one-line          a heading with one line under it at the page's foot
  lead-in-detached          a short paragraph ending a page, the table or chart it leads
                            into beginning the next
  table-row-split           one table row on two pages
  table-header-missing      a table going on over a page without its header rows
  table-fragment-small      a split table with fewer than MIN_TABLE_ROWS rows on one side
  table-sum-detached        a sum row alone at the head of a page, its rows on the page before
  table-heading-row-last    a group's heading row last on a page, its rows on the next
  few-lines                 a page with fewer than MIN_PAGE_LINES lines of text, unless it
                            is front matter (the cover, a draft's list of what is missing)
                            or signatures on a page of their own (a short chapter alone on
                            a page is one: the next chapter follows it)
  signatures-split          a signature block (date line and signatures) on two pages
  signatures-detached       signatures at a page's head, the text they sign on the page before
  signature-space           less than MIN_SIGNING_SPACE_MM to sign above a signature's rule
  auditors-tight            the auditors' part closer than AUDITORS_GAP_MM under the board's
                            last signature on the same page
  orphan, widow             a paragraph split with one line alone at a page's foot or head

The pages come from pagewalk.py, which reads WeasyPrint's box tree (not public API, stable
in WeasyPrint 70). tests/test_layoutcheck.py lays out one small document per rule; run it
after an upgrade of WeasyPrint.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from xml.etree.ElementTree import Element

from weasyprint.formatting_structure import boxes

from .pagewalk import Item, Layout, Page, classes, has_text, walk

MM = 96 / 25.4  # CSS px per mm: WeasyPrint lays out in CSS px
MIN_PAGE_LINES = 4  # fewer lines of text than this on a page reads as a stray
MIN_TABLE_ROWS = 2  # a table fragment with fewer body rows is a stray
MIN_SIGNING_SPACE_MM = 12  # print.css gives 14 mm of margin and an 8 mm line; less is cramped
AUDITORS_GAP_MM = 25  # more than the ~22 mm between rows of signatures: a gap, not one more row
BIG_IMAGE_PX = 60  # an image or chart at least this tall fills a page as well as lines do
LEAD_IN_MAX_LINES = 3  # a paragraph this short right before a table reads as its lead-in
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# What begins a page by design besides a chapter: the cover, the contents and the notes a
# draft opens with (print.html).
FRONT_MATTER = {"cover": "omslaget", "toc": "innehållsförteckningen",
                "saknas": "listan över saknade siffror", "rattelser": "rättelserna"}
AUDITORS_CLASS = "signatures-revisorer"  # partials/blocks.html, the auditors' macro
BOARD_CLASS = "signatures-styrelse"


@dataclass(frozen=True)
class Finding:
    """One broken rule: on which page, in which section file, what is wrong, what to do."""

    page: int
    rule: str
    message: str  # Swedish, naming the page
    advice: str  # Swedish: what the förbund can do about it
    fil: str = ""  # the section's file relative to the project ('' for the cover, contents)


# --- Names: of elements, and of the section file a finding belongs to ------------------------

_classes = classes


def _is_heading(element: Element) -> bool:
    return element.tag in HEADINGS and any(c.startswith("md") for c in _classes(element))


def _is_chapter(element: Element) -> bool:
    return element.tag in HEADINGS and "md1" in _classes(element)


def _text(element: Element, limit: int = 60) -> str:
    if element.tag == "tr":  # a row by its first cell, its label
        element = next(iter(element), element)
    text = " ".join("".join(element.itertext()).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _section(chain: Iterable[Element]) -> Element | None:
    return next((e for e in reversed(tuple(chain))
                 if e.tag == "section" and {"chapter", "continued"} & _classes(e)), None)


def _where(chain: tuple[Element, ...]) -> tuple[str, str]:
    """The section file (from data-fil) or, where there is none, a description of the place."""
    section = _section(chain)
    if section is not None and section.get("data-fil"):
        return section.get("data-fil"), ""
    if section is not None:
        first = next((e for e in section.iter() if e.tag in HEADINGS), None)
        return "", (f"avsnittet som börjar med rubriken '{_text(first)}'" if first is not None
                    else "ett avsnitt utan rubrik")
    for element in chain:
        for name, description in FRONT_MATTER.items():
            if name in _classes(element):
                return "", description
    return "", "mallen"


def _finding(page: int, rule: str, detail: str, advice: str,
             chain: tuple[Element, ...]) -> Finding:
    fil, place = _where(chain)
    where = f" ({place})" if place else ""
    return Finding(page, rule, f"Sida {page} i PDF:en{where}: {detail}.", advice, fil)


# --- The rules ------------------------------------------------------------------------------

def layout_findings(document) -> list[Finding]:
    """Every rule broken in a laid-out document, in page order."""
    layout = walk(document)
    found = [f for rule in RULES for f in rule(layout)]
    return sorted(found, key=lambda f: (f.page, f.rule))


def chapters_begin_pages(layout: Layout) -> Iterator[Finding]:
    for page in layout.pages:
        for index, item in enumerate(page.items[1:], 1):
            heading = item.innermost(_is_chapter)
            if heading is None or layout.pages_of(heading)[0] != page.number \
                    or page.items[index - 1].inside(heading) \
                    or "after-short" in _classes_in(item.chain):
                continue  # after-short: a chapter following a short one, on purpose
            yield _finding(page.number, "chapter-not-at-page-top",
                           f"kapitlet '{_text(heading)}' börjar mitt på sidan",
                           "ett kapitel (#) börjar alltid på en ny sida: ta bort det som "
                           "hindrar det i förbundets egen stil (style/forbund-print.css), "
                           "eller skriv rubriken med ## om den inte är ett kapitel.",
                           item.chain)


def headings_have_text_below(layout: Layout) -> Iterator[Finding]:
    for page in layout.pages:
        following = layout.pages[page.number].items if page.number < len(layout.pages) else []
        text_follows = bool(following) and following[0].innermost(_is_heading) is None
        for index, heading, after in _headings_on(page):
            body = [i for i in after if i.innermost(_is_heading) is None and not i.header]
            if not body:
                if index and page.items[index - 1].innermost(_is_heading) is not None:
                    continue  # headings stranded together: the first one is reported
                yield _finding(
                    page.number, "heading-last-on-page",
                    f"rubriken '{_text(heading)}' står sist på sidan; " + (
                        f"det som hör till den börjar på sidan {page.number + 1}"
                        if text_follows else "ingen text står under den"),
                    "skriv text under rubriken, eller ta bort den." if not text_follows else
                    "korta eller förläng texten före rubriken några rader, så att rubriken "
                    "hamnar på samma sida som sin text.", page.items[index].chain)
            elif len(body) == 1 and body[0] is page.items[-1] and body[0].kind == "line" \
                    and text_follows:
                yield _finding(page.number, "heading-one-line",
                               f"rubriken '{_text(heading)}' har bara en rad under sig längst "
                               f"ned på sidan; resten står på sidan {page.number + 1}",
                               "korta eller förläng texten före rubriken några rader, så att "
                               "rubriken och mer av sin text hamnar på samma sida.",
                               page.items[index].chain)


def _headings_on(page: Page) -> Iterator[tuple[int, Element, list[Item]]]:
    """Each heading that begins on the page: its first item's index and what follows it."""
    seen: set[int] = set()
    for index, item in enumerate(page.items):
        heading = item.innermost(_is_heading)
        if heading is None or id(heading) in seen:
            continue
        seen.add(id(heading))
        end = index
        while end + 1 < len(page.items) and page.items[end + 1].inside(heading):
            end += 1
        yield index, heading, page.items[end + 1:]


def lead_ins_stay_with_their_table(layout: Layout) -> Iterator[Finding]:
    for page in layout.pages[:-1]:
        last = page.items[-1] if page.items else None
        paragraph = last.innermost(lambda e: e.tag == "p") if last else None
        if paragraph is None or last.innermost(_is_heading) is not None:
            continue
        following = _next_sibling(layout, paragraph)
        if following is None or not ({"table-wrap", "diagram"} & _classes(following)):
            continue
        lines = sum(_line_count(box) for _, box in layout.fragments[id(paragraph)])
        if layout.pages_of(following)[:1] == [page.number + 1] and lines <= LEAD_IN_MAX_LINES:
            what = "tabellen" if "table-wrap" in _classes(following) else "diagrammet"
            yield _finding(page.number, "lead-in-detached",
                           f"stycket '{_text(paragraph)}' står sist på sidan, och {what} det "
                           f"leder in till börjar på sidan {page.number + 1}",
                           f"korta texten före stycket, eller flytta stycket till under "
                           f"{what}.", last.chain)


def _next_sibling(layout: Layout, element: Element) -> Element | None:
    parent = layout.parents.get(id(element))
    siblings = list(parent) if parent is not None else []
    at = next((i for i, e in enumerate(siblings) if e is element), len(siblings))
    return siblings[at + 1] if at + 1 < len(siblings) else None


def _line_count(box: boxes.Box) -> int:
    return sum(1 for child in getattr(box, "children", ()) if isinstance(child, boxes.LineBox))


def rows_stay_whole(layout: Layout) -> Iterator[Finding]:
    for element in layout.elements.values():
        pages = layout.pages_of(element)
        if element.tag == "tr" and len(pages) > 1 and id(element) not in layout.repeated_rows:
            yield _finding(pages[1], "table-row-split",
                           f"tabellraden '{_text(element)}' delas mellan sidorna {pages[0]} "
                           f"och {pages[1]}",
                           "korta radens text; en tabellrad delas aldrig i en tryckt rapport.",
                           layout.chain_of(element))


@dataclass(frozen=True)
class TablePart:
    """A table's fragment on one page: its header rows and its body rows there."""

    page: int
    header: list[boxes.TableRowBox]
    body: list[boxes.TableRowBox]


def _table_parts(layout: Layout, table: Element) -> list[TablePart]:
    parts = []
    for number, box in layout.fragments[id(table)]:
        grid = next((b for b in box.descendants() if isinstance(b, boxes.TableBox)), None)
        groups = [g for g in (grid.children if grid else []) if
                  isinstance(g, boxes.TableRowGroupBox)]
        parts.append(TablePart(number, [r for g in groups if g.is_header for r in g.children],
                               [r for g in groups if not (g.is_header or g.is_footer)
                                for r in g.children]))
    return parts


def split_tables_read_well(layout: Layout) -> Iterator[Finding]:
    for table in layout.elements.values():
        if table.tag != "table" or len(layout.pages_of(table)) < 2:
            continue
        parts = _table_parts(layout, table)
        chain = layout.chain_of(table)
        name = f"tabellen '{_caption(table)}'"
        total = sum(len(p.body) for p in parts)
        with_rows = [p for p in parts if p.body]
        for before, part in pairwise(with_rows):
            if not part.header:
                yield _finding(part.page, "table-header-missing",
                               f"{name} fortsätter från sidan {before.page} utan sin "
                               "rubrikrad", "ge tabellen en rubrikrad (i Markdown: raden "
                               "|---| under rubrikerna), så upprepas den på nästa sida.", chain)
            first, last = part.body[0].element, before.body[-1].element
            if {"sum", "total"} & _classes(first):
                yield _finding(part.page, "table-sum-detached",
                               f"summaraden '{_text(first)}' i {name} står överst på sidan, "
                               f"skild från raderna den summerar på sidan {before.page}",
                               "korta texten före tabellen några rader, så att summan står "
                               "på samma sida som raderna.", chain)
            if {"heading", "subheading"} & _classes(last):
                yield _finding(before.page, "table-heading-row-last",
                               f"gruppens rubrikrad '{_text(last)}' i {name} står sist på "
                               f"sidan, dess rader på sidan {part.page}",
                               "korta texten före tabellen några rader, så att gruppens "
                               "rubrik står med sina rader.", chain)
        for part in parts:
            if len(part.body) < MIN_TABLE_ROWS and total >= 2 * MIN_TABLE_ROWS:
                yield _finding(part.page, "table-fragment-small",
                               f"{name} har bara {_rader(len(part.body))} på sidan av sina "
                               f"{total}",
                               "korta texten före tabellen eller dela tabellen i två, så att "
                               "ingen sida får bara en rad av den.", chain)


def _rader(count: int) -> str:
    """'1 rad', '3 rader': table rows and lines of text alike."""
    return f"{count} rad" if count == 1 else f"{count} rader"


def _caption(table: Element) -> str:
    caption = next((e for e in table if e.tag == "caption"), None)
    return _text(caption) if caption is not None else table.get("id", "")


def pages_are_not_nearly_empty(layout: Layout) -> Iterator[Finding]:
    starts = [bool(p.items) and _begins_unit(p.items[0]) for p in layout.pages]
    for index, page in enumerate(layout.pages):
        if not page.items:
            yield Finding(page.number, "few-lines", f"Sida {page.number} i PDF:en är tom.",
                          "ta bort det som tvingar fram en sidbrytning före den tomma sidan.")
            continue
        lines = len(page.baselines)
        if "cover" in _classes_in(page.items[0].chain) or lines >= MIN_PAGE_LINES \
                or page.image_height >= BIG_IMAGE_PX:
            continue
        whole = starts[index] and (index + 1 == len(layout.pages) or starts[index + 1])
        if whole and (_signed(page) or FRONT_MATTER.keys() & _classes_in(page.items[0].chain)):
            continue  # the signatures, or a draft's list of what is missing: on purpose
        how = ("kapitlet står ensamt på sidan" if whole else
               "kapitlet går vidare på nästa sida" if starts[index] else
               "slutet av kapitlet från sidan före")
        first = page.items[0].innermost(lambda e: e.tag in {"p", "li", "tr", "caption"} or
                                        e.tag in HEADINGS)
        first = first if first is not None else page.items[0].chain[-1]
        advice = ("skriv mer i kapitlet, eller gör det till ett underavsnitt ('##') av "
                  "kapitlet före eller efter; en sida med bara några rader ser ut som ett "
                  "misstag." if whole else
                  "korta kapitlet något så att sista raderna ryms på sidan före, eller "
                  "skriv mer; en sida med bara några rader ser ut som ett misstag.")
        yield _finding(page.number, "few-lines",
                       f"sidan har bara {_rader(lines)} text, '{_text(first)}' ({how})",
                       advice, page.items[0].chain)


def _signed(page: Page) -> bool:
    """Whether a page holds signatures (partials/blocks.html), which stand alone by design."""
    return any(c.startswith("signature") for item in page.items for c in _classes_in(item.chain))


def _classes_in(chain: Iterable[Element]) -> set[str]:
    return set().union(*(_classes(e) for e in chain))


def _begins_unit(item: Item) -> bool:
    """Whether an item begins what starts a page by design: front matter or a chapter."""
    return bool(FRONT_MATTER.keys() & _classes_in(item.chain)) or any(
        _is_chapter(e) for e in item.chain)


def signatures_keep_together(layout: Layout) -> Iterator[Finding]:
    order = list(layout.items)
    for block in layout.with_class("signatures"):
        chain = layout.chain_of(block)
        pages = sorted({n for e in block.iter() for n in layout.pages_of(e)})
        if len(pages) > 1:
            yield _finding(pages[1], "signatures-split",
                           f"underskrifterna delas mellan sidorna {pages[0]} och {pages[1]}",
                           "korta texten före underskrifterna, så att datumraden och alla "
                           "underskrifter ryms på en sida.", chain)
        first = next((n for n, item in enumerate(order) if item.inside(block)), 0)
        if first:
            before, start = order[first - 1], order[first]
            if before.page != start.page and _section(before.chain) is _section(start.chain) \
                    and before.innermost(_is_heading) is None:
                yield _finding(start.page, "signatures-detached",
                               f"underskrifterna står överst på sidan, texten de skriver under "
                               f"på sidan {before.page}",
                               "korta texten före underskrifterna, så att dess sista stycke "
                               "står på samma sida som de.", chain)


def signatures_have_room(layout: Layout) -> Iterator[Finding]:
    for line in layout.with_class("signature-line"):
        for number, box in layout.fragments[id(line)]:
            page = layout.pages[number - 1]
            above = [bottom for bottom, left, right in _text_boxes(page)
                     if bottom <= box.border_box_y() + 1
                     and left < box.position_x + box.width and box.position_x < right]
            top = max(above, default=page.box.content_box_y())
            room = (box.border_box_y() + box.border_height() - top) / MM
            if room < MIN_SIGNING_SPACE_MM:
                yield _finding(number, "signature-space",
                               f"{room:.0f} mm att skriva på ovanför strecket för "
                               f"'{_signer(layout, line)}' (minst {MIN_SIGNING_SPACE_MM} mm)",
                               "ge underskrifterna mer plats i förbundets egen stil "
                               "(style/forbund-print.css: .signature { margin-top: 14mm; }).",
                               layout.chain_of(line))


def _signer(layout: Layout, line: Element) -> str:
    """The name under a signature's rule."""
    person = layout.parents.get(id(line))
    name = next((e for e in (person if person is not None else ())
                 if "signature-name" in _classes(e)), None)
    return _text(name) if name is not None else ""


def _text_boxes(page: Page) -> Iterator[tuple[float, float, float]]:
    """(bottom, left, right) of every line of text on the page, nested ones included."""
    for item in page.items:
        lines = [item.box] if item.kind == "line" else []
        lines += [b for b in item.box.descendants() if isinstance(b, boxes.LineBox)]
        for line in lines:
            if has_text(line):
                yield line.position_y + line.height, line.position_x, \
                    line.position_x + line.width


def auditors_stand_apart(layout: Layout) -> Iterator[Finding]:
    blocks = layout.with_class("signatures")
    auditors = [b for b in blocks if _is_auditors(layout, b)]
    order = list(layout.items)
    for block in auditors:
        board = [b for b in blocks if b not in auditors and
                 layout.pages_of(b)[0] <= layout.pages_of(block)[0]]
        if not board:
            continue
        heading = _heading_before(order, block)  # (an Element without children is falsy)
        start = heading if heading is not None else block
        signed = [i for i in order if i.inside(board[-1])]
        opening = next((i for i in order if i.inside(start)), None)
        if not signed or opening is None or signed[-1].page != opening.page:
            continue
        gap = (opening.top - signed[-1].bottom) / MM
        if gap < AUDITORS_GAP_MM:
            yield _finding(opening.page, "auditors-tight",
                           f"revisorernas del '{_text(start)}' står {gap:.0f} mm under "
                           "styrelsens sista underskrift på samma sida",
                           "ge revisorernas påteckning en egen fil som börjar med # (ett "
                           "eget kapital, på en ny sida).", layout.chain_of(start))


def _heading_before(order: list[Item], block: Element) -> Element | None:
    first = next((n for n, item in enumerate(order) if item.inside(block)), 0)
    return next((h for item in reversed(order[:first])
                 if (h := item.innermost(_is_heading)) is not None), None)


def _is_auditors(layout: Layout, block: Element) -> bool:
    """The auditors' block by its class; by its heading where a project's own blocks.html
    leaves the class out."""
    if AUDITORS_CLASS in _classes(block) or BOARD_CLASS in _classes(block):
        return AUDITORS_CLASS in _classes(block)
    heading = _heading_before(list(layout.items), block)
    return heading is not None and "revisor" in _text(heading, 200).lower()


def paragraphs_leave_no_single_line(layout: Layout) -> Iterator[Finding]:
    for element in layout.elements.values():
        parts = layout.fragments[id(element)]
        if len(parts) < 2 or element.tag in HEADINGS | {"tr", "td", "th"}:
            continue
        counts = [_line_count(box) for _, box in parts]
        chain = layout.chain_of(element)
        if not all(counts) or any(e.tag in ("td", "th") for e in chain):
            continue  # a wrapper of blocks, or text in a table cell
        advice = "ändra stycket några ord, eller texten före det, så att ingen rad står ensam."
        if counts[0] == 1:
            yield _finding(parts[0][0], "orphan",
                           f"stycket '{_text(element, 40)}' börjar med en ensam rad längst ned "
                           f"på sidan och fortsätter på sidan {parts[1][0]}", advice, chain)
        if counts[-1] == 1:
            yield _finding(parts[-1][0], "widow",
                           f"sista raden av stycket '{_text(element, 40)}' står ensam överst "
                           "på sidan", advice, chain)


RULES: tuple[Callable[[Layout], Iterable[Finding]], ...] = (
    chapters_begin_pages, headings_have_text_below, lead_ins_stay_with_their_table,
    rows_stay_whole, split_tables_read_well, pages_are_not_nearly_empty,
    signatures_keep_together, signatures_have_room, auditors_stand_apart,
    paragraphs_leave_no_single_line)
