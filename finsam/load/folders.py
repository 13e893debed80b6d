"""Walking content/ and templates/ while an editor is saving in them.

Editors keep files of their own beside the one being edited, and make and delete them while
saving: Emacs's lock (.#x, a link to nowhere) and backup (x~), Vim's swap (.x.swp) and the
file it writes to test the folder (4913), Word's and LibreOffice's locks (~$x, .~lock.x#).
Such a file can vanish between being listed and being read, and a locked one cannot be
read at all. No report uses them, so they are passed over; and any other file that vanishes
while it is read is treated as never having been there (the next save starts a new build).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

_EDITOR_TEMPORARY = re.compile(
    r"""^(\.\#.*            # Emacs: lock
        |\#.*\#             # Emacs: auto-save
        |.*~                # Emacs, gedit, …: backup
        |\..*\.sw[a-p]      # Vim: swap
        |4913               # Vim: test that the folder is writable
        |~\$.*              # Word, Excel: lock
        |\.~lock\..*\#      # LibreOffice: lock
        |\.goutputstream-.* # GNOME: file being saved
        )$""", re.X)


def is_editor_temporary(name: str) -> bool:
    """A file an editor makes for itself while a document is open or being saved."""
    return bool(_EDITOR_TEMPORARY.match(name))


def files_below(folder: Path) -> list[Path]:
    """Every file under folder, in a stable order, without editors' temporary files. A
    folder that vanishes or cannot be listed while it is walked is passed over."""
    found = []
    for parent, folders, names in os.walk(folder, onerror=lambda error: None):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [Path(parent, name) for name in names if not is_editor_temporary(name)]
    return sorted(found)


def read_if_present(path: Path) -> bytes | None:
    """The file's bytes, or None when it has vanished since it was listed (or is a link to
    nowhere). Other faults (a file that may not be read) are raised."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
