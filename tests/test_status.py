"""`finsam status`: per document what is left before the board meeting, as plain text; a
mistake in the content is reported as `finsam kontrollera` reports it (exit 1)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import copy_project, edit, run_build

# The example after `finsam ny 2023`, worked out from what `ny` writes: utfall.yaml and the
# budget with `ifylld: false`; the årsredovisning's maluppfoljning.yaml with every goal of
# the plan 2022 (copied to 2023) commented out, in mal.yaml's order; every section copied,
# in dokument.yaml's order, of which all but resultatrakning.md and balansrakning.md (a
# table under a heading) hold text to rewrite; the dates a year on from 2022's manifests
# (2023-02-16 and 2021-11-25); the project is not in git.
EXPECTED_2023 = """\
Årsredovisning 2023 (2023/arsredovisning)
=========================================
Status: utkast, styrelsemöte 16 februari 2024.
Kvar att göra:
- Utfallet för 2023 är inte ifyllt: resultaträkningen, balansräkningen, noterna och
  driftredovisningen visar inte årets siffror.
- Budgeten för 2023 är ett förslag som inte är ifyllt: beloppen är förra planens.
- 12 mål är inte uppföljda i content/2023/arsredovisning/maluppfoljning.yaml:
  npf-kunskap, hjalpmedel-test, digitala-overvaningar, kak-utbildningar,
  losningsfokus-grundkurser, lansgemensamma-deltagare, insatskatalogen, sip-antal,
  sip-delaktighet, sjukskrivna-utan-ersattning, lansprocess, eget-kapital.
- 16 avsnitt är oförändrade sedan 2022: i-korthet.md, ordforande.md, forkortningar.md,
  forvaltningsberattelse.md, oversikt.md, viktiga-forhallanden.md, handelser.md,
  styrning.md, god-ekonomisk-hushallning.md, personal.md, forvantad-utveckling.md,
  kassaflodesanalys.md, driftredovisning.md, noter.md, styrelsens-underskrift.md,
  revisorernas-pateckning.md.
- När styrelsen har fastställt årsredovisningen: skriv 'status: fastställd' och
  beslutsdatumet i content/2023/arsredovisning/dokument.yaml, checka in och märk
  versionen med en tagg (git tag).

Verksamhetsplan och budget 2023 (2023/verksamhetsplan)
======================================================
Status: utkast, styrelsemöte 25 november 2022.
Kvar att göra:
- Budgeten för 2023 är ett förslag som inte är ifyllt: beloppen är förra planens.
- 5 avsnitt är oförändrade sedan 2022: inledning.md, bakgrund.md, organisation.md,
  behov-och-mal.md, budget.md.
- När styrelsen har fastställt verksamhetsplanen: skriv 'status: fastställd' och
  beslutsdatumet i content/2023/verksamhetsplan/dokument.yaml, checka in och märk
  versionen med en tagg (git tag).

"""


def test_status_after_ny_lists_exactly_what_is_missing(tmp_path):
    project = copy_project(tmp_path / "forbund")
    assert run_build(project, "ny", "2023").returncode == 0
    result = run_build(project, "status")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(EXPECTED_2023), result.stdout
    # The plan 2022 was adopted: outside git, there is no version to name.
    assert ("Verksamhetsplan och budget 2022 (2022/verksamhetsplan)\n"
            "======================================================\n"
            "Status: fastställd 25 november 2021. Projektet ligger inte i git.\n"
            "Kvar att göra:\n"
            "- Lägg projektet i git och märk den fastställda versionen med en tagg, så att den "
            "kan\n  byggas om som den var (finsam revision).\n") in result.stdout
    assert not (project / "output").exists()  # nothing built


def test_status_stops_on_a_mistake_as_kontrollera_does(tmp_path):
    project = copy_project(tmp_path / "forbund")
    edit(project / "content/2022/utfall.yaml", "kassa_och_bank: 1 233 683",
         "kassa_och_bank: 1 233 684")
    result = run_build(project, "status")
    check = run_build(project, "kontrollera")
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert "Balansräkningen 2022 balanserar inte" in result.stderr
    assert "Gör så här:" in result.stderr
    assert result.stderr == check.stderr  # the same message, word for word


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), "-c", "user.name=Test", "-c",
                           "user.email=t@example.se", *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_status_names_the_tag_a_document_was_adopted_at(tmp_path):
    """The plan 2022 is fastställd from the first commit, tagged there; the årsredovisning
    2022 becomes fastställd in a second commit with no tag (status says which commit to
    tag), and fastställd in the working tree only it says it is not committed."""
    project = copy_project(tmp_path / "forbund")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "Verksamhetsplanen fastställd")
    _git(project, "tag", "vp-2022-faststalld")
    first = _git(project, "rev-parse", "--short=7", "HEAD")
    report = project / "content/2022/arsredovisning/dokument.yaml"
    edit(report, "status: utkast", "status: fastställd")
    uncommitted = run_build(project, "status").stdout
    assert "Status: fastställd 16 februari 2023, men inte incheckad i git än." in uncommitted
    assert ("- Checka in content/2022/arsredovisning/dokument.yaml och märk versionen med en "
            "tagg\n  (git tag).") in uncommitted
    _git(project, "commit", "-qam", "Årsredovisningen fastställd")
    second = _git(project, "rev-parse", "--short=7", "HEAD")
    edit(report, "ort: Köping", "ort: Arboga")  # a later change keeps the first commit
    _git(project, "commit", "-qam", "Ny ort")
    result = run_build(project, "status")
    assert result.returncode == 0, result.stderr
    assert (f"Status: fastställd 25 november 2021, taggad vp-2022-faststalld (commit {first})."
            in result.stdout)
    assert (f"Status: fastställd 16 februari 2023, i commit {second} (ingen tagg).\n"
            f"Kvar att göra:\n- Märk den fastställda versionen: git tag <namn> {second}.\n"
            ) in result.stdout
