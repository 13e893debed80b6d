"""The walk behind the layout check (layoutcheck.py): a laid-out WeasyPrint document as pages
of items in reading order (lines of text, table rows, block images), and each element's boxes
per page. It reads WeasyPrint's box tree (each page's `_page_box` and the box classes): not
public API, stable in WeasyPrint 70."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from weasyprint.formatting_structure import boxes


def classes(element: Element | None) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


@dataclass
class Item:
    """One thing of a page's flow in reading order: a line of text outside tables, a table
    row (one item whatever its cells hold), or a block image. `chain` is the elements it
    sits in, outermost first."""

    kind: str  # line | row | image
    box: boxes.Box
    chain: tuple[Element, ...]
    page: int
    top: float
    bottom: float
    header: bool = False  # a table's header row or caption: not text under a heading

    def inside(self, element: Element) -> bool:
        return any(e is element for e in self.chain)

    def innermost(self, test: Callable[[Element], bool]) -> Element | None:
        return next((e for e in reversed(self.chain) if test(e)), None)


@dataclass
class Page:
    number: int
    box: boxes.PageBox
    items: list[Item] = field(default_factory=list)
    baselines: set[int] = field(default_factory=set)  # a row of cells counts as one line
    image_height: float = 0.0


@dataclass
class Layout:
    pages: list[Page]
    # Each element's boxes, one per page it is on (its outermost box there), by id().
    fragments: dict[int, list[tuple[int, boxes.Box]]] = field(default_factory=dict)
    elements: dict[int, Element] = field(default_factory=dict)
    parents: dict[int, Element] = field(default_factory=dict)  # ElementTree has no parents
    repeated_rows: set[int] = field(default_factory=set)  # header/footer rows: on purpose

    @property
    def items(self) -> Iterator[Item]:
        for page in self.pages:
            yield from page.items

    def pages_of(self, element: Element) -> list[int]:
        return [number for number, _ in self.fragments.get(id(element), [])]

    def chain_of(self, element: Element) -> tuple[Element, ...]:
        chain = [element]
        while id(chain[-1]) in self.parents:
            chain.append(self.parents[id(chain[-1])])
        return tuple(reversed(chain))

    def with_class(self, name: str) -> list[Element]:
        """The elements of a class, in the order of the pages they begin on."""
        found = [e for e in self.elements.values() if name in classes(e)]
        return sorted(found, key=lambda e: self.fragments[id(e)][0][0])


def walk(document) -> Layout:
    """Every page's flow, leaving out the running heads, the footnote area and what is
    positioned over the page (the UTKAST watermark)."""
    layout = Layout([])
    for number, page in enumerate(document.pages, 1):
        record = Page(number, page._page_box)
        layout.pages.append(record)
        for child in record.box.children:
            _visit(child, (), record, layout, in_header=False)
        record.image_height = max([i.bottom - i.top for i in record.items if i.kind == "image"]
                                  + [b.height for i in record.items if i.kind == "line"
                                     for b in i.box.descendants()
                                     if isinstance(b, boxes.InlineReplacedBox)], default=0.0)
    return layout


def _visit(box: boxes.Box, chain: tuple[Element, ...], page: Page, layout: Layout,
           in_header: bool) -> None:
    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)) or \
            box.style["position"] in ("fixed", "absolute"):
        return
    chain = _note_fragment(box, chain, page.number, layout)
    if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer):
        in_header = True
    if isinstance(box, boxes.TableRowBox):
        if in_header:
            layout.repeated_rows.add(id(box.element))
        _add_item(page, "row", box, chain, in_header)
        _note_inside(box, chain, page, layout)
    elif isinstance(box, boxes.LineBox):
        if has_text(box):
            _add_item(page, "line", box, chain,
                      in_header or any(e.tag == "caption" for e in chain))
        _note_inside(box, chain, page, layout)
    elif isinstance(box, boxes.BlockReplacedBox):
        _add_item(page, "image", box, chain, in_header)
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            _visit(child, chain, page, layout, in_header)


def _add_item(page: Page, kind: str, box: boxes.Box, chain: tuple[Element, ...],
              header: bool) -> None:
    top = box.position_y if kind == "line" else box.border_box_y()
    height = box.height if kind == "line" else box.border_height()
    page.items.append(Item(kind, box, chain, page.number, top, top + height, header))


def _note_inside(box: boxes.ParentBox, chain: tuple[Element, ...], page: Page,
                 layout: Layout) -> None:
    """A row's cells or a line's inline-blocks (the signatures): their elements' fragments
    and their lines of text, but no items of their own."""
    for child in box.children:
        if isinstance(child, boxes.Box):
            inner = _note_fragment(child, chain, page.number, layout)
            if isinstance(child, boxes.LineBox) and has_text(child):
                page.baselines.add(round(child.position_y))
            if isinstance(child, boxes.ParentBox):
                _note_inside(child, inner, page, layout)
    if isinstance(box, boxes.LineBox) and has_text(box):
        page.baselines.add(round(box.position_y))


def _note_fragment(box: boxes.Box, chain: tuple[Element, ...], number: int,
                   layout: Layout) -> tuple[Element, ...]:
    """Record the box as its element's fragment on this page (the outermost box only: an
    anonymous box shares its parent's element, and pseudo-elements such as the contents'
    page numbers are no elements); the chain its children sit in."""
    element = box.element
    if element is None or "::" in (box.element_tag or "") or (chain and chain[-1] is element):
        return chain
    if chain:
        layout.parents.setdefault(id(element), chain[-1])
    seen = layout.fragments.setdefault(id(element), [])
    if not seen or seen[-1][0] != number:
        seen.append((number, box))
    layout.elements[id(element)] = element
    return (*chain, element)


def has_text(line: boxes.Box) -> bool:
    return any((isinstance(b, boxes.TextBox) and b.text.strip())
               or isinstance(b, (boxes.InlineReplacedBox, boxes.InlineBlockBox))
               for b in line.descendants())
