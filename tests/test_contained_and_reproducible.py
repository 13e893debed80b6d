"""A build reads only the project (and Python's own files), never the network, and the same
sources give the same bytes wherever and whenever they are built."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from helpers import copy_project, snapshot

AUDIT = Path(__file__).resolve().parent / "audited_build.py"


def audited_build(project: Path, *documents: str, **env: str) -> dict:
    result = subprocess.run([sys.executable, str(AUDIT), str(project), *documents],
                            capture_output=True, text=True, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().split("\n")[-1])


def test_a_build_of_the_example_reads_only_the_project_and_never_the_network(tmp_path):
    project = copy_project(tmp_path / "projekt")
    assert audited_build(project) == {"outside": [], "network": []}
    assert (project / "output/2022/arsredovisning/arsredovisning-2022.pdf").is_file()


def test_two_clean_copies_built_apart_give_the_same_bytes(tmp_path):
    """Fonts subset by fontTools in both, the subsetter that would put the clock in the PDF;
    at least two seconds apart, in other folders and time zones."""
    first = copy_project(tmp_path / "en")
    second = copy_project(tmp_path / "en annan mapp")
    plan = "2022/verksamhetsplan"
    started = time.time()
    assert audited_build(first, plan, TZ="Europe/Stockholm", FINSAM_FONTTOOLS="1") == {
        "outside": [], "network": []}
    time.sleep(max(0.0, started + 2.5 - time.time()))  # a clock in the output would differ
    assert audited_build(second, plan, TZ="America/Los_Angeles", FINSAM_FONTTOOLS="1") == {
        "outside": [], "network": []}
    one, two = snapshot(first / "output"), snapshot(second / "output")
    assert any(name.endswith(".pdf") for name in one) and len(one) >= 4
    assert one == two, [name for name in one if one[name] != two.get(name)]
    # Built again, the first copy writes in the contents' numbers its record kept
    # (finsam/tocpages.py) instead of laying the contents page out for them: the same bytes.
    assert (first / ".finsam-cache/sidnummer.json").is_file()
    (first / "output/2022/verksamhetsplan/verksamhetsplan-2022.pdf").unlink()
    audited_build(first, plan, TZ="Europe/Stockholm", FINSAM_FONTTOOLS="1")
    assert snapshot(first / "output") == two


def test_the_audit_sees_a_file_read_outside_the_project(tmp_path):
    """The control: the same audit reports a read outside the project when there is one,
    and not one inside it."""
    project = copy_project(tmp_path)
    found = audited_build(project, FINSAM_GRANSKA_KONTROLL="/etc/hostname")
    assert found["outside"] == ["/etc/hostname"]


def test_weasyprint_reads_only_the_projects_files(tmp_path):
    """The PDF's last line of defence: WeasyPrint's fetcher serves files under the project's
    folders and data: addresses, and refuses every other file and every network address."""
    import pytest
    from weasyprint.urls import FatalURLFetchingError

    from finsam.load.templates import template_folders
    from finsam.pdf.write import ProjectFilesOnly
    content = tmp_path / "content"
    content.mkdir()
    (content / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "utanfor.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (content / "lank.png").symlink_to(tmp_path / "utanfor.png")
    fetcher = ProjectFilesOnly(template_folders(tmp_path), content)
    assert fetcher.fetch((content / "bild.png").as_uri()).read().startswith(b"\x89PNG")
    font = template_folders(None).path("fonts/Carlito-Regular.ttf")  # the tool's own
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain;base64,aGVq").read() == b"hej"
    for refused in ((tmp_path / "utanfor.png").as_uri(), (content / "lank.png").as_uri(),
                    (content / "../utanfor.png").as_uri(), "https://example.org/bild.png",
                    "http://127.0.0.1/", "ftp://example.org/x"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(refused)


def test_the_engines_libraries_are_found_as_python_finds_them_without_running_a_compiler():
    """The engine is imported with WeasyPrint's native libraries looked up in the system's
    library cache alone (pdf/libraries.py): for the names WeasyPrint tries, the same answers
    as Python's own ctypes.util.find_library, which runs gcc for a name not in the cache."""
    import ctypes.util
    import sys

    import pytest

    from finsam.pdf.libraries import library_cache_lookup
    lookup = library_cache_lookup()
    if lookup is None:
        assert not sys.platform.startswith("linux") or not Path("/sbin/ldconfig").exists()
        pytest.skip("inget bibliotekscache (ldconfig -p) på den här maskinen")
    names = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig",
             "pangoft2-1.0", "libgobject-2.0-0", "libpango-1.0-0", "libfontconfig-1", "c"]
    assert {n: lookup(n) for n in names} == {n: ctypes.util.find_library(n) for n in names}
    assert lookup("gobject-2.0") == "libgobject-2.0.so.0"
