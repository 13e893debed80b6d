"""Text changes for `finsam jamfor`: a section's source, word by word, as the board reads a
marked-up draft ("Förbundet har <del>inga</del> <ins>två</ins> egna anställda.").

Paragraphs are aligned first (difflib on whole paragraphs), so an unchanged paragraph is not
shown; a changed stretch is then compared word by word (difflib on words). Removed and added
words are <del> and <ins>, each with a hidden "borttaget:"/"tillagt:" for a screen reader,
which does not announce the elements themselves, and struck through or underlined as well as
coloured (colour is never the only sign).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

# A paragraph break inside a changed stretch: kept as a word so the diff can place it.
_BREAK = "\n\n"


@dataclass(frozen=True)
class TextChange:
    name: str  # the section file, or a data file's key ("maluppfoljning.yaml: sip-antal")
    paragraphs: list[Markup]  # each changed stretch, marked up
    removed_words: int
    added_words: int


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs, each with its lines joined (a line break inside a paragraph is
    not a change the reader sees)."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _words(stretch: list[str]) -> list[str]:
    words: list[str] = []
    for index, paragraph in enumerate(stretch):
        if index:
            words.append(_BREAK)
        words += paragraph.split(" ")
    return words


def _marked(tag: str, words: list[str]) -> str:
    label = "borttaget" if tag == "del" else "tillagt"
    text = " ".join(str(escape(w)) if w != _BREAK else "¶" for w in words)
    return (f'<{tag}><span class="visually-hidden">[{label}: </span>{text}'
            f'<span class="visually-hidden">]</span></{tag}>')


def word_diff(before: list[str], after: list[str]) -> tuple[list[Markup], int, int]:
    """One changed stretch (paragraphs before and after) marked up word by word, split back
    into paragraphs where the new text has its breaks; with the words removed and added."""
    old, new = _words(before), _words(after)
    out: list[str] = []
    count_removed = count_added = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [str(escape(w)) if w != _BREAK else _BREAK for w in new[j1:j2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        count_removed += sum(w != _BREAK for w in removed)
        count_added += sum(w != _BREAK for w in added)
        if removed:
            out.append(_marked("del", removed))
        if added:
            # A paragraph break that was added splits the output there too.
            pieces = " ".join(added).split(_BREAK)
            for index, piece in enumerate(pieces):
                if index:
                    out.append(_BREAK)
                if piece.strip():
                    out.append(_marked("ins", piece.split()))
    html = " ".join(out)
    marked = [Markup(p.strip()) for p in html.split(_BREAK) if p.strip()]
    return marked, count_removed, count_added


def compare_texts(name: str, before: str, after: str) -> TextChange | None:
    """The changed stretches of one text, or None when its paragraphs read the same."""
    old, new = paragraphs(before), paragraphs(after)
    shown: list[Markup] = []
    removed = added = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        marked, words_removed, words_added = word_diff(old[i1:i2], new[j1:j2])
        shown += marked
        removed += words_removed
        added += words_added
    if not shown:
        return None
    return TextChange(name, shown, removed, added)
