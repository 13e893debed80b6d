"""A year's outcome straight from the bookkeeping: utfall.yaml names a SIE file (`sie:`) and
the file, under the mapping, gives the statements' lines and the notes' posts; what the books
cannot give (anställda, ansvarsförbindelser) is still typed. The figures are then typed
nowhere: the file is the source.

The mapping's rules say where each account goes: a statement line (`rad`) and, for the notes,
a member (`medlem`), a cost group and post (`not`, `post`, `drift`, `kategori`) or a balance
line's specification post (`post`). The result is the same data a typed utfall.yaml holds,
so every later stage and check is unchanged.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..common.errors import BuildError, Problem, raise_if_any
from ..load.project import RawFile
from ..load.sie import SieFil, check_sie, read_sie
from .kontoplan import Kontoplan
from .laid_out import laid_out_figures
from .siemappning import PRESET_NAMES, Mappat, Regel, map_accounts, own_rules, preset, rule_problems
from .utfall import Utfall

SIE_KEYS = ("sie", "mappning")


def awaited_sie_file(source: RawFile) -> str | None:
    """The SIE file a year waits for: utfall.yaml names it and says the year is not filled
    in yet (`ifylld: false`, as `finsam ny` writes it after a year from SIE), and the file
    is not there yet. Such a year is a draft, not a mistake; a missing file without
    `ifylld: false` is still an error (a misspelt name)."""
    data = source.data
    if not (isinstance(data, dict) and "sie" in data and data.get("ifylld") is False):
        return None
    name = str(data["sie"])
    return None if (source.path.parent / name).is_file() else name


def outcome_awaiting_sie(source: RawFile, last: Utfall, budget_lines: dict[str, list[str]]
                         ) -> RawFile:
    """utfall.yaml waiting for its SIE file → the year laid out as `ny` lays out a typed one
    (model/laid_out.py): nothing booked yet, the balance sheet at last year's closing."""
    data = {k: v for k, v in source.data.items() if k not in SIE_KEYS}
    data.update(laid_out_figures(last, budget_lines))
    return RawFile(source.path, data)


def _posts(mapped: Mappat, sie: SieFil, wanted: Callable[[Regel], bool]
           ) -> list[dict[str, Any]]:
    posts: dict[str, dict[str, Any]] = {}
    for nr, rule in mapped.regler.items():
        if not wanted(rule):
            continue
        name = rule.post or sie.konton[nr].namn
        post = posts.setdefault(name, {"namn": name, "belopp": Decimal(0)})
        post["belopp"] += mapped.belopp[nr]
        post.update({k: v for k, v in (("drift", rule.drift), ("kategori", rule.kategori)) if v})
    return list(posts.values())


def outcome_from_sie(source: RawFile, root: Path, chart: Kontoplan, year: int,
                     orgnr: str | None, members: list[str] | None = None
                     ) -> tuple[RawFile, Mappat]:
    """utfall.yaml with `sie:` → the same file as if its figures had been typed."""
    sie, mapped = _mapped(source, root, chart, year, orgnr, members)
    data = {k: v for k, v in source.data.items() if k not in SIE_KEYS}
    rr_ids = {r.id for r in chart.resultatrader}
    balance = {k: v for k, v in mapped.rader.items() if k not in rr_ids and k != "eget_kapital"}
    data.update(resultatrakning={k: v for k, v in mapped.rader.items() if k in rr_ids},
                balansrakning=balance, noter=_notes(mapped, sie, balance))
    return RawFile(source.path, data), mapped


def _sie_file(source: RawFile) -> Path:
    """The SIE file utfall.yaml names, beside it."""
    path = source.path.parent / str(source.data["sie"])
    if not path.is_file() or path.parent != source.path.parent:
        raise BuildError(Problem(
            f"SIE-filen '{source.data['sie']}' finns inte i {source.path.parent.name}/.",
            source.path, source.line("sie"),
            "lägg filen bredvid utfall.yaml och skriv bara filnamnet."))
    return path


def _preset_name(source: RawFile) -> str:
    """The mapping preset utfall.yaml chooses (bas unless it says)."""
    chosen = str(source.data.get("mappning", "bas"))
    if chosen not in PRESET_NAMES:
        raise BuildError(Problem(
            f"Mappningen '{chosen}' finns inte.", source.path, source.line("mappning"),
            "skriv 'mappning: bas' (BAS-kontoplanen) eller 'mappning: kommunbas' (Kommun-Bas)."))
    return chosen


def _mapped(source: RawFile, root: Path, chart: Kontoplan, year: int, orgnr: str | None,
            members: list[str] | None) -> tuple[SieFil, Mappat]:
    """The SIE file read and checked, and its accounts mapped onto the chart's lines: the
    förbund's own rules (content/sie-mappning.yaml) first, then the preset's."""
    path, chosen = _sie_file(source), _preset_name(source)
    sie, problems = read_sie(path)
    if sie is None:
        raise BuildError(problems)
    rules, read_problems = own_rules(root)
    read_problems += rule_problems(rules, chart, members)
    if read_problems:  # said once, at their lines in sie-mappning.yaml
        raise BuildError(problems + read_problems)
    mapped = map_accounts(sie, rules + preset(chosen), chart)
    raise_if_any(problems + check_sie(sie, year, orgnr) + mapped.problems)
    return sie, mapped


def _notes(mapped: Mappat, sie: SieFil, balance: dict[str, Decimal]) -> dict[str, Any]:
    """The notes as utfall.yaml types them: the members' contributions, the cost note by
    cost group, other income, and each balance line's specification."""
    contributions: dict[str, Decimal] = {}
    for nr, rule in mapped.regler.items():
        if rule.medlem:
            before = contributions.get(rule.medlem, Decimal(0))
            contributions[rule.medlem] = before + mapped.belopp[nr]
    costs = {group: _posts(mapped, sie, functools.partial(_in_cost_group, group))
             for group in dict.fromkeys(r.not_ for r in mapped.regler.values() if r.not_)}
    notes: dict[str, Any] = {"medlemsbidrag": contributions, "kostnader": costs}
    other = _posts(mapped, sie, lambda r: r.rad == "verksamhetens_intakter" and not r.medlem
                   and bool(r.post))
    if other:
        notes["ovriga_intakter"] = other
    for line in balance:
        specified = _posts(mapped, sie, functools.partial(_specifies, line))
        if specified:
            notes[line] = specified
    return notes


def _in_cost_group(group: str, rule: Regel) -> bool:
    return rule.not_ == group


def _specifies(line: str, rule: Regel) -> bool:
    """A rule that puts an account in a balance line's specification (a post of its note)."""
    return rule.rad == line and bool(rule.post)
