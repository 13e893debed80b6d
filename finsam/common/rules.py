"""Consistency rules: each a small named function in a registry, run as a step of the build.

Two registries use this: the rules between files (model/consistency.py, run once every file
is typed) and the rules between computed figures (accounts/consistency.py, run once a
document's figures are computed). A rule takes what it checks and returns its problems; the
registry runs its rules in the order they were registered, which is the order their problems
are reported in. A document that reproduces a published report as it was (godta_avvikelser)
accepts the rules marked as deviations: their problems become warnings, not errors.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from .errors import Problem

S = TypeVar("S")
Check = Callable[[S], list[Problem]]


def _as_written(problem: Problem) -> str:
    return problem.message


@dataclass(frozen=True)
class Rule(Generic[S]):
    check: Callable[[S], list[Problem]]
    # A mistake a published report may have made, and a document may accept (godta_avvikelser).
    deviation: bool = False
    # Run only when the files and every other rule hold (a figure off by a factor 1 000 is
    # worth saying only about files that agree).
    final: bool = False
    # What an accepted deviation's warning says after "Godtagen avvikelse: ".
    accepted_as: Callable[[Problem], str] = _as_written

    @property
    def name(self) -> str:
        return self.check.__name__


@dataclass(frozen=True)
class Findings:
    """What the rules found, in the order of the rules: each problem with its rule."""

    found: list[tuple[Rule[Any], Problem]] = field(default_factory=list)

    def errors(self, accepting: bool = False) -> list[Problem]:
        """The problems that stop the build: all of them, or, in a document that accepts
        deviations, the others."""
        return [p for rule, p in self.found if not (accepting and rule.deviation)]

    def accepted(self) -> list[Problem]:
        """The deviations, as the warnings of a document that accepts them."""
        return [Problem(f"Godtagen avvikelse: {rule.accepted_as(p)}", p.file, p.line)
                for rule, p in self.found if rule.deviation]

    def for_readers(self) -> list[str]:
        """The deviations as a published report's readers are told them ([[avvikelser]])."""
        return [p.for_readers for rule, p in self.found if rule.deviation]


class Rules(Generic[S]):
    """A registry of rules over one kind of subject, run in the order they were registered."""

    def __init__(self) -> None:
        self.rules: list[Rule[S]] = []

    @overload
    def rule(self, check: Check[S]) -> Check[S]: ...

    @overload
    def rule(self, *, deviation: bool = False, final: bool = False,
             accepted_as: Callable[[Problem], str] = _as_written
             ) -> Callable[[Check[S]], Check[S]]: ...

    def rule(self, check: Check[S] | None = None, *, deviation: bool = False,
             final: bool = False, accepted_as: Callable[[Problem], str] = _as_written
             ) -> Check[S] | Callable[[Check[S]], Check[S]]:
        """Register a rule: `@RULES.rule`, or `@RULES.rule(deviation=True)`."""
        def register(function: Check[S]) -> Check[S]:
            self.rules.append(Rule(function, deviation, final, accepted_as))
            return function
        return register(check) if check is not None else register

    def run(self, subject: S, clean: bool = True) -> Findings:
        """Every rule on the subject; the final rules only when everything else holds and
        the caller says what came before was clean."""
        found = [(rule, p) for rule in self.rules if not rule.final for p in rule.check(subject)]
        if clean and not found:
            found += [(rule, p) for rule in self.rules if rule.final for p in rule.check(subject)]
        return Findings(list(found))
