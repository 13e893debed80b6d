"""The print HTML parsed in C (finsam/htmltree.py) is the tree WeasyPrint's own parser,
tinyhtml5, makes of it: element by element, attribute by attribute, every text and tail,
for every document of both examples and for the standard's hard cases, so the PDF cannot
tell which parser read its HTML."""
from __future__ import annotations

import shutil
from xml.etree.ElementTree import Comment, Element

import pytest
import tinyhtml5
from helpers import REPO

from finsam.pdf import htmltree


def _shape(element: Element) -> tuple:
    tag = "<!-- -->" if element.tag is Comment else element.tag
    return (tag, sorted(element.attrib.items()), element.text, element.tail,
            [_shape(child) for child in element])


def _same_as_tinyhtml5(html: str) -> None:
    expected = tinyhtml5.parse(html, namespace_html_elements=False)
    assert _shape(htmltree.parse(html)) == _shape(expected)


def _print_html(project) -> dict[str, str]:
    from finsam.build import compute_and_render, load_and_validate
    return {page.document.key: page.print_html
            for page in compute_and_render(*load_and_validate(project))}


def test_every_document_of_the_example(tmp_path):
    shutil.copytree(REPO / "examples/vastra-malardalen/content", tmp_path / "content")
    pages = _print_html(tmp_path)
    assert set(pages) == {"2022/arsredovisning", "2022/verksamhetsplan"}
    for html in pages.values():
        _same_as_tinyhtml5(html)
    # The charts are SVG: in the SVG namespace, with the standard's camel case (viewBox).
    svg = htmltree.parse(pages["2022/arsredovisning"]).find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and "viewBox" in svg.attrib


def test_every_document_of_vasteras(tmp_path):
    shutil.copytree(REPO / "examples/vasteras-2020/content", tmp_path / "content")
    for html in _print_html(tmp_path).values():
        _same_as_tinyhtml5(html)


PAGE = "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<title>t</title>\n</head>\n<body>\n{}\n</body>\n</html>\n"

HARD_CASES = {
    "citattecken i ett attribut utan citattecken": "<p title=a\"b>x</p><p title=\"c>y</p>",
    "rader utan tbody": "<table><tr><td>1</td></tr></table>",
    "text i tabellen": "<table>text<tbody><tr><td>1</td></tr></tbody></table>",
    "col utan colgroup": "<table><col><tr><td>1</td></tr></table>",
    "stycke stängt av div": "<p>a<div>b</div>c</p>",
    "stycke stängt av section": "<p>a<section>b</section></p>",
    "självstängd div": "<div/>text<p>x</p>",
    "radbrytning först i pre": "<pre>\nkod\n</pre>",
    "rubrik i rubrik": "<h2>a<h3>b</h3></h2>",
    "länk i länk": "<a href='#x'>1<a href='#y'>2</a></a>",
    "oavslutade li och p": "<ul><li>a<li>b</ul><p>ett<p>två",
    "felnästlad formatering": "<b>1<i>2</b>3</i>",
    "entiteter": "a&nbsp;b &amp c &notin; &#x2212; &#8211; &copy 1&lt;2",
    "CRLF och CR": "<p>a\r\nb\rc</p>",
    "NUL-tecken": "<p>a\x00b</p>",
    "attribut utan värde och två lika": "<p hidden id=a id=b class=''>x</p>",
    "versaler": "<DIV CLASS=X><P>a</P></DIV>",
    "image": "<image src='a.png'>",
    "br-slut och lösa p-slut": "a</br>b</p>c",
    "kommentarer": "<!-- en --><p>a<!-- två -->b</p>",
    "svg med xlink och kamelnamn": (
        "<svg xmlns:xlink='http://www.w3.org/1999/xlink' viewbox='0 0 1 1'><linearGradient "
        "gradientunits='x'/><use xlink:href='#a' xml:lang='sv'/><rect/><text>t</text></svg>"),
    "html som bryter ut ur svg": "<svg><rect></rect><p>ut</p></svg>",
    "svg foreignObject med html": "<svg><foreignObject><p>x</p></foreignObject></svg>",
    "svg title med text": "<svg><title>Rubrik</title><desc>Beskrivning</desc></svg>",
    "math": "<math><mi>x</mi></math>",
    "template": "<template><p>x</p></template>",
    "noscript": "<noscript><p>x</p></noscript>",
    "tabell i stycke": "<p><table><tr><td>x</td></tr></table></p>",
    "select": "<select><option>a<option>b</select>",
    "taggar i textarea och title": "<textarea><p>x</p></TEXTAREA ><p>y</p><title>a<b>b</title>",
}


