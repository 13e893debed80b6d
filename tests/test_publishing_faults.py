"""Publishing the site is one step: a failure leaves output/ as it was, a kill in the middle
is finished by the next command, and every fault is a Swedish message, not a traceback."""
from __future__ import annotations

import errno
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, edit, run_build, snapshot

from finsam.common.errors import BuildError
from finsam.site.publish import OutputFile, publish, recover

NEW_SITE = [OutputFile("index.html", b"ny startsida"),
            OutputFile("2022/arsredovisning/index.html", b"ny sida")]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An output/ as a build left it: two documents and the index."""
    output = tmp_path / "output"
    for path, text in (("index.html", "gammal startsida"), ("2022/arsredovisning/index.html",
                       "gammal sida"), ("2022/arsredovisning/gammal.pdf", "pdf"),
                       ("2022/verksamhetsplan/index.html", "plan")):
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_text(text, encoding="utf-8")
    return output


def test_publish_replaces_a_document_whole_and_keeps_the_rest(site):
    publish(site, NEW_SITE, ["2022/arsredovisning"])
    assert snapshot(site).keys() == {"index.html", "2022/arsredovisning/index.html",
                                     "2022/verksamhetsplan/index.html"}
    assert (site / "index.html").read_text(encoding="utf-8") == "ny startsida"
    assert (site / "2022/verksamhetsplan/index.html").read_text(encoding="utf-8") == "plan"
    assert not list(site.parent.glob(".bygge-*"))


@pytest.mark.parametrize("code, message", [
    (errno.ENOSPC, "Disken är full. Den tidigare webbplatsen ligger kvar."),
    (errno.EACCES, "output/ eller en fil i den får inte ändras, eller är öppen i ett annat "
                   "program (t.ex. en PDF-läsare)."),
])
def test_a_write_fault_leaves_the_old_site_and_says_why(site, monkeypatch, code, message):
    before = snapshot(site)
    real_replace = __import__("os").replace

    def failing_replace(source, target):
        if Path(source).name == "ny":  # the last step: the new site into place
            raise OSError(code, "simulerat")
        real_replace(source, target)

    monkeypatch.setattr("finsam.site.publish.os.replace", failing_replace)
    with pytest.raises(BuildError) as raised:
        publish(site, NEW_SITE, ["2022/arsredovisning"])
    assert message in raised.value.render(site.parent)
    assert "Gör så här:" in raised.value.render(site.parent)
    assert snapshot(site) == before
    assert not list(site.parent.glob(".bygge-*"))


def test_killed_between_the_two_renames_the_next_command_finishes(site):
    # A separate process publishes and is killed right after output/ was moved aside.
    script = f"""
import os, sys
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
import finsam.site.publish as publish
real = os.replace
def replace(source, target):
    real(source, target)
    if Path(source) == Path({str(site)!r}):
        os._exit(9)
publish.os.replace = replace
publish.publish(Path({str(site)!r}), [
    publish.OutputFile("index.html", b"ny startsida")], [])
"""
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    assert not site.exists() and list(site.parent.glob(".bygge-*"))
    recover(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "ny startsida"
    assert (site / "2022/verksamhetsplan/index.html").read_text(encoding="utf-8") == "plan"
    assert not list(site.parent.glob(".bygge-*"))


def test_output_that_is_a_file(broken):
    import shutil
    shutil.rmtree(broken / "output")
    (broken / "output").write_text("inte en mapp", encoding="utf-8")
    result = run_build(broken, "2022/verksamhetsplan")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "- output: output finns men är en fil, inte en mapp" in result.stderr
    assert (broken / "output").read_text(encoding="utf-8") == "inte en mapp"


def test_file_too_large_for_the_file_system(broken):
    """A real limit on file size (as on a full or restricted disk): Swedish, no traceback."""
    edit(broken / "content/2022/verksamhetsplan/inledning.md", "\n", "\n\n")
    before = snapshot(broken / "output")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run([sys.executable, "-m", "finsam", "--projekt", str(broken),
                             "2022/verksamhetsplan"], capture_output=True, text=True,
                            preexec_fn=limit)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "En fil blev större än filsystemet tillåter." in result.stderr
    assert snapshot(broken / "output") == before
