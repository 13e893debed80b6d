"""`finsam jamfor A B`: between two commits of a test repository, the page lists each changed
figure once, as the document shows it (its unit, the table's precision, U+2212), with the
figures derived from it folded under it, and each changed sentence word by word; the same
comparison is written as a PDF beside the page."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pypdf
from helpers import REPO, edit

NBSP = "\u00a0"
MINUS = "\u2212"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.se",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.se",
                        "PATH": "/usr/bin:/bin", "HOME": str(root)})


def _repository(tmp_path: Path) -> Path:
    """The example's content committed and tagged 'utkast'."""
    project = tmp_path / "forbund"
    shutil.copytree(REPO / "examples/vastra-malardalen/content", project / "content")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "Utkast till styrelsen")
    _git(project, "tag", "utkast")
    return project


def _commit(project: Path, tag: str) -> None:
    _git(project, "commit", "-q", "-am", "Styrelsens ändringar")
    _git(project, "tag", tag)


def _text(fragment: str) -> str:
    """A cell's text as read: tags and the screen reader's hidden words gone."""
    fragment = re.sub(r'<span class="visually-hidden">.*?</span>', "", fragment)
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return re.sub(r"[ \t\n]+", " ", text).strip()  # no-break spaces stay, as printed


def _changes(page: str) -> list[tuple[str, list[list[str]]]]:
    """Each changed figure (a tbody) as (table caption, rows); a row is its cells' texts,
    the changed figure first and what followed from it after."""
    out = []
    for table in re.findall(r"<table class=\"fin jamfor\".*?</table>", page, re.DOTALL):
        caption = _text(re.search(r"<caption[^>]*>(.*?)</caption>", table, re.DOTALL).group(1))
        for body in re.findall(r"<tbody class=\"change\"[^>]*>(.*?)</tbody>", table, re.DOTALL):
            rows = []
            for row in re.findall(r"<tr class=\"(?:typed|follows)\"[^>]*>(.*?)</tr>", body, re.DOTALL):
                label = re.search(r"<th[^>]*>(.*?)<span class=\"where\">(.*?)</span></th>", row,
                                  re.DOTALL)
                cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
                rows.append([_text(label.group(1)), _text(label.group(2)), *cells])
            out.append((caption, rows))
    return out


def test_compare_lists_exactly_the_changed_figure_and_sentence(tmp_path):
    from finsam.commands.jamfor import compare_versions
    project = _repository(tmp_path)
    # One figure: the staff of 2022, 0 → 2 (the five-year overview's Antal anställda).
    edit(project / "content/2022/utfall.yaml", "anstallda: 0", "anstallda: 2")
    # One sentence of the personnel section.
    edit(project / "content/2022/arsredovisning/personal.md",
         "Förbundet har inga egna anställda.", "Förbundet har två egna anställda.")
    _commit(project, "faststalld")

    target, summary = compare_versions(project, "utkast", "faststalld", None)
    assert summary == "Mellan utkast och faststalld har 1 siffra och text i 1 avsnitt ändrats."
    page = target.read_text(encoding="utf-8")
    assert target.parent == project  # beside the project, not in output/
    assert _changes(page) == [("Översikt över verksamhetens utveckling", [
        ["Antal anställda", "År 2022 · inskriven i 2022/utfall.yaml: anstallda", "0", "2",
         "+2"]])]
    # The sentence word by word: the one word removed and the one added, for the eye and
    # (in hidden words) for a screen reader.
    assert ('Förbundet har <del><span class="visually-hidden">[borttaget: </span>inga'
            '<span class="visually-hidden">]</span></del> <ins><span class="visually-hidden">'
            '[tillagt: </span>två<span class="visually-hidden">]</span></ins> egna anställda.'
            ) in page
    assert len(re.findall(r"<del>", page)) == 1 + 1  # the one above and "överstruken"
    assert '<h4 class="source">personal.md</h4>' in page
    # The verksamhetsplan did not change.
    assert page.count("<p>Inga ändringar.</p>") == 1


