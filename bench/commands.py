"""The whole command against what it cannot do without, paired round by round (issue 30).

    python bench/commands.py [--rundor 8] [--utan-arkiv]

Every figure is a whole process, as the förbundschef runs it, started fresh each time, and
each pair is measured back to back, so a slow spell of the shared machine touches both; the
ratio of each pair is reported as its median, with the lowest and highest, beside the seconds
(wall clock, and the process's CPU time from the operating system).

- No-op: `finsam` on a built project with nothing changed, against an empty Python start
  (`python -c pass`). Target ≤ 2 ×.
- One changed section of the årsredovisning: `finsam` after a sentence is changed (only that
  document is rebuilt), against WeasyPrint alone writing the same print HTML as tagged
  PDF/A-3u from the command line's Python (`HTML(...).write_pdf(pdf_variant=..., pdf_tags=True)`
  in a fresh process, import included). Target ≤ 1.0 ×.
- Import time: what a no-op, `kontrollera` and a build import, from Python's own
  `-X importtime` (the sum of the modules' own times).
- One figure in a ten-year archive: the example and nine years made with `finsam ny`
  (20 documents), built; then the staff count of 2026 is changed and the documents rebuilt
  are listed, with the seconds.
"""
from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "vastra-malardalen"
AR = "2022/arsredovisning"
SECTION = "content/2022/arsredovisning/personal.md"
FINSAM = [sys.executable, "-m", "finsam"]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's tool
WEASYPRINT_ALONE = """import sys
from weasyprint import HTML
HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(
    sys.argv[3], pdf_variant="pdf/a-3u", pdf_tags=True)
"""


def run(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds of one whole process (its children included), and its stdout."""
    before = os.times()
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=ENV)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} misslyckades:\n{result.stderr}")
    return wall, cpu, result.stdout


def spread(values: list[float], digits: int = 2) -> str:
    return (f"median {statistics.median(values):.{digits}f} "
            f"({min(values):.{digits}f}–{max(values):.{digits}f})")


def paired(name: str, a: list[tuple[float, float]], b: list[tuple[float, float]],
           target: str) -> None:
    ratio_wall = [x[0] / y[0] for x, y in zip(a, b, strict=True)]
    ratio_cpu = [x[1] / y[1] for x, y in zip(a, b, strict=True) if y[1] > 0]
    print(f"{name}: {len(a)} par")
    print(f"  kommandot:   vägg {spread([x[0] for x in a], 3)} s, cpu {spread([x[1] for x in a], 3)} s")
    print(f"  jämförelsen: vägg {spread([y[0] for y in b], 3)} s, cpu {spread([y[1] for y in b], 3)} s")
    print(f"  kvot vägg {spread(ratio_wall)}, kvot cpu {spread(ratio_cpu)}  (mål {target})")


def project(folder: Path) -> Path:
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("output", ".finsam-cache"))
    run([*FINSAM, "--projekt", str(folder)])
    return folder


def noop(folder: Path, rounds: int) -> None:
    built = project(folder / "noop")
    ours, empty = [], []
    for _ in range(rounds):
        wall, cpu, out = run([*FINSAM, "--projekt", str(built)])
        assert "Inget har ändrats" in out, out
        ours.append((wall, cpu))
        empty.append(run([sys.executable, "-c", "pass"])[:2])
    paired("Bygge utan ändringar mot en tom Python-start", ours, empty, "≤ 2 ×")


def print_html(root: Path) -> str:
    """The årsredovisning's print HTML as the build makes it (in a fresh process)."""
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]);"
            "from finsam.build import compute_and_render, load_and_validate;"
            "p, d, s = load_and_validate(Path(sys.argv[1]), [sys.argv[3]]);"
            "sys.stdout.write(compute_and_render(p, d, s)[0].print_html)")
    return run([sys.executable, "-c", code, str(root), str(REPO), AR])[2]


def one_section(folder: Path, rounds: int) -> None:
    built = project(folder / "avsnitt")
    section = built / SECTION
    original = section.read_text(encoding="utf-8")
    templates = REPO / "finsam" / "templates"
    ours, alone = [], []
    for index in range(rounds):
        section.write_text(original + f"\nÄndrad mening nummer {index}.\n", encoding="utf-8")
        wall, cpu, out = run([*FINSAM, "--projekt", str(built)])
        assert "Oförändrat sedan förra bygget: 2022/verksamhetsplan" in out, out
        ours.append((wall, cpu))
        html = folder / "utskrift.html"
        html.write_text(print_html(built), encoding="utf-8")
        alone.append(run([sys.executable, "-c", WEASYPRINT_ALONE, str(html),
                          str(templates) + "/", str(folder / "ensam.pdf")])[:2])
    section.write_text(original, encoding="utf-8")
    paired("Ett ändrat avsnitt i årsredovisningen mot WeasyPrint ensam på samma utskrifts-HTML",
           ours, alone, "≤ 1,0 ×")


def import_times() -> None:
    """The modules' own import times (-X importtime), summed, for three kinds of command."""
    cases = {
        "bygge utan ändringar": "import finsam.commands.cli, finsam.site.incremental, "
                                "finsam.site.version",
        "kontrollera": "import finsam.commands.cli; from finsam.build import compute_and_render",
        "bygge med PDF": "import finsam.build, finsam.pdf.write, finsam.pdf.pdfpost",
    }
    print("Importtid (summan av modulernas egna tider, -X importtime):")
    for name, code in cases.items():
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                                capture_output=True, text=True, env=ENV)
        times = [int(m.group(1)) for m in re.finditer(r"import time:\s+(\d+) \|", result.stderr)]
        heavy = [w for w in ("weasyprint", "pikepdf", "pydantic", "babel", "jinja2")
                 if re.search(rf"\| +{w}$", result.stderr, re.M)]
        print(f"  {name}: {sum(times) / 1e6:.3f} s, {len(times)} moduler; "
              f"tunga paket: {', '.join(heavy) or 'inga'}")


def ten_year_archive(folder: Path) -> None:
    archive = project(folder / "arkiv")
    for year in range(2023, 2032):
        run([*FINSAM, "ny", str(year), "--projekt", str(archive)])
    wall, _, _ = run([*FINSAM, "--projekt", str(archive)])
    documents = len(list((archive / "content").glob("*/*/dokument.yaml")))
    outcome = archive / "content/2026/utfall.yaml"
    text = outcome.read_text(encoding="utf-8")
    outcome.write_text(re.sub(r"^anstallda: \d+", "anstallda: 3", text, flags=re.M),
                       encoding="utf-8")
    wall, cpu, out = run([*FINSAM, "--projekt", str(archive)])
    rebuilt = re.findall(r"^Byggde .*?: output/(\d{4}/\w+)/", out, re.M)
    print(f"Tioårsarkiv, {documents} dokument; antalet anställda 2026 ändrat: "
          f"{len(rebuilt)} dokument byggda om på {wall:.1f} s (cpu {cpu:.1f} s): "
          f"{', '.join(sorted(rebuilt))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rundor", type=int, default=8)
    parser.add_argument("--utan-arkiv", action="store_true")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} kärnor, belastning "
          f"{os.getloadavg()[0]:.1f}")
    # The tool compiled as an installed package is (pip writes its bytecode; WeasyPrint's is
    # written too): otherwise a Python with PYTHONDONTWRITEBYTECODE compiles it at every start.
    compileall.compile_dir(REPO / "finsam", quiet=1)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        noop(folder, args.rundor)
        one_section(folder, args.rundor)
        import_times()
        if not args.utan_arkiv:
            ten_year_archive(folder)


if __name__ == "__main__":
    main()
