"""Stage 2, validate: every file of the project through its schema, all problems at once.

`type_files` reads as its steps: the profile, the history, the chart of accounts, each year's
outcome (typed, or from the bookkeeping's SIE file), the goals' follow-ups, the documents,
the budgets (and the years still waiting for their SIE file), the goals. The rules between
files are the next step (model/consistency.py); `validate_project` is both, for the commands
that need a checked project without building.
"""
from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from ..common.errors import Problem, attempt
from ..load.project import RawDocument, RawFile, RawProject, locate
from .budget import BudgetFil
from .consistency import check_files
from .dokument import MANIFESTS, Arsredovisning, Verksamhetsplan
from .forbund import Forbund
from .historik import Historik
from .kontoplan import Kontoplan
from .kontoplanfil import chart_for
from .laid_out import budget_lines
from .mal import Malfil, Uppfoljning
from .project import OutcomeYear, Project, Trail, Typed, TypedDocument, TypedFiles
from .sieutfall import awaited_sie_file, outcome_awaiting_sie, outcome_from_sie
from .statistik import statistics_tables
from .typed import validate
from .utfall import Utfall

T = TypeVar("T", bound=BaseModel)


class Typing:
    """Files typed one by one; each one's problems kept, so that all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def one(self, model: type[T], source: RawFile | None) -> T | None:
        if source is None:
            return None
        return attempt(self.problems, validate, model, source.data, source.path)

    def by_year(self, model: type[BaseModel], files: dict[int, RawFile]) -> dict[int, Typed]:
        result = {}
        for year, source in files.items():
            if (value := self.one(model, source)) is not None:
                result[year] = Typed(source, value)
        return result


def validate_project(raw: RawProject) -> Project:
    """Every file typed and checked against the others; all problems raised together."""
    return check_files(type_files(raw))


def type_files(raw: RawProject) -> TypedFiles:
    """Every file through its schema, as far as each one goes."""
    typing = Typing()
    forbund = typing.one(Forbund, raw.forbund)
    historik = history_years(raw.historik, typing)
    chart = attempt(typing.problems, chart_for, raw.kontoplan)
    years, trails, awaiting = outcome_years(raw, chart, typing)
    followups = followup_files(raw.followups, typing)
    documents = [d for d in (typed_document(doc, typing) for doc in raw.documents) if d]
    budgets = typing.by_year(BudgetFil, raw.budgets)
    if awaiting and chart is not None:
        years = laid_out_years(awaiting, years, budgets, raw, chart, typing)
    goals = typing.by_year(Malfil, raw.goals)
    return TypedFiles(raw, forbund, historik, chart, years, trails, followups, documents,
                      budgets, goals, typing.problems)


def _is_year(key: Any) -> bool:
    return not isinstance(key, bool) and (isinstance(key, int) or (
        isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 4))


def history_years(source: RawFile | None, typing: Typing) -> dict[int, Historik]:
    """content/historik.yaml: a summary per year before the tool, by the year."""
    historik: dict[int, Historik] = {}
    if source is None or not isinstance(source.data, dict):
        return historik
    for year, entry in source.data.items():
        if not _is_year(year):  # a key that is no year: said, not a crash
            typing.problems.append(Problem(
                f"'{str(year)[:40]}' är inget år.", source.path, source.line(year),
                "varje år skrivs med fyra siffror: 2020:"))
            continue
        model = typing.one(Historik, RawFile(source.path, entry))
        if model is not None:
            historik[int(year)] = model
    return historik


def outcome_years(raw: RawProject, chart: Kontoplan | None, typing: Typing
                  ) -> tuple[dict[int, OutcomeYear], dict[int, Trail], dict[int, RawFile]]:
    """Each year's utfall.yaml typed, or its figures read from the SIE file it names; also
    the years whose outcome came from a SIE file (their trails), and those whose SIE file is
    still to come (laid out once the budgets are typed)."""
    years: dict[int, OutcomeYear] = {}
    trails: dict[int, Trail] = {}
    awaiting: dict[int, RawFile] = {}
    for year, source in raw.years.items():
        if isinstance(source.data, dict) and "sie" in source.data and chart is not None:
            if awaited_sie_file(source) is not None:
                awaiting[year] = source
                continue
            converted = attempt(typing.problems, outcome_from_sie, source, raw.root, chart,
                                year, *_profile_for_sie(raw))
            if converted is None:
                continue
            trails[year] = (source.path.parent / str(source.data["sie"]), converted[1])
            source = converted[0]
        model = typing.one(Utfall, source)
        if model is not None:
            years[year] = (source, model)
    return years, trails, awaiting


def _profile_for_sie(raw: RawProject) -> tuple[Any, list[str] | None]:
    """What a SIE file is checked against: the förbund's organisationsnummer and its
    members' ids, read from the profile as typed (it may itself have mistakes)."""
    profile = raw.forbund.data if raw.forbund and isinstance(raw.forbund.data, dict) else {}
    listed = profile.get("medlemmar")
    members = ([str(m.get("id")) for m in listed or [] if isinstance(m, dict)]
               if isinstance(listed, list) else None)
    return profile.get("organisationsnummer"), members


