"""Stage 4, render: sections (Jinja first, then Markdown) and page templates → HTML.

Each section is a Jinja template so narrative can cite figures; an undefined
name is an error with the .md file and line, never an empty string. A line
holding only [[name]] places a named table or block; the markdown-it plugin
turns it into a token whose render rule draws the table from `env`.
"""
from __future__ import annotations

import bisect
import datetime
import decimal
import difflib
import functools
import io
import re
import secrets
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import Any

import jinja2
import nh3
from jinja2.sandbox import safe_range
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markupsafe import Markup, escape
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref
from pydantic import BaseModel

from ..common.errors import BuildError, Problem
from ..common.format import FILTERS, NBSP
from ..load.project import SourceText
from ..load.templates import TemplateFolders
from .images import image_problem
from .sandbox import BoundedSandbox, TemplateLimitError, render_bounded

PLACEMENT = re.compile(r"^\[\[\s*([\w-]+)\s*\]\]\s*$")

# What an author's raw HTML in Markdown may keep on the web (nh3, i.e. Rust's ammonia):
# ammonia's default tags plus <section> for footnotes, no scripts, no event handlers, no
# javascript: or data: links. Generated tables and blocks are placed after cleaning.
_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"section"}
_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ALLOWED_ATTRIBUTES["*"] = {"id", "class", "lang", "title"}
for _cell_tag in ("th", "td"):
    _ALLOWED_ATTRIBUTES[_cell_tag] = _ALLOWED_ATTRIBUTES[_cell_tag] | {"style"}


def sanitize(html: str) -> str:
    """Remove from author HTML whatever could run code or restyle the page."""
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, link_rel=None,
                     filter_style_properties={"text-align"})


@dataclass(frozen=True)
class Heading:
    level: int  # the HTML level: '#' is h2, and no level is skipped (WCAG 1.3.1)
    text: str
    anchor: str
    depth: int  # the author's '#' count: it sets the look and the PDF's contents list


@dataclass
class Outline:
    """The document's headings so far, across sections: anchors taken, last level."""

    anchors: set[str] = field(default_factory=set)
    last_level: int = 1  # the page's h1

    def add(self, depth: int, title: str) -> Heading:
        # '### Organisation' straight under '# Förvaltningsberättelse' is the next level
        # down for a screen reader, but still looks like the author's '###' (class md3).
        level = min(depth + 1, self.last_level + 1, 6)
        self.last_level = level
        return Heading(level, title, _slug(title, self.anchors), depth)


@dataclass(frozen=True)
class RenderedSection:
    source: Path
    html: str
    headings: list[Heading]
    images: dict[str, Path] = field(default_factory=dict)  # src as written → the file
    warnings: list[Problem] = field(default_factory=list)

    @property
    def print_html(self) -> str:
        """The same section for paged media: footnotes at the foot of the page, and images
        by file address (WeasyPrint reads them from content/, not from output/)."""
        html = paged_footnotes(self.html)
        for src, path in self.images.items():
            html = html.replace(f'src="{escape(src)}"', f'src="{path.as_uri()}"')
        return html

    @property
    def fil(self) -> str:
        """The section's file as the förbund knows it, from the project folder (content/…md):
        the print HTML carries it on the section's wrapper (data-fil), so that the layout
        check (finsam/pdf/layoutcheck.py) can name the file a page's finding comes from."""
        parts = self.source.parts
        if "content" not in parts:
            return self.source.name
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("content"):])

    @property
    def starts_chapter(self) -> bool:
        """A section opening with '#' is a chapter: a new page in print."""
        return bool(self.headings) and self.headings[0].depth == 1


def _strict_filter(function: Callable) -> Callable:
    """A filter that refuses an undefined value instead of printing nothing."""
    def wrapped(value: Any, *args: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return function(value, *args)
    return wrapped


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def unbroken_dates(text: str) -> Markup:
    """A column heading whose ISO dates never break at their hyphens on a narrow screen."""
    return Markup(_ISO_DATE.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>',
                                str(escape(text))))


class TemplateLoader(jinja2.BaseLoader):
    """The page templates by relative name, the project's own file before the tool's."""

    def __init__(self, templates: TemplateFolders) -> None:
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = self.templates.path("/".join(jinja2.loaders.split_template_path(template)))
        try:
            source = path.read_text(encoding="utf-8")
            modified = path.stat().st_mtime_ns
        except OSError:
            raise jinja2.TemplateNotFound(template) from None

        def unchanged() -> bool:
            try:
                return path.stat().st_mtime_ns == modified
            except OSError:
                return False
        return source, str(path), unchanged


