"""Build a project in this process while auditing every file opened and socket used.

Run as `python audited_build.py PROJECT [DOCUMENT …]`; prints one JSON object: the files opened outside
the project and the Python installation, and every network call, in the build only.
"""
from __future__ import annotations

import json
import os
import sys
import sysconfig
import tempfile
from pathlib import Path

project = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import finsam.pdf.layoutcheck  # noqa: E402,F401  (the PDF engine, imported by the build
import finsam.pdf.write  # noqa: E402,F401  where a PDF is laid out: imported before too)
from finsam.build import build  # noqa: E402  (imported before auditing: imports are not the build)

if os.environ.get("FINSAM_FONTTOOLS"):
    # Subset fonts with fontTools, as WeasyPrint does where HarfBuzz's subsetter is missing:
    # fontTools stamps each subset with the clock unless SOURCE_DATE_EPOCH says otherwise.
    import weasyprint.pdf.fonts
    weasyprint.pdf.fonts.harfbuzz_subset = None

ALLOWED = [project, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
           *(Path(p).resolve() for p in sysconfig.get_paths().values()),
           Path(__file__).resolve().parent.parent / "finsam"]
NETWORK = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind",
           "socket.sendto", "urllib.Request", "http.client.connect")
found = {"outside": [], "network": []}
auditing = False


def hook(event: str, args: tuple) -> None:
    if not auditing:
        return
    if event == "open" and isinstance(args[0], (str, bytes, Path)):
        raw = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        path = Path(raw).resolve() if raw.startswith("/") else None
        if path is not None and not any(path == a or a in path.parents for a in ALLOWED):
            # WeasyPrint hands the shipped fonts to fontconfig through its own temporary files.
            own_temporary = path.parent.name.startswith("weasyprint-") and (
                path.parent.parent == Path(tempfile.gettempdir()).resolve())
            if not own_temporary and not str(path).startswith(("/dev/null", "/dev/urandom")):
                found["outside"].append(str(path))
    elif event == "urllib.Request" and str(args[0]).startswith("file:"):
        return  # a file of the project, fetched by WeasyPrint (checked as "open" above)
    elif event in NETWORK:
        found["network"].append(f"{event} {args!r}"[:200])


sys.addaudithook(hook)
auditing = True
if control := os.environ.get("FINSAM_GRANSKA_KONTROLL"):
    Path(control).read_bytes()  # the test's control: this read must be reported
    Path(project, "content/forbund.yaml").read_bytes()  # and this one, inside, must not
else:
    build(project, sys.argv[2:] or None, processes=1)
auditing = False
print(json.dumps(found), flush=True)
os._exit(0)  # the hook would otherwise be called while the interpreter is torn down
