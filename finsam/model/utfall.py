"""One year's outcome (content/<år>/utfall.yaml), in kronor: the statements' lines by the
chart's ids, and the notes (member contributions, costs by cost group, specifications)."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from .fields import Belopp, BeloppEllerText, Model


class Post(Model):
    """One specified line in a note. A figure is typed once, at the finest level the förbund
    reports: a post typed as finer lines (`rader`, each its own driftredovisning line) gets
    its amount from them; a post with both is checked against them. A `specifikation` lists
    what one driftredovisning line consists of (a sub-note of its own)."""

    namn: str
    belopp: Belopp | None = None
    # The amount as the source gives it, in whole tkr (a driftredovisning line published only
    # in tkr under a note in kronor): the post it is a finer line of keeps the exact kronor,
    # and the lines in tkr are checked against it within half a tkr each.
    belopp_tkr: Belopp | None = None
    drift: str | None = Field(default=None, description="Driftredovisningens rad; standard: namn")
    # The driftredovisning's cost group of the line (standard: the note's group it is typed
    # under); for an income post, a cost line's group puts the income on that cost line.
    driftgrupp: str | None = None
    # The cost split's category (individinsatser, strukturinsatser, processtöd …); standard:
    # the cost group's category in the chart.
    kategori: str | None = None
    rader: list[Post] = []
    specifikation: list[Post] = []
    # Set by the tool, never typed: a line typed in tkr whose belopp is its share of its
    # post's exact kronor (in_kronor).
    typed_tkr: Decimal | None = Field(default=None, exclude=True)
    specifikation_rubrik: str | None = None

    @model_validator(mode="after")
    def _typed_once(self) -> Post:
        if self.belopp is None and self.belopp_tkr is None and not self.rader \
                and not self.specifikation:
            raise ValueError(f"posten '{self.namn}' saknar belopp (eller rader eller "
                             "specifikation som ger det)")
        if self.belopp is not None and self.belopp_tkr is not None:
            raise ValueError(f"posten '{self.namn}' har både belopp och belopp_tkr; skriv "
                             "beloppet en gång, i den enhet källan ger det")
        if self.belopp_tkr is not None and self.belopp_tkr != int(self.belopp_tkr):
            raise ValueError(f"posten '{self.namn}': belopp_tkr är hela tkr")
        return self

    @property
    def summa(self) -> Decimal:
        """The post's amount: as typed (in kronor, or tkr as a thousand kronor each), or the
        sum of its finer lines (or specification)."""
        if self.belopp is not None:
            return self.belopp
        if self.belopp_tkr is not None:
            return self.belopp_tkr * 1000
        return sum((r.summa for r in self.rader or self.specifikation), Decimal(0))

    @property
    def driftpost(self) -> str:
        return self.drift or self.namn


def drift_lines(posts: list[Post]) -> list[Post]:
    """The driftredovisning's finest lines of a note's posts: a post typed as finer lines
    is those lines (each in the post's group and category unless it names its own); lines
    typed in tkr under a post in kronor share the post's exact amount (in_kronor)."""
    lines = []
    for post in posts:
        if post.rader:
            lines += drift_lines(in_kronor(post, [r.model_copy(update={
                "driftgrupp": r.driftgrupp or post.driftgrupp,
                "kategori": r.kategori or post.kategori}) for r in post.rader]))
        elif post.belopp_tkr is not None and post.typed_tkr is None:
            lines.append(_with_kronor(post, post.summa))
        else:
            lines.append(post)
    return lines


def in_kronor(post: Post, lines: list[Post]) -> list[Post]:
    """A post's finer lines where some are typed in tkr and the post in kronor: the kronor
    the tkr lines leave of the post's amount are theirs, shared in proportion to their tkr
    (the last takes what rounding to öre leaves), so that every sum above them is the
    exact amount; each keeps its typed tkr to be shown as published."""
    in_tkr = [i for i, line in enumerate(lines) if line.belopp_tkr is not None]
    if post.belopp is None or not in_tkr:
        return lines
    rest = post.belopp - sum((line.summa for i, line in enumerate(lines) if i not in in_tkr),
                             Decimal(0))
    typed = sum((lines[i].summa for i in in_tkr), Decimal(0))
    shared = list(lines)
    left = rest
    for i in in_tkr[:-1]:
        part = ((rest * lines[i].summa / typed) if typed else Decimal(0)).quantize(Decimal("0.01"))
        shared[i] = _with_kronor(lines[i], part)
        left -= part
    shared[in_tkr[-1]] = _with_kronor(lines[in_tkr[-1]], left)
    return shared


def _with_kronor(line: Post, amount: Decimal) -> Post:
    """A line typed in tkr with its share of the exact kronor (typed_tkr keeps the tkr)."""
    return line.model_copy(update={"belopp": amount, "belopp_tkr": None,
                                   "typed_tkr": line.belopp_tkr})


# The resultaträkning's and balansräkning's lines are typed by the chart's ids (kontoplan):
# a mapping id → amount, checked against the chart in model/consistency.py. Sums are computed.
Rader = dict[str, Belopp]

# The cost note: the chart's cost group id → its posts, in the order the note shows them.
Kostnadsnot = dict[str, list[Post]]


class Noter(Model):
    """The notes of a year: member contributions and costs (the driftredovisning's source),
    and a specification for any line of the chart, under the line's id (fordringar: […])."""

    medlemsbidrag: dict[str, Belopp]
    ovriga_intakter: list[Post] = []  # income besides the members' (EU funds, grants …)
    kostnader: Kostnadsnot
    specifikationer: dict[str, list[Post]] = {}

    def posts_with_place(self) -> Iterator[tuple[Post, tuple[Any, ...]]]:
        """Every post of the cost and income notes, finer lines included, with the keys it is
        typed under in utfall.yaml (for the lines of messages)."""
        places: list[tuple[tuple[str, ...], list[Post]]] = [
            (("noter", "kostnader", group), posts) for group, posts in self.kostnader.items()]
        places.append((("noter", "ovriga_intakter"), self.ovriga_intakter))
        for where, posts in places:
            yield from _walk_posts(posts, where)

    @model_validator(mode="before")
    @classmethod
    def _line_notes(cls, data: Any) -> Any:
        """Every key but the named notes is a line's specification."""
        if not isinstance(data, dict):
            return data
        named = {k: v for k, v in data.items()
                 if k in ("medlemsbidrag", "ovriga_intakter", "kostnader")}
        return named | {"specifikationer": {k: v for k, v in data.items() if k not in named}}




class Utfall(Model):
    ar: int
    # false in a file laid out by 'finsam ny': the build warns until it is filled in.
    ifylld: bool = True
    anstallda: int = 0
    # Printed under the balansräkning when given: an amount, or a text such as "Inga".
    ansvarsforbindelser: BeloppEllerText | None = None
    ej_likviditetspaverkande_poster: Belopp = Decimal(0)
    eget_kapital_tillskott: Belopp = Decimal(0)  # capital contributed by members this year
    resultatrakning: Rader
    balansrakning: Rader  # at year end; eget kapital is rolled forward, not typed
    noter: Noter



def _walk_posts(posts: list[Post], where: tuple[Any, ...]
                ) -> Iterator[tuple[Post, tuple[Any, ...]]]:
    """Every post with where it is typed, finer lines included."""
    for index, post in enumerate(posts):
        yield post, (*where, index)
        yield from _walk_posts(post.rader, (*where, index, "rader"))