@functools.lru_cache(maxsize=8)
def template_environment(templates: TemplateFolders) -> jinja2.Environment:
    """One environment per set of template files, kept: Jinja recompiles a template whose
    file changed (auto_reload), so the preview stays right and skips recompiling the rest.
    A project's own templates are its files, so they all run sandboxed like narrative."""
    env = ContentSandbox(
        loader=TemplateLoader(templates),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update({name: _strict_filter(f) for name, f in FILTERS.items()})
    env.filters["unbroken_dates"] = unbroken_dates
    return env


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


# What {{ … }} may print: text, figures and dates (datetime is a date).
_PRINTABLE = (str, int, Decimal, float, datetime.date)


def printable(value: Any) -> Any:
    """The narrative environment's finalize: every printed value is a figure or a text."""
    if isinstance(value, jinja2.Undefined):
        return value  # printing it raises its own UndefinedError, with the name
    if isinstance(value, bool) or not isinstance(value, _PRINTABLE):
        raise NotPrintable(value)
    return value


def _kind_of(value: Any) -> str:
    """What a value that cannot be printed is, in the author's words."""
    if value is None:
        return "ett tomt värde (None)"
    if isinstance(value, bool):
        return "sant eller falskt"
    if callable(value):
        return "en funktion eller metod (utan parenteser, t.ex. range eller .items)"
    if isinstance(value, (list, tuple, set, frozenset, range)):
        return "en lista"
    if isinstance(value, dict):
        return "en samling namn och värden"
    holder = _HOLDERS.get(type(value).__name__)
    return f"hela {holder}" if holder else "något med flera uppgifter i"


@functools.lru_cache(maxsize=1)
def narrative_environment() -> jinja2.Environment:
    env = ContentSandbox(undefined=ContentUndefined, autoescape=False,
                         keep_trailing_newline=True, finalize=printable)
    env.filters.update({name: _strict_filter(f) for name, f in FILTERS.items()})
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
# Each image is a file read and a line looked up: no report has anywhere near this many in
# one section (the examples have none, a published one a handful in all).
MAX_IMAGES = 200


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
        message, advice = _explain_undefined(error, context)
        raise BuildError(Problem(message, path, at(_jinja_line(error, name)), advice)) from None
    except NotPrintable as error:
        raise BuildError(Problem(
            f"Mallkoden skriver ut {_kind_of(error.value)}, inte en siffra eller en text.",
            path, at(_jinja_line(error, name)),
            "skriv ut en siffra eller en text ur den, t.ex. {{ resultatrakning.arets_resultat "
            "| tkr }} eller {{ forbund.namn }}; en lista skrivs med | lista.")) from None
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


# Jinja's names for what it expected or found, as the author writes them.
_JINJA_TOKENS = {"end of print statement": "}}", "end of statement block": "%}",
                 "end of template": "slutet av texten", "end of comment": "#}",
                 "name": "ett namn", "integer": "ett tal", "float": "ett tal",
                 "string": "en text inom citattecken", "begin of print statement": "{{",
                 "begin of statement block": "{%"}


def _token(name: str) -> str:
    return _JINJA_TOKENS.get(name, f"'{name}'")


def _tags(listed: str) -> str:
    """The tags Jinja was looking for, the closing one where there is one ({% endif %})."""
    tags = re.findall(r"'(\w+)'", listed)
    closing = [tag for tag in tags if tag.startswith("end")] or tags
    return " eller ".join("{% " + tag + " %}" for tag in closing)


# Jinja's syntax errors by their wording, in Swedish; group 1, 2 … are the quoted names.
_JINJA_SYNTAX: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (re.compile(r"Unexpected end of template\. Jinja was looking for the following tags: "
                r"(.*?)\. The innermost block that needs to be closed is '(\w+)'"),
     lambda m: f"{{% {m.group(2)} %}} avslutas aldrig: {_tags(m.group(1))} saknas"),
    (re.compile(r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: "
                r"(.*?)\. The innermost block that needs to be closed is '(\w+)'"),
     lambda m: f"{{% {m.group(1)} %}} står där {_tags(m.group(2))} väntades (blocket "
               f"{{% {m.group(3)} %}} är inte avslutat)"),
    (re.compile(r"Encountered unknown tag '(\w+)'"),
     lambda m: f"{{% {m.group(1)} %}} finns inte i mallkoden, eller står utan sin början "
               "(t.ex. endif utan if)"),
    (re.compile(r"unexpected end of template, expected '(.+?)'"),
     lambda m: f"texten tar slut innan mallkoden är avslutad: {_token(m.group(1))} saknas"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"),
     lambda m: f"{_token(m.group(1))} väntades, men här står {_token(m.group(2))}"),
    (re.compile(r"unexpected '(.+?)', expected '(.+?)'"),
     lambda m: f"{_token(m.group(1))} står där {_token(m.group(2))} väntades"),
    (re.compile(r"unexpected '(.+?)'"),
     lambda m: f"{_token(m.group(1))} står där det inte får stå (t.ex. en ensam }} i stället "
               "för }})"),
    (re.compile(r"""unexpected char (['"])(.)\1"""),
     lambda m: "ett citattecken är inte avslutat" if m.group(2) in "'\"" else
     f"tecknet {m.group(2)} får inte stå i mallkod (text skrivs inom citattecken)"),
    (re.compile(r"Missing end of comment tag"),
     lambda m: "en kommentar som börjar med {# avslutas aldrig med #}"),
    (re.compile(r"Missing end of raw directive"),
     lambda m: "{% raw %} avslutas aldrig med {% endraw %}"),
    (re.compile(r"Expected an expression, got '(.+?)'"),
     lambda m: f"ett namn eller värde saknas före {_token(m.group(1))}"),
    (re.compile(r"expected name or number"),
     lambda m: "ett namn eller tal saknas efter punkten"),
    (re.compile(r"tag name expected"),
     lambda m: "{% följs inte av något kommando (if, for …)"),
]