def test_the_soliditet_change_has_its_published_precision_and_the_pdf_is_written(tmp_path):
    """The bank and the short-term debt (with its note's post) up 10 000 kr each: the
    balance sheet's total grows by 10 000 kr and eget kapital stays, so soliditet falls from
    719 433 / 1 335 256 = 53,88 % to 719 433 / 1 345 256 = 53,48 %: published with one
    decimal (the overview's format), 53,9 % → 53,5 %, a difference of −0,4 procentenheter.
    It moves with the bank alone (the debt alone leaves every asset as it was), so it
    stands under the bank's row."""
    from finsam.commands.jamfor import compare_versions
    project = _repository(tmp_path)
    outcome = project / "content/2022/utfall.yaml"
    edit(outcome, "kassa_och_bank: 1 233 683", "kassa_och_bank: 1 243 683")
    edit(outcome, "kortfristiga_skulder: 615 823", "kortfristiga_skulder: 625 823")
    edit(outcome, "Leverantörsskulder, belopp: 561 685", "Leverantörsskulder, belopp: 571 685")
    _commit(project, "bokning")

    target, _ = compare_versions(project, "utkast", "bokning", None)
    page = target.read_text(encoding="utf-8")
    changes = {rows[0][0]: (caption, rows) for caption, rows in _changes(page)}
    assert set(changes) == {"Kassa och bank", "Kortfristiga skulder", "Leverantörsskulder"}
    caption, bank = changes["Kassa och bank"]
    assert caption == "Balansräkning"
    assert bank[0][2:] == [f"1{NBSP}233{NBSP}683{NBSP}kr", f"1{NBSP}243{NBSP}683{NBSP}kr",
                           f"+10{NBSP}000{NBSP}kr"]
    soliditet = [row for row in bank if row[0] == "Soliditet"]
    assert [row[2:] for row in soliditet] == [
        [f"53,9{NBSP}%", f"53,5{NBSP}%", f"{MINUS}0,4 procentenheter"]]
    assert "Översikt över verksamhetens utveckling: År 2022" in soliditet[0][1]
    # The sums under the bank, not as rows of their own.
    assert [row[0] for row in bank[1:]].count("Summa tillgångar") == 1
    main = _text(page[page.index("<main"):])
    assert not re.search(r"\d,\d{3,}", main)  # no raw float such as 53,879780356…
    assert not re.search(r"(?<!\w)-\d", main)  # a minus is U+2212, never a hyphen

    pdf = target.with_suffix(".pdf")
    assert pdf.name == "jamforelse-utkast-bokning.pdf" and pdf.read_bytes()[:5] == b"%PDF-"
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    text = " ".join(text.replace(NBSP, " ").split())
    assert "1 243 683 kr" in text and "53,5 %" in text
    assert f"{MINUS}0,4 procentenheter" in text


