"""Start next year's documents from this year's: `finsam ny 2023`.

Sections are copied for rewriting; manifests and dates move on a year and the status
becomes utkast; data files are laid out for the new year's figures. Last year's
figures are not copied: the new årsredovisning reads them from last year's utfall.yaml
as comparatives. The new utfall.yaml starts from the opening balance (last year's
closing balance, so the checks hold) with every result line at 0, and says so with
`ifylld: false` until the accountant has typed the year in.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import yaml

from ..common.errors import BuildError, Problem
from ..common.staging import NEW_YEAR, finish_or_discard, write_all_or_nothing
from ..load.project import load_project, read_text
from ..model.budget import BudgetFil
from ..model.laid_out import laid_out_figures
from ..model.mal import Omrade
from ..model.project import Project, TypedDocument
from ..model.statistik import Statistiktabell
from ..model.utfall import Utfall
from ..model.validation import validate_project

DOCUMENT_TYPES = ("verksamhetsplan", "arsredovisning")


# The staging folder `ny` writes the new year's files into, beside content/ (see staging.py).
STAGING_PREFIX = NEW_YEAR


def start_year(root: Path, year: int, which: list[str] | None = None) -> list[Path]:
    """Create the new year's files, all or none: a `ny` killed half-way leaves nothing in
    content/, and what it left beside it is cleared (or finished) at the next start."""
    finish_or_discard(root, STAGING_PREFIX)
    project = validate_project(load_project(root))
    previous = {d.manifest.typ: d for d in project.documents if d.manifest.ar == year - 1}
    wanted = which or [t for t in DOCUMENT_TYPES if t in previous]
    files: dict[Path, str] = {}
    problems: list[Problem] = []
    if not wanted:
        problems.append(_no_documents(root, year - 1))
    for kind in wanted:
        source = previous.get(kind)
        target = root / "content" / str(year) / kind
        if source is None:
            problems.append(_no_source(root, kind, year - 1))
        elif target.exists():
            problems.append(Problem(f"content/{year}/{kind}/ finns redan; inget skrivs över.",
                                    target, None, "ta bort eller byt namn på mappen först."))
        elif kind == "verksamhetsplan":
            files.update(_verksamhetsplan(project, source, year))
        else:
            files.update(_arsredovisning(project, source, year))
    if problems:
        raise BuildError(problems, usage=True)
    try:
        write_all_or_nothing(root, files, STAGING_PREFIX)
    except OSError as error:
        raise BuildError(Problem(
            f"De nya filerna kunde inte skrivas ({error.strerror}).", root / "content", None,
            "kontrollera att disken inte är full och att mappen får skrivas, och kör "
            f"finsam ny {year} igen.")) from None
    return sorted(files)


# What each document is called in a sentence.
_NAMES = {"verksamhetsplan": "verksamhetsplan", "arsredovisning": "årsredovisning"}


def _no_source(root: Path, kind: str, year: int) -> Problem:
    """No document of this kind for the year before, naming exactly what is missing: its
    dokument.yaml (when the folder is there) or the folder."""
    folder = root / "content" / str(year) / kind
    missing = folder / "dokument.yaml" if folder.is_dir() else folder
    shown = missing.relative_to(root).as_posix() + ("" if missing.suffix else "/")
    return Problem(
        f"Det finns ingen {_NAMES[kind]} för {year} att utgå från: {shown} finns inte.",
        None, None, "lägg tillbaka den (till exempel ur git) eller skapa den, eller välj ett "
                    "annat år.")


def _no_documents(root: Path, year: int) -> Problem:
    """No document at all for the year before: the folder, or each dokument.yaml, missing."""
    folder = root / "content" / str(year)
    if not folder.is_dir():
        return Problem(f"Det finns inga dokument för {year} att utgå från: content/{year}/ "
                       "finns inte.", None, None,
                       "ange ett år som följer på ett år med dokument i content/.")
    missing = [f"content/{year}/{kind}/dokument.yaml" for kind in DOCUMENT_TYPES]
    return Problem(f"Det finns inga dokument för {year} att utgå från: "
                   f"{' och '.join(missing)} finns inte.", None, None,
                   "lägg tillbaka dokumentets dokument.yaml (till exempel ur git), eller ange "
                   "ett år som följer på ett år med dokument i content/.")


# --- Text moved on a year ------------------------------------------------------------------

def _shift_years(text: str, year: int) -> str:
    """Every year near the old one, one year on: 'Plan 2023–2024' → 'Plan 2024–2025'."""
    return re.sub(r"\b(19|20)\d\d\b",
                  lambda m: str(int(m.group(0)) + 1) if abs(int(m.group(0)) - year) <= 3
                  else m.group(0), text)


def _next_date(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _manifest(doc: TypedDocument) -> str:
    """The manifest, edited line by line so the author's comments stay."""
    old = doc.manifest.ar
    lines = []
    dropped_at: int | None = None  # the indent of a key left out with its block
    for line in read_text(doc.folder / "dokument.yaml").split("\n"):
        indent = len(line) - len(line.lstrip())
        if dropped_at is not None and line.strip() and indent > dropped_at:
            continue  # the value of a key left out, on its own lines
        dropped_at = None
        if re.match(r"^\s+publicerad_avvikelse:", line):
            dropped_at = indent  # a published figure belongs to the old report only
            continue
        key = line.split(":", 1)[0] if re.match(r"^[a-z_]+:", line) else None
        if key == "ar":
            line = f"ar: {old + 1}"
        elif key == "status":
            line = re.sub(r"^status:\s*\S+", "status: utkast", line)
        elif key == "datum":
            line = re.sub(r"^datum:\s*\S+", f"datum: {_next_date(doc.manifest.datum).isoformat()}",
                          line)
        elif key == "diarienummer":
            line = 'diarienummer: ""      # nytt diarienummer när styrelsen beslutar'
        elif key == "godta_avvikelser":
            dropped_at = 0
            continue  # an old document's exception is not the new one's
        elif key in ("titel", "undertitel") or line.startswith("#"):
            line = _shift_years(line, old)
        lines.append(line)
    return "\n".join(lines)


