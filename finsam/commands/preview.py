"""The förbundschef's edit loop: build, serve output/ on localhost, rebuild on save, reload.

A save is answered in two passes. The web pages of the documents the change touches are
rebuilt in this process (the engine is already imported and warm) and the open browser
page reloads; then the PDFs are rebuilt in a separate worker process, so WeasyPrint's
seconds never hold up the next save. A broken save changes nothing in output/: the
last good page stays, with the error over it, and the terminal says the same.
"""
from __future__ import annotations

import html
import logging
import re
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import parse_qs

from ..build import build
from ..common.errors import BuildError
from ..load.dependencies import document_inputs
from ..load.folders import is_editor_temporary
from ..pdf.batch import interrupts_ignored, no_work
from ..site.incremental import document_keys, plan_build
from ..site.publish import os_problem

EVENTS_PATH = "/__forhandsvisning"

# Shown for a page that has not been built yet; the client script adds the build's error.
_WAITING = """<!doctype html><html lang="sv"><head><meta charset="utf-8">
<title>Förhandsvisning – väntar på ett bygge</title></head><body><main>
<h1>Sidan är inte byggd än</h1>
<p>Förhandsvisningen visar sidan så snart bygget går igenom. Rätta felet nedan och spara,
så laddas sidan om av sig själv.</p></main></body></html>"""

# Injected into every page the preview serves (never into output/): listen for rebuilds
# and reload; show a build error over the last good page.
_CLIENT = """
<div id="forhandsvisning-fel" role="alert" style="position:fixed;left:0;right:0;bottom:0;
max-height:60%;overflow:auto;margin:0;padding:1rem 1.5rem;background:#fff4f4;color:#5c0000;
border-top:4px solid #b00020;font:15px/1.45 system-ui,sans-serif;z-index:9999;{display}">
<strong>Sidan byggdes inte om. Det senast fungerande bygget visas.</strong>
<pre style="white-space:pre-wrap;font:14px/1.45 monospace;margin:.5rem 0 0">{error}</pre></div>
<script>
(function () {{
  var box = document.getElementById("forhandsvisning-fel");
  var source = new EventSource("{path}?generation={generation}");
  source.addEventListener("html", function () {{ location.reload(); }});
  source.addEventListener("fel", function (event) {{
    box.querySelector("pre").textContent = event.data;
    box.style.display = "block";
  }});
}})();
</script>
"""


