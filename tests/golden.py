"""The example's HTML as committed expected output (golden files), and how to remake it.

The print HTML (what WeasyPrint lays out) and the web page of each example document are
rendered in-process from the example project (examples/vastra-malardalen) and the tool's templates, with the two things
that differ between machines masked: the version line and the project's absolute path.
test_golden.py compares them in full; after a deliberate change to the output, remake them
with

    python3 -m pytest tests/test_golden.py --uppdatera-golden

and review the diff (git diff tests/golden/) like any other change.
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "vastra-malardalen"
GOLDEN = Path(__file__).resolve().parent / "golden"


def rendered_example(root: Path = EXAMPLE) -> dict[str, str]:
    """File name under tests/golden/ → masked HTML, for every document of the example."""
    from finsam.build import compute_and_render, load_and_validate

    project, documents, site = load_and_validate(root)
    pages = compute_and_render(project, documents, site)

    def masked(html: str, version: str) -> str:
        html = html.replace(version, "[versionsrad]")
        return html.replace(root.resolve().as_uri(), "file:///[projekt]")

    files = {}
    for page in pages:
        name = page.document.key.replace("/", "-")
        version = site.version_of(page.document).text
        files[f"{name}.print.html"] = masked(page.print_html, version)
        files[f"{name}.web.html"] = masked(page.html, version)
    return files


def write_golden() -> list[str]:
    GOLDEN.mkdir(exist_ok=True)
    files = rendered_example()
    for old in GOLDEN.glob("*.html"):
        if old.name not in files:
            old.unlink()
    for name, html in files.items():
        (GOLDEN / name).write_text(html, encoding="utf-8")
    return sorted(files)