def _sections(doc: TypedDocument, target: Path) -> dict[Path, str]:
    return {target / name: read_text(doc.folder / name) for name in doc.manifest.sektioner}


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _goal_placements(text: str, prefix: str, old: list[Omrade], new: list[Omrade]) -> str:
    """A copied section's goal placements ([[uppfoljning-<område>]]) made to follow the new
    plan: an area it no longer has goes, with the heading above it that names it; an area it
    adds comes after the last one kept, under a heading like the others'. A placement for an
    area the plan does not have would stop every build."""
    lines = text.split("\n")
    pattern = re.compile(rf"^\s*\[\[{re.escape(prefix)}-([^\]]+)\]\]\s*$")
    placed = {i: m.group(1) for i, line in enumerate(lines) if (m := pattern.match(line))}
    if not placed:
        return text
    wanted = [a.id for a in new]
    drop, level = _dropped(lines, placed, wanted, {a.id: a.rubrik for a in old})
    missing = [a for a in new if a.id not in placed.values()]
    if not drop and not missing:
        return text
    kept = [i for i, area in placed.items() if area in wanted]
    after = max(kept) if kept else min(placed) - 1
    added: list[str] = []
    for area in missing:
        added += ["", *([f"{level} {area.rubrik}", ""] if level else []),
                  f"[[{prefix}-{area.id}]]"]
    out = [line for i, line in enumerate(lines) if i not in drop]
    at = len([i for i in range(after + 1) if i not in drop])  # the added after the last kept
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out[:at] + added + out[at:]))


def _dropped(lines: list[str], placed: dict[int, str], wanted: list[str],
             named: dict[str, str]) -> tuple[set[int], str]:
    """The lines of the placements for areas the plan no longer has (with the heading above
    one that names its area), and the heading level the placements are under ('' if none)."""
    drop: set[int] = set()
    level = ""
    for index, area in placed.items():
        above = _heading_above(lines, index)
        heading = _HEADING.match(lines[above]) if above is not None else None
        if heading is not None:
            level = level or heading.group(1)
        if area in wanted:
            continue
        drop.add(index)
        if heading is not None and heading.group(2) == named.get(area):
            drop.update(range(above, index))
    return drop, level


def _heading_above(lines: list[str], index: int) -> int | None:
    """The heading line directly above a line (blank lines between), if there is one."""
    for above in range(index - 1, -1, -1):
        if lines[above].strip():
            return above if _HEADING.match(lines[above]) else None
    return None


# --- Verksamhetsplan ---------------------------------------------------------------------

