"""`finsam sie FIL`: what a SIE file gives under the mapping, without building — the
resultaträkning and balansräkning in kronor, with every problem of the file beside them."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..common.errors import BuildError, Problem
from ..common.format import FILTERS
from ..load.project import RawFile, load_yaml
from ..load.sie import SieFil, check_sie, read_sie
from ..model.kontoplan import Summa
from ..model.kontoplanfil import chart_for
from ..model.siemappning import map_accounts, own_rules, preset


def _kr(amount: Decimal) -> str:
    return str(FILTERS["kr"](amount)).replace("\u00a0", " ")


def _statement_lines(sie: SieFil, mapped, chart) -> list[str]:
    out = [f"Resultaträkning {sie.rar[0][0].year if 0 in sie.rar else ''} (kr)"]
    running = Decimal(0)
    for item in chart.resultatrakning:
        if isinstance(item, Summa):
            out.append(f"  {item.namn:<48}{_kr(running):>16}")
            continue
        amount = mapped.rader.get(item.id, Decimal(0))
        running += amount if item.typ == "intakt" else -amount
        if amount:
            shown = amount if item.typ == "intakt" else -amount
            out.append(f"  {item.namn:<48}{_kr(shown):>16}")
    out.append("")
    out.append("Balansräkning (kr)")
    for side in chart.balansrakning:
        total = Decimal(0)
        for group in side.grupper:
            for rad in group.rader:
                amount = mapped.rader.get(rad.id, Decimal(0))
                total += amount
                if amount:
                    out.append(f"  {rad.namn:<48}{_kr(amount):>16}")
        if side is chart.balansrakning[1]:
            equity = mapped.rader.get("eget_kapital", Decimal(0)) + running
            out.append(f"  {'Eget kapital (ingående + årets resultat)':<48}{_kr(equity):>16}")
            total += equity
        out.append(f"  {side.summa:<48}{_kr(total):>16}")
    out.append("")
    out.append("Varifrån raderna kommer (konto, namn, belopp):")
    names = {r.id: r.namn for r in chart.resultatrader + chart.balansrader}
    names["eget_kapital"] = "Eget kapital, ingående"
    for line, accounts in mapped.konton.items():
        out.append(f"  {names.get(line, line)}:")
        out += [f"    {nr} {name}: {_kr(amount)}" for nr, name, amount in accounts]
    return out


def sie_report(root: Path, path: Path, preset_name: str) -> tuple[str, list[Problem]]:
    """The statements a SIE file gives, as text, and the problems found (never an exception:
    a malformed file gives messages)."""
    sie, problems = read_sie(path)
    if sie is None:
        return "", problems
    rules, rule_problems = own_rules(root)
    problems += rule_problems
    try:
        chart = chart_for(RawFile(root / "content/kontoplan.yaml",
                                  load_yaml(root / "content/kontoplan.yaml"))
                          if (root / "content/kontoplan.yaml").is_file() else None)
    except BuildError as error:
        return "", problems + error.problems
    problems += check_sie(sie)
    mapped = map_accounts(sie, rules + preset(preset_name), chart)
    problems += mapped.problems
    head = [f"{sie.fnamn or '(inget företagsnamn)'} {sie.orgnr}".strip(),
            f"SIE typ {sie.sietyp or '?'} från {sie.program or 'okänt program'}, "
            f"teckenkodning {sie.encoding}, {len(sie.konton)} konton, "
            f"{len(sie.verifikationer)} verifikationer; mappning: {preset_name}"
            + (" och content/sie-mappning.yaml" if rules else ""), ""]
    return "\n".join(head + _statement_lines(sie, mapped, chart)), problems
