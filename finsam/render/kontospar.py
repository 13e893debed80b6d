"""The auditors' trail page (kontosparning.html): each statement line and note post of a year
read from SIE, with the accounts and amounts it came from."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from markupsafe import escape

from ..common.format import FILTERS
from ..model.kontoplan import Kontoplan
from ..model.siemappning import Mappat


def trail_page(title: str, path: Path, mapped: Mappat, chart: Kontoplan) -> bytes:
    """The auditors' trail: for each statement line and note post, the accounts and amounts
    it came from. A page of the web archive, not of the printed report."""
    names = {r.id: r.namn for r in chart.resultatrader + chart.balansrader}
    names["eget_kapital"] = "Eget kapital, ingående"
    out = ['<!DOCTYPE html>\n<html lang="sv-SE"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Kontospårning – {escape(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
           "table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border-bottom:"
           "1px solid #ccc;padding:.25rem .5rem;text-align:left}td.num{text-align:right;"
           "white-space:nowrap}</style></head><body><main>",
           f"<h1>Kontospårning – {escape(title)}</h1>",
           f"<p>Varje rad i räkningarna och varje post i noterna, med de konton och belopp i "
           f"bokföringens SIE-fil ({escape(path.name)}) som den kommer från.</p>"]
    for line, accounts in mapped.konton.items():
        total = sum((amount for _, _, amount in accounts), Decimal(0))
        out.append(f"<table><caption><strong>{escape(names.get(line, line))}</strong>: "
                   f"{escape(FILTERS['kr'](total))} kr</caption><thead><tr><th scope=\"col\">"
                   "Konto</th><th scope=\"col\">Namn</th><th scope=\"col\">Post i noten</th>"
                   "<th scope=\"col\">Belopp (kr)</th></tr></thead><tbody>")
        for nr, name, amount in accounts:
            rule = mapped.regler.get(nr)
            post = (rule.post or rule.medlem or "") if rule else ""
            out.append(f"<tr><th scope=\"row\">{escape(nr)}</th><td>{escape(name)}</td>"
                       f"<td>{escape(post)}</td><td class=\"num\">"
                       f"{escape(FILTERS['tal'](amount, 2))}</td></tr>")
        out.append("</tbody></table>")
    out.append("</main></body></html>\n")
    return "\n".join(out).encode("utf-8")