def jinja_syntax_problem(message: str) -> str:
    """Jinja's syntax error in Swedish, never in English."""
    for pattern, swedish in _JINJA_SYNTAX:
        if match := pattern.search(message):
            return swedish(match)
    return "mallkoden går inte att läsa här"


def _public_names(value: Any) -> list[str]:
    """What narrative can reach on a value: a dict's keys; an object's public attributes and,
    for a statement, every line and sum it reaches by id (its keys())."""
    if isinstance(value, dict):
        return [str(k) for k in value]
    names = [n for n in dir(value) if not n.startswith("_") and not n.startswith("model_")
             and not (isinstance(value, BaseModel) and hasattr(BaseModel, n))]
    keys = getattr(value, "keys", None)
    if callable(keys) and not isinstance(value, BaseModel):
        names += [str(k) for k in keys() if str(k) not in names]
    return [n for n in names if n != "keys"]


_WORDS = re.compile(r"[_\-.\s]+")


def same_kind(wrong: str, option: str) -> bool:
    """Whether `option` is `wrong` misspelt, not another figure that shares some of its
    words: resultat_efter_finansiella_poster is not finansiella_poster (the net financial
    items), and summa_intakter is not summa_kostnader. Each word must have its counterpart,
    spelt closely; or, where the words are split differently (aretsresultat), written
    together the two are the same but for a letter or two."""
    a, b = wrong.lower(), option.lower()
    words_a, words_b = [w for w in _WORDS.split(a) if w], [w for w in _WORDS.split(b) if w]
    if len(words_a) != len(words_b):
        squashed_a, squashed_b = "".join(words_a), "".join(words_b)
        return (abs(len(squashed_a) - len(squashed_b)) <= 2
                and difflib.SequenceMatcher(None, squashed_a, squashed_b).ratio() >= 0.9)
    unmatched = list(words_b)
    for word in words_a:
        match = next((w for w in unmatched if w == word or difflib.SequenceMatcher(
            None, word, w).ratio() >= 0.75), None)
        if match is None:
            return False
        unmatched.remove(match)
    return True


def _suggest(wrong: str, options: list[str], where: str = "") -> str:
    """The closest name of the same kind, or the names there are; never an empty list."""
    close = [o for o in difflib.get_close_matches(wrong, options, n=5, cutoff=0.6)
             if same_kind(wrong, o)]
    if close:
        return f"menade du '{close[0]}'?"
    if not options:
        return ("kontrollera stavningen; namnen som texten kan använda står i README "
                "(Text) och i docs/kontoplan.md.")
    return (f"kontrollera stavningen. Namn som finns{where}: "
            + ", ".join(sorted(set(options))) + ".")


