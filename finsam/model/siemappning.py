"""content/sie-mappning.yaml: the förbund's own rules from bookkeeping accounts to the chart's
lines, tried before the preset's (docs/sie.md)."""
from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from ..common.errors import BuildError, Problem
from ..load.project import load_yaml, locate
from ..load.sie import RULE_KEYS, Regel, _rule
from .kontoplan import Kontoplan


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
        rules.append(replace(_rule(item, line), file=path))
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
