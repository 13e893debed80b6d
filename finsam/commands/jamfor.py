"""What changed between two versions, for the board and the auditors: `finsam jamfor
A [B]`.

Each version (a git revision, checked out in a temporary worktree, or the working tree) is
read, checked and rendered in this process without laying out PDFs; the two are compared
document by document: every table cell whose figure changed (before, after, difference) and,
per section, the sentences removed and added. The page is written beside the project (not
in output/, which is the website).
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from markupsafe import escape

from ..common.errors import BuildError, Problem
from ..site.gitrevision import checked_out


@dataclass
class DocumentChanges:
    title: str
    figures: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    # (table caption, row, column, before, after, difference)
    sentences: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    # (section file, removed, added)
    only_in: str = ""  # "A" or "B" when the document exists in one version only


@dataclass(frozen=True)
class Snapshot:
    """One version's documents: their tables (as the open data has them) and sections."""

    titles: dict[str, str]
    tables: dict[str, dict]  # document key → the document's open-data JSON
    sections: dict[str, dict[str, str]]  # document key → section file → source text


def snapshot(project_root: Path) -> Snapshot:
    from ..build import compute_and_render, json_name, load_and_validate
    project, documents, site = load_and_validate(project_root)
    pages = compute_and_render(project, documents, site)
    titles, tables, sections = {}, {}, {}
    for page in pages:
        doc = page.document
        titles[doc.key] = doc.manifest.titel
        data = page.images.get(f"{doc.key}/{json_name(doc)}", b"{}")
        tables[doc.key] = json.loads(data.decode("utf-8")).get("tabeller", {})
        sections[doc.key] = {name: text.text for name, text in doc.sections.items()}
    return Snapshot(titles, tables, sections)


def _amount(text: object) -> Decimal | None:
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None


def _cells(table: dict) -> dict[tuple[str, str], object]:
    """(row label, column heading) → value; a label used twice gets its order (#2)."""
    cells, seen = {}, {}
    for row in table.get("rader", []):
        seen[row["rad"]] = seen.get(row["rad"], 0) + 1
        label = row["rad"] + (f" (#{seen[row['rad']]})" if seen[row["rad"]] > 1 else "")
        for column, value in zip(table.get("kolumner", []), row["värden"], strict=False):
            cells[(label, column)] = value
    return cells


def _shown(value: object) -> str:
    from ..common.format import FILTERS
    number = _amount(value)
    if value is None or value == "":
        return "–"
    if number is not None and number == number.to_integral_value():
        return str(FILTERS["kr"](number))
    return str(value).replace(".", ",")


def compare_figures(before: dict, after: dict) -> list[tuple[str, str, str, str, str, str]]:
    changed = []
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name, {}), after.get(name, {})
        caption = (new or old).get("rubrik", name)
        a, b = _cells(old), _cells(new)
        for key in dict.fromkeys([*a, *b]):
            x, y = a.get(key), b.get(key)
            if x == y:
                continue
            nx, ny = _amount(x), _amount(y)
            difference = _shown(ny - nx) if nx is not None and ny is not None else ""
            if difference and not difference.startswith("−") and ny - nx > 0:
                difference = "+" + difference
            changed.append((caption, key[0], key[1], _shown(x), _shown(y), difference))
    return changed


