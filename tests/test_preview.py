"""The preview: serves output/, rebuilds on save, shows a broken save's error over the last good page."""
from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

from helpers import snapshot

PAGE = "2022/arsredovisning/index.html"


def start_preview(project):
    process = subprocess.Popen(
        [sys.executable, "-m", "finsam", "forhandsvisa", "--port", "0",
         "--utan-webblasare", "--projekt", str(project)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=project,
        start_new_session=True)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if match := re.search(r"finns på (http://127\.0\.0\.1:\d+/)", line):
            return process, match.group(1), lines
    process.kill()
    raise AssertionError("förhandsvisningen startade inte:\n" + "".join(lines))


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, condition, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if condition(body):
            return body
        time.sleep(0.05)
    raise AssertionError(f"{url} visade aldrig det väntade:\n{body[-2000:]}")


def test_preview_serves_rebuilds_on_save_and_shows_errors(broken):
    process, base, lines = start_preview(broken)
    try:
        section = broken / "content/2022/arsredovisning/personal.md"
        original = section.read_text(encoding="utf-8")
        section.write_text(original + "\nEn mening skriven under förhandsvisningen.\n", encoding="utf-8")
        page = wait_for(base + PAGE, lambda body: "En mening skriven under förhandsvisningen." in body)
        assert "EventSource" in page  # the page reloads itself on the next save
        on_disk = (broken / "output" / PAGE).read_text(encoding="utf-8")
        assert "En mening skriven under förhandsvisningen." in on_disk
        assert "EventSource" not in on_disk  # the reload script is never published

        before = snapshot(broken / "output" / "2022")
        section.write_text(original + "\nÅrets resultat: {{ resultatrakning.arets_resultatt }}\n",
                           encoding="utf-8")
        page = wait_for(base + PAGE, lambda body: "arets_resultatt" in body)
        assert "personal.md, rad" in page and "menade du" in page  # the error, over …
        assert "En mening skriven under förhandsvisningen." in page  # … the last good page
        time.sleep(0.5)
        assert snapshot(broken / "output" / "2022") == before

        # A hand-typed address with a malformed generation is answered, not a crash: the
        # stream says at once that there is a newer page than "none seen".
        events = urllib.request.urlopen(base + "__forhandsvisning?generation=abc", timeout=5)
        assert events.status == 200 and b"event: html" in events.readline() + events.readline()
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    terminal = "".join(lines) + output
    assert "Webbsidan klar" in terminal
    assert "'arets_resultatt' finns inte" in terminal


def test_preview_of_a_project_that_has_never_built_explains_in_swedish(tmp_path):
    from helpers import copy_project, edit
    project = copy_project(tmp_path / "projekt")
    edit(project / "content/2022/utfall.yaml", "  fordringar: 101 573", "  fordringar: [101 573")
    process, base, lines = start_preview(project)
    try:
        page = fetch(base)  # / → index.html, which does not exist yet
        assert "Sidan är inte byggd än" in page and 'lang="sv"' in page
        assert "utfall.yaml, rad 14" in page  # the error, on the page
        assert "EventSource" in page  # and it reloads on the first good build
    finally:
        process.terminate()
        process.communicate(timeout=20)
