"""The command line, in Swedish: build everything or one document."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build import build
from .errors import BuildError
from .validate import parse_base_url

DESCRIPTION = """Bygger förbundets årsredovisning (och senare verksamhetsplan) från
Markdown och YAML i content/ till webbsidor och PDF i output/."""

EPILOG = """exempel:
  python build.py                        bygg alla dokument
  python build.py 2022/arsredovisning    bygg ett dokument

Om något är fel i underlaget skrivs felen ut med fil och rad, och det som
redan fanns i output/ lämnas orört."""


class _SwedishFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001
        super().add_usage(usage, actions, groups, prefix="användning: ")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python build.py", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=_SwedishFormatter, add_help=False)
    p._positionals.title = "argument"
    p._optionals.title = "flaggor"
    p.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    p.add_argument("dokument", nargs="*", metavar="ÅR/DOKUMENT",
                   help="dokument att bygga, t.ex. 2022/arsredovisning (standard: alla)")
    p.add_argument("--projekt", type=Path, default=Path.cwd(), metavar="MAPP",
                   help="projektmappen med content/ och templates/ (standard: aktuell mapp)")
    p.add_argument("--bas-url", metavar="ADRESS", default=None,
                   help="adressen där output/ publiceras, t.ex. https://www.exempel.se/rapporter/ "
                        "(standard: bas_url i content/forbund.yaml)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.projekt.resolve()
    base_url = None
    if args.bas_url is not None:
        try:
            base_url = parse_base_url(args.bas_url)
        except ValueError as error:
            print(f"Fel i --bas-url: {error}.", file=sys.stderr)
            return 2
    started = time.perf_counter()
    try:
        result = build(root, args.dokument or None, base_url)
    except BuildError as error:
        print(error.render(root), file=sys.stderr)
        print("Inget i output/ ändrades.", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print("Varning: " + warning.render(root), file=sys.stderr)
    for item in result.documents:
        key = item.document.key
        print(f"Byggde {item.document.manifest.titel}: output/{key}/index.html och "
              f"output/{key}/{item.pdf_name}")
    print("Arkivets startsida: output/index.html")
    print(f"Klart på {time.perf_counter() - started:.1f} s.")
    return 0
