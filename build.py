#!/usr/bin/env python3
"""Bygg årsredovisning och verksamhetsplan: python build.py --help"""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# scripts/install.sh puts the packages in .venv/ (a system Python refuses them, PEP 668):
# whichever Python runs this file, the build runs in that environment.
VENV = HERE / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
# On Windows, WeasyPrint finds Pango where MSYS2 installs it (docs/windows.md).
MSYS2_PANGO = Path(r"C:\msys64\mingw64\bin")
if os.name == "nt" and "WEASYPRINT_DLL_DIRECTORIES" not in os.environ and MSYS2_PANGO.is_dir():
    os.environ["WEASYPRINT_DLL_DIRECTORIES"] = str(MSYS2_PANGO)
if PYTHON.exists() and Path(sys.prefix).resolve() != VENV.resolve():
    command = [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]]
    if os.name == "nt":  # Windows has no exec: the console would not wait for a replaced process
        import subprocess
        sys.exit(subprocess.call(command))
    os.execv(str(PYTHON), command)

sys.path.insert(0, str(HERE))

from finsam.commands.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
