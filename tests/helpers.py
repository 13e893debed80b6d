"""Test helpers: a copy of the real project, the real CLI, and readers for its output."""
from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pypdf

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "vastra-malardalen"  # the example förbund, a project like any other
DOC = "2022/arsredovisning"
PDF = f"output/{DOC}/arsredovisning-2022.pdf"
HTML = f"output/{DOC}/index.html"


def copy_project(target: Path, source: Path = EXAMPLE) -> Path:
    """A fresh copy of an example project (its content/ and settings, no output)."""
    shutil.copytree(source, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("output", "output-*", ".finsam-cache"))
    return target


def git(project: Path, *args: str) -> str:
    """git in the project, as the förbundschef (what it printed, stripped)."""
    return subprocess.run(["git", "-C", str(project), "-c", "user.name=Förbundschefen",
                           "-c", "user.email=chef@example.org", *args], check=True,
                          capture_output=True, text=True).stdout.strip()


def example_repository(folder: Path) -> Path:
    """The example as a förbund's git repository in folder/forbund, committed, not built:
    its plan reopened as a draft (the plan being worked on), and the tool's version in
    projekt.yaml as a förbund's project has it (the example itself is rebuilt by each tool
    version)."""
    project = copy_project(folder / "forbund")
    edit(project / "content/2022/verksamhetsplan/dokument.yaml", "status: fastställd",
         "status: utkast")
    (project / "projekt.yaml").write_text('verktyg: "0.2.0"\n', encoding="utf-8")
    (project / ".gitignore").write_text("output/\noutput-*/\n.finsam-cache/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "Utkast")
    return project


def run_build(project: Path, *args: str, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess:
    """`finsam --projekt PROJECT ARGS…` run in this process (finsam's own entry point, as
    `python -m finsam` calls it) from the project folder: what it printed and its exit code,
    as a user would see them, traceback included if one escaped. A test whose subject is the
    command-line surface itself (start-up, signals, process ids, limits, the installed tool)
    starts `python -m finsam` in a process of its own instead."""
    return run_in_process(["--projekt", str(project), *args], cwd=project, env=env)


def run_in_process(argv: list[str], cwd: Path, env: dict[str, str] | None = None
                   ) -> subprocess.CompletedProcess:
    """finsam.commands.start.main(argv) with stdout and stderr captured, run in `cwd` with
    `env` added to the environment; the working directory, the environment, the signal
    handlers and the temporary folder are as they were afterwards. An exception that escapes
    main is written as Python writes it at exit (a traceback, exit code 1); SystemExit gives
    its code, as `python -m finsam` would; a warning is written on stderr as a new process
    writes it (not collected by pytest)."""
    import io
    import signal
    import tempfile
    import traceback
    import warnings
    from contextlib import redirect_stderr, redirect_stdout

    from finsam.commands.start import main
    from finsam.pdf.batch import worker_context

    # The PDF workers' engine process, started (once per test process) before this
    # command's environment and folder are set: the workers of every later build are forked
    # from it, and a command's TMPDIR or PATH is for that command alone.
    worker_context()

    out, err = io.StringIO(), io.StringIO()
    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    saved_signals = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    saved_tempdir = tempfile.tempdir
    os.environ.update(env or {})
    tempfile.tempdir = None  # read from the environment again, as a new process does
    try:
        os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err), warnings.catch_warnings():
            _warnings_as_at_start(err)
            try:
                code = main(list(argv))
            except SystemExit as stop:
                code = _exit_code(stop, err)
            except Exception:  # noqa: BLE001 - what Python prints for an uncaught one
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        tempfile.tempdir = saved_tempdir
        for number, handler in saved_signals.items():
            signal.signal(number, handler)
    return subprocess.CompletedProcess(["finsam", *argv], code, out.getvalue(), err.getvalue())


# Python's own warning filters at start (without -W or PYTHONWARNINGS), first match first.
_STARTUP_FILTERS = [("default", DeprecationWarning, "__main__"), ("ignore", DeprecationWarning, ""),
                    ("ignore", PendingDeprecationWarning, ""), ("ignore", ImportWarning, ""),
                    ("ignore", ResourceWarning, "")]


def _warnings_as_at_start(err) -> None:
    """The warning filters of a new Python process, the warnings written to `err`."""
    import warnings
    warnings.resetwarnings()
    for action, category, module in _STARTUP_FILTERS:
        warnings.filterwarnings(action, category=category, module=module, append=True)

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        err.write(warnings.formatwarning(message, category, filename, lineno, line))
    warnings.showwarning = show


def _exit_code(stop: SystemExit, err) -> int:
    """The exit code of sys.exit(code) as Python's exit gives it; a message is printed."""
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code
    print(stop.code, file=err)
    return 1


def build_html(project: Path, *documents: str, base_url: str | None = None):
    """The web pages, index and assets (no PDFs) built in this process, as the preview does:
    for tests of what the pages say. A mistake raises BuildError."""
    from finsam.build import build
    return build(project, list(documents) or None, base_url, parts="html", processes=1)


def pipeline_message(project: Path) -> str:
    """load → validate → compute → render in this process: '' or the message a build prints."""
    from finsam.build import compute_and_render, load_and_validate
    from finsam.common.errors import BuildError
    try:
        compute_and_render(*load_and_validate(project))
    except BuildError as error:
        return error.render(project)
    return ""


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Break a real input file by replacing one exact piece of it."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} finns inte i {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, str]:
    """Hash of every file under a folder, to prove that output/ was left untouched."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_fails(project: Path) -> str:
    """Run the build on a broken project: exit 1, no traceback, output/ unchanged; the message."""
    before = snapshot(project / "output")
    result = run_build(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "output") == before, "output/ ändrades trots fel"
    assert "Inget i output/ ändrades." in result.stderr
    # Every mistake says where (file) and what to do, not only what is wrong.
    problems = [line for line in result.stderr.split("\n") if line.startswith("- ")]
    assert problems and all(re.match(r"- content/\S+", p) for p in problems), result.stderr
    assert result.stderr.count("Gör så här:") >= len(problems), result.stderr
    return result.stderr


def pdf_pages(path: Path) -> list[str]:
    """Each page's text; read once per version of the file (several tests read one PDF)."""
    stat = path.stat()
    return list(_pdf_pages(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=16)
def _pdf_pages(path: str, mtime: int, size: int) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def pdf_lines(path: Path, first_page: int = 1) -> list[str]:
    """Every text line of the PDF from `first_page` on, with runs of whitespace (incl.
    no-break) as one space."""
    return [re.sub(r"\s+", " ", line).strip()
            for page in pdf_pages(path)[first_page - 1:] for line in page.split("\n")]


class _Tables(HTMLParser):
    """Collects every <table id=…> as rows of cell texts (th and td alike)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(path: Path) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def html_row(tables: dict[str, list[list[str]]], table: str, label: str) -> list[str]:
    """The cells after the label in the first row of `table` whose first cell is `label`."""
    for row in tables[f"tabell-{table}"]:
        if row and row[0] == label:
            return row[1:]
    raise AssertionError(f"Raden {label!r} saknas i tabellen {table}")


def html_text(path: Path) -> str:
    class _Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"[ \t\n]+", " ", "".join(parser.parts))


class _Elements(HTMLParser):
    """Every start tag in document order, with its attributes and the text inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("img", "meta", "link", "br", "hr", "input", "col", "wbr"):
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data


def html_elements(path: Path) -> list[dict]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def content_documents(project: Path) -> list[str]:
    """The documents of content/ as the user laid them out: <år>/<mapp> with a dokument.yaml."""
    return sorted(str(p.parent.relative_to(project / "content"))
                  for p in (project / "content").glob("*/*/dokument.yaml"))
