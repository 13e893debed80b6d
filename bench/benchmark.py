"""The build's speed and memory, measured on the example and on a ten-year archive.

    python bench/benchmark.py            # everything (about three minutes on two cores)
    python bench/benchmark.py --snabb    # without the ten-year archive

Each measurement runs in a fresh Python process, as a user's command would. Printed:
per document and stage (load, validate, compute, render HTML, PDF layout, PDF write)
for a cold full build; a no-op rebuild; a one-section edit (web page only, as in the
preview, and with the PDF, as `python build.py` does it); peak memory of the
årsredovisning build; WeasyPrint alone on the same print HTML, so our own share of the
time is a measured ratio; and a generated ten-year archive (both document types each
year, made with `python build.py ny`) built with one and with two processes.
Targets (issue 7): no-op ≤ 0,3 s; our share ≤ 15 %; two processes ≥ 1,6× faster;
peak memory ≤ 400 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AR = "2022/arsredovisning"
SECTION = "content/2022/arsredovisning/personal.md"


# --- Child mode: one measurement inside a fresh process ----------------------------------

def child(args: list[str]) -> None:
    """Runs in the fresh process: imports excluded from the timed part, JSON on stdout."""
    sys.path.insert(0, str(REPO))
    kind, root = args[0], Path(args[1])
    if kind == "weasyprint":
        import datetime

        import weasyprint  # noqa: F401  (imported before the clock starts, as for our build)

        from finsam.load.templates import template_folders
        from finsam.pdf.write import render_pdf
        html = Path(args[2]).read_text(encoding="utf-8")
        started = time.perf_counter()
        render_pdf(html, template_folders(root), datetime.date(2023, 2, 16), "pdf/a-3u", "",
                   root / "content")
        result = {"seconds": time.perf_counter() - started}
    else:
        from finsam.build import build
        from finsam.common.timing import TIMINGS
        wanted = None if args[2] == "alla" else args[2].split(",")
        started = time.perf_counter()
        built = build(root, wanted, parts=args[3], processes=int(args[4]))
        result = {"seconds": time.perf_counter() - started, "stages": TIMINGS.take()}
        if len(built.documents) == 1:
            (root / "print.html").write_text(built.documents[0].print_html, encoding="utf-8")
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["peak_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def measure(*args: str) -> dict:
    output = subprocess.run([sys.executable, __file__, "--barn", *map(str, args)],
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def command(project: Path, *args: str) -> float:
    """Wall time of the real command, interpreter start included."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "finsam", "--projekt", str(project), *args],
                   capture_output=True, check=True)
    return time.perf_counter() - started


# --- The measurements --------------------------------------------------------------------

def new_project(folder: Path) -> Path:
    shutil.copytree(REPO / "examples/vastra-malardalen/content", folder / "content")
    return folder


def stage_table(stages: list) -> None:
    documents = sorted({d for d, _, _ in stages if d})
    names = ["load", "validate", "compute", "render HTML", "PDF layout", "PDF write",
             "write files"]
    print(f"  {'steg':<12}" + "".join(f"{d:>22}" for d in documents) + f"{'hela bygget':>14}")
    for name in names:
        cells = []
        for d in documents:
            cells.append(sum(s for doc, n, s in stages if doc == d and n == name))
        shared = sum(s for doc, n, s in stages if not doc and n == name)
        print(f"  {name:<12}" + "".join(f"{c:>21.3f}s" for c in cells) + f"{shared:>13.3f}s")


def example(folder: Path) -> None:
    project = new_project(folder / "exempel")
    print("== Exemplet (årsredovisning och verksamhetsplan 2022) ==")
    cold = measure("bygg", project, "alla", "alla", os.cpu_count() or 1)
    print(f"Kallt fullt bygge, {os.cpu_count()} processer: {cold['seconds']:.2f} s "
          "(import av motorn ej inräknad); per dokument och steg (i sina processer):")
    stage_table(cold["stages"])
    cold_cli = command(project, "--alltid")
    print(f"Kallt fullt bygge med kommandot (tolk och import inräknade): {cold_cli:.2f} s")
    noop = min(command(project) for _ in range(5))
    print(f"Bygge utan ändringar (python build.py): {noop:.3f} s  (mål ≤ 0,3 s)")

    section = project / SECTION
    section.write_text(section.read_text(encoding="utf-8") + "\nEn ändrad mening.\n",
                       encoding="utf-8")
    html_only = measure("bygg", project, AR, "html", 1)
    print(f"Ett avsnitt ändrat, bara webbsidan (som förhandsvisningen): {html_only['seconds']:.3f} s"
          " kallt; varmt i förhandsvisningen se bench/preview_latency.py")
    with_pdf = command(project)
    print(f"Ett avsnitt ändrat, med PDF (python build.py, bara det dokumentet): {with_pdf:.2f} s")

    # Alternating, best of three each: the shared machine's noise is not the build's.
    runs = [(measure("bygg", project, AR, "alla", 1),
             measure("weasyprint", project, project / "print.html")) for _ in range(3)]
    alone = min((r[0] for r in runs), key=lambda r: r["seconds"])
    weasy = min((r[1] for r in runs), key=lambda r: r["seconds"])
    ours_stages = sum(sec for _, name, sec in alone["stages"]
                      if name not in ("PDF layout", "PDF write"))
    print(f"Årsredovisningen ensam, en process: {alone['seconds']:.2f} s, varav våra egna steg "
          f"(inläsning, kontroll, uträkning, HTML, skrivning) {ours_stages:.2f} s = "
          f"{100 * ours_stages / alone['seconds']:.1f} % (mål ≤ 15 %)")
    print(f"  WeasyPrint ensam på samma utskrifts-HTML: {weasy['seconds']:.2f} s; bygget minus "
          f"WeasyPrint ensam: {alone['seconds'] - weasy['seconds']:+.2f} s = "
          f"{100 * (alone['seconds'] - weasy['seconds']) / alone['seconds']:+.1f} %")
    print(f"Högsta minnesanvändning, årsredovisningens bygge: {alone['peak_mb']:.0f} MB "
          "(mål ≤ 400 MB)")


def archive(folder: Path) -> None:
    project = new_project(folder / "arkiv")
    for year in range(2023, 2032):
        subprocess.run([sys.executable, "-m", "finsam", "ny", str(year), "--projekt",
                        str(project)], capture_output=True, check=True)
    documents = len(list((project / "content").glob("*/*/dokument.yaml")))
    print(f"\n== Tioårsarkiv: {documents} dokument (2022–2031, båda typerna; genererat med 'ny') ==")
    times: dict[int, float] = {}
    for _ in range(2):  # alternating, best of two: noise on a shared machine is not ours
        for processes in (1, 2):
            seconds = measure("bygg", project, "alla", "alla", processes)["seconds"]
            times[processes] = min(times.get(processes, seconds), seconds)
    for processes in (1, 2):
        print(f"{processes} process{'er' if processes > 1 else ''}: {times[processes]:.1f} s "
              f"({times[processes] / documents:.2f} s per dokument)")
    print(f"Två processer är {times[1] / times[2]:.2f} gånger snabbare (mål ≥ 1,6)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--barn":
        return child(sys.argv[2:])
    parser = argparse.ArgumentParser(description="Mäter byggets tid och minne.")
    parser.add_argument("--snabb", action="store_true", help="hoppa över tioårsarkivet")
    args = parser.parse_args()
    print(f"Maskin: {platform.machine()}, {os.cpu_count()} kärnor, {platform.system()}, "
          f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as folder:
        example(Path(folder))
        if not args.snabb:
            archive(Path(folder))


if __name__ == "__main__":
    main()