# What each kind of figure is called in a message ("'x' finns inte i resultaträkningen").
_HOLDERS = {"Resultatrakning": "resultaträkningen", "Balansrakning": "balansräkningen",
            "ClosingBalance": "balansräkningen", "Kassaflodesanalys": "kassaflödesanalysen",
            "YearAccounts": "årets räkenskaper", "Resultatkolumn": "budgetkolumnen",
            "Driftredovisning": "driftredovisningen", "Driftrad": "driftredovisningens rad"}


def _explain_undefined(error: jinja2.UndefinedError, context: dict[str, Any]
                       ) -> tuple[str, str]:
    """Turn Jinja's English into Swedish with the closest existing name of the same kind as
    advice, from what the name was asked of (the statement, a dict, or the names at top)."""
    holder = getattr(error, "holder", jinja2.utils.missing)
    name = getattr(error, "name", None)
    if name is None:
        return f"Ett namn i mallkoden finns inte ({error.message}).", "kontrollera stavningen."
    if holder is jinja2.utils.missing:
        # A figure's own name written alone (resultat_efter_finansiella_poster): the
        # statement that has it.
        owners = [key for key, value in context.items() if not isinstance(value, dict)
                  and name in _public_names(value)]
        advice = (f"menade du '{owners[0]}.{name}'?" if owners
                  else _suggest(str(name), list(context)))
        return f"Namnet '{name}' finns inte.", advice
    if holder is None:  # a name asked of something that has no value here
        return _asked_of_nothing(str(name), context)
    label = next((f"'{key}'" for key, value in context.items() if value is holder),
                 _HOLDERS.get(type(holder).__name__, ""))
    where = f" i {label}" if label else ""
    return f"'{name}' finns inte{where}.", _suggest(str(name), _public_names(holder), where)


def _asked_of_nothing(name: str, context: dict[str, Any]) -> tuple[str, str]:
    """'kostnader_insatser' of foregaende when there is no last year in the tool: the name is
    right; what is missing is the year (a förbund's first year has only history)."""
    empty = [key for key, value in context.items() if value is None]
    if "foregaende" in empty:
        year = context.get("ar")
        before = f"{year - 1}" if isinstance(year, int) else "året före"
        return (f"'{name}' kan inte hämtas ur 'foregaende': det finns inget utfall för "
                f"{before} i underlaget (bara historik, eller inget).",
                "skriv {% if foregaende %} … {% endif %} runt meningen, eller lägg till "
                f"content/{year - 1 if isinstance(year, int) else 'ÅR'}/utfall.yaml.")
    which = f" ({', '.join(empty)} saknar värde här)" if empty else ""
    return (f"'{name}' kan inte hämtas ur ett värde som saknas{which}.",
            "skriv {% if namnet %} … {% endif %} runt meningen, så att den bara tas med när "
            "värdet finns.")


def render_fragment(text: str, context: dict[str, Any], path: Path, line: int) -> str:
    """A piece of narrative kept in YAML (a goal's follow-up): Jinja, then Markdown."""
    expanded = expand_template(text, context, path, line)
    env = {"place": lambda name, line, heading: _refuse_placement(name, path, line)}
    return sanitize(markdown_parser().render(expanded, env))


def _refuse_placement(name: str, path: Path, line: int) -> str:
    raise BuildError(Problem(f"En tabell ([[{name}]]) kan inte placeras i en text i YAML.",
                             path, line, "placera tabellen i ett avsnitt (.md) i stället."))


def _placement_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    line = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    match = PLACEMENT.match(line)
    if not match:
        return False
    if not silent:
        token = state.push("placement", "", 0)
        token.meta = {"name": match.group(1)}
        token.map = [start, start + 1]
    state.line = start + 1
    return True


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9åäö]+", "-", text.lower()).strip("-") or "avsnitt"
    base = base.translate(str.maketrans("åäö", "aao"))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# A footnote reference as the plugin reads it: [^label], the label without spaces or line
# breaks; a label longer than this is no footnote.
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\] \n]{1,200}\]")


def _bounded_footnote_ref(state: Any, silent: bool) -> bool:
    """The plugin's [^label] rule, tried only where a whole reference stands."""
    if not _FOOTNOTE_REFERENCE.match(state.src, state.pos, state.posMax):
        return False
    return footnote_ref(state, silent)