@pytest.mark.parametrize("body", HARD_CASES.values(), ids=HARD_CASES.keys())
def test_hard_cases(body):
    _same_as_tinyhtml5(PAGE.format(body))


def test_text_after_the_body_and_before_the_head():
    _same_as_tinyhtml5("  <html>\n \n<head></head> \n<body><p>x</p></body>\n</html>\n tail")
    _same_as_tinyhtml5("<p>no html, head or body</p>")


# Random well-formed documents: elements the standard leaves alone and elements it moves
# (a block in a paragraph, a row in a cell, a list item in a list item, HTML in SVG), so
# both of htmltree's roads, Lexbor's and tinyhtml5's, are taken many times.
ELEMENTS = ["p", "div", "span", "b", "i", "a", "em", "strong", "sup", "table", "thead", "tbody",
            "tr", "td", "th", "caption", "colgroup", "col", "ul", "ol", "li", "dl", "dt", "dd",
            "h2", "h3", "section", "figure", "figcaption", "pre", "br", "img", "hr", "nav",
            "svg", "rect", "text", "g", "title", "desc", "code", "font", "nobr", "button",
            "form", "textarea", "style"]
TEXTS = ["x", " ", "\n", "a&amp;b", "&nbsp;", "1 000", "−5", "\t", "&lt;p&gt;", "ö"]
ATTRIBUTES = ["", ' class="c"', ' id="i"', ' href="#a"', " title='a>b'", ' data-x="&amp;"',
              " hidden", ' viewBox="0 0 1 1"']


def _random_node(rnd, depth: int) -> str:
    if depth > 5 or rnd.random() < 0.3:
        return rnd.choice(TEXTS)
    name, attributes = rnd.choice(ELEMENTS), rnd.choice(ATTRIBUTES)
    if name in ("br", "img", "hr", "col"):
        return f"<{name}{attributes}>"
    if name in ("textarea", "style", "title"):
        return f"<{name}>{rnd.choice(TEXTS)}</{name}>"
    inner = "".join(_random_node(rnd, depth + 1) for _ in range(rnd.randint(0, 4)))
    if name == "rect" and not inner and rnd.random() < 0.5:
        return f"<{name}{attributes}/>"
    return f"<{name}{attributes}>{inner}</{name}>"


def test_random_documents():
    import random
    rnd = random.Random(2026)
    by_lexbor = 0
    for _ in range(400):
        html = PAGE.format("".join(_random_node(rnd, 0) for _ in range(rnd.randint(1, 5))))
        by_lexbor += htmltree.says_its_own_tree(html)
        _same_as_tinyhtml5(html)
    assert 50 < by_lexbor < 350  # both roads taken


def test_markup_that_does_not_say_its_own_tree_goes_to_tinyhtml5():
    assert htmltree.says_its_own_tree(PAGE.format("<p>a <b>b</b></p><table><tbody><tr>"
                                                  "<td>1</td></tr></tbody></table>"))
    for body in ("<p>a<div>b</div></p>", "<table><tr>x<td>1</td></tr></table>",
                 "<table>x<tr><td>1</td></tr></table>", "<p>a", "a</p>", "<h2><h3>b</h3></h2>",
                 "<ul><li>a<span><li>b</li></span></li></ul>", "<svg><p>x</p></svg>",
                 "<svg><foreignObject><div>x</div></foreignObject></svg>",
                 "<math></math>", "<select></select>", "<td>x</td>",
                 # attributes the standard reads but not plainly written: quote in a bare
                 # value, no space between two, an end tag with attributes
                 "<p title=a\"b>x</p>", '<a href="x"title="y">z</a>', "<p>x</p class=y>"):
        assert not htmltree.says_its_own_tree(PAGE.format(body)), body
