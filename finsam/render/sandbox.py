"""Bounds on the work a template from content/ or a project's templates/ may ask for.

Jinja's immutable sandbox keeps a template from reaching files or code, but not from asking
for more than a computer has: `{{ 9**(9**9) }}` runs for ever, `{{ 'x' * 10**10 }}` or a
macro that doubles a text fills the memory, nested loops spin. A report needs none of it:
its narrative formats a few hundred figures. So every way a template can make something
large is bounded, with Jinja's own hooks, and stopped *before* the large thing is made:

- the operators + * ** % (intercepted_binops/call_binop; Jinja then also stops folding
  them at compile time, where 9**(9**9) would hang before any check);
- `~` and every {% for %} (the code generator: `~` joins through bounded_concat, and the
  items of a loop are counted);
- every call (sandbox `call`: macros nest at most MAX_DEPTH deep, str methods that pad or
  replace are sized first) and every filter (each is wrapped when looked up);
- every joined block: a macro's or filter block's body, and the page itself (`concat`).

All of it adds up to a budget of steps per render (a loop's item is a step, and so is each
kilobyte a step makes), so a template's work is bounded whatever it combines; the budget
is large enough that the tool's own pages and the examples' narrative use a small part of
it (docs/felmeddelanden.md gives the measured figures).
"""
from __future__ import annotations

import contextlib
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, safe_range

# The limits, and what the examples use of them (docs/felmeddelanden.md; the test
# test_examples_use_a_small_part_of_the_limits): a render takes at most 1 424 steps (the
# årsredovisning's web page), the longest value a template makes is 20 748 characters (a
# table of Västerås 2020) and a page 69 000, no macro calls another, and the numbers the
# templates compute themselves have one digit (the figures come from the data).
MAX_TEXT = 10_000_000  # characters of any one text (or items of a list) a template makes
MAX_STEPS = 1_000_000  # per render: loop items, calls, operators, and one per KB made
MAX_DEPTH = 40  # macros (and recursive loops) calling each other
MAX_INT_BITS = 256  # about 77 digits: far beyond any figure of a report
MAX_FORMAT_WIDTH = 1_000  # a width or precision in '%10s' or | format
MACRO_CALL_STEPS = 50  # what a call of a macro costs of the budget (see BoundedSandbox.call)
CALL_STEPS = 10  # and a call of a method
FILTER_STEPS = 5  # and a filter


class TemplateLimitError(Exception):
    """The template asks for more than a report can need; `what` says what, in Swedish."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


# --- The budget of one render ------------------------------------------------------------

@dataclass
class _Budget:
    steps: int = 0
    depth: int = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("finsam_template_budget", default=None)


@contextlib.contextmanager
def work_budget() -> Iterator[_Budget]:
    """One render's budget; a render within a render (a macro's body) shares the outer one."""
    budget = _BUDGET.get()
    if budget is not None:
        yield budget
        return
    budget = _Budget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def spend(size: int = 0, steps: int = 1) -> None:
    """Steps (one by default), and one more per kilobyte (or thousand items) handled."""
    budget = _BUDGET.get()
    if budget is None:
        return
    budget.steps += steps + size // 1024
    if budget.steps > MAX_STEPS:
        raise TemplateLimitError(f"mallkoden tar mer än {_number(MAX_STEPS)} steg att räkna ut "
                                 "(en slinga som går för många varv, eller för stora texter)")


# --- Sizes ---------------------------------------------------------------------------------

def size_of(value: Any, limit: int = MAX_TEXT) -> int:
    """About how long the value is as text: a text's length, a list's items with the texts
    in them (nested lists too), counted no further than just past limit."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, (list, tuple, dict, set, frozenset)):
        return 0
    total = len(value)
    for item in (value.items() if isinstance(value, dict) else value):
        if total > limit:
            break
        total += size_of(item, limit - total)
    return total


def _check_size(size: int, what: str) -> None:
    if size > MAX_TEXT:
        raise TemplateLimitError(f"{what} blir längre än {_number(MAX_TEXT)} tecken")


def _checked(value: Any, what: str) -> Any:
    """The value, if it is no larger than a template may make; the work it took is spent.
    (Texts first: they are most of what templates make, and this runs for each of them.)"""
    if isinstance(value, str):
        _check_size(len(value), what)
        spend(len(value))
        return value
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        if not _reasonable_number(value):
            raise TemplateLimitError(f"{what} blir ett tal med fler än "
                                     f"{MAX_INT_BITS * 3 // 10} siffror")
        spend()
        return value
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        size = size_of(value)
        _check_size(size, what)
        spend(size)
        return value
    if isinstance(value, Iterator) and not isinstance(value, LoopContext):
        return counted(value)  # a filter's generator (map, select, batch …): item by item
    spend()
    return value


