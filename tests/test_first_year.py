"""A förbund's first year with the tool (docs/nytt-forbund.md): made by `finsam nytt-projekt`,
with the opening balance typed once in historik.yaml. Figures worked out by hand below."""
from __future__ import annotations

from helpers import build_html, edit, html_row, html_tables, html_text

from finsam.commands.scaffold import create_project

NBSP = "\u00a0"


def n(text: str) -> str:
    """A figure as the tables print it: no-break spaces, U+2212 minus."""
    return text.replace(" ", NBSP).replace("-", "\u2212")


def first_year(tmp_path):
    project = tmp_path / "forbund"
    create_project(project, "Samordningsförbundet Provbygden", 2026)
    # The opening balance, 2025-12-31: 20 000 + 900 000 = 920 000 = 745 000 + 175 000.
    edit(project / "content/historik.yaml",
         "    fordringar: 0\n    kassa_och_bank: 0\n    kortfristiga_skulder: 0\n"
         "    eget_kapital: 0",
         "    fordringar: 20 000\n    kassa_och_bank: 900 000\n"
         "    kortfristiga_skulder: 175 000\n    eget_kapital: 745 000")
    return project


def test_a_year_not_filled_in_shows_the_opening_balance_and_balances(tmp_path):
    project = first_year(tmp_path)
    build_html(project)
    page = project / "output/2026/arsredovisning/index.html"
    tables = html_tables(page)
    # Nothing typed for 2026 yet: its balance sheet is the opening balance, and it balances.
    assert html_row(tables, "balansrakning", "Kassa och bank") == [n("900 000"), n("900 000")]
    assert html_row(tables, "balansrakning", "Summa eget kapital") == [n("745 000"),
                                                                       n("745 000")]
    assert "Utfallet för 2026 är inte ifyllt" in html_text(page)
    # No notes are placed for the balance sheet's lines: no empty Not column.
    assert tables["tabell-balansrakning"][0] == ["Belopp i kr", "2026-12-31", "2025-12-31"]


def test_the_first_filled_year_compares_with_the_opening_balance(tmp_path):
    project = first_year(tmp_path)
    utfall = project / "content/2026/utfall.yaml"
    edit(utfall, "ifylld: false\n", "")
    # Contributions 2 000 000 + 1 000 000 + 600 000 + 400 000 = 4 000 000 (50/25/15/10 %).
    for member, amount in (("staten", "2 000 000"), ("region", "1 000 000"),
                           ("kommun1", "600 000"), ("kommun2", "400 000")):
        edit(utfall, f"    {member}: 0", f"    {member}: {amount}")
    # Costs 900 000 + 100 000 + 50 000 + 2 000 000 + 1 050 000 = 4 100 000: result −100 000.
    for post, amount in (("Förbundschef och kansli", "900 000"), ("Styrelse", "100 000"),
                         ("Revision", "50 000"), ("Individinriktade insatser", "2 000 000"),
                         ("Strukturinriktade insatser", "1 050 000")):
        edit(utfall, f"{{namn: {post}, belopp: 0}}", f"{{namn: {post}, belopp: {amount}}}")
    # 30 000 + 760 000 = 790 000 = (745 000 − 100 000) + 145 000.
    edit(utfall, "  fordringar: 0\n  kassa_och_bank: 0\n  kortfristiga_skulder: 0",
         "  fordringar: 30 000\n  kassa_och_bank: 760 000\n  kortfristiga_skulder: 145 000")
    build_html(project)
    tables = html_tables(project / "output/2026/arsredovisning/index.html")
    row = lambda label: html_row(tables, "balansrakning", label)  # noqa: E731
    assert row("Fordringar") == [n("30 000"), n("20 000")]
    assert row("Kassa och bank") == [n("760 000"), n("900 000")]
    assert row("Summa tillgångar") == [n("790 000"), n("920 000")]
    # Eget kapital's lines are not known for the opening balance, only their sum.
    assert row("Årets resultat") == [n("-100 000"), ""]
    assert row("Summa eget kapital") == [n("645 000"), n("745 000")]
    assert row("Kortfristiga skulder") == [n("145 000"), n("175 000")]
    # The cash flow starts from the opening balance: −100 000 − 10 000 − 30 000 = −140 000.
    flow = lambda label: html_row(tables, "kassaflodesanalys", label)  # noqa: E731
    assert flow("Kassaflöde från den löpande verksamheten") == [n("-140 000")]
    assert flow("Likvida medel vid årets början") == [n("900 000")]
