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

from ..common.errors import BuildError, Problem
from ..common.staging import NEW_YEAR, finish_or_discard, write_all_or_nothing
from ..load.project import load_project, read_text
from ..accounts.resultatkolumn import drift_lines
from ..model.validate import BudgetFil, Post, Project, TypedDocument, Utfall, validate_project

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
        problems.append(Problem(f"Det finns inga dokument för {year - 1} att utgå från.", None,
                                None, "ange ett år som följer på ett år med dokument i content/."))
    for kind in wanted:
        source = previous.get(kind)
        target = root / "content" / str(year) / kind
        if source is None:
            problems.append(Problem(f"Det finns ingen {kind} för {year - 1} att utgå från.",
                                    None, None, "skapa den först, eller välj ett annat år."))
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
    files[target / "dokument.yaml"] = _manifest(doc)
    files[target / "maluppfoljning.yaml"] = _followup_skeleton(project, year)
    outcome = root / "content" / str(year) / "utfall.yaml"
    if not outcome.exists() and (year - 1) in project.years:
        files[outcome] = _outcome_skeleton(project.years[year - 1][1], year,
                                           _budget_lines(project, year))
    return files


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
    br = last.balansrakning
    out = [f"# Utfall {year} – bokslutet så som ekonomen levererar det. Alla belopp i kronor.",
           f"# Skapad av 'finsam ny {year}': resultaträkningen och noterna står på 0 och",
           f"# balansräkningen på ingående balans ({year - 1}-12-31). Skriv in årets siffror och",
           "# ta bort raden 'ifylld: false'; till dess varnar bygget.",
           f"ar: {year}", "ifylld: false", f"anstallda: {last.anstallda}",
           *([f"ansvarsforbindelser: {_text_or_amount(last.ansvarsforbindelser)}"]
             if last.ansvarsforbindelser is not None else []), "",
           "resultatrakning:"]
    out += [f"  {name}: 0" for name in last.resultatrakning]
    out += ["", f"balansrakning:            # per {year}-12-31"]
    out += [f"  {name}: {_amount(amount)}" for name, amount in br.items()]
    out += ["", "noter:", "  medlemsbidrag:"]
    out += [f"    {member}: 0" for member in last.noter.medlemsbidrag]
    out += ["  kostnader:"]
    # The lines the outcome already has, by the driftredovisning group they land in.
    known = {(line.driftgrupp or group, line.driftpost)
             for group, posts in last.noter.kostnader.items() for line in drift_lines(posts)}
    for group in dict.fromkeys([*last.noter.kostnader, *budget_lines]):
        posts: list[Post] = last.noter.kostnader.get(group, [])
        missing = [name for name in budget_lines.get(group, []) if (group, name) not in known]
        if not posts and not missing:
            continue
        out.append(f"    {group}:")
        for post in posts:
            out += _zero_post(post, indent=6)
        out += [_post(name, Decimal(0), None, indent=6) for name in missing]
    for line, posts in last.noter.specifikationer.items():
        out.append(f"  {line}:")
        out += [_post(p.namn, p.belopp, None, indent=4) for p in posts]
    return "\n".join(out) + "\n"


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


def _zero_post(post: Post, indent: int) -> list[str]:
    """A post for the new year at 0, keeping its line, group and category; a post typed as
    finer lines keeps them, each at 0 (in block style: a flow map cannot hold a list)."""
    if not post.rader:
        return [_post(post.namn, Decimal(0), post.drift, indent, driftgrupp=post.driftgrupp,
                      kategori=post.kategori)]
    pad = " " * (indent + 2)
    lines = [" " * indent + f"- namn: {_key(post.namn)}"]
    lines += [f"{pad}{key}: {_key(value)}" for key, value in (
        ("drift", post.drift), ("driftgrupp", post.driftgrupp), ("kategori", post.kategori))
        if value]
    lines.append(f"{pad}rader:")
    for child in post.rader:
        lines += _zero_post(child, indent + 4)
    return lines