def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": False}).enable("table")
    # Footnotes as [^1] only: the plugin's inline notes (^[text]) are not documented, and
    # they and its [^label] rule scan to the end of the line from every '[' that might open
    # one, so a line of '[^[^[^…' took minutes; a label is looked for within its length.
    md.use(footnote_plugin, inline=False)
    md.inline.ruler.at("footnote_ref", _bounded_footnote_ref)
    md.block.ruler.before("paragraph", "placement", _placement_rule)

    def render_placement(self, tokens, idx, options, env) -> str:
        heading = next((tokens[i + 1].content for i in range(idx - 1, -1, -1)
                        if tokens[i].type == "heading_open"), "")
        return env["place"](tokens[idx].meta["name"], tokens[idx].map[0] + 1, heading)

    md.add_render_rule("placement", render_placement)
    return md


def render_section(section: SourceText, context: dict[str, Any],
                   place: Callable[[str, str], str], outline: Outline,
                   placeable: list[str]) -> RenderedSection:
    """Jinja, then Markdown; '#' becomes h2 since the document title is the page's h1."""
    text = render_narrative(section, context)
    md = markdown_parser()
    unknown: list[Problem] = []
    placed: list[str] = []
    # Where a table goes, until the author's HTML is cleaned: a mark with a number drawn for
    # this section, so that no text an author types can pass for it (and place a table
    # twice, or one that does not exist).
    secret = secrets.token_hex(8)
    marker = "\ue000placering-" + secret + "-{}\ue000"
    marker_pattern = re.compile("\ue000placering-" + secret + r"-(\d+)\ue000")

    def place_at(name: str, line: int, heading: str) -> str:
        # Asked by name, not by catching KeyError: a KeyError inside a table's own code is
        # a fault of that code, not an unknown name.
        if name not in placeable:
            unknown.append(Problem(
                f"Det finns ingen tabell som heter '{name}'.", section.path,
                _source_line(section.text, f"[[{name}]]", line),
                _suggest(name, placeable),
            ))
            return ""
        placed.append(place(name, heading))
        return marker.format(len(placed) - 1)

    # docId keeps footnote ids unique across sections: fn-<section>-1.
    env = {"place": place_at, "docId": section.path.stem}
    tokens = md.parse(text, env)
    headings: list[Heading] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = outline.add(int(token.tag[1]), tokens[i + 1].content)
            token.tag = tokens[i + 2].tag = f"h{heading.level}"
            token.attrSet("id", heading.anchor)
            token.attrSet("class", f"md{heading.depth}")
            headings.append(heading)
    unknown += _stray_placements(tokens, section, placeable)
    html = sanitize(md.renderer.render(tokens, md.options, env))
    if unknown:
        raise BuildError(unknown)
    if nesting_depth(html) > MAX_NESTING:
        raise BuildError(_nesting_problem(section, text))
    if html.count("<img") > MAX_IMAGES:
        raise BuildError(Problem(
            f"Avsnittet har {html.count('<img')} bilder; ett avsnitt får ha högst {MAX_IMAGES}.",
            section.path, None, "dela upp bilderna på flera avsnitt."))
    images, warnings = _images(html, section)  # the author's images, not the tables'
    html = typeset_author_tables(html, section.path.stem)
    html = marker_pattern.sub(lambda m: placed[int(m.group(1))], html)
    return RenderedSection(section.path, html, headings, images, warnings)


# How deep the author's own elements may nest (<div> in <div> …). WeasyPrint lays out a
# nested element by recursion, and stops with Python's recursion limit at about 135 levels
# (measured: 137 <div>, 45 tables of three levels each); the page around a section takes
# about ten of them. The examples' deepest section is 5 levels deep.
MAX_NESTING = 50
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


def nesting_depth(html: str, stop_at: int | None = None) -> int:
    """How many elements deep the HTML goes (counted from its tags, without recursion), or,
    with stop_at, the position in html where that depth is first passed (-1: never)."""
    open_tags: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if not closing and name not in _VOID:
            open_tags.append(name)
            deepest = max(deepest, len(open_tags))
            if stop_at is not None and len(open_tags) > stop_at:
                return match.start()
        elif closing and name in open_tags:
            while open_tags.pop() != name:
                pass
    return -1 if stop_at is not None else deepest


