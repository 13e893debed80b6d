"""A year laid out before its figures exist: what `finsam ny` types into a new utfall.yaml,
and what a year waiting for its SIE file is until the file comes.

Every result line and member contribution at 0, the balance sheet at last year's closing
balance (so the checks hold: nothing has happened yet), each cost post of last year at 0 in
its line, group and category, and a post at 0 for each of the year's budget lines the
outcome has no line for (so the driftredovisning can compare). The balance lines'
specifications keep last year's posts, which add up to the closing balance.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .budget import BudgetFil
from .utfall import Post, Utfall, drift_lines


def _zero_post(post: Post) -> dict[str, Any]:
    """A post at 0, keeping its line, group and category; a post typed as finer lines keeps
    them, each at 0."""
    fields = {key: value for key, value in (("drift", post.drift),
                                            ("driftgrupp", post.driftgrupp),
                                            ("kategori", post.kategori)) if value}
    if post.rader:
        # Finer lines typed in tkr need their post's exact kronor: it stays, at 0.
        exact = ({"belopp": Decimal(0)} if any(r.belopp_tkr is not None for r in post.rader)
                 else {})
        return {"namn": post.namn, **exact, **fields,
                "rader": [_zero_post(r) for r in post.rader]}
    if post.belopp_tkr is not None:  # typed in the unit its source gives
        return {"namn": post.namn, "belopp_tkr": Decimal(0), **fields}
    return {"namn": post.namn, "belopp": Decimal(0), **fields}


def laid_out_figures(last: Utfall, budget_lines: dict[str, list[str]]) -> dict[str, Any]:
    """The figures of utfall.yaml for the year after `last`, nothing booked yet (the keys
    resultatrakning, balansrakning and noter, as typed)."""
    known = {(line.driftgrupp or group, line.driftpost)
             for group, posts in last.noter.kostnader.items() for line in drift_lines(posts)}
    costs: dict[str, list[dict[str, Any]]] = {}
    for group in dict.fromkeys([*last.noter.kostnader, *budget_lines]):
        posts = [_zero_post(p) for p in last.noter.kostnader.get(group, [])]
        posts += [{"namn": name, "belopp": Decimal(0)} for name in budget_lines.get(group, [])
                  if (group, name) not in known]
        if posts:
            costs[group] = posts
    notes: dict[str, Any] = {"medlemsbidrag": {m: Decimal(0) for m in last.noter.medlemsbidrag},
                             "kostnader": costs}
    for line, specified in last.noter.specifikationer.items():
        notes[line] = [{"namn": p.namn, "belopp": p.belopp} for p in specified]
    return {"resultatrakning": {name: Decimal(0) for name in last.resultatrakning},
            "balansrakning": dict(last.balansrakning), "noter": notes}


def budget_lines(budget: BudgetFil | None, year: int) -> dict[str, list[str]]:
    """The year's budget lines per cost group: the plan's lines for the year and every
    revision's (the driftredovisning compares with the latest)."""
    if budget is None:
        return {}
    lines: dict[str, list[str]] = {}
    for group, by_line in budget.grupper.items():
        lines[group] = [name for name, by_year in by_line.items() if year in by_year]
    for revision in budget.revideringar:
        for group, amounts in revision.grupper.items():
            lines[group] = list(dict.fromkeys([*lines.get(group, []), *amounts]))
    return lines