class BuildState:
    """The latest outcome, shared between the watcher and the page handlers."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0  # counts successful web builds
        self.error = ""  # the current build error, "" when the last build succeeded

    def succeeded(self) -> None:
        with self._changed:
            self.generation += 1
            self.error = ""
            self._changed.notify_all()

    def failed(self, error: str) -> None:
        with self._changed:
            self.error = error
            self._changed.notify_all()

    def wait(self, generation: int, error: str, timeout: float) -> tuple[int, str]:
        """Block until something differs from what the caller has seen (or the timeout)."""
        with self._changed:
            self._changed.wait_for(lambda: (self.generation, self.error) != (generation, error),
                                   timeout)
            return self.generation, self.error


def touched_documents(root: Path, paths: set[Path]) -> list[str] | None:
    """The documents a change can affect: those that read a changed file (load/dependencies.py,
    as for incremental builds) or hold it in their folder; None means all of them (a file no
    document reads, such as the tool's templates, or a year's file that was deleted)."""
    changed = {path.resolve() for path in paths}
    touched, unclaimed = [], set(changed)
    for key in document_keys(root):
        folder = (root / "content" / key).resolve()
        reads = {p.resolve() for p in document_inputs(root, key).all}
        hit = {p for p in changed if p in reads or folder in p.parents}
        if hit:
            touched.append(key)
            unclaimed -= hit
    return None if unclaimed else touched


def _pdf_pass(root: str, keys: list[str] | None) -> str:
    """In the worker process: rebuild the PDFs; the error text, or '' when it went well."""
    try:
        build(Path(root), keys, parts="pdf", processes=1)  # leave a core for the web pass
    except BuildError as error:
        return error.render(Path(root))
    except OSError as error:
        return BuildError(os_problem(error, Path(root))).render(Path(root))
    return ""


def _ignore_interrupt() -> None:
    """In the worker, as it starts: Ctrl+C (or a service manager's SIGTERM) reaches the whole
    process group, but it is the preview's to answer; it ends the worker itself
    (PdfWorker.close). And the engine is imported now, while the first web pages are made,
    so that the first save's PDF starts with a warm worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from ..pdf.libraries import libraries_from_cache
    with libraries_from_cache():
        import finsam.pdf.layoutcheck  # noqa: F401
        import finsam.pdf.write  # noqa: F401


class PdfWorker:
    """One warm worker process; saves that arrive while it works are gathered into one job."""

    def __init__(self, root: Path, report: Callable[[str], None], state: BuildState) -> None:
        self.root = root
        self.report = report
        self.state = state
        self.pool = self._new_pool()
        self.lock = threading.Lock()
        self.running = False
        self.closing = False
        self.pending: set[str] | None = set()
        self.pending_all = False
        self.started = 0.0

    @staticmethod
    def _new_pool() -> ProcessPoolExecutor:
        """The worker, started now rather than at the first save. Started from the main
        thread (as the preview starts) it is born with Ctrl+C and SIGTERM ignored, which a
        new process inherits: a Ctrl+C while it is still starting Python (before
        _ignore_interrupt runs) would otherwise end it with a traceback."""
        pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"),
                                   initializer=_ignore_interrupt)
        # A worker started again after a crash (not in the main thread) starts as before.
        with interrupts_ignored(signal.SIGINT, signal.SIGTERM):
            pool.submit(no_work)  # a spawned pool starts its process at the first job
        return pool

    def request(self, keys: list[str] | None) -> None:
        with self.lock:
            if keys is None:
                self.pending_all = True
            else:
                self.pending.update(keys)
            if not self.running:
                self._submit()

    def _submit(self) -> None:
        keys = None if self.pending_all else sorted(self.pending)
        self.pending, self.pending_all = set(), False
        self.running = True
        self.started = time.perf_counter()
        try:
            future = self.pool.submit(_pdf_pass, str(self.root), keys)
        except BrokenProcessPool:  # the worker died (killed, out of memory): start another
            self.pool = self._new_pool()
            future = self.pool.submit(_pdf_pass, str(self.root), keys)
        future.add_done_callback(self._done)

    def _done(self, future: Future) -> None:
        if self.closing:
            return  # the preview is stopping and ended the worker: nothing to report
        failure = future.exception()
        if isinstance(failure, BrokenProcessPool):
            error = ("Processen som sätter PDF:en avslutades oväntat (av operativsystemet, "
                     "t.ex. för att minnet tog slut). PDF:en byggs på nytt vid nästa sparning.")
            self.pool = self._new_pool()
        elif failure is not None:
            error = (f"ett fel i verktyget ({type(failure).__name__}: {failure}). "
                     "Rapportera det gärna till verktygets utvecklare.")
        else:
            error = future.result()
        seconds = time.perf_counter() - self.started
        if not error:
            self.report(f"PDF:en klar på {seconds:.1f} s.".replace(".", ",", 1))
        elif error == self.state.error:
            self.report("PDF:en byggdes inte, av samma fel som ovan.")
        else:
            self.report("PDF:en byggdes inte:\n" + error)
        with self.lock:
            self.running = False
            if (self.pending or self.pending_all) and not self.closing:
                self._submit()

    def close(self) -> None:
        # A PDF half laid out is of no use once the preview stops: end the worker now
        # rather than wait seconds for it (the executor has no public way to do so). A job
        # that ends because of it is not reported (closing), nor is a waiting one started.
        with self.lock:
            self.closing = True
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.kill()  # not terminate(): the worker ignores SIGTERM (_ignore_interrupt)
        self.pool.shutdown(wait=False, cancel_futures=True)


