"""Seconds per PDF page for each document of the example, side by side in one run:

- now: this checkout's print HTML, templates and PDF stage (finsam.pdf.write.render_pdf), with
  the contents page's numbers known from the warm-up layout, as a rebuild knows them from the
  last build (finsam/tocpages.py);
- now, cold: the same with the numbers unknown, as in a project's first build;
- the reference: the same three as they were in a version in git (--referens, by default
  main on 2026-11-25, which docs/prestanda.md measured before issue 18's changes), checked
  out in a temporary git worktree, so a change to the HTML, the stylesheet or the PDF stage
  is measured against what it replaced;
- minimal: this checkout's print HTML with a minimal stylesheet (A4, margins, the font):
  the floor no stylesheet can go below.

    python bench/pdf_per_page.py [--rundor 3] [--referens COMMIT] [--instruktioner]

Each measurement is a fresh process that builds the document's print HTML with its own
version of the tool, lays it out once to warm WeasyPrint's caches, then times two more
(PDF/A-3u, tagged, finished as PDF/UA) in CPU seconds of that process, so that the shared
machine's noise touches every variant alike; the variants alternate. Reported: the best of
the rounds for each, and the median of each round's now/reference ratio (the two measured
back to back, so a slow spell of the shared machine touches both). With --instruktioner,
also the machine instructions of one warm layout per variant (valgrind's cachegrind): the
same on every run, so a change's effect shows without the machine's noise.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REFERENCE = "05154d0"  # main on 2026-11-25, measured in docs/prestanda.md

MINIMAL = """@font-face { font-family: "Carlito"; src: url(../fonts/Carlito-Regular.ttf); }
@font-face { font-family: "Carlito"; font-weight: bold; src: url(../fonts/Carlito-Bold.ttf); }
@page { size: A4; margin: 20mm; }
html { font-family: "Carlito", sans-serif; font-size: 11pt; }
"""


def measure(checkout: Path, document: str, css: str | None, layouts: int | None = None,
            cold: bool = False) -> dict:
    """In a fresh process: one document's print HTML laid out by `checkout`'s own tool; with
    `layouts`, just that many layouts, untimed (for counting instructions); `cold`: the
    contents' page numbers forgotten before each layout."""
    sys.path.insert(0, str(checkout))  # this version's finsam, not the installed one
    from pypdf import PdfReader

    import finsam
    from finsam.build import compute_and_render, load_and_validate
    assert Path(finsam.__file__).resolve().is_relative_to(checkout.resolve()), finsam.__file__
    installed = (checkout / "finsam" / "templates").is_dir()  # the tool as a package (0.2 on)
    project = checkout / "examples" / "vastra-malardalen" if installed else checkout
    loaded, documents, site = load_and_validate(project)
    page = next(p for p in compute_and_render(loaded, documents, site)
                if p.document.key == document)
    engine = None
    with tempfile.TemporaryDirectory() as temporary:
        if installed:
            from finsam.load.templates import template_folders
            from finsam.pdf import write
            # One engine for every layout, as a build has (an earlier version kept its
            # fonts, caches and contents numbers in the module instead).
            engine = write.PdfEngine() if hasattr(write, "PdfEngine") else None
            render_pdf = engine.render_pdf if engine is not None else write.render_pdf
            own = Path(temporary) / "projekt"
            if css is not None:  # the minimal stylesheet as the project's own print.css
                (own / "templates" / "style").mkdir(parents=True)
                (own / "templates" / "style" / "print.css").write_text(css, encoding="utf-8")
            lay_out = lambda: render_pdf(page.print_html, template_folders(own),  # noqa: E731
                                         page.document.manifest.datum, "pdf/a-3u",
                                         content=project / "content")
        else:  # an earlier version: templates/ in the checkout, finsam.write
            from finsam.write import render_pdf
            templates = checkout / "templates"
            if css is not None:
                templates = Path(temporary) / "templates"
                shutil.copytree(checkout / "templates", templates)
                (templates / "style" / "print.css").write_text(css, encoding="utf-8")
            lay_out = lambda: render_pdf(page.print_html, templates,  # noqa: E731
                                         page.document.manifest.datum, "pdf/a-3u",
                                         roots=(templates, checkout))

        def once() -> tuple[float, bytes]:
            if cold and engine is not None:
                engine.contents.forget()
            elif cold:
                from finsam.pdf import tocpages  # noqa: I001 (an earlier version: finsam.tocpages)
                tocpages.forget()
            started = time.process_time()
            pdf = lay_out()
            return time.process_time() - started, pdf

        if layouts is not None:
            for _ in range(layouts):
                seconds, pdf = once()
        else:
            once()  # warm the caches (fonts, stylesheets) as a long build has them
            seconds, pdf = min(once(), once())
    return {"seconds": seconds, "pages": len(PdfReader(io.BytesIO(pdf)).pages)}


