"""Run the tests in the project's own environment, .venv/, whichever Python started pytest.

scripts/install.sh installs the packages into .venv/ (a system Python refuses them, PEP 668),
so `python3 -m pytest` started from any other Python hands over to .venv/bin/python at once,
with the same arguments. This file is read before tests/conftest.py, which needs the packages.
"""
import os
import sys
from pathlib import Path

_VENV = Path(__file__).resolve().parent / ".venv"
_PYTHON = _VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stop_output_capture() -> None:
    """pytest has already redirected fd 1 and 2 to its capture files while it reads this
    file; its plugin manager (a caller up the stack) gives the terminal back."""
    frame = sys._getframe(1)
    while frame is not None:
        manager = frame.f_locals.get("self")
        if hasattr(manager, "getplugin"):
            capture = manager.getplugin("capturemanager")
            if capture is not None:
                capture.stop_global_capturing()
            return
        frame = frame.f_back


if _PYTHON.exists() and Path(sys.prefix).resolve() != _VENV.resolve():
    _stop_output_capture()
    os.execv(str(_PYTHON), [str(_PYTHON), "-m", "pytest", *sys.argv[1:]])