def handler_for(output: Path, state: BuildState) -> type[SimpleHTTPRequestHandler]:
    class PreviewHandler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(output), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            pass  # the terminal is for build messages

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            if path == EVENTS_PATH:
                return self._events()
            if path.endswith("/"):
                path += "index.html"
            file = Path(self.translate_path(path))
            if "\0" in str(file):  # /%00: no file has such a name (and open() would raise)
                return self.send_error(404, "Sidan finns inte")
            if file.suffix == ".html":
                # A page not built yet (a project that has never built): a Swedish page that
                # shows the error and turns into the real page on the first good build.
                return self._page(file if file.is_file() else None)
            return super().do_GET()

        def _page(self, file: Path | None) -> None:
            client = _CLIENT.format(
                display="display:block" if state.error else "display:none",
                error=html.escape(state.error), path=EVENTS_PATH, generation=state.generation)
            text = file.read_text(encoding="utf-8") if file is not None else _WAITING
            body = text.replace("</body>", client + "</body>", 1)
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _events(self) -> None:
            """Server-sent events: 'html' after a rebuild, 'fel' with a build error."""
            values = parse_qs(self.path.partition("?")[2]).get("generation", [""])
            # A malformed number (only a hand-typed address has one) counts as "not seen yet";
            # only ASCII digits are a number here ('²'.isdigit() is true, int('²') fails).
            seen = int(values[0]) if re.fullmatch(r"[0-9]{1,18}", values[0]) else -1
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            error = ""
            try:
                while True:
                    generation, new_error = state.wait(seen, error, timeout=15)
                    if generation != seen:
                        self._send("html", str(generation))
                        return
                    if new_error != error:
                        self._send("fel", new_error)
                        error = new_error
                    else:
                        self.wfile.write(b": vila\n\n")  # keep the connection open
                        self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def _send(self, event: str, data: str) -> None:
            lines = "".join(f"data: {line}\n" for line in data.split("\n"))
            self.wfile.write(f"event: {event}\n{lines}\n".encode())
            self.wfile.flush()

    return PreviewHandler


def serve(root: Path, port: int, on_ready: Callable[[str], None] = print,
          say: Callable[[str], None] = print) -> None:
    """Build, serve and watch until Ctrl+C."""
    import watchfiles  # imported here: only the preview needs it

    class _EditorFilter(watchfiles.DefaultFilter):
        """watchfiles' own filter, and the editors' temporary files it does not know (Vim's
        4913, Word's ~$x): a save that only makes or deletes one of them is no change."""

        def __call__(self, change: watchfiles.Change, path: str) -> bool:
            return super().__call__(change, path) and not is_editor_temporary(Path(path).name)

    # watchfiles says in English (a warning) that Ctrl+C stopped it; the preview says so.
    logging.getLogger("watchfiles.main").setLevel(logging.ERROR)

    state = BuildState()
    output = root / "output"
    stale = stale_pdfs(root)  # before the web pass rewrites the pages it compares
    first = _web_pass(root, None, state, say)
    if first is not None:
        say(first)
    pdfs = PdfWorker(root, say, state)
    if stale == []:
        say("PDF:erna är aktuella sedan förra bygget.")
    else:
        pdfs.request(stale)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(output, state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())  # stop as on Ctrl+C
    try:
        # yield_on_timeout: the first (empty) yield tells that the watcher is in place, so
        # "ready" is said only when a save can no longer be missed.
        # The project's own templates/ is watched when it has one (the tool's are installed).
        watched = [root / "content"] + [root / "templates"] * (root / "templates").is_dir()
        for changes in watchfiles.watch(*watched, debounce=200, watch_filter=_EditorFilter(),
                                        step=20, stop_event=stop, raise_interrupt=False,
                                        yield_on_timeout=True, rust_timeout=200):
            if url:
                on_ready(url)
                url = ""
            if not changes:
                continue
            keys = touched_documents(root, {Path(p) for _, p in changes})
            message = _web_pass(root, keys, state, say)
            if message is None:
                pdfs.request(keys)
            else:
                say(message)
    finally:
        server.shutdown()
        pdfs.close()


def stale_pdfs(root: Path) -> list[str] | None:
    """The documents whose PDF the last complete build did not leave current (their inputs
    changed since, or their files in output/ did): the preview's first PDF pass lays out
    only these, so a preview started on a built project has its PDFs at once. None: all
    (the project cannot be planned now; the first pass then says why)."""
    try:
        return plan_build(root, None, None).stale
    except (BuildError, OSError):
        return None


def _web_pass(root: Path, keys: list[str] | None, state: BuildState,
              say: Callable[[str], None]) -> str | None:
    """Rebuild the web pages; None when it went well, else the error (also shown in the page)."""
    started = time.perf_counter()
    try:
        result = build(root, keys, parts="html", processes=1)
    except BuildError as error:
        text = error.render(root)
        state.failed(text)
        return text
    except OSError as error:  # the disk, not the content (a page open elsewhere on Windows)
        text = BuildError(os_problem(error, root)).render(root)
        state.failed(text)
        return text
    state.succeeded()
    for warning in result.warnings:
        say("Varning: " + warning.render(root))
    names = ", ".join(d.document.key for d in result.documents)
    seconds = f"{time.perf_counter() - started:.2f} s".replace(".", ",")
    say(f"Webbsidan klar på {seconds}" + (f" ({names})." if names else
                                           " (inga ändrade dokument att bygga)."))
    return None