def _verksamhetsplan(project: Project, doc: TypedDocument, year: int) -> dict[Path, str]:
    target = project.root / "content" / str(year) / "verksamhetsplan"
    files = _sections(doc, target)
    files[target / "dokument.yaml"] = _manifest(doc)
    goals = doc.folder / "mal.yaml"
    if goals.is_file():
        text = read_text(goals)
        files[target / "mal.yaml"] = "\n".join(
            _shift_years(line, year - 1) if line.startswith("#") else line
            for line in text.split("\n"))
    budget = project.budgets.get(year - 1)
    if budget is not None:
        files[target / "budget.yaml"] = _budget(budget.model, year, doc)
    return files


def _budget(old: BudgetFil, year: int, doc: TypedDocument) -> str:
    """Next year's budget: the old plan years move up, the last plan year is repeated."""
    decided = _next_date(doc.manifest.datum).isoformat()
    years = [year, year + 1, year + 2]
    out = [f"# Budget {year} och plan {year + 1}–{year + 2}. Belopp i {old.enhet}.",
           f"# Skapad av 'finsam ny {year}' ur planen för {year}–{year + 1}; "
           "arbeta om beloppen innan styrelsen beslutar.",
           "# Förslaget är ett utkast tills beloppen är omarbetade: ta då bort 'ifylld: false'.",
           "ifylld: false",
           f"enhet: {old.enhet}",
           f"benamning: budget {year}, förslag",
           f"beslutad: {decided}", "", "intakter:"]
    for member, amounts in old.intakter.items():
        out.append(f"  {member}: {_years(_moved(amounts, years))}")
    for group in old.grupper:
        out += ["", f"{group}:"]
        out += [f"  {_key(name)}: {_years(moved)}"
                for name, moved in _moved_lines(old, group, years).items()]
    levels = {line: moved for line, amounts in old.rorelsekapital.items()
              if (moved := _moved(amounts, years))}
    if levels:  # planned year-end levels of balance lines, by the chart's ids
        out += ["", "rorelsekapital:"]
        out += [f"  {line}: {_years(moved)}" for line, moved in levels.items()]
    out += ["", f"# Prognosen för {year - 1}: kassaflödes- och balansbudgeten utgår från den.",
            "# Fyll i när prognosen finns, t.ex.:",
            f"# prognos: {{ar: {year - 1}, arets_resultat: 0, fordringar: 0, "
            "kortfristiga_skulder: 0}", ""]
    return "\n".join(out)


def _moved_lines(old: BudgetFil, group: str, years: list[int]) -> dict[str, dict[int, Decimal]]:
    """A group's lines moved on to `years`; a line the old plan ended is left out."""
    lines = {name: _moved(amounts, years) for name, amounts in old.grupper[group].items()}
    return {name: moved for name, moved in lines.items() if moved}


def _moved(amounts: dict[int, Decimal], years: list[int]) -> dict[int, Decimal]:
    known = {y: a for y, a in amounts.items() if y >= years[0]}
    if not known:
        return {}
    last = amounts[max(amounts)]
    return {y: known.get(y, last) for y in years}


def _years(amounts: dict[int, Decimal]) -> str:
    """{2023: 1 500, 2024: "36,2"}: inside { } a decimal comma would split the value, so a
    decimal amount is quoted (the loader reads it back as the same number)."""
    def value(amount: Decimal) -> str:
        text = _amount(amount)
        return f'"{text}"' if "," in text else text
    return "{" + ", ".join(f"{y}: {value(a)}" for y, a in amounts.items()) + "}"


def _key(name: str) -> str:
    return f'"{name}"' if re.search(r"[:#,\[\]{}]", name) else name


def _amount(value: Decimal) -> str:
    """A Swedish amount the loader reads back: 1 500, −3, 36,2."""
    sign = "\u2212" if value < 0 else ""
    whole, _, decimals = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    decimals = decimals.rstrip("0")
    return sign + grouped + ("," + decimals if decimals else "")


# --- Årsredovisning ----------------------------------------------------------------------

