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
if PYTHON.exists() and Path(sys.prefix).resolve() != VENV.resolve():
    os.execv(str(PYTHON), [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])

sys.path.insert(0, str(HERE))

from finsam.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
