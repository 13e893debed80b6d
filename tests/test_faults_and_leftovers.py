"""Issue 25's tracebacks and faults: a command that is killed, a file that vanishes or may not
be read, odd addresses to the preview, a reader that goes away. Each ends in Swedish (or in
silence where Unix tools are silent), and nothing half made is left behind."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import REPO, copy_project, run_build, snapshot

from finsam.common.staging import READY
from finsam.site.incremental import fingerprints
from finsam.site.publish import recover

SIE = REPO / "tests/sie/vastra-malardalen-2022/bokslut-2022.se"


def _finsam(project: Path, *args: str, script: str = "", env: dict | None = None,
            prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """The command, in a process that may first run `script` (to kill itself at a chosen
    moment)."""
    code = (f"import sys\nsys.path.insert(0, {str(REPO)!r})\n{script}\n"
            "from finsam.commands.cli import main\nsys.exit(main(sys.argv[1:]))")
    return subprocess.run([*prefix, sys.executable, "-c", code, "--projekt", str(project), *args],
                          capture_output=True, text=True, cwd=project,
                          env={**os.environ, **(env or {})})


def _dead_pid() -> int:
    """The id of a process that has ended (a killed command's folders carry such an id)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _without_root_override() -> tuple[str, ...]:
    """A prefix under which a file of mode 000 cannot be read, even by root."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("capsh") is None:
        pytest.skip("root utan capsh: en fil med läget 000 går ändå att läsa")
    return ("capsh", "--drop=cap_dac_override,cap_dac_read_search,cap_fowner", "--", "-c",
            '"$0" "$@"')


# --- finsam ny: all or nothing --------------------------------------------------------------

KILL_AFTER_WRITES = """
import os, pathlib, signal
_real, _count = pathlib.Path.write_text, [0]
def _write_text(self, *args, **kwargs):
    result = _real(self, *args, **kwargs)
    _count[0] += 1
    if _count[0] >= 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return result
pathlib.Path.write_text = _write_text
"""


def test_new_year_killed_leaves_nothing(tmp_path):
    """Issue 25: `ny 2023` killed after 3 of its 29 files left content/2023 half made; `ny`
    then refused ("finns redan") and the build passed with the broken year."""
    project = copy_project(tmp_path / "projekt")
    before = snapshot(project / "content")
    killed = _finsam(project, "ny", "2023", script=KILL_AFTER_WRITES)
    assert killed.returncode == -signal.SIGKILL
    assert snapshot(project / "content") == before  # nothing of 2023 in content/
    assert list(project.glob(".ny-*"))  # what it wrote lies beside, unfinished

    again = run_build(project, "ny", "2023")
    assert again.returncode == 0, again.stderr
    assert not list(project.glob(".ny-*"))
    created = {p.relative_to(project / "content/2023").as_posix()
               for p in (project / "content/2023").rglob("*") if p.is_file()}
    assert len(created) == 29 and "arsredovisning/dokument.yaml" in created


def test_new_year_killed_while_moving_in_is_finished_by_the_next_command(tmp_path):
    """With the year's folder there already (the plan made first), the new files go in as
    two renames; killed between them, the next command (here kontrollera) finishes."""
    project = copy_project(tmp_path / "projekt")
    assert run_build(project, "ny", "2023", "--dokument", "verksamhetsplan").returncode == 0
    script = """
import os, signal
_real = os.replace
def _replace(source, target):
    _real(source, target)
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = _replace
"""
    killed = _finsam(project, "ny", "2023", "--dokument", "arsredovisning", script=script)
    assert killed.returncode == -signal.SIGKILL
    moved = [(project / "content/2023" / p).exists() for p in ("arsredovisning", "utfall.yaml")]
    assert moved.count(True) == 1  # one of the two renames was made
    check = run_build(project, "kontrollera")
    assert check.returncode == 0, check.stderr
    assert (project / "content/2023/arsredovisning/dokument.yaml").is_file()
    assert (project / "content/2023/utfall.yaml").is_file()
    assert not list(project.glob(".ny-*"))


def test_new_year_on_a_full_disk_writes_nothing(tmp_path):
    """A write that fails (the file size limit, as a full disk) writes nothing and says so."""
    import resource
    project = copy_project(tmp_path / "projekt")
    before = snapshot(project / "content")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2500, 2500))

    result = subprocess.run([sys.executable, "-m", "finsam", "--projekt", str(project), "ny",
                             "2023"], capture_output=True, text=True, preexec_fn=limit,
                            cwd=project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "- content: De nya filerna kunde inte skrivas (File too large)." in result.stderr
    assert "Gör så här: kontrollera att disken inte är full" in result.stderr
    assert "Inget skapades." in result.stderr
    assert snapshot(project / "content") == before and not list(project.glob(".ny-*"))


# --- finsam revision: a killed checkout is cleared ------------------------------------------

def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), "-c", "user.name=T",
                           "-c", "user.email=t@example.org", *args],
                          capture_output=True, text=True, check=True).stdout


def test_a_killed_revision_leaves_nothing_at_the_next_start(tmp_path):
    """Issue 25: killing `revision` left a git worktree and a whole checkout in the temporary
    folder. The next revision (or jamfor) removes what a command no longer running left."""
    project = copy_project(tmp_path / "projekt")
    (project / ".gitignore").write_text("output/\noutput-*/\n", encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "v1")
    _git(project, "tag", "v1")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    stale = temporary / f"finsam-version-{_dead_pid()}-abc123"
    _git(project, "worktree", "add", "--detach", str(stale / "kalla"), "v1")
    other = subprocess.Popen(["sleep", "600"])  # another command, still running
    try:
        running = temporary / f"finsam-version-{other.pid}-def456"
        running.mkdir()
        result = run_build(project, "revision", "v1", env={"TMPDIR": str(temporary)})
    finally:
        other.kill()
        other.wait()
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and running.is_dir()
    assert str(stale) not in _git(project, "worktree", "list")
    assert len(_git(project, "worktree", "list").strip().splitlines()) == 1
    assert [p.name for p in temporary.glob("finsam-version-*")] == [running.name]
    # Nor did the revision's build leave its PDF workers' font folders (its TMPDIR is too
    # deep for the engine process: workers forked from the command itself).
    assert not list(temporary.glob("weasyprint-*"))


# --- publishing: the staging folder --------------------------------------------------------

def test_a_staging_folder_left_after_publishing_never_brings_back_a_deleted_output(tmp_path):
    """Issue 25: a .bygge-* folder that could not be removed held the old site; when output/
    was later deleted by hand, the next build put the old files back from it."""
    output = tmp_path / "output"
    stale = tmp_path / f".bygge-{_dead_pid()}-abc"
    (stale / "tidigare/statistik").mkdir(parents=True)
    (stale / "tidigare/statistik/2023-01.txt").write_text("besök", encoding="utf-8")
    (stale / READY).write_bytes(b"")
    (stale / "PUBLICERAD").write_bytes(b"")
    recover(output)
    assert not output.exists() and not stale.exists()


def test_a_staging_folder_with_a_read_only_folder_is_removed(tmp_path):
    """A folder the user made read-only in output/ kept the staging folder in the project
    (its old copy could not be deleted); it is made writable and deleted, in the same build.
    Run without root's right to ignore file modes, as a user runs it."""
    prefix = _without_root_override()
    output = tmp_path / "output"
    (output / "statistik").mkdir(parents=True)
    (output / "statistik/2023-01.txt").write_text("besök", encoding="utf-8")
    (output / "index.html").write_text("gammal", encoding="utf-8")
    (output / "statistik").chmod(0o555)
    script = (f"import sys; sys.path.insert(0, {str(REPO)!r})\n"
              "from pathlib import Path\nfrom finsam.site.publish import OutputFile, publish\n"
              f"publish(Path({str(output)!r}), [OutputFile('index.html', b'ny')], [])\n")
    result = subprocess.run([*prefix, sys.executable, "-c", script], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert (output / "index.html").read_text(encoding="utf-8") == "ny"
    assert (output / "statistik/2023-01.txt").read_text(encoding="utf-8") == "besök"
    assert not list(tmp_path.glob(".bygge-*"))


# --- files that vanish or may not be read ------------------------------------------------

def test_files_that_vanish_while_building_are_passed_over(tmp_path, monkeypatch):
    """Issue 25: an editor's temporary file appearing and vanishing in content/ during a
    build ended 3 of 8 builds in FileNotFoundError (incremental.fingerprints). Editors' own
    files are passed over, and a file gone between listing and reading counts as absent."""
    project = copy_project(tmp_path / "projekt")
    folder = project / "content/2022/arsredovisning"
    plain = fingerprints(project, "")
    (folder / ".#personal.md").symlink_to("root@dator.1234:1700000000")  # Emacs: to nowhere
    for name in ("4913", ".personal.md.swp", "personal.md~", "~$rapport.docx"):
        (folder / name).write_text("tillfällig", encoding="utf-8")
    assert fingerprints(project, "") == plain

    vanishing = folder / "anteckning.txt"
    vanishing.write_text("sparas just nu", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == vanishing:
            path.unlink()  # gone between the listing and the reading, as an editor does
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert fingerprints(project, "") == plain


def test_a_file_the_build_uses_that_vanishes_is_named(broken, monkeypatch):
    """A section that vanishes while the build reads it: a message naming it, exit 1."""
    from finsam.site.publish import os_problem
    problem = os_problem(FileNotFoundError(2, "No such file or directory",
                                           str(broken / "content/2022/arsredovisning/noter.md")),
                         broken)
    assert problem.render(broken) == (
        "content/2022/arsredovisning/noter.md: Filen försvann medan bygget läste projektet "
        "(ett program som sparar eller synkroniserar?).\n    Gör så här: bygg igen.")


def test_an_unreadable_file_is_named(broken):
    """Issue 25: a file in content/ that may not be read ended the build in PermissionError.
    One the build does not use stops nothing; one it uses is named, exit 1."""
    prefix = _without_root_override()
    notes = broken / "content/2022/anteckningar.txt"
    notes.write_text("anteckning", encoding="utf-8")
    notes.chmod(0)
    edit_section = broken / "content/2022/arsredovisning/personal.md"
    edit_section.write_text(edit_section.read_text(encoding="utf-8") + "\nNy mening.\n",
                            encoding="utf-8")
    built = _finsam(broken, "2022/arsredovisning", prefix=prefix)
    assert built.returncode == 0, built.stderr

    edit_section.chmod(0)
    before = snapshot(broken / "output")
    stopped = _finsam(broken, "--alltid", prefix=prefix)
    assert stopped.returncode == 1, stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert ("- content/2022/arsredovisning/personal.md: Filen går inte att läsa "
            "(Permission denied).") in stopped.stderr
    assert snapshot(broken / "output") == before


# --- the preview ---------------------------------------------------------------------------

def test_the_preview_answers_odd_addresses(tmp_path, capfd):
    """Issue 25: /%00 and ?generation=² ended in tracebacks in the preview's handler."""
    from finsam.commands.preview import EVENTS_PATH, BuildState, handler_for
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<html><body>Sida</body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(output, BuildState()))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/%00", timeout=5)
        assert missing.value.code == 404
        with pytest.raises(urllib.error.HTTPError) as missing_page:
            urllib.request.urlopen(base + "/a%00.html", timeout=5)
        assert missing_page.value.code == 404
        with urllib.request.urlopen(base + EVENTS_PATH + "?generation=%C2%B2", timeout=5) as events:
            assert b"event: html" in events.readline() + events.readline()  # "not seen yet"
        assert "Sida" in urllib.request.urlopen(base + "/", timeout=5).read().decode("utf-8")
    finally:
        server.shutdown()
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_the_preview_while_a_pdf_is_pending(broken, stop):
    """Issue 25: stopped while a PDF was being laid out and another waited, the preview
    reported BrokenProcessPool (and, on SIGTERM, a traceback from the worker's callback).
    Ctrl+C reaches the whole process group, as in a terminal; a service manager's SIGTERM
    too."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, "
         "signal.SIG_DFL); os.execv(sys.executable, [sys.executable, '-m', 'finsam', "
         "*sys.argv[1:]])", "--projekt", str(broken), "forhandsvisa", "--port", "0",
         "--utan-webblasare"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        cwd=broken, start_new_session=True)
    lines: list[str] = []
    try:
        # Ready, its PDFs current (the copy was built): the next saves are what it lays out.
        for wanted in ("finns på", "PDF:erna är aktuella"):
            while not any(wanted in line for line in lines):
                lines.append(process.stdout.readline())
                assert lines[-1], "".join(lines)
        section = broken / "content/2022/arsredovisning/personal.md"
        for count in (2, 3):  # a PDF pass starts, and another waits behind it
            section.write_text(section.read_text(encoding="utf-8") + "\nÄndring.\n",
                               encoding="utf-8")
            while sum("Webbsidan klar" in line for line in lines) < count:
                lines.append(process.stdout.readline())
                assert lines[-1], "".join(lines)
        os.killpg(process.pid, stop)
        rest, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    said = "".join(lines) + rest
    assert process.returncode == 0, said
    assert said.rstrip().endswith("Förhandsvisningen avslutad."), said
    for english in ("Traceback", "BrokenProcessPool", "KeyboardInterrupt", "stopping watch"):
        assert english not in said, said


# --- finsam sie ----------------------------------------------------------------------------

def test_sie_to_a_reader_that_stops(broken):
    """Issue 25: `finsam sie FIL | head` ended in BrokenPipeError. Now it stops in silence
    with 141 (128 + SIGPIPE), as a Unix tool stopped by `head` does."""
    process = subprocess.Popen([sys.executable, "-m", "finsam", "--projekt", str(broken), "sie",
                                str(SIE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=broken)
    process.stdout.close()  # the reader has gone before the first line
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 141
    assert error == ""


def _sie_with(tmp_path: Path, replace: dict[bytes, bytes]) -> Path:
    data = SIE.read_bytes()
    for old, new in replace.items():
        assert old in data
        data = data.replace(old, new, 1)
    path = tmp_path / "bokslut.se"
    path.write_bytes(data)
    return path


def test_sie_control_characters_are_written_out(broken, tmp_path):
    """Issue 25: `finsam sie` wrote a file's ESC sequences to the terminal (they recolour or
    rewrite it). Every control character of the file is written out, as \\x1b."""
    path = _sie_with(tmp_path, {b'#KONTO 1930 "': b'#KONTO 1930 "\x1b[2J\x1b]0;titel\x07',
                                b"#FNAMN \"": b"#FNAMN \"\x1b[31m"})
    result = subprocess.run([sys.executable, "-m", "finsam", "--projekt", str(broken), "sie",
                             str(path)], capture_output=True, cwd=broken)
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert re.search(r"1930 \\x1b\[2J\\x1b\]0;titel\\x07F", out), out


def test_sie_amount_too_large(tmp_path):
    """An amount of 31 digits in a SIE file is a problem with its line, not a traceback."""
    from finsam.load.sie import read_sie
    path = _sie_with(tmp_path, {b"#UB 0 1930 ": b"#UB 0 1930 1000000000000000000000000000000 #"})
    _, problems = read_sie(path)
    rendered = [p.render(tmp_path) for p in problems]
    assert any(re.match(r"bokslut\.se, rad \d+: Talet 1000000000000000000000000000000 är "
                        r"orimligt stort", r) for r in rendered), rendered


# --- the last line of defence --------------------------------------------------------------

FAULT = """
import finsam.build
def _fault(*args, **kwargs):
    raise RuntimeError("ett påhittat fel i verktyget")
finsam.build.build = _fault
"""


def _fault(*args, **kwargs):
    raise RuntimeError("ett påhittat fel i verktyget")


def test_a_fault_in_the_tool_is_a_short_swedish_message(broken, monkeypatch):
    """An exception the tool does not expect is said briefly, in Swedish, without Python's
    traceback; FINSAM_FELSOK=1 shows it for the tool's developers."""
    import finsam.build
    monkeypatch.setattr(finsam.build, "build", _fault)  # as FAULT does in a process
    (broken / "content/2022/arsredovisning/personal.md").write_text("# Ändrad\n",
                                                                    encoding="utf-8")
    before = snapshot(broken / "output")
    result = run_build(broken)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "Kommandot 'finsam bygg' stoppades av ett fel i verktyget, inte i underlaget:\n"
        "    RuntimeError: ett påhittat fel i verktyget\n"
        "Inget i output/ ändrades. Rapportera felet till den som förvaltar verktyget"), \
        result.stderr
    assert "FINSAM_FELSOK=1" in result.stderr
    assert snapshot(broken / "output") == before
    debugging = run_build(broken, env={"FINSAM_FELSOK": "1"})
    assert "Traceback" in debugging.stderr and "RuntimeError" in debugging.stderr


