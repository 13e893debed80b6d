"""Seconds per PDF page for each document of the example, side by side in one run:

- the current stylesheet (templates/style/print.css);
- the print stylesheet of a reference version in git (--referens, by default the commit of
  2026-11-25 that docs/prestanda.md measured), so a change to the print styles is measured
  side by side against it;
- WeasyPrint on a minimal stylesheet (A4, margins, the font) of the same HTML: the floor no
  stylesheet can go below.

    python bench/pdf_per_page.py [--rundor 3] [--referens COMMIT]

Each variant lays out and writes the same print HTML (PDF/A-3u, tagged) in this process,
alternately, best of the rounds, in CPU seconds of this process, so that the shared
machine's noise affects all alike.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REFERENCE = "05154d0"  # main on 2026-11-25, measured in docs/prestanda.md
sys.path.insert(0, str(REPO))

MINIMAL = """@font-face { font-family: "Carlito"; src: url(../fonts/Carlito-Regular.ttf); }
@font-face { font-family: "Carlito"; font-weight: bold; src: url(../fonts/Carlito-Bold.ttf); }
@page { size: A4; margin: 20mm; }
html { font-family: "Carlito", sans-serif; font-size: 11pt; }
"""


def _templates(folder: Path, css: str | None) -> Path:
    target = folder / "templates"
    shutil.copytree(REPO / "templates", target)
    if css is not None:
        (target / "style" / "print.css").write_text(css, encoding="utf-8")
    return target


def _render(html: str, templates: Path) -> tuple[float, int]:
    from weasyprint import HTML
    from finsam.write import _font_config
    started = time.process_time()  # this process's CPU time: less of the machine's noise
    document = HTML(string=html, base_url=str(templates)).render(font_config=_font_config())
    document.write_pdf(pdf_variant="pdf/a-3u", pdf_tags=True)
    return time.process_time() - started, len(document.pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rundor", type=int, default=3)
    parser.add_argument("--referens", default=REFERENCE)
    args = parser.parse_args()
    reference = subprocess.run(["git", "-C", str(REPO), "show",
                                f"{args.referens}:templates/style/print.css"],
                               capture_output=True, text=True, check=True).stdout
    from finsam.build import compute_and_render, load_and_validate
    project, documents, site = load_and_validate(REPO)
    pages = compute_and_render(project, documents, site)
    with tempfile.TemporaryDirectory() as temporary:
        variants = {
            "nu": _templates(Path(temporary) / "nu", None),
            "referens": _templates(Path(temporary) / "fore", reference),
            "minimal": _templates(Path(temporary) / "min", MINIMAL),
        }
        for page in pages:
            _render(page.print_html, variants["nu"])  # warm the caches once
            best: dict[str, tuple[float, int]] = {}
            for _ in range(args.rundor):
                for name, templates in variants.items():
                    seconds, count = _render(page.print_html, templates)
                    if name not in best or seconds < best[name][0]:
                        best[name] = (seconds, count)
            now, before, floor = (best[k] for k in ("nu", "referens", "minimal"))
            print(f"{page.document.key}: "
                  f"nu {now[0] / now[1]:.3f} s/sida ({now[1]} sidor, {now[0]:.2f} s), "
                  f"referensen {before[0] / before[1]:.3f} s/sida ({before[1]} sidor), "
                  f"minimal {floor[0] / floor[1]:.3f} s/sida ({floor[1]} sidor); "
                  f"nu/referensen = {(now[0] / now[1]) / (before[0] / before[1]):.2f}")


if __name__ == "__main__":
    main()