def followup_files(files: dict[int, RawFile], typing: Typing) -> dict[int, Typed]:
    """Each year's maluppfoljning.yaml: a follow-up per goal id."""
    followups = {}
    for year, source in files.items():
        if not isinstance(source.data, dict):
            continue
        entries = {}
        for goal_id, entry in source.data.items():
            if (value := typing.one(Uppfoljning, RawFile(source.path, entry))) is not None:
                entries[str(goal_id)] = value
        followups[year] = Typed(source, entries)
    return followups


def typed_document(doc: RawDocument, typing: Typing) -> TypedDocument | None:
    """A document's manifest by its type, with its statistics tables."""
    data = doc.manifest.data
    if not isinstance(data, dict):
        typing.problems.append(Problem(
            "Filen är tom eller har inte formen 'namn: värde'.", doc.manifest.path, 1,
            "jämför med dokument.yaml i exemplets dokumentmappar."))
        return None
    kind = data.get("typ")
    if kind not in MANIFESTS:
        typing.problems.append(Problem(
            f"Okänd dokumenttyp '{kind}'.", doc.manifest.path, locate(data, ("typ",)),
            "skriv 'typ: arsredovisning' eller 'typ: verksamhetsplan'."))
        return None
    manifest = typing.one(MANIFESTS[kind], doc.manifest)
    if not isinstance(manifest, (Arsredovisning, Verksamhetsplan)):
        return None  # its problems are among the typing's
    tables = (statistics_tables(doc.statistik, typing.problems)
              if doc.statistik is not None else {})
    return TypedDocument(doc.folder, manifest, doc.manifest, doc.sections, tables,
                         doc.statistik)


def laid_out_years(awaiting: dict[int, RawFile], years: dict[int, OutcomeYear],
                   budgets: dict[int, Typed], raw: RawProject, chart: Kontoplan,
                   typing: Typing) -> dict[int, OutcomeYear]:
    """The years waiting for their SIE file, each laid out from the year before (model/
    laid_out.py) and kept with its own utfall.yaml (for its lines, and for the draft to name
    the file it waits for). Without a year before to start from, the missing file is the
    mistake it always was."""
    years = dict(years)
    for year, source in sorted(awaiting.items()):
        last = years.get(year - 1)
        if last is None:
            attempt(typing.problems, outcome_from_sie, source, raw.root, chart, year, None)
            continue
        budget = budgets.get(year)
        lines = budget_lines(budget.model if budget else None, year)
        model = typing.one(Utfall, outcome_awaiting_sie(source, last[1], lines))
        if model is not None:
            years[year] = (source, model)
    return dict(sorted(years.items()))