def test_one_changed_cost_is_one_row_with_its_sums_under_it(tmp_path):
    """Processtödjare 547 072 → 552 072 kr, typed with the resultaträkning's cost line and
    the bank that paid it: the cost note shows one row, Processtödjare, and under it its
    group's sum (insatser 2 885 933 → 2 890 933 kr: the fifteen posts of
    content/2022/utfall.yaml, 547 072 + 247 513 + 217 840 + 20 000 + 36 000 + 25 000 +
    350 000 + 10 000 − 3 016 + 12 748 + 818 038 + 200 000 + 404 738) and the note's total
    (3 643 029 → 3 648 029 kr), and the driftredovisning's line; three typed figures, three
    rows, everything else folded."""
    from finsam.commands.jamfor import compare_versions
    project = _repository(tmp_path)
    outcome = project / "content/2022/utfall.yaml"
    edit(outcome, "Processtödjare, belopp: 547 072", "Processtödjare, belopp: 552 072")
    edit(outcome, "verksamhetens_kostnader: 3 643 029", "verksamhetens_kostnader: 3 648 029")
    edit(outcome, "kassa_och_bank: 1 233 683", "kassa_och_bank: 1 228 683")
    _commit(project, "kostnad")

    target, summary = compare_versions(project, "utkast", "kostnad", None)
    assert summary.startswith("Mellan utkast och kostnad har 3 siffror (med ")
    changes = _changes(target.read_text(encoding="utf-8"))
    assert sorted(rows[0][0] for _, rows in changes) == [
        "Kassa och bank", "Processtödjare", "Verksamhetens kostnader"]
    caption, rows = next(c for c in changes if c[1][0][0] == "Processtödjare")
    assert caption == "Not 3. Verksamhetens kostnader"
    assert rows[0][2:] == [f"547{NBSP}072{NBSP}kr", f"552{NBSP}072{NBSP}kr",
                           f"+5{NBSP}000{NBSP}kr"]
    follows = {row[0]: row[2:] for row in reversed(rows[1:])}  # a label's first row
    assert follows["Summa insatser"] == [f"2{NBSP}885{NBSP}933{NBSP}kr",
                                         f"2{NBSP}890{NBSP}933{NBSP}kr", f"+5{NBSP}000{NBSP}kr"]
    assert follows["Summa verksamhetens kostnader"] == [
        f"3{NBSP}643{NBSP}029{NBSP}kr", f"3{NBSP}648{NBSP}029{NBSP}kr", f"+5{NBSP}000{NBSP}kr"]
    # The driftredovisning shows the post in tkr, 547 → 552, and its deviation from the
    # revised budget of 591 tkr (budget.yaml's revidering), 44 → 39.
    assert [row[2:] for row in rows[1:] if row[0] == "Processtödjare"] == [
        [f"547{NBSP}tkr", f"552{NBSP}tkr", f"+5{NBSP}tkr"],
        [f"44{NBSP}tkr", f"39{NBSP}tkr", f"{MINUS}5{NBSP}tkr"]]


def test_a_change_not_tried_alone_keeps_its_sums_under_it():
    """When a typed change cannot be tried alone (too many at once, or a file new in the later
    version), its line is found by its name and the sums below it in its table fold under
    it by the table's structure; a line nobody typed is a row of its own."""
    from finsam.commands.figure_changes import Figure, TypedChange, attribute

    def figure(row: str, kind: str, before: str, after: str, delta: int, index: int) -> Figure:
        return Figure("not-kostnader", "Not 3", row, "År 2022", kind, "kr", before, after,
                      f"+{delta} kr", Decimal(delta), (0, index, 0))

    figures = [figure("Lokal", "rad", "0 kr", "5 kr", 5, 1),
               figure("Summa administration", "summa", "10 kr", "15 kr", 5, 2),
               figure("Resa", "rad", "1 kr", "3 kr", 2, 3),
               figure("Summa verksamhetens kostnader", "total", "20 kr", "27 kr", 7, 4)]
    typed = TypedChange("2022/utfall.yaml", ("noter", "kostnader", "administration",
                                             ("namn", "Lokal"), "belopp"), "Lokal", "0", "5")
    [table] = attribute(figures, [(typed, None)])
    assert table.caption == "Not 3"
    assert [(c.row, c.typed_in, [f.row for f in c.consequences]) for c in table.changes] == [
        ("Lokal", "2022/utfall.yaml: noter › kostnader › administration › Lokal",
         ["Summa administration"]),
        ("Resa", "", ["Summa verksamhetens kostnader"])]


def test_an_open_data_value_is_shown_in_its_columns_unit():
    """The open data's numbers (README: Öppna data) as the page shows them, worked by hand:
    kronor in tkr with a decimal, percent with the table's precision, kronor, a text."""
    from finsam.commands.figure_changes import shown
    assert shown("1234567", "tkr1") == f"1{NBSP}234,6{NBSP}tkr"
    assert shown(-98765, "tkr1") == f"{MINUS}98,8{NBSP}tkr"
    assert shown(23.9811, "procent") == f"24,0{NBSP}%"
    assert shown(79, "procent0") == f"79{NBSP}%"
    assert shown(3000000, "kr") == f"3{NBSP}000{NBSP}000{NBSP}kr"
    assert shown("Inga", "kr") == "Inga"
