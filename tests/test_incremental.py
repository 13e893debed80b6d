"""Incremental builds: a document is rebuilt exactly when something it depends on changed."""
from __future__ import annotations

from helpers import build_html, edit, git, html_row, html_tables, run_build, snapshot

AR = "output/2022/arsredovisning"
VP = "output/2022/verksamhetsplan"


def stamps(folder):
    """Content hash and modification time of every file: a rewrite changes the time."""
    return {p.name: (p.stat().st_mtime_ns, h) for p, h in
            ((folder / name, h) for name, h in snapshot(folder).items())}


def test_unchanged_project_is_not_rebuilt(broken):
    before = stamps(broken / "output/2022/arsredovisning") | stamps(broken / "output/2022/verksamhetsplan")
    result = run_build(broken)
    assert result.returncode == 0, result.stderr
    assert "Inget har ändrats sedan förra bygget" in result.stdout
    after = stamps(broken / "output/2022/arsredovisning") | stamps(broken / "output/2022/verksamhetsplan")
    assert after == before


def test_section_change_rebuilds_only_its_document(broken):
    ar_before = stamps(broken / AR)
    section = broken / "content/2022/verksamhetsplan/inledning.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nEn mening till.\n",
                       encoding="utf-8")
    result = run_build(broken)
    assert result.returncode == 0, result.stderr
    assert "Byggde Verksamhetsplan och budget 2022" in result.stdout
    assert "Byggde Årsredovisning" not in result.stdout
    assert "Oförändrat sedan förra bygget: 2022/arsredovisning" in result.stdout
    assert stamps(broken / AR) == ar_before
    assert "En mening till." in (broken / VP / "index.html").read_text(encoding="utf-8")


def test_shared_figure_rebuilds_every_document_that_uses_it(broken):
    budget = broken / "content/2022/verksamhetsplan/budget.yaml"
    for member, old, new in (("staten", "1 500", "1 600"), ("region", "750", "800"),
                             ("koping", "375", "400"), ("arboga", "225", "240"),
                             ("kungsor", "150", "160")):
        edit(budget, f"  {member}: {{2022: {old},", f"  {member}: {{2022: {new},")
    # Both documents use the budget: both are to be rebuilt (decided as the command does).
    from finsam.site.incremental import plan_build
    assert sorted(plan_build(broken, None, None).stale) == ["2022/arsredovisning",
                                                             "2022/verksamhetsplan"]
    build_html(broken)  # and what they show follows the new figures
    plan = html_tables(broken / VP / "index.html")
    assert html_row(plan, "resultatbudget", "Summa verksamhetens intäkter")[1] == "3\u00a0200"
    drift = html_row(html_tables(broken / AR / "index.html"), "driftredovisning", "Medlemsbidrag")
    assert drift[3] == "3\u00a0200"  # the budget column: Utfall intäkt, kostnad, netto, Budget


def test_damaged_output_is_rebuilt(broken):
    (broken / VP / "verksamhetsplan-2022.pdf").unlink()
    result = run_build(broken)
    assert result.returncode == 0, result.stderr
    assert "Byggde Verksamhetsplan och budget 2022" in result.stdout
    assert "Byggde Årsredovisning" not in result.stdout
    assert (broken / VP / "verksamhetsplan-2022.pdf").is_file()


def test_a_no_op_in_git_is_known_without_starting_git(example_in_git, tmp_path):
    """Nothing changed since the last build: the command answers from the project's files and
    git's own files (HEAD, tags), without starting git: here it is not even on PATH. A new
    commit (a new version line) is seen, and then git is asked."""
    import shutil
    project = tmp_path / "forbund"
    shutil.copytree(example_in_git, project, symlinks=True)  # committed, then built
    no_git = tmp_path / "utan-git"
    no_git.mkdir()
    (no_git / "python3").symlink_to(shutil.which("python3"))
    quiet = run_build(project, env={"PATH": str(no_git)})
    assert quiet.returncode == 0, quiet.stderr
    assert "Inget har ändrats sedan förra bygget" in quiet.stdout
    git(project, "commit", "-q", "--allow-empty", "-m", "Andra")
    after = run_build(project)
    assert "Inget har ändrats" not in after.stdout  # a new version line to print


def test_a_plain_build_with_nothing_to_do_is_answered_before_the_command_line(broken):
    """`finsam` with nothing changed: answered from the project's files by site/quick.py,
    without importing the command line or the engine. A project left with a killed build's
    staging folder, or with a file changed, takes the long way."""
    import subprocess
    import sys
    code = ("import sys; from finsam.commands.start import main; code = main(); "
            "print(sorted(m for m in ('argparse', 'pydantic', 'weasyprint', "
            "'finsam.commands.cli') if m in sys.modules)); sys.exit(code)")
    quick = subprocess.run([sys.executable, "-c", code, "--projekt", str(broken)],
                           capture_output=True, text=True)
    assert quick.returncode == 0, quick.stderr
    assert "Inget har ändrats sedan förra bygget" in quick.stdout
    assert quick.stdout.strip().endswith("[]")  # nothing heavy was imported
    (broken / ".bygge-123-x").mkdir()
    long_way = run_build(broken)
    assert long_way.returncode == 0 and not (broken / ".bygge-123-x").exists()
    edit(broken / "content/2022/verksamhetsplan/inledning.md", "\n", "\nÄndrad.\n")
    changed = run_build(broken)
    assert "Byggde Verksamhetsplan" in changed.stdout
