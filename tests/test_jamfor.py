"""`python build.py jamfor A B`: between two commits of a test repository with one figure and
one sentence changed, the page lists exactly that figure (before, after, difference) and that
sentence (removed and added), and nothing else."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from helpers import REPO, edit


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.se",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.se",
                        "PATH": "/usr/bin:/bin", "HOME": str(root)})


def test_compare_lists_exactly_the_changed_figure_and_sentence(tmp_path):
    from finsam.commands.jamfor import compare_versions
    project = tmp_path / "forbund"
    shutil.copytree(REPO / "examples/vastra-malardalen/content", project / "content")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "Utkast till styrelsen")
    _git(project, "tag", "utkast")
    # One figure: the staff of 2022, 0 → 2 (the five-year overview's Antal anställda).
    edit(project / "content/2022/utfall.yaml", "anstallda: 0", "anstallda: 2")
    # One sentence of the personnel section.
    edit(project / "content/2022/arsredovisning/personal.md",
         "Förbundet har inga egna anställda.", "Förbundet har två egna anställda.")
    _git(project, "commit", "-q", "-am", "Styrelsens ändringar")
    _git(project, "tag", "faststalld")

    target, summary = compare_versions(project, "utkast", "faststalld", None)
    assert summary == "Mellan utkast och faststalld har 1 siffra och 2 meningar ändrats."
    page = target.read_text(encoding="utf-8")
    assert target.parent == project  # beside the project, not in output/
    rows = re.findall(r"<tr><td>(.*?)</td><th scope=\"row\">(.*?)</th><td>(.*?)</td>"
                      r"<td class=\"num\">(.*?)</td><td class=\"num\">(.*?)</td>"
                      r"<td class=\"num\">(.*?)</td></tr>", page)
    assert rows == [("Översikt över verksamhetens utveckling", "Antal anställda", "År 2022",
                     "0", "2", "+2")]
    assert re.findall(r"<li><del>(.*?)</del></li>", page) == ["Förbundet har inga egna anställda."]
    assert re.findall(r"<li><ins>(.*?)</ins></li>", page) == ["Förbundet har två egna anställda."]
    assert "<h4>personal.md</h4>" in page
    # The verksamhetsplan did not change.
    assert page.count("<p>Inga ändringar.</p>") == 1