def test_ctrl_c_says_it_was_stopped(broken):
    script = FAULT.replace('raise RuntimeError("ett påhittat fel i verktyget")',
                           "raise KeyboardInterrupt")
    (broken / "content/2022/arsredovisning/personal.md").write_text("# Ändrad\n",
                                                                    encoding="utf-8")
    result = _finsam(broken, script=script)
    assert result.returncode == 130
    assert result.stderr == "\nAvbrutet.\n"


def _processes_below(pid: int) -> dict[int, int]:
    """Every process started by `pid` or by one of them, with its depth (1: a child)."""
    found, level, depth = {}, [pid], 0
    while level:
        depth += 1
        children = []
        for parent in level:
            try:
                text = Path(f"/proc/{parent}/task/{parent}/children").read_text()
            except OSError:
                continue  # ended meanwhile
            children += [int(child) for child in text.split()]
        found.update(dict.fromkeys(children, depth))
        level = children
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="läser processerna i /proc")
@pytest.mark.parametrize("moment", ["engine-importing", "pdf-being-laid-out"])
def test_ctrl_c_while_pdfs_are_made_says_only_that_it_was_stopped(broken, moment):
    """Ctrl+C reaches the whole process group, the PDF workers too. Before, a worker
    answered it with Python's traceback from wherever it was (importing WeasyPrint, starting
    up). Stopped while the PDF engine is imported (a process two steps below the command: one
    that WeasyPrint's library lookup starts, or a worker), and while a worker lays a PDF out
    (its WeasyPrint has made its font folder in TMPDIR): "Avbrutet." alone, and no
    process of the build left running. The exit is 130, or Python's own end by SIGINT when
    the interrupt passed through code run by exec() (CPython then takes it as unhandled),
    which a shell reports as 130 too."""
    temporary = Path(tempfile.mkdtemp(prefix="finsam-ctrlc-"))  # short: the engine's socket
    process = subprocess.Popen(
        [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, "
         "signal.SIG_DFL); os.execv(sys.executable, [sys.executable, '-m', 'finsam', "
         "*sys.argv[1:]])", "--projekt", str(broken), "--alltid"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=broken,
        env={**os.environ, "TMPDIR": str(temporary)}, start_new_session=True)
    try:
        started: dict[int, int] = {}
        while process.poll() is None and not (
                max(started.values(), default=0) >= 2 if moment == "engine-importing" else
                any(temporary.glob("weasyprint-*"))):
            started = _processes_below(process.pid)
        started = _processes_below(process.pid) | started
        assert process.poll() is None, process.communicate()  # stopped while it works
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(temporary, ignore_errors=True)
    assert process.returncode in (130, -signal.SIGINT), (process.returncode, out + err)
    assert err == "\nAvbrutet.\n", out + err
    for pid in started:  # the engine process, its workers: ended with the command
        for _ in range(100):
            if _state(pid) == "Z":
                break
            threading.Event().wait(0.05)
        assert _state(pid) == "Z", pid


def _state(pid: int) -> str:
    """The process's state letter; Z (as a zombie) for one that has ended."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_a_temporary_folder_too_deep_for_the_engine_process_forks_the_workers_instead(tmp_path):
    """The PDF workers' engine process listens on a socket in TMPDIR, whose path may be too
    long for the system (macOS's TMPDIR is long): the workers are then forked from the
    command itself, as before there was an engine process. (A whole build so: the
    revision above, whose build runs with a TMPDIR in the test's folder.)"""
    deep = tmp_path / ("mapp-" * 20)
    deep.mkdir()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from finsam.pdf.batch import "
            "worker_context; print(worker_context().get_start_method())")
    said = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True,
                          text=True, env={**os.environ, "TMPDIR": str(deep)})
    assert (said.stdout, said.stderr) == ("fork\n", "")
    plain = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True,
                           text=True)
    assert (plain.stdout, plain.stderr) == ("forkserver\n", "")


