"""The SIE 4 reader, its checks and `python build.py sie`, on the hand-written files in
tests/sie/ (an invented förbund's 2022; figures worked out by hand below) and on broken
copies of them, one fault each."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REPO, run_build

SIE = REPO / "tests/sie"

# By hand from the vouchers: intäkter 1 000 000 + 250 000; kostnader 600 000 + 45 500,40;
# result 1 250 000 − 645 500,40 + 1 234,56 = 605 734,16. Bank 500 000 + 1 000 000 + 250 000
# − 620 000 − 45 500,40 + 1 234,56 + 20 000 = 1 105 734,16; leverantörsskulder 70 000 +
# 600 000 − 620 000 = 50 000; eget kapital 450 000 + 605 734,16 = 1 055 734,16.
EXPECTED = [
    "Resultaträkning 2022 (kr)",
    "Verksamhetens intäkter 1 250 000",
    "Verksamhetens kostnader −645 500",
    "Verksamhetens resultat 604 500",
    "Finansiella intäkter 1 235",
    "Årets resultat 605 734",
    "Kassa och bank 1 105 734",
    "Summa tillgångar 1 105 734",
    "Kortfristiga skulder 50 000",
    "Eget kapital (ingående + årets resultat) 1 055 734",
    "Summa eget kapital, avsättningar och skulder 1 105 734",
    "3011 Medlemsbidrag från Köpings kommun: 250 000",
]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def _report(path: Path, root: Path = REPO):
    from finsam.commands.siereport import sie_report
    return sie_report(root, path, "bas")


@pytest.mark.parametrize("name", ["forbund-2022.se", "forbund-2022-utf8.se"])
def test_statements_from_the_file_in_either_encoding(name):
    """CP437 with CRLF (the standard) and UTF-8 with LF give the same statements, names with
    å, ä, ö intact; accounts without #KTYP get their type from the number."""
    text, problems = _report(SIE / name)
    assert problems == []
    lines = _lines(text)
    for expected in EXPECTED:
        assert expected in lines, expected
    assert "Samordningsförbundet Testköping 222000-9999" in lines


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (SIE / "forbund-2022-utf8.se").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "trasig.se"
    path.write_text(text.replace(old, new), encoding="utf-8")  # every occurrence
    return path


@pytest.mark.parametrize("old, new, expected", [
    # A voucher whose rows do not add up (and the bank's UB no longer follows).
    ("#TRANS 6420 {} 45500.40", "#TRANS 6420 {} 45500.00",
     "rad 57: Verifikation A 5 (Revision) balanserar inte: raderna summerar till −0,40 kr, inte 0."),
    # The UB typed differently from IB plus the year's transactions.
    ("#UB 0 2440 -50000.00", "#UB 0 2440 -55000.00",
     "rad 31: Konto 2440 (Leverantörsskulder): ingående balans −70 000 + årets transaktioner "
     "20 000 = −50 000 kr, men #UB är −55 000 kr."),
    # A broken financial year.
    ("#RAR 0 20220101 20221231", "#RAR 0 20210701 20220630",
     "rad 7: Räkenskapsåret är 2021-07-01–2022-06-30, men ett kommunalförbunds räkenskapsår "
     "är kalenderåret (LKBR 2018:597)."),
    # An account the mapping has no line for.
    (" 8310 ", " 9310 ", "Konto 9310 (Ränteintäkter) med saldo −1 234,56 kr hör inte till "
                         "någon rad i mappningen."),
    # Bokslutsdispositioner have no place in a kommunal ledger.
    (" 6420 ", " 8820 ",
     "Konto 8820 (Ersättning till revisor) med saldo 45 500,40 kr hör inte hemma i en kommunal "
     "redovisning"),
    # A malformed amount and a record cut short: messages, never a traceback.
    ("#TRANS 1930 {} 1234.56", "#TRANS 1930 {} 1234,56", "'1234,56' är inget belopp."),
    ("#RAR -1 20210101 20211231", "#RAR -1", "Posten #RAR saknar uppgifter."),
])
def test_each_fault_is_named_with_file_and_line(tmp_path, old, new, expected):
    text, problems = _report(_broken(tmp_path, old, new))
    rendered = [p.render(tmp_path).replace("\xa0", " ") for p in problems]
    assert any(expected in line for line in rendered), rendered


def test_the_unmapped_account_is_the_only_problem(tmp_path):
    text, problems = _report(_broken(tmp_path, " 8310 ", " 9310 "))
    assert [p.message.replace("\xa0", " ") for p in problems] == [
        "Konto 9310 (Ränteintäkter) med saldo −1 234,56 kr hör inte till någon rad i mappningen."]


