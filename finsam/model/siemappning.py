"""content/sie-mappning.yaml: the förbund's own rules from bookkeeping accounts to the chart's
lines, tried before the preset's (docs/sie.md)."""
from __future__ import annotations

from pathlib import Path

from ..common.errors import BuildError, Problem
from ..load.project import load_yaml, locate
from ..load.sie import RULE_KEYS, Regel, _rule


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
        rules.append(_rule(item, line))
    return rules, problems