def test_pdf_workers_leave_nothing_in_the_temporary_folder(tmp_path):
    """Each PDF worker's WeasyPrint keeps the fonts it embeds in a folder in TMPDIR, removed
    when its font configuration is collected. The workers were ended with SIGTERM after
    every build, so two folders were left per build (thousands on a förbundschef's machine
    after a year). Two PDFs in workers forked from the engine process, then nothing left."""
    temporary = Path(tempfile.mkdtemp(prefix="finsam-tmp-"))  # short: the engine's socket
    code = """
import sys, datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from finsam.load.templates import template_folders
from finsam.pdf.batch import PdfJob, lay_out_pdfs
folder = Path(sys.argv[2])
page = "<html lang='sv'><head><link rel='stylesheet' href='style/print.css'></head><body><h1>{}"
jobs = [PdfJob(key, page.format(key) + "</h1></body></html>",
               datetime.date(2023, 2, 16), "pdf/a-3u", template_folders(None),
               folder / "content", folder / "dokument.yaml") for key in ("a/en", "a/två")]
made = lay_out_pdfs(folder, jobs, processes=2)
print(sorted(key for key, (pdf, _) in made.items() if pdf.startswith(b"%PDF")))
"""
    try:
        said = subprocess.run([sys.executable, "-c", code, str(REPO), str(tmp_path)],
                              capture_output=True, text=True,
                              env={**os.environ, "TMPDIR": str(temporary)})
        left = sorted(p.name for p in temporary.iterdir())
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    assert (said.stdout, said.stderr) == ("['a/en', 'a/två']\n", "")
    assert not [name for name in left if name.startswith("weasyprint-")], left
