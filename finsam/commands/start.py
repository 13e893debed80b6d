"""The command `finsam` (and `python -m finsam`): a build with nothing to do is answered here,
before the command line and the engine are imported (site/quick.py); everything else goes to
the command line (cli.py)."""
from __future__ import annotations

import sys
import time

# A plain build of the whole project, as it is asked for day to day: `finsam`, `finsam bygg`,
# with `--projekt MAPP` or not. Anything else (a document, a flag) takes the command line.
_PLAIN = {"bygg"}


def _plain_build_root(args: list[str]) -> str | None:
    """The project folder of a plain build, or None for any other command."""
    import os
    root = os.getcwd()
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word == "--projekt" and rest:
            root = os.path.abspath(rest.pop(0))
        elif word.startswith("--projekt="):
            root = os.path.abspath(word.split("=", 1)[1])
        elif word not in _PLAIN:
            return None
    return root


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    started = time.perf_counter()
    root = _plain_build_root(args)
    if root is not None:
        from ..site import quick
        if quick.unchanged(root, quick.plain_extra()):
            seconds = f"{time.perf_counter() - started:.2f}".replace(".", ",")
            print(f"Inget har ändrats sedan förra bygget; output/ är aktuell ({seconds} s).")
            return 0
    from .cli import main as command_line
    return command_line(args)