def _nesting_problem(section: SourceText, expanded: str) -> Problem:
    position = nesting_depth(expanded, stop_at=MAX_NESTING)
    line = expanded.count("\n", 0, position) + 1 if position >= 0 else None
    return Problem(
        f"HTML-koden i avsnittet är nästlad mer än {MAX_NESTING} nivåer djupt (element i "
        "element); så djupt kan PDF:en inte sättas.", section.path, line,
        "ta bort de inre <div>, <table> eller listorna; en rapports text behöver sällan mer "
        "än några nivåer.")


_AUTHOR_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_DIGIT_GAP = re.compile(r"(?<=[\d−–-])\s+(?=\d)")
_HEADING_TEXT = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
# The run of digits and spaces is possessive (*+): a cell of a digit and thousands of spaces
# would otherwise be tried once for every way of sharing the spaces (quadratic).
_NUMBER_CELL = re.compile(r"<td([^>]*)>\s*+([−–-]?\s?\d[\d\s\u00a0]*+(?:,\d+)?\s?%?)\s*</td>")


def typeset_author_tables(html: str, stem: str) -> str:
    """A table written in Markdown looks and reads like the tool's own: in a labelled region
    that scrolls on a narrow screen, with a caption (the heading above it), header cells with
    scope, and numbers right-aligned with no-break spaces and tabular figures."""
    count = 0
    # Every heading once, by where it ends: each table takes the last one before it (a
    # search of all the text before each table was quadratic in the number of tables).
    headings = [(m.end(), m.group(1)) for m in _HEADING_TEXT.finditer(html)]
    ends = [end for end, _ in headings]

    def table(match: re.Match) -> str:
        nonlocal count
        count += 1
        before = bisect.bisect_right(ends, match.start())
        caption = (re.sub(r"<[^>]+>", "", headings[before - 1][1]).strip() if before
                   else "Tabell")
        anchor = f"tabell-{stem}-{count}"
        body = match.group(1).replace("<th>", '<th scope="col">').replace(
            '<th style=', '<th scope="col" style=')
        body = _NUMBER_CELL.sub(lambda m: f'<td{m.group(1)} class="num">'
                                + _DIGIT_GAP.sub(NBSP, m.group(2)) + "</td>", body)
        return (f'<div class="table-wrap" role="region" aria-labelledby="{anchor}" '
                f'tabindex="0"><table class="fin md-table"><caption id="{anchor}" '
                f'class="visually-hidden">{caption}</caption>{body}</table></div>')

    return _AUTHOR_TABLE.sub(table, html)


_BRACKETS = re.compile(r"\[\[(.*?)(\]\]|$)")


MAX_SECTION_PROBLEMS = 20


def _stray_placements(tokens: list, section: SourceText, placeable: list[str]) -> list[Problem]:
    """A [[…]] that is not a placement alone on its line would be printed as it stands and
    its table silently left out: each one is a mistake (code spans are left alone). The
    first MAX_SECTION_PROBLEMS are said: each is looked up in the text, and a text with
    thousands of them would take minutes to say the same thing."""
    problems = []
    for token in tokens:
        for child in token.children or []:
            if child.type != "text":
                continue
            for match in _BRACKETS.finditer(child.content):
                if len(problems) >= MAX_SECTION_PROBLEMS:
                    return problems
                name = re.sub(r"\s+", "", match.group(1))
                fallback = (token.map or [0])[0] + 1
                if name in placeable:
                    message = (f"'{match.group(0)}' placerar inte tabellen '{name}': "
                               "namnet måste stå exakt och ensamt på sin rad.")
                    advice = (f"skriv [[{name}]] ensamt på en egen rad, med en tom rad före "
                              "och efter.")
                else:
                    message = f"'{match.group(0)}' är ingen tabell som kan placeras."
                    advice = ("en tabell placeras med namnet ensamt på en rad, t.ex. "
                              "[[resultatrakning]]; " + _suggest(name, placeable))
                problems.append(Problem(message, section.path,
                                        _source_line(section.text, match.group(0).replace(" ", ""),
                                                     fallback), advice))
    return problems