def _command(checkout: Path, document: str, how: str) -> list[str]:
    return [sys.executable, __file__, "--mat", str(checkout), document] \
        + ([f"--{how}"] if how else [])


def _in_process(checkout: Path, document: str, how: str) -> dict:
    result = subprocess.run(_command(checkout, document, how), capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _instructions(checkout: Path, document: str, how: str) -> int:
    """Machine instructions of one warm layout (valgrind's cachegrind counts them the same
    on every run, unlike seconds on a shared machine): two layouts less one."""
    counts = []
    for layouts in (1, 2):
        result = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
            + _command(checkout, document, how) + ["--utlaggningar", str(layouts)],
            capture_output=True, text=True, check=True)
        counts.append(int(re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
                          .group(1).replace(",", "")))
    return counts[1] - counts[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rundor", type=int, default=3)
    parser.add_argument("--referens", default=REFERENCE)
    parser.add_argument("--mat", nargs=2, metavar=("CHECKOUT", "DOKUMENT"), help=argparse.SUPPRESS)
    parser.add_argument("--minimal", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--kall", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--utlaggningar", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--instruktioner", action="store_true",
                        help="räkna också maskininstruktioner med valgrind (brusar inte)")
    args = parser.parse_args()
    if args.mat:
        print(json.dumps(measure(Path(args.mat[0]), args.mat[1],
                                 MINIMAL if args.minimal else None, args.utlaggningar,
                                 cold=args.kall)))
        return
    if args.instruktioner and shutil.which("valgrind") is None:
        raise SystemExit("--instruktioner behöver valgrind (apt-get install valgrind)")
    sys.path.insert(0, str(REPO))
    from finsam.commands.revision import checked_out
    with checked_out(REPO, args.referens) as reference:
        for document in ("2022/arsredovisning", "2022/verksamhetsplan"):
            variants = {"nu": (REPO, ""), "nu kall": (REPO, "kall"),
                        "referensen": (reference, ""), "minimal": (REPO, "minimal")}
            best: dict[str, dict] = {}
            # Each round's now/reference (and cold now/reference), measured back to back.
            ratios: dict[str, list[float]] = {"nu": [], "nu kall": []}
            for _ in range(args.rundor):
                round_: dict[str, dict] = {}
                for name, (checkout, how) in variants.items():
                    round_[name] = result = _in_process(checkout, document, how)
                    if name not in best or result["seconds"] < best[name]["seconds"]:
                        best[name] = result
                for name, kept in ratios.items():
                    kept.append(_per_page(round_[name]) / _per_page(round_["referensen"]))
            print(f"{document}: " + ", ".join(
                f"{name} {_per_page(r):.3f} s/sida ({r['pages']} sidor, {r['seconds']:.2f} s)"
                for name, r in best.items()) + "".join(
                f"; {name}/referensen = {_per_page(best[name]) / _per_page(best['referensen']):.2f}"
                f" (bästa mot bästa), {statistics.median(kept):.2f} (median av rundornas"
                f" kvoter: {', '.join(f'{r:.2f}' for r in kept)})"
                for name, kept in ratios.items()), flush=True)
            if args.instruktioner:
                counts = {name: _instructions(checkout, document, how)
                          for name, (checkout, how) in variants.items()}
                print(f"{document}, instruktioner för en utläggning: " + ", ".join(
                    f"{name} {count / 1e6:,.0f} miljoner".replace(",", " ")
                    for name, count in counts.items()) + "".join(
                    f"; {name}/referensen = {counts[name] / counts['referensen']:.2f}"
                    for name in ratios), flush=True)


def _per_page(result: dict) -> float:
    return result["seconds"] / result["pages"]


if __name__ == "__main__":
    main()
