"""Save-to-page latency of the preview (target ≤ 0.5 s), measured as the förbundschef sees it,
and how long the PDF takes to follow.

Copies the example to a temporary folder, starts `python build.py forhandsvisa` on a free
port, then saves one section N times and times each save until the served page contains
the new sentence, and until the preview says the PDF is rebuilt ("PDF:en klar"). Prints
every measurement, the median and the worst.

    python bench/preview_latency.py [--antal 10]
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/commands.py

REPO = Path(__file__).resolve().parent.parent
SECTION = "content/2022/arsredovisning/personal.md"
PAGE = "2022/arsredovisning/index.html"


def start(project: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "finsam", "forhandsvisa", "--port", "0",
         "--utan-webblasare", "--projekt", str(project)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    for line in process.stdout:
        if match := re.search(r"finns på (http://127\.0\.0\.1:\d+/)", line):
            return process, match.group(1)
    raise SystemExit("förhandsvisningen startade inte")


def said(process: subprocess.Popen) -> list[tuple[float, str]]:
    """What the preview prints from now on, each line with when it came."""
    lines: list[tuple[float, str]] = []

    def read() -> None:
        for line in process.stdout:
            lines.append((time.perf_counter(), line))
    threading.Thread(target=read, daemon=True).start()
    return lines


def pdf_ready(lines: list[tuple[float, str]], since: float, timeout: float = 60) -> float:
    """When the preview next said the PDF was rebuilt after `since`."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for when, line in list(lines):
            if when > since and "PDF:en klar" in line:
                return when
        time.sleep(0.01)
    raise SystemExit("PDF:en byggdes inte om inom en minut")


def served(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antal", type=int, default=10, help="antal sparningar")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(REPO / "examples/vastra-malardalen/content", project / "content")
        process, base = start(project)
        lines = said(process)
        section = project / SECTION
        original = section.read_text(encoding="utf-8")
        latencies, pdf_latencies = [], []
        try:
            pdf_ready(lines, 0.0)  # the first PDF pass, as it would finish while one reads
            for n in range(args.antal):
                sentence = f"Mätmening nummer {n}."
                started = time.perf_counter()
                section.write_text(original + f"\n{sentence}\n", encoding="utf-8")
                while sentence not in served(base + PAGE):
                    time.sleep(0.005)
                latencies.append(time.perf_counter() - started)
                pdf_latencies.append(pdf_ready(lines, started) - started)
                print(f"sparning {n + 1}: sidan {latencies[-1]:.3f} s, "
                      f"PDF:en {pdf_latencies[-1]:.1f} s", flush=True)
                time.sleep(0.5)
        finally:
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGTERM)  # the preview and its PDF worker
            else:
                process.terminate()
            process.wait(timeout=30)
    print(f"maskin: {platform.machine()}, {os.cpu_count()} kärnor, Python {platform.python_version()}")
    print(f"från sparning till ny sida: median {statistics.median(latencies):.3f} s, "
          f"sämst {max(latencies):.3f} s (mål ≤ 0,5 s)")
    print(f"från sparning till ny PDF: median {statistics.median(pdf_latencies):.1f} s, "
          f"sämst {max(pdf_latencies):.1f} s")
    print(f"en vanlig WeasyPrint-sättning av samma årsredovisning (import, tolkning, layout och "
          f"PDF/A i en ny process): {weasyprint_alone():.1f} s")


def weasyprint_alone() -> float:
    """WeasyPrint alone laying out the årsredovisning's print HTML as tagged PDF/A, as a
    whole process: what a PDF costs without the tool around it."""
    from commands import WEASYPRINT_ALONE, print_html
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "projekt"
        shutil.copytree(REPO / "examples/vastra-malardalen", project)
        html = Path(folder) / "utskrift.html"
        html.write_text(print_html(project), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", WEASYPRINT_ALONE, str(html),
                        str(REPO / "finsam/templates") + "/", str(Path(folder) / "x.pdf")],
                       check=True, capture_output=True)
        return time.perf_counter() - started


if __name__ == "__main__":
    main()
