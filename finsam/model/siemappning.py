"""The SIE mapping: rules from bookkeeping accounts to the chart's lines and the notes'
posts. The tool ships presets (sie_mappning.yaml beside this file: BAS and Kommun-Bas); a
förbund's own rules (content/sie-mappning.yaml) are tried before them (docs/sie.md).
`map_accounts` puts each account's balance on the line of the first rule that covers it."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..common.errors import BuildError, Problem
from ..load.project import load_yaml, locate
from ..load.sie import SieFil, not_kommunal, sie_amount
from .kontoplan import Kontoplan

PRESETS = Path(__file__).resolve().parent / "sie_mappning.yaml"
PRESET_NAMES = ("bas", "kommunbas")  # the presets in sie_mappning.yaml


@dataclass(frozen=True)
class Regel:
    start: str
    end: str
    rad: str  # a chart line's id, "eget_kapital", or "arets_resultat" (the closing entry)
    line: int | None = None
    # Where in the notes the account's amount goes (a year's outcome built from the file):
    medlem: str | None = None  # a member's contribution (verksamhetens intäkter)
    not_: str | None = None  # a cost group of the cost note (insatser, administration …)
    post: str | None = None  # the post's name in its note
    drift: str | None = None  # the driftredovisning line, when not the post's name
    kategori: str | None = None
    file: Path | None = None  # content/sie-mappning.yaml for the förbund's own rules

    def covers(self, nr: str) -> bool:
        width = max(len(self.start), len(nr))
        return self.start.ljust(width, "0") <= nr.ljust(width, "0") <= self.end.ljust(width, "9")


def preset(name: str) -> list[Regel]:
    data = load_yaml(PRESETS)
    return [rule_from(item) for item in data[name]]


RULE_KEYS = ("konto", "konton", "rad", "medlem", "not", "post", "drift", "kategori")


def rule_from(item: dict[str, Any], line: int | None = None) -> Regel:
    accounts = str(item.get("konton", item.get("konto")))
    start, _, end = accounts.partition("-")

    def text(key: str) -> str | None:
        return str(item[key]) if item.get(key) is not None else None
    return Regel(start.strip(), (end or start).strip(), str(item["rad"]), line,
                 text("medlem"), text("not"), text("post"), text("drift"), text("kategori"))


@dataclass
class Mappat:
    rader: dict[str, Decimal]  # chart line id → kr, signed as the statements type it
    konton: dict[str, list[tuple[str, str, Decimal]]]  # line → (account, name, kr): audit trail
    problems: list[Problem]
    regler: dict[str, Regel] = field(default_factory=dict)  # account → the rule it fell under
    belopp: dict[str, Decimal] = field(default_factory=dict)  # account → its signed amount


def map_accounts(sie: SieFil, rules: list[Regel], chart: Kontoplan) -> Mappat:
    """Each account's balance onto the first rule that covers it (overrides come first).
    Amounts are signed as utfall.yaml types them: income and liabilities positive."""
    kinds = {r.id: r.typ for r in chart.resultatrader}
    balance_sides = {r.id: side.id for side in chart.balansrakning for r in side.rader}
    lines: dict[str, Decimal] = {}
    trail: dict[str, list[tuple[str, str, Decimal]]] = {}
    used: dict[str, Regel] = {}
    amounts: dict[str, Decimal] = {}
    problems = []
    for nr, konto in sorted(sie.konton.items()):
        saldo = sie.saldo(nr)
        rule = next((r for r in rules if r.covers(nr)), None)
        if rule is None:
            if saldo and not not_kommunal(nr):  # those are named by check_sie already
                problems.append(Problem(
                    f"Konto {nr} ({konto.namn}) med saldo {sie_amount(saldo)} kr hör inte till "
                    "någon rad i mappningen.", sie.path, konto.line,
                    "lägg till kontot eller dess intervall i content/sie-mappning.yaml."))
            continue
        if rule.rad == "arets_resultat":
            continue  # the closing entry's result account: the statements compute it
        if rule.rad in kinds:
            amount = -saldo if kinds[rule.rad] == "intakt" else saldo
        elif rule.rad in balance_sides or rule.rad == "eget_kapital":
            first_side = chart.balansrakning[0].id
            amount = saldo if balance_sides.get(rule.rad) == first_side else -saldo
        else:
            known = [*kinds, *balance_sides, "eget_kapital", "arets_resultat"]
            close = difflib.get_close_matches(rule.rad, known, n=1)
            problems.append(Problem(
                f"Mappningen nämner raden '{rule.rad}', som inte finns i kontoplanen.",
                rule.file, rule.line,
                f"menade du '{close[0]}'?" if close else "använd ett id ur docs/kontoplan.md."))
            continue
        if amount or rule.post or rule.medlem:
            lines[rule.rad] = lines.get(rule.rad, Decimal(0)) + amount
            trail.setdefault(rule.rad, []).append((nr, konto.namn, amount))
            used[nr] = rule
            amounts[nr] = amount
    return Mappat(lines, trail, problems, used, amounts)


def own_rules(root: Path) -> tuple[list[Regel], list[Problem]]:
    """content/sie-mappning.yaml: the förbund's rules, tried before the preset's."""
    path = root / "content" / "sie-mappning.yaml"
    if not path.is_file():
        return [], []
    try:
        data = load_yaml(path)
    except BuildError as error:
        return [], error.problems
    rules, problems = [], []
    if data is not None and (not isinstance(data, dict) or not isinstance(
            data.get("regler", []), list)):
        return [], [Problem("Filen ska ha formen 'regler:' med en regel per rad.", path, 1,
                            "t.ex. regler: [{konto: 3010, rad: verksamhetens_intakter}].")]
    for index, item in enumerate((data or {}).get("regler", []) or []):
        line = locate(data, ("regler", index))
        if not isinstance(item, dict) or "rad" not in item or not (
                "konto" in item or "konton" in item) or any(k not in RULE_KEYS for k in item):
            problems.append(Problem("En regel behöver konto (eller konton) och rad, och får "
                                    "ha medlem, not, post, drift och kategori.", path,
                                    line, "t.ex. {konton: 3010-3019, rad: "
                                          "verksamhetens_intakter}."))
            continue
        rules.append(replace(rule_from(item, line), file=path))
    return rules, problems


def rule_problems(rules: list[Regel], chart: Kontoplan,
                  members: list[str] | None = None) -> list[Problem]:
    """The förbund's own rules name lines, members and cost groups that exist, each said at
    its line in content/sie-mappning.yaml with the likely name (a misspelt member would
    otherwise be blamed on utfall.yaml, which has none of it written)."""
    lines = [r.id for r in chart.resultatrader + chart.balansrader]
    lines += ["eget_kapital", "arets_resultat"]
    problems = []

    def check(value: str | None, known: list[str], what: str, where: str, rule: Regel) -> None:
        if value is None or value in known:
            return
        close = difflib.get_close_matches(value, known, n=1)
        problems.append(Problem(
            f"Regeln för konto {rule.start}{'–' + rule.end if rule.end != rule.start else ''} "
            f"nämner {what} '{value}', som inte finns {where}.", rule.file, rule.line,
            f"menade du '{close[0]}'?" if close else f"använd ett av {', '.join(known)}."))

    for rule in rules:
        if rule.file is None:
            continue  # the preset's own rules, part of the tool
        check(rule.rad, lines, "raden", "i kontoplanen", rule)
        if members is not None:
            check(rule.medlem, members, "medlemmen", "i forbund.yaml", rule)
        check(rule.not_, chart.gruppordning, "kostnadsgruppen", "i kontoplanen", rule)
    return problems
