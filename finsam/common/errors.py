"""The exception tree: a user's mistake is a BuildError with Swedish messages, not a crash."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Control characters other than line break and tab: a file can carry them (ESC starts the
# sequences that recolour or rewrite a terminal), and a message quotes the file.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Set to 1 to see Python's own account of a fault in the tool (for its developers), from the
# command (commands/cli.py) and from its PDF workers (pdf/engine_process.py).
DEBUG_VARIABLE = "FINSAM_FELSOK"


def visible(text: str) -> str:
    """The text with each control character written out (ESC as \\x1b), safe to print."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


@dataclass(frozen=True)
class Problem:
    """One mistake in the input: where it is, what is wrong, what to do."""

    message: str
    file: Path | None = None
    line: int | None = None
    advice: str = ""
    column: int | None = None
    # The same mistake as a published report's readers are told it (an accepted deviation
    # under [[avvikelser]]): the figures and the reason, without the author's files and lines.
    public: str = ""

    @property
    def for_readers(self) -> str:
        return self.public or self.message

    def render(self, root: Path | None = None) -> str:
        place = ""
        if self.file is not None:
            shown = self.file
            if root is not None:
                try:
                    shown = self.file.relative_to(root)
                except ValueError:
                    pass
            place = f"{shown.as_posix()}"
            if self.line is not None:
                place += f", rad {self.line}"
                if self.column is not None:
                    place += f", kolumn {self.column}"
            place += ": "
        text = place + self.message
        if self.advice:
            text += f"\n    Gör så här: {self.advice}"
        return visible(text)


class BuildError(Exception):
    """One or more user mistakes; the build stops and the previous output stays."""

    def __init__(self, problems: list[Problem] | Problem, usage: bool = False):
        # Each mistake once: a year two documents show (the comparison column) is checked
        # for each of them, and the same problem reported twice would read as two.
        self.problems = [problems] if isinstance(problems, Problem) else list(
            dict.fromkeys(problems))
        self.usage = usage  # a mistake in the command, not the content: exit code 2
        super().__init__("\n".join(p.render() for p in self.problems))

    def render(self, root: Path | None = None, what: str = "Bygget stoppades") -> str:
        """The problems for the terminal, under a head saying what stopped (a build, or
        another command) and how many there are."""
        head = f"{what}: {len(self.problems)} fel."
        return head + "\n" + "\n".join("- " + p.render(root) for p in self.problems)


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise BuildError(problems)


def attempt(problems: list[Problem], action: Callable[..., T], *args: Any) -> T | None:
    """Run one step; on a user mistake keep its problems and go on, so all are reported at once."""
    try:
        return action(*args)
    except BuildError as error:
        problems.extend(error.problems)
        return None