class _ImageTags(HTMLParser):
    """Every <img> of a section's HTML, Markdown images and the author's own HTML alike."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (src, alt)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            self.found.append((values.get("src") or "", values.get("alt") or ""))


def _images(html: str, section: SourceText) -> tuple[dict[str, Path], list[Problem]]:
    """Every image: a file in the document's folder, of the kind its name says; alt text is
    asked for. Nothing is fetched from the web or from elsewhere on the computer.

    The web page keeps the address as written (the file is copied beside the page); the
    PDF gets the file's own address.
    """
    folder = section.path.parent.resolve()
    images: dict[str, Path] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    tags = _ImageTags()
    tags.feed(html)
    without_src = iter(_lines_of_images_without_src(section.text))
    folder_shown = _in_content(section.path.parent)
    for src, alt in tags.found:
        where = f"lägg bildfilen i {folder_shown}/ (eller en undermapp) "
        if not src.strip():
            problems.append(Problem(
                "En bild saknar bildfilens namn (src i <img>, eller inom ( ) i ![…]( )).",
                section.path, next(without_src, None),
                where + "och skriv dess namn: <img src=\"bild.png\" alt=\"…\"> eller "
                "![Beskrivning](bild.png)."))
            continue
        line = _source_line(section.text, src.replace(" ", ""), 1)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith(("/", "\\")):
            problems.append(Problem(
                f"Bilden '{src}' ligger inte i dokumentets mapp; bilder hämtas aldrig från "
                "nätet eller från andra mappar på datorn.", section.path, line,
                where + "och skriv bara dess namn, t.ex. ![Beskrivning](bild.png)."))
            continue
        try:
            path = (folder / src).resolve()
            found = folder in path.parents and path.is_file()
        except (OSError, ValueError):  # a name too long for the file system, or with \0
            found = False
        if not found:
            problems.append(Problem(
                f"Bilden '{src}' finns inte i dokumentets mapp.", section.path, line,
                where + "och skriv namnet precis som filen heter."))
            continue
        if (problem := image_problem(path)) is not None:
            problems.append(Problem(f"Bilden '{src}' kan inte användas: {problem}.",
                                    section.path, line, "spara bilden på nytt i rätt format."))
            continue
        images[src] = path
        if not alt.strip():
            warnings.append(Problem(
                f"Bilden '{src}' saknar alternativtext.", section.path, line,
                "skriv vad bilden visar mellan hakparenteserna: ![Så här …](bild.png). "
                "Det läses upp för den som inte ser bilden (WCAG 1.1.1)."))
    if problems:
        raise BuildError(problems)
    return images, warnings


_IMAGE_WITHOUT_SRC = re.compile(
    r"""<img\b(?![^>]*\bsrc\s*=\s*(?:"[^"\s]|'[^'\s]|[^"'\s>]))[^>]*>|!\[[^\]]*\]\(\s*\)""",
    re.I)


def _lines_of_images_without_src(text: str) -> list[int]:
    """The lines, in order, of the images written with no file name: <img alt="…"> or ![…]()."""
    return [text.count("\n", 0, match.start()) + 1 for match in _IMAGE_WITHOUT_SRC.finditer(text)]


def _in_content(folder: Path) -> str:
    """A folder as the author sees it: content/2022/arsredovisning, not the full path."""
    parts = folder.parts
    if "content" in parts:
        return Path(*parts[len(parts) - 1 - parts[::-1].index("content"):]).as_posix()
    return folder.name


# The note's text is taken up to its back link and stripped after: with "\s*" before the
# link, a note with a long run of spaces was tried once per way of splitting the run
# (quadratic: 120 000 spaces took half a minute).
_FOOTNOTE_ITEM = re.compile(
    r'<li id="(fn[^"]*)" class="footnote-item"><p>(.*?)<a href="#fnref[^"]*" '
    r'class="footnote-backref">.*?</a></p>\s*</li>', re.S)
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref"><a href="#(fn[^"]*)" id="fnref[^"]*">'
                           r'\[\d+\]</a></sup>')
_FOOTNOTE_BLOCK = re.compile(r'<hr class="footnotes-sep"\s*/?>\s*<section class="footnotes">.*?'
                             r'</section>\s*', re.S)


def paged_footnotes(html: str) -> str:
    """Move each footnote's text to its call, as a CSS float: footnote (the page's foot)."""
    notes = {note: text.rstrip() for note, text in _FOOTNOTE_ITEM.findall(html)}
    html = _FOOTNOTE_BLOCK.sub("", html)
    return _FOOTNOTE_REF.sub(
        lambda m: f'<span class="footnote">{notes.get(m.group(1), "")}</span>', html)


def _source_line(text: str, needle: str, fallback: int) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line.replace(" ", ""):
            return number
    return fallback
