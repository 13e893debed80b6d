"""What the PDF workers' fork server imports as it starts (pdf/batch.py), once for all the
workers forked from it: the engine (its native libraries found as libraries.py says), and a
quiet end for a worker whose build has stopped.

A worker being forked when Ctrl+C stops the build finds the command's queues already gone
and fails as it starts. The command has said "Avbrutet." by then, so the worker says nothing;
with FINSAM_FELSOK=1 (commands/cli.py) it shows Python's account, as the command does. A
worker, or the server itself, failing while the build goes on is noticed by the command,
which says so.
"""
from __future__ import annotations

import os
import sys
from types import TracebackType

from ..common.errors import DEBUG_VARIABLE
from .libraries import libraries_from_cache


def _quiet(kind: type[BaseException], value: BaseException,
           traceback: TracebackType | None) -> None:
    if os.environ.get(DEBUG_VARIABLE):
        sys.__excepthook__(kind, value, traceback)


# Set before the engine is imported: an engine that cannot be imported (a broken
# installation) stops the server too, and the command says that the tool failed.
sys.excepthook = _quiet

with libraries_from_cache():
    from . import layoutcheck, write  # noqa: F401 - imported here once for every worker