def _reasonable_number(value: int | Decimal | float) -> bool:
    """A number a report could print: finite, with at most about 77 digits."""
    if isinstance(value, int):
        return value.bit_length() <= MAX_INT_BITS
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) < 2.0 ** MAX_INT_BITS
    return value.is_finite() and (not value or value.adjusted() < MAX_INT_BITS * 3 // 10)


def counted(items: Iterable[Any]) -> Iterator[Any]:
    """The items, one step each: a loop within a loop cannot spin for ever."""
    for item in items:
        spend()
        yield item


# --- Operators -----------------------------------------------------------------------------

_OPERATORS = {"+": operator.add, "*": operator.mul, "**": operator.pow, "%": operator.mod}
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sequence(value: Any) -> bool:
    return isinstance(value, (str, list, tuple))


def _check_percent_format(text: str) -> None:
    """'%10s' % x: a width or precision that would pad the text to any length."""
    for match in _PERCENT_FIELD.finditer(text):
        for part in match.groups():
            if part == "*" or (part and int(part) > MAX_FORMAT_WIDTH):
                raise TemplateLimitError(
                    f"formatet '{match.group(0)[:20]}' begär en bredd över "
                    f"{_number(MAX_FORMAT_WIDTH)} tecken")


def _before_operator(symbol: str, left: Any, right: Any) -> None:
    """Refuse what would be too large before it is made."""
    if symbol == "**" and _whole(left) and _whole(right) and right > 0 and abs(left) > 1:
        # |left| ≥ 2^(b−1), so the power has at least (b−1)·right bits: refused unseen.
        if (abs(left).bit_length() - 1) * right > MAX_INT_BITS:
            raise TemplateLimitError(f"{left} ** {right} blir ett tal med fler än "
                                     f"{MAX_INT_BITS * 3 // 10} siffror")
    elif symbol == "*":
        for sequence, times in ((left, right), (right, left)):
            if _sequence(sequence) and _whole(times) and times > 0:
                _check_size(size_of(sequence) * times,
                            f"att upprepa en text eller lista {_number(times)} gånger")
        if _whole(left) and _whole(right) and (
                left.bit_length() + right.bit_length() > MAX_INT_BITS + 1):
            raise TemplateLimitError("produkten blir ett tal med fler än "
                                     f"{MAX_INT_BITS * 3 // 10} siffror")
    elif symbol == "+" and _sequence(left) and _sequence(right):
        _check_size(size_of(left) + size_of(right), "sammanfogningen (+)")
    elif symbol == "%" and isinstance(left, str):
        _check_percent_format(left)


# --- Calls and filters ---------------------------------------------------------------------

def _width(args: tuple, kwargs: dict, position: int, name: str, default: int = 0) -> int:
    value = args[position] if len(args) > position else kwargs.get(name, default)
    return value if _whole(value) else default


def _text_method_size(method: Any, args: tuple) -> int | None:
    """How long a str method's result will be, for those that can make a text longer."""
    text, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if not isinstance(text, str):
        return None
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(len(text), _width(args, {}, 0, ""))
    if name == "expandtabs":
        return len(text) + text.count("\t") * max(_width(args, {}, 0, "", 8), 0)
    if name == "replace" and len(args) >= 2:
        return _replaced_size(text, str(args[0]), str(args[1]))
    if name == "join" and args and isinstance(args[0], (list, tuple, str)):
        return size_of(args[0]) + len(text) * len(args[0])
    return None


def _check_range(args: tuple, kwargs: dict) -> None:
    """range(…) with Jinja's own bound on its length (MAX_RANGE), said in Swedish."""
    try:
        length = len(range(*args, **kwargs))
    except (TypeError, ValueError, OverflowError):
        return  # not a range at all: Python's own error follows
    if length > MAX_RANGE:
        raise TemplateLimitError(f"range ger {_number(length)} tal, och högst "
                                 f"{_number(MAX_RANGE)} går att räkna igenom")


def _replaced_size(text: str, old: str, new: str) -> int:
    count = text.count(old) if old else len(text) + 1
    return len(text) + count * max(len(new) - len(old), 0)


def _filter_size(name: str, args: tuple, kwargs: dict) -> int | None:
    """How long a filter's result can be, for the filters whose arguments can make it long."""
    value = args[0] if args else ""
    text = value if isinstance(value, str) else ""
    if name == "center":
        return max(len(text), _width(args, kwargs, 1, "width", 80))
    if name == "indent":  # the width is a number of spaces, or the text to indent with
        width = args[1] if len(args) > 1 else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else _width(args, kwargs, 1, "width", 4)
        return len(text) + (text.count("\n") + 1) * max(pad, 0)
    if name == "replace" and len(args) >= 3:
        return _replaced_size(str(value), str(args[1]), str(args[2]))
    if name == "wordwrap":
        wrap = str(args[3] if len(args) > 3 else kwargs.get("wrapstring") or "\n")
        return len(text) * (1 + len(wrap))
    if name in ("batch", "slice"):
        return size_of(value) + _width(args, kwargs, 1, "linecount" if name == "batch" else
                                       "slices")
    if name == "join" and isinstance(value, (list, tuple, str)):
        separator = str(args[1] if len(args) > 1 else kwargs.get("d", ""))
        return size_of(value) + len(value) * len(separator)
    if name == "format" and isinstance(value, str):
        _check_percent_format(value)
    if name == "tojson":  # json.dumps indents each line by this many spaces
        indent = args[1] if len(args) > 1 else kwargs.get("indent")
        if _whole(indent) and indent > MAX_FORMAT_WIDTH:
            raise TemplateLimitError(f"indraget {_number(indent)} är orimligt stort")
    return None


def guarded_filter(name: str, function: Callable) -> Callable:
    """The filter, with its result bounded and (for those that pad or repeat) its arguments
    checked before it runs. Jinja calls filters directly, not through the sandbox's call."""
    @functools.wraps(function)  # keeps pass_context & co., which Jinja reads off the function
    def guarded(*args: Any, **kwargs: Any) -> Any:
        # A filter marked pass_context (or eval_context, environment) gets that first.
        passed = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
        spend(steps=FILTER_STEPS)
        size = _filter_size(name, args[passed:], kwargs)
        if size is not None:
            _check_size(size, f"filtret {name}")
        return _checked(function(*args, **kwargs), f"filtret {name}")
    return guarded


class _GuardedFilters(dict):
    """The environment's filters, each handed out bounded (build.py adds some per build)."""

    def __getitem__(self, name: str) -> Callable:
        function = super().__getitem__(name)
        return function if name == _LOOP_FILTER else guarded_filter(name, function)

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default


# --- The code generator: `~` and {% for %} -------------------------------------------------

_LOOP_FILTER = "finsam:varv"  # a name the template language cannot spell (no ':' in names)


class _BoundedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Every {% for %} iterates through the counting filter. Done to the whole tree
        # first: the generator looks up the filters a template uses before it writes code.
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None,
                                     lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # As Jinja writes it (markup_join escapes for HTML), through bounded_concat.
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")


# --- The environment -------------------------------------------------------------------

class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with every way to ask for unbounded work bounded."""

    intercepted_binops = frozenset(_OPERATORS)
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = _GuardedFilters(self.filters)
        dict.__setitem__(self.filters, _LOOP_FILTER, counted)

    def call_binop(self, context: Any, operator_symbol: str, left: Any, right: Any) -> Any:
        _before_operator(operator_symbol, left, right)
        return _checked(_OPERATORS[operator_symbol](left, right), "uträkningen")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        size = _text_method_size(__obj, args)
        if size is not None:
            _check_size(size, f"metoden {getattr(__obj, '__name__', '')}")
        if __obj is safe_range:
            _check_range(args, kwargs)
        nests = isinstance(__obj, (Macro, LoopContext))
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (counted(args[0]), *args[1:])
        # A macro's call costs some fifty loop items' time (measured: 40 µs against 0,3 µs
        # for an item of an empty loop), a method's some ten: the budget counts time.
        spend(steps=MACRO_CALL_STEPS if nests else CALL_STEPS)
        budget, token = _BUDGET.get(), None
        if budget is None:  # a call outside any render (not made by the tool): its own budget
            budget = _Budget()
            token = _BUDGET.set(budget)
        budget.depth += 1
        try:
            if nests and budget.depth > MAX_DEPTH:
                raise TemplateLimitError(
                    f"makron (eller en rekursiv slinga) anropar sig själva i mer än "
                    f"{MAX_DEPTH} nivåer")
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
            if token is not None:
                _BUDGET.reset(token)
        return _checked(result, "anropet")

    @staticmethod
    def bounded_concat(join: Callable[[Iterable[Any]], str], parts: tuple) -> str:
        """a ~ b ~ c, refused before the parts are joined when the text would be too long."""
        _check_size(sum(size_of(part) for part in parts), "sammanfogningen (~)")
        return _checked(join(parts), "sammanfogningen (~)")

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:
        """What a template, a macro or a block writes, joined; the page's own render starts
        the budget (a macro's body shares it)."""
        with work_budget():
            return "".join(bounded_pieces(pieces, MAX_TEXT))


def bounded_pieces(pieces: Iterable[str], limit: int) -> Iterator[str]:
    """The pieces a template writes, until together they pass limit characters."""
    written = 0
    for piece in pieces:
        written += len(piece)
        if written > limit:
            raise TemplateLimitError(f"texten som mallkoden skriver blir längre än "
                                     f"{_number(limit)} tecken")
        spend(len(piece))
        yield piece


def render_bounded(template: Any, context: dict[str, Any], limit: int) -> str:
    """The template's text, written piece by piece and stopped at limit characters (an
    error then names the line that was writing)."""
    with work_budget():
        pieces = template.generate(context)
        try:
            return "".join(bounded_pieces(pieces, limit))
        except TemplateLimitError as error:
            if getattr(error, "lineno", None) is None:
                error.lineno = _writing_line(template, pieces)
            raise
        finally:
            pieces.close()


def _writing_line(template: Any, pieces: Any) -> int | None:
    """The template line whose output was being written (the generator is paused there)."""
    inner = getattr(pieces, "gi_yieldfrom", None) or pieces
    frame = getattr(inner, "gi_frame", None)
    return template.get_corresponding_lineno(frame.f_lineno) if frame is not None else None
