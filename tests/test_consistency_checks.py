"""Each consistency check, provoked with a broken copy of the real data.

The build must stop (exit 1), name both figures and the file, and leave the
previous output byte for byte as it was.
"""
from __future__ import annotations

from helpers import build_fails, edit

UTFALL_2022 = "content/2022/utfall.yaml"
UTFALL_2021 = "content/2021/utfall.yaml"




def test_cost_note_must_sum_to_resultatrakning(broken):
    # One insats typed one krona too high: note 3 no longer sums to the RR line.
    edit(broken / UTFALL_2022, "{namn: Processtödjare, belopp: 547 072}",
         "{namn: Processtödjare, belopp: 547 073}")
    err = build_fails(broken)
    assert "Not 3 Verksamhetens kostnader 2022 summerar inte" in err
    assert "3\u00a0643\u00a0030 kr" in err and "3\u00a0643\u00a0029 kr" in err
    assert "Skillnad: 1 kr" in err
    assert "content/2022/utfall.yaml, rad" in err
    # The driftredovisning is built from the notes, so it no longer agrees with the RR either.
    assert "Driftredovisningen 2022 ger inte samma resultat som resultaträkningen" in err
    assert "−628\u00a0286 kr" in err and "−628\u00a0285 kr" in err


def test_income_note_must_sum_to_resultatrakning(broken):
    edit(broken / UTFALL_2022, "region: 750 000", "region: 760 000")
    err = build_fails(broken)
    assert "Not 2 Verksamhetens intäkter 2022 summerar inte" in err
    assert "3\u00a0010\u00a0000 kr" in err and "3\u00a0000\u00a0000 kr" in err


def test_receivables_note_must_sum_to_balansrakning(broken):
    edit(broken / UTFALL_2022, "{namn: Momsfordran, belopp: 95 849}",
         "{namn: Momsfordran, belopp: 95 894}")
    err = build_fails(broken)
    assert "Not 4 Fordringar 2022 summerar inte" in err
    assert "101\u00a0618 kr" in err and "101\u00a0573 kr" in err and "Skillnad: 45 kr" in err
    # Both figures' places, as the user knows the project (not the machine's full path).
    assert "(content/2022/utfall.yaml, rad 57)" in err and "(content/2022/utfall.yaml, rad 14)" in err


def test_liabilities_note_must_sum_to_balansrakning(broken):
    edit(broken / UTFALL_2021, "{namn: Källskatt, belopp: 2 263}", "{namn: Källskatt, belopp: 2 236}")
    err = build_fails(broken)
    assert "Not 5 Kortfristiga skulder 2021 summerar inte" in err
    assert "content/2021/utfall.yaml" in err
    assert "483\u00a0249 kr" in err and "483\u00a0276 kr" in err


def test_balance_sheet_must_balance(broken):
    # A liability typed wrongly in both the statement and its note: notes agree, balance does not.
    edit(broken / UTFALL_2022, "kortfristiga_skulder: 615 823", "kortfristiga_skulder: 615 832")
    edit(broken / UTFALL_2022, "{namn: Upplupna kostnader, belopp: 50 000}",
         "{namn: Upplupna kostnader, belopp: 50 009}")
    err = build_fails(broken)
    assert "Balansräkningen 2022 balanserar inte" in err
    assert "1\u00a0335\u00a0256 kr" in err and "1\u00a0335\u00a0265 kr" in err
    assert "Skillnad: −9 kr" in err
    assert "årets resultat enligt resultaträkningen −628\u00a0285 kr" in err


def test_result_in_resultatrakning_must_agree_with_balansrakning(broken):
    # Financial income typed wrong: the RR's result no longer gives the BR's eget kapital.
    edit(broken / UTFALL_2022, "finansiella_intakter: 14 755", "finansiella_intakter: 14 575")
    err = build_fails(broken)
    assert "Balansräkningen 2022 balanserar inte" in err
    assert "årets resultat enligt resultaträkningen −628\u00a0465 kr" in err
    assert "Driftredovisningen" not in err  # drift uses the same financial items: it agrees


def test_cash_flow_must_reconcile_to_kassa_och_bank(broken):
    # Kassa och bank typed wrong. When both years' balance sheets balance, the indirect cash
    # flow reconciles by arithmetic; so a wrong cash figure shows in both checks, each naming it.
    edit(broken / UTFALL_2022, "kassa_och_bank: 1 233 683", "kassa_och_bank: 1 233 583")
    err = build_fails(broken)
    assert "Kassaflödesanalysen 2022 stämmer inte med kassa och bank" in err
    assert "likvida medel vid årets början 1\u00a0798\u00a0260 kr" in err
    assert "årets kassaflöde −564\u00a0577 kr ger 1\u00a0233\u00a0683 kr" in err
    assert "kassa och bank är 1\u00a0233\u00a0583 kr" in err and "Skillnad: 100 kr" in err
    assert "Balansräkningen 2022 balanserar inte" in err


def test_cash_flow_must_start_from_last_years_closing_cash(broken):
    # Last year's closing balance (history 2020) changed: 2021's cash flow no longer reconciles.
    edit(broken / "content/historik.yaml", "kassa_och_bank: 950 029", "kassa_och_bank: 950 092")
    edit(broken / "content/historik.yaml", "eget_kapital: 609 382", "eget_kapital: 609 445")
    err = build_fails(broken)
    assert "Kassaflödesanalysen 2021 stämmer inte" in err
    assert "950\u00a0092 kr (2020 års utgående kassa)" in err