def test_the_command_exits_1_with_swedish_messages_and_0_when_clean(tmp_path):
    """The whole command: exit 0 and the statements on a good file; exit 1, no traceback, on
    a file that is not SIE at all, or binary."""
    example = REPO / "examples/vastra-malardalen"
    good = run_build(example, "sie", str(SIE / "forbund-2022.se"))
    assert good.returncode == 0 and "Årets resultat" in good.stdout
    not_sie = tmp_path / "text.se"
    not_sie.write_text("Det här är ett brev.\n", encoding="utf-8")
    binary = tmp_path / "bild.se"
    shutil.copy(REPO / "finsam/templates/fonts/Carlito-Regular.ttf", binary)
    for path in (not_sie, binary):
        result = run_build(example, "sie", str(path))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "ingen SIE-fil" in result.stderr


def _example_from_sie(tmp_path: Path) -> Path:
    project = tmp_path / "forbund"
    shutil.copytree(REPO / "examples/vastra-malardalen/content", project / "content")
    source = SIE / "vastra-malardalen-2022"
    shutil.copy(source / "utfall.yaml", project / "content/2022/utfall.yaml")
    shutil.copy(source / "bokslut-2022.se", project / "content/2022/bokslut-2022.se")
    shutil.copy(source / "sie-mappning.yaml", project / "content/sie-mappning.yaml")
    return project


def test_the_auditors_trail_lists_each_line_with_its_accounts(tmp_path):
    """The web archive gets a page (not in the PDF) where each line and post shows the accounts
    it came from: verksamhetens kostnader 3 643 029 kr, among them 4010 Processtödjare."""
    from finsam.build import compute_and_render, load_and_validate
    project = _example_from_sie(tmp_path)
    pages = compute_and_render(*load_and_validate(project, ["2022/arsredovisning"]))
    trail = pages[0].images["2022/arsredovisning/kontosparning.html"].decode("utf-8")
    trail = trail.replace("\xa0", " ")
    assert "<strong>Verksamhetens kostnader</strong>: 3 643 029 kr" in trail
    assert ('<tr><th scope="row">4010</th><td>Processtödjare</td><td>Processtödjare</td>'
            '<td class="num">547 072,00</td></tr>') in trail
    assert '<th scope="row">3011</th><td>Medlemsbidrag koping</td><td>koping</td>' in trail
    assert "kontosparning" not in pages[0].print_html


def test_the_example_built_from_its_sie_file_is_the_golden_output(tmp_path):
    """Västra Mälardalen 2022 with its outcome from tests/sie/vastra-malardalen-2022/ (a SIE 4
    file of BAS accounts whose balances are the example's 2022, and the mapping of each
    account to its line, member, cost post or specification post) instead of typed figures:
    the print and web HTML of both documents are byte for byte the committed golden files."""
    from golden import GOLDEN, rendered_example
    project = _example_from_sie(tmp_path)
    assert "resultatrakning" not in (project / "content/2022/utfall.yaml").read_text("utf-8")
    files = rendered_example(project)
    assert files, "inget byggdes"
    for name, html in files.items():
        assert html == (GOLDEN / name).read_text(encoding="utf-8"), name


def test_no_malformed_file_gives_a_traceback(tmp_path):
    """Four hundred broken copies of the test file (lines cut short, fields swapped, braces
    lost, bytes that are no text, records repeated): every one gives messages or statements,
    never an exception."""
    import random

    from finsam.load.sie import check_sie, read_sie
    original = (SIE / "forbund-2022.se").read_bytes().split(b"\r\n")
    chance = random.Random(20221231)
    path = tmp_path / "trasig.se"
    for _ in range(400):
        lines = list(original)
        for _ in range(chance.randint(1, 6)):
            i = chance.randrange(len(lines))
            line = lines[i]
            kind = chance.randrange(6)
            if kind == 0:
                lines[i] = line[:chance.randint(0, len(line))]
            elif kind == 1:
                parts = line.split(b" ")
                chance.shuffle(parts)
                lines[i] = b" ".join(parts)
            elif kind == 2:
                lines[i] = line.replace(b"{", b"").replace(b"}", b"").replace(b'"', b"")
            elif kind == 3:
                lines[i] = bytes(chance.randrange(256) for _ in range(len(line) or 3))
            elif kind == 4:
                lines.insert(i, line)
            else:
                del lines[i]
        path.write_bytes(b"\r\n".join(lines))
        sie, problems = read_sie(path)
        if sie is not None:
            check_sie(sie, 2022, "222000-9999")
            _report(path)


def test_a_sie_sourced_year_with_a_mistake_gets_a_message(tmp_path):
    """An unknown mapping name and a missing file: Swedish messages with file and line."""
    from helpers import edit, pipeline_message
    project = _example_from_sie(tmp_path)
    outcome = project / "content/2022/utfall.yaml"
    edit(outcome, "mappning: bas", "mappning: basen")
    assert ("content/2022/utfall.yaml, rad 6: Mappningen 'basen' finns inte."
            in pipeline_message(project))
    edit(outcome, "mappning: basen", "mappning: bas")
    edit(outcome, "sie: bokslut-2022.se", "sie: saknas.se")
    assert ("content/2022/utfall.yaml, rad 5: SIE-filen 'saknas.se' finns inte i 2022/."
            in pipeline_message(project))