def _arsredovisning(project: Project, doc: TypedDocument, year: int) -> dict[Path, str]:
    root = project.root
    target = root / "content" / str(year) / "arsredovisning"
    files = _sections(doc, target)
    # The follow-up follows the plan of its own year: the one already written for the year,
    # or last year's that `ny` copies to it.
    old, new = project.goals.get(year - 1), project.goals.get(year) or project.goals.get(year - 1)
    if old is not None and new is not None:
        files = {path: _goal_placements(text, "uppfoljning", old.model.omraden,
                                        new.model.omraden) for path, text in files.items()}
    files[target / "dokument.yaml"] = _manifest(doc)
    files[target / "maluppfoljning.yaml"] = _followup_skeleton(project, year)
    if doc.statistik:  # the copied sections place and cite its tables
        files[target / "statistik.yaml"] = _statistics_skeleton(doc.statistik, year)
    outcome = root / "content" / str(year) / "utfall.yaml"
    if not outcome.exists() and (year - 1) in project.kontospar:
        files[outcome] = _sie_outcome(project, year)  # the books go on being the source
    elif not outcome.exists() and (year - 1) in project.years:
        files[outcome] = _outcome_skeleton(project.years[year - 1][1], year,
                                           _budget_lines(project, year))
    return files


_BLANK = {"antal": 0, "kronor": 0, "procent": None, "mot_budget": [0, 0], "text": ""}


def _statistics_skeleton(tables: dict[str, Statistiktabell], year: int) -> str:
    """Last year's statistics tables with every figure blank (counts and amounts 0, published
    percentages and texts empty, no typed whole): the copied sections that place and cite
    them still build, and no figure of last year is published as this year's."""
    blank = {}
    for name, table in tables.items():
        data = table.model_dump(mode="json", exclude_defaults=True, exclude={"totalt"})
        kinds = [column.typ for column in table.kolumntyper]
        if table.rader:
            data["rader"] = {label: [_BLANK[kind] for kind in kinds] for label in table.rader}
        if table.grupper:
            data["grupper"] = {group: {label: [0 for _ in kinds] for label in lines}
                               for group, lines in table.grupper.items()}
        if table.bas:
            data["bas"] = [0 for _ in table.bas]
        blank[name] = data
    head = (f"# Statistiken för {year}: förra årets tabeller med varje siffra tom. FYLL I årets\n"
            "# antal (och andelar och texter) från källan; rubrikerna kan behöva ett nytt år.\n")
    return head + yaml.safe_dump(blank, allow_unicode=True, sort_keys=False, width=96)


def _followup_skeleton(project: Project, year: int) -> str:
    """The goals to follow up: the year's plan's, or last year's that `ny` copies to it."""
    goals = project.goals.get(year) or project.goals.get(year - 1)
    ids = [m.id for area in goals.model.omraden for m in area.mal] if goals else []
    out = [f"# Uppföljning av målen i verksamhetsplanen {year} "
           f"(content/{year}/verksamhetsplan/mal.yaml).",
           "# Nyckeln är målets id. maluppfyllelse: uppnått, delvis uppnått eller ej uppnått.",
           "# Ta bort # framför ett mål när det är uppföljt. Mål utan uppföljning ger en varning."]
    for goal in ids:
        out += [f"# {goal}:", "#   maluppfyllelse: ", "#   uppfoljning: |", "#     …",
                "#   utfall: |", "#     …"]
    return "\n".join(out) + "\n"


def _budget_lines(project: Project, year: int) -> dict[str, list[str]]:
    """The year's budget lines per group (its own budget, or the one `ny` moves up from last
    year's plan), so that the outcome has a line for each."""
    if year in project.budgets:
        budget = project.budgets[year].model
        return {g: list(lines) for g, lines in budget.grupper.items()}
    if year - 1 in project.budgets:
        old = project.budgets[year - 1].model
        return {g: list(_moved_lines(old, g, [year, year + 1, year + 2])) for g in old.grupper}
    return {}


