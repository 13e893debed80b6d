"""Save-to-page latency of the preview (target ≤ 0.5 s), measured as the förbundschef sees it.

Copies the example to a temporary folder, starts `python build.py forhandsvisa` on a free
port, then saves one section N times and times each save until the served page contains
the new sentence. Prints every measurement, the median and the worst.

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
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTION = "content/2022/arsredovisning/personal.md"
PAGE = "2022/arsredovisning/index.html"


def start(project: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "forhandsvisa", "--port", "0",
         "--utan-webblasare", "--projekt", str(project)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    for line in process.stdout:
        if match := re.search(r"finns på (http://127\.0\.0\.1:\d+/)", line):
            return process, match.group(1)
    raise SystemExit("förhandsvisningen startade inte")


def served(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antal", type=int, default=10, help="antal sparningar")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in ("content", "templates"):
            shutil.copytree(REPO / name, project / name)
        process, base = start(project)
        section = project / SECTION
        original = section.read_text(encoding="utf-8")
        latencies = []
        try:
            time.sleep(8)  # let the first PDF pass finish, as it would while one reads
            for n in range(args.antal):
                sentence = f"Mätmening nummer {n}."
                started = time.perf_counter()
                section.write_text(original + f"\n{sentence}\n", encoding="utf-8")
                while sentence not in served(base + PAGE):
                    time.sleep(0.005)
                latencies.append(time.perf_counter() - started)
                print(f"sparning {n + 1}: {latencies[-1]:.3f} s", flush=True)
                time.sleep(1.0)  # a person reads before saving again; the PDF pass runs meanwhile
        finally:
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGTERM)  # the preview and its PDF worker
            else:
                process.terminate()
            process.wait(timeout=30)
    print(f"maskin: {platform.machine()}, {os.cpu_count()} kärnor, Python {platform.python_version()}")
    print(f"från sparning till ny sida: median {statistics.median(latencies):.3f} s, "
          f"sämst {max(latencies):.3f} s (mål ≤ 0,5 s)")


if __name__ == "__main__":
    main()