_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ0-9\[{*#-])")


def sentences(text: str) -> list[str]:
    """A section's sentences: paragraphs joined across line breaks, then split at the end of
    each sentence (headings, list items and placements stand alone)."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text):
        for line in re.split(r"\n(?=\s*(?:[-*] |#|\[\[|\d+\. ))", paragraph.strip()):
            joined = " ".join(line.split())
            out += [s for s in _SENTENCE.split(joined) if s]
    return out


def compare_sections(before: dict[str, str], after: dict[str, str]
                     ) -> list[tuple[str, list[str], list[str]]]:
    changed = []
    for name in dict.fromkeys([*before, *after]):
        old, new = sentences(before.get(name, "")), sentences(after.get(name, ""))
        removed, added = [], []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False
                                                            ).get_opcodes():
            if tag != "equal":
                removed += old[i1:i2]
                added += new[j1:j2]
        if removed or added:
            changed.append((name, removed, added))
    return changed


def compare(before: Snapshot, after: Snapshot) -> dict[str, DocumentChanges]:
    result = {}
    for key in dict.fromkeys([*before.titles, *after.titles]):
        title = after.titles.get(key) or before.titles[key]
        changes = DocumentChanges(title)
        if key not in before.titles or key not in after.titles:
            changes.only_in = "B" if key in after.titles else "A"
        else:
            changes.figures = compare_figures(before.tables[key], after.tables[key])
            changes.sentences = compare_sections(before.sections[key], after.sections[key])
        result[key] = changes
    return result


def _revision_snapshot(root: Path, revision: str) -> Snapshot:
    with checked_out(root, revision) as project:
        try:
            return snapshot(project)
        except BuildError as error:
            raise BuildError(Problem(
                f"Versionen '{revision}' går inte att kontrollera:\n{error.render(project)}",
                None, None, "felet fanns redan i den versionen av underlaget.")) from None


def compare_versions(root: Path, first: str, second: str | None,
                     target: Path | None) -> tuple[Path, str]:
    before = _revision_snapshot(root, first)
    after = _revision_snapshot(root, second) if second else snapshot(root)
    changes = compare(before, after)
    label_b = second or "arbetskopian"
    name = re.sub(r"[^\w.-]+", "-", f"jamforelse-{first}-{second or 'arbetskopia'}") + ".html"
    target = (target or root / name).resolve()
    target.write_text(render_page(first, label_b, changes), encoding="utf-8")
    figures = sum(len(c.figures) for c in changes.values())
    texts = sum(len(r) + len(a) for c in changes.values() for _, r, a in c.sentences)
    return target, (f"Mellan {first} och {label_b} har {_count(figures, 'siffra', 'siffror')} "
                    f"och {_count(texts, 'mening', 'meningar')} ändrats.")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def render_page(first: str, second: str, changes: dict[str, DocumentChanges]) -> str:
    """A plain, accessible page: a table of changed figures and lists of changed sentences."""
    out = ['<!DOCTYPE html>\n<html lang="sv-SE"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Ändringar mellan {escape(first)} och {escape(second)}</title>",
           "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
           "line-height:1.45}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px "
           "solid #ccc;padding:.3rem .5rem;text-align:left}td.num{text-align:right;"
           "white-space:nowrap}del{background:#fde2e2}ins{background:#dff5e1;"
           "text-decoration:none}</style></head><body><main>",
           f"<h1>Ändringar mellan {escape(first)} och {escape(second)}</h1>"]
    for key, change in changes.items():
        out.append(f"<h2>{escape(change.title)} ({escape(key)})</h2>")
        if change.only_in:
            out.append(f"<p>Dokumentet finns bara i {escape(first if change.only_in == 'A' else second)}.</p>")
            continue
        if not change.figures and not change.sentences:
            out.append("<p>Inga ändringar.</p>")
            continue
        if change.figures:
            out.append("<h3>Siffror</h3><table><thead><tr><th scope=\"col\">Tabell</th>"
                       "<th scope=\"col\">Rad</th><th scope=\"col\">Kolumn</th>"
                       f"<th scope=\"col\">{escape(first)}</th><th scope=\"col\">"
                       f"{escape(second)}</th><th scope=\"col\">Skillnad</th></tr></thead><tbody>")
            for caption, row, column, old, new, difference in change.figures:
                out.append(f"<tr><td>{escape(caption)}</td><th scope=\"row\">{escape(row)}</th>"
                           f"<td>{escape(column)}</td><td class=\"num\">{escape(old)}</td>"
                           f"<td class=\"num\">{escape(new)}</td>"
                           f"<td class=\"num\">{escape(difference)}</td></tr>")
            out.append("</tbody></table>")
        if change.sentences:
            out.append("<h3>Text</h3>")
            for name, removed, added in change.sentences:
                out.append(f"<h4>{escape(name)}</h4><ul>")
                out += [f"<li><del>{escape(s)}</del></li>" for s in removed]
                out += [f"<li><ins>{escape(s)}</ins></li>" for s in added]
                out.append("</ul>")
    out.append("</main></body></html>\n")
    return "\n".join(out)
