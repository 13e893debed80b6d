"""WeasyPrint's native libraries found without running a compiler, while the engine is imported
(pdf/engine_process.py, the preview's worker).

WeasyPrint opens its native libraries (Pango, HarfBuzz, fontconfig) by trying each one's
names on Windows, macOS and Linux in turn, and cffi asks ctypes.util.find_library for a name
it cannot open, which on Linux reads the system's library cache (`ldconfig -p`) and, for a
name not there, runs gcc and ld: about fifteen compiler runs per import for the Windows and
macOS names, 0.15 s of the wait for every PDF (docs/prestanda.md). While the engine is
imported, a name is looked up in the library cache alone, read once; a name not in it
is not found, as gcc would not find it either for WeasyPrint's names (each list holds the
Linux file name, which the system's loader opens directly). Where there is no such cache
(not glibc), find_library is asked as before.
"""
from __future__ import annotations

import contextlib
import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator

# The C library's ABI as ldconfig names it, as ctypes.util reads it (_findSoname_ldconfig).
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def library_cache_lookup() -> Callable[[str], str | None] | None:
    """find_library answered from `ldconfig -p`, read once; None without such a cache."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, check=True,
                                 env={"LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    machine = f"{os.uname().machine}-{struct.calcsize('l') * 8}"
    abi = _ABI.get(machine, "libc6")

    def find(name: str) -> str | None:
        found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"), listing)
        return os.fsdecode(found.group(1)) if found else None
    return find if listing else None


@contextlib.contextmanager
def libraries_from_cache() -> Iterator[None]:
    lookup = library_cache_lookup()
    if lookup is None:
        yield
        return
    original, ctypes.util.find_library = ctypes.util.find_library, lookup
    try:
        yield
    finally:
        ctypes.util.find_library = original