def _outcome_skeleton(last: Utfall, year: int, budget_lines: dict[str, list[str]]) -> str:
    """The new utfall.yaml typed out: the year laid out (model/laid_out.py), with what the
    accountant is to do in its head."""
    figures = laid_out_figures(last, budget_lines)
    out = [f"# Utfall {year} – bokslutet så som ekonomen levererar det. Alla belopp i kronor.",
           f"# Skapad av 'finsam ny {year}': resultaträkningen och noterna står på 0 och",
           f"# balansräkningen på ingående balans ({year - 1}-12-31). Skriv in årets siffror och",
           "# ta bort raden 'ifylld: false'; till dess varnar bygget.",
           f"ar: {year}", "ifylld: false", f"anstallda: {last.anstallda}",
           *([f"ansvarsforbindelser: {_text_or_amount(last.ansvarsforbindelser)}"]
             if last.ansvarsforbindelser is not None else []), "",
           "resultatrakning:"]
    out += [f"  {name}: {_amount(amount)}" for name, amount in figures["resultatrakning"].items()]
    out += ["", f"balansrakning:            # per {year}-12-31"]
    out += [f"  {name}: {_amount(amount)}" for name, amount in figures["balansrakning"].items()]
    notes = figures["noter"]
    out += ["", "noter:", "  medlemsbidrag:"]
    out += [f"    {member}: {_amount(amount)}" for member, amount in notes["medlemsbidrag"].items()]
    out += ["  kostnader:"]
    for group, posts in notes["kostnader"].items():
        out.append(f"    {group}:")
        for post in posts:
            out += _post_lines(post, indent=6)
    for line, posts in notes.items():
        if line in ("medlemsbidrag", "kostnader"):
            continue
        out.append(f"  {line}:")
        for post in posts:
            out += _post_lines(post, indent=4)
    return "\n".join(out) + "\n"


def _sie_outcome(project: Project, year: int) -> str:
    """The new utfall.yaml after a year whose outcome came from the bookkeeping's SIE file:
    last year's file, edited line by line (its comments stay), naming the file to come and
    saying it is not there yet; the year is a draft until it is (model/sieutfall.py)."""
    old_sie = project.kontospar[year - 1][0].name
    new_sie = _shift_years(old_sie, year - 1)
    if new_sie == old_sie:
        new_sie = f"bokslut-{year}{Path(old_sie).suffix or '.se'}"
    lines = []
    dropped_at: int | None = None
    for line in read_text(project.root / "content" / str(year - 1) / "utfall.yaml").split("\n"):
        indent = len(line) - len(line.lstrip())
        if dropped_at is not None and line.strip() and indent > dropped_at:
            continue  # the value of a key left out, on its own lines
        dropped_at = None
        key = line.split(":", 1)[0] if re.match(r"^[a-z_]+:", line) else None
        if key in _LAST_YEARS_ONLY:
            dropped_at = 0
            continue
        if key == "ar":
            lines += [f"ar: {year}",
                      f"ifylld: false    # tills {new_sie} ligger här; ta då bort raden"]
            continue
        if key == "sie":
            line = f"sie: {new_sie}"
        elif line.startswith("#"):
            line = _shift_years(line, year - 1)
        lines.append(line)
    return "\n".join(lines)


# Typed beside a SIE file for one year only: a flag, and figures the books cannot give.
_LAST_YEARS_ONLY = ("ifylld", "ej_likviditetspaverkande_poster", "eget_kapital_tillskott")


def _post_lines(post: dict, indent: int) -> list[str]:
    """A post as typed: one flow map, or in block style when it has finer lines (a flow map
    cannot hold a list)."""
    fields = {key: post.get(key) for key in ("driftgrupp", "kategori")}
    if "rader" not in post:
        if "belopp_tkr" in post:  # a line the source gives in tkr only
            return [_post(post["namn"], None, post.get("drift"), indent,
                          belopp_tkr=_amount(post["belopp_tkr"]), **fields)]
        return [_post(post["namn"], post.get("belopp"), post.get("drift"), indent, **fields)]
    pad = " " * (indent + 2)
    lines = [" " * indent + f"- namn: {_key(post['namn'])}"]
    if post.get("belopp") is not None:  # the exact kronor of finer lines in tkr
        lines.append(f"{pad}belopp: {_amount(post['belopp'])}")
    lines += [f"{pad}{key}: {_key(post[key])}" for key in ("drift", "driftgrupp", "kategori")
              if post.get(key)]
    lines.append(f"{pad}rader:")
    for child in post["rader"]:
        lines += _post_lines(child, indent + 4)
    return lines


def _text_or_amount(value: Decimal | str) -> str:
    return _key(value) if isinstance(value, str) else _amount(value)


def _post(name: str, amount: Decimal | None, drift: str | None, indent: int,
          **fields: str | None) -> str:
    parts = [f"namn: {_key(name)}"]
    if amount is not None:
        parts.append(f"belopp: {_amount(amount)}")
    if drift:
        parts.append(f"drift: {_key(drift)}")
    parts += [f"{key}: {_key(value)}" for key, value in fields.items() if value]
    return " " * indent + "- {" + ", ".join(parts) + "}"
