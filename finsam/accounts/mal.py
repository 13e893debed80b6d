"""Goals: written in the verksamhetsplan, followed up in the same year's årsredovisning.

A goal without a follow-up is a warning (the report may be a draft); a follow-up
of a goal that does not exist is an error, since its text would be lost (a rule between the
files: model/consistency.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..common.errors import Problem
from ..model.mal import Mal, Malfil, Omrade, Uppfoljning
from ..model.project import Typed


@dataclass(frozen=True)
class Malrad:
    mal: Mal
    uppfoljning: Uppfoljning | None


@dataclass(frozen=True)
class Omradesuppfoljning:
    omrade: Omrade
    rader: list[Malrad]


@dataclass(frozen=True)
class Malresultat:
    omraden: list[Omradesuppfoljning]
    warnings: list[Problem]


def follow_up(goals: Typed | None, followups: Typed | None, year: int) -> Malresultat:
    if goals is None:
        return Malresultat([], [])
    malfil: Malfil = goals.model
    entries: dict[str, Uppfoljning] = followups.model if followups else {}
    where = followups.file.path if followups else goals.file.path
    warnings = []
    areas = []
    for omrade in malfil.omraden:
        rows = [Malrad(m, entries.get(m.id)) for m in omrade.mal]
        for row in rows:
            if row.uppfoljning is None:
                warnings.append(Problem(
                    f"Målet '{row.mal.id}' ({omrade.rubrik}) i verksamhetsplanen {year} är inte "
                    "uppföljt.", where, None,
                    f"lägg till '{row.mal.id}:' med maluppfyllelse, uppfoljning och utfall i "
                    "maluppfoljning.yaml."))
        areas.append(Omradesuppfoljning(omrade, rows))
    return Malresultat(areas, warnings)
