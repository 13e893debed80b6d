"""Narrative from content/ through Jinja: each section (and each text kept in YAML, such as a
goal's follow-up) is a template so that it can cite figures, run in a sandbox (content is
data, never code) with bounds on the work it may ask for (sandbox.py). Every failure is a
mistake at the .md file and line, in Swedish, never an empty string or a traceback
(suggestions.py says what went wrong and what the author may have meant).
"""
from __future__ import annotations

import datetime
import decimal
import functools
import io
import traceback
import types
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.sandbox import safe_range
from pydantic import BaseModel

from ..common.errors import BuildError, Problem
from ..common.format import FILTERS
from ..load.project import SourceText
from .sandbox import BoundedSandbox, TemplateLimitError, render_bounded
from .suggestions import explain_undefined, jinja_syntax_problem, kind_of


def strict_filter(function: Callable) -> Callable:
    """A filter that refuses an undefined value instead of printing nothing."""
    def wrapped(value: Any, *args: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return function(value, *args)
    return wrapped


# Values that narrative may never reach: a path or file object can read files, a module or a
# class can reach everything. Jinja's sandbox already refuses _private and internal names.
_UNREACHABLE = (PurePath, io.IOBase, types.ModuleType, type, types.FunctionType)


class ContentSandbox(BoundedSandbox):
    """Jinja for whatever comes from content/: figures can be read and formatted, nothing can
    be changed, called into or reached beyond them. A section that tries gets a SecurityError,
    reported as a mistake in its file and line; one that asks for unbounded work (a huge
    power, text or loop) is stopped by the bounds of BoundedSandbox (sandbox.py)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Only what narrative needs: no lipsum (text of any length), cycler or joiner.
        self.globals = {"range": self.globals["range"]}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, _UNREACHABLE) or isinstance(value, _UNREACHABLE):
            return False
        if isinstance(obj, BaseModel) and hasattr(BaseModel, attr):
            return False  # pydantic's machinery (parse_file reads a file!), not the förbund's data
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        if obj is safe_range:
            return True  # the sandbox's own range (a function): bounded in BoundedSandbox.call
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, _UNREACHABLE) or isinstance(obj, _UNREACHABLE):
            return False
        return super().is_safe_callable(obj)


class MissingName(jinja2.UndefinedError):
    """A name narrative asked for that does not exist, with what it was asked of (the
    statement, a dict, or nothing for a top-level name), so the advice can list what does."""

    def __init__(self, message: str, holder: Any = jinja2.utils.missing,
                 name: Any = None) -> None:
        super().__init__(message)
        self.holder, self.name = holder, name


class ContentUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose error remembers the object and the name asked for."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = jinja2.utils.missing,
                 name: str | None = None, exc: type = jinja2.UndefinedError) -> None:
        if exc is jinja2.UndefinedError:  # the sandbox's refusals keep their SecurityError
            exc = functools.partial(MissingName, holder=obj, name=name)
        super().__init__(hint, obj, name, exc)


class NotPrintable(Exception):
    """Narrative printed a value that is neither a figure nor a text (a function, a list, a
    whole statement, None): its str() would publish Python's insides, e.g. a memory address
    that differs in every build."""

    def __init__(self, value: Any) -> None:
        super().__init__(type(value).__name__)
        self.value = value

    def explained(self) -> tuple[str, str]:
        """The message and the advice, in Swedish."""
        return (f"Mallkoden skriver ut {kind_of(self.value)}, inte en siffra eller en text.",
                "skriv ut en siffra eller en text ur den, t.ex. {{ resultatrakning."
                "arets_resultat | tkr }} eller {{ forbund.namn }}; en lista skrivs med | lista.")


# What {{ … }} may print: text, figures and dates (datetime is a date).
_PRINTABLE = (str, int, Decimal, float, datetime.date)


class RawFraction(NotPrintable):
    """Narrative printed a number with decimals without a filter: Python's '0.25' (a share
    of 25 %, or 1234.5 kr) with a decimal point, not as the report shows figures."""

    def explained(self) -> tuple[str, str]:
        return (f"Mallkoden skriver ut talet {self.value} utan filter (med decimalpunkt).",
                "skriv talet med ett filter, t.ex. {{ … | procent }} för en andel, "
                "{{ … | tal(1) }} eller {{ … | kr }}.")


def printable(value: Any) -> Any:
    """The narrative environment's finalize: every printed value is a figure or a text, and
    a number with decimals goes through a filter (| procent, | tal(1), | kr)."""
    if isinstance(value, jinja2.Undefined):
        return value  # printing it raises its own UndefinedError, with the name
    if isinstance(value, bool) or not isinstance(value, _PRINTABLE):
        raise NotPrintable(value)
    if isinstance(value, (Decimal, float)) and value != int(value):
        raise RawFraction(value)
    return value


@functools.lru_cache(maxsize=1)
def narrative_environment() -> jinja2.Environment:
    env = ContentSandbox(undefined=ContentUndefined, autoescape=False,
                         keep_trailing_newline=True, finalize=printable)
    env.filters.update({name: strict_filter(f) for name, f in FILTERS.items()})
    return env


@functools.lru_cache(maxsize=512)
def _compile_narrative(text: str) -> jinja2.Template:
    """Compiled once per distinct text: an unchanged section costs nothing on a rebuild."""
    return narrative_environment().from_string(text)


def _jinja_line(error: Exception, name: str) -> int | None:
    lineno = getattr(error, "lineno", None)
    if lineno:
        return lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == name]
    return frames[-1].lineno if frames else None


# How long a section's text may be, before and after its template is worked out. A whole
# published årsredovisning is 40–60 000 characters of text and its longest section 3 000;
# Markdown takes up to about 30 µs a character on hostile text (a line of '[['), so this
# keeps a section to seconds.
MAX_SECTION_TEXT = 1_000_000


def render_narrative(section: SourceText, context: dict[str, Any]) -> str:
    """Run a section through Jinja; map any failure to the .md file and line."""
    if len(section.text) > MAX_SECTION_TEXT:
        raise BuildError(Problem(
            f"Avsnittet är {len(section.text):,} tecken långt; ett avsnitt får vara högst "
            f"{MAX_SECTION_TEXT:,} (en hel årsredovisning brukar ha under 100 000).".replace(
                ",", "\u00a0"), section.path, None,
            "dela upp texten i flera avsnitt, eller kontrollera att rätt fil sparats under "
            "det här namnet."))
    return expand_template(section.text, context, section.path, 1)


def expand_template(text: str, context: dict[str, Any], path: Path, first_line: int) -> str:
    """Jinja over narrative from content/ (a section, or a text kept in YAML that starts at
    first_line of its file), every failure a mistake at its file and line."""
    name = f"{path}:{first_line}"

    def at(line: int | None) -> int | None:
        return None if line is None else first_line + line - 1

    try:
        template = _compile_narrative(text)
        template.filename = name
        return render_bounded(template, context, MAX_SECTION_TEXT)
    except jinja2.TemplateSyntaxError as error:
        raise BuildError(Problem(
            f"Fel i mallkoden: {jinja_syntax_problem(error.message or '')}.", path,
            at(error.lineno),
            "kontrollera att varje {{ har en avslutande }} och varje {% if %} ett {% endif %}.",
        )) from None
    except jinja2.exceptions.SecurityError as error:
        raise BuildError(Problem(
            f"Mallkoden försöker göra något som texten inte får göra ({error}).", path,
            at(_jinja_line(error, name)),
            "använd bara namnen på siffror och texter ur underlaget med filter som | tkr; "
            "texten kan inte köra kod, läsa filer eller nå nätet.")) from None
    except jinja2.UndefinedError as error:
        message, advice = explain_undefined(error, context)
        raise BuildError(Problem(message, path, at(_jinja_line(error, name)), advice)) from None
    except NotPrintable as error:  # and RawFraction, a number printed without its filter
        message, advice = error.explained()
        raise BuildError(Problem(message, path, at(_jinja_line(error, name)), advice)) from None
    except TemplateLimitError as error:
        raise BuildError(Problem(
            f"Mallkoden begär mer arbete än en rapport behöver: {error.what}.", path,
            at(_jinja_line(error, name)),
            "räkna och skriv bara det texten ska visa; en uträkning som växer utan gräns "
            "(stora potenser, upprepade texter, slingor i slingor, makron som anropar sig "
            "själva) stoppas.")) from None
    except (ZeroDivisionError, decimal.DivisionByZero) as error:
        raise BuildError(Problem(
            "Mallkoden delar med noll: ett belopp i uträkningen är 0.", path,
            at(_jinja_line(error, name)),
            "skriv uträkningen så att den klarar 0, t.ex. {% if belopp %} … {% endif %}.",
        )) from None
    except ArithmeticError as error:  # decimal's Overflow and InvalidOperation, float's
        raise BuildError(Problem(
            "Mallkoden räknar fram ett tal som är för stort (eller inget tal alls).", path,
            at(_jinja_line(error, name)),
            "kontrollera uträkningen; belopp och antal i en rapport har sällan mer än tio "
            "siffror.")) from None
    except MemoryError as error:  # a bound above should come first; this is the last one
        raise BuildError(Problem(
            "Mallkoden kräver mer minne än datorn har.", path, at(_jinja_line(error, name)),
            "räkna och skriv bara det texten ska visa.")) from None
    except RecursionError as error:
        raise BuildError(Problem(
            "Mallkoden är nästlad för djupt (parenteser, listor eller villkor i varandra).",
            path, at(_jinja_line(error, name)),
            "dela upp uttrycket i flera enklare.")) from None
    except jinja2.TemplateError as error:  # at run time: a test or filter that is not there …
        raise BuildError(Problem(
            f"Mallkoden går inte att köra: {error.message}.", path, at(_jinja_line(error, name)),
            "kontrollera namnen på filter och tester (t.ex. | tkr, is defined).")) from None
    except (TypeError, ValueError, AttributeError, IndexError, KeyError,
            AssertionError) as error:  # AssertionError: Jinja's own checks (| truncate(1))
        raise BuildError(Problem(
            f"Mallkoden gick inte att räkna ut: {error}.", path, at(_jinja_line(error, name)),
            "kontrollera att filtret (t.ex. | tkr) används på ett belopp.",
        )) from None
