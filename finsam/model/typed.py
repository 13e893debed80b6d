"""Raw YAML → a typed model: pydantic checks the schema, and each of its errors becomes a
Problem in Swedish at the file and line of the value (never pydantic's English)."""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..common.errors import BuildError, Problem
from ..load.project import locate

T = TypeVar("T", bound=BaseModel)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds: itself, or in a list, a mapping or a union."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key they are typed under (a field's alias: not)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _known_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at a location, to suggest the one a misspelt key meant; a list's
    index or a mapping's own key stays with the model the list or mapping holds."""
    current: type[BaseModel] | None = model
    for key in loc:
        fields = _fields(current) if current is not None else {}
        if key in fields:
            current = _model_in(fields[key].annotation)
    return list(_fields(current)) if current is not None else []


@dataclass(frozen=True)
class _Error:
    """One of pydantic's errors, read for a message: where, what kind, what was typed."""

    model: type[BaseModel]
    details: dict[str, Any]

    @property
    def loc(self) -> tuple[str | int, ...]:
        return tuple(self.details["loc"])

    @property
    def name(self) -> str:
        return ".".join(str(part) for part in self.loc) or "(filen)"

    @property
    def kind(self) -> str:
        return str(self.details["type"])

    @property
    def input(self) -> str:
        return _short(self.details.get("input"))

    @property
    def limits(self) -> dict[str, Any]:
        return dict(self.details.get("ctx") or {})


def _unknown_key(error: _Error) -> tuple[str, str]:
    loc = error.loc
    options = _known_fields(error.model, tuple(error.details.get("model_loc", loc))[:-1])
    close = difflib.get_close_matches(str(loc[-1]), options, n=1)
    advice = f"menade du '{close[0]}'?" if close else (
        "ta bort nyckeln; tillåtna nycklar här är: " + ", ".join(options) if options
        else "ta bort nyckeln.")
    return f"Okänd nyckel '{loc[-1]}'.", advice


def _missing(error: _Error) -> tuple[str, str]:
    return f"Uppgiften '{error.name}' saknas.", f"lägg till '{error.loc[-1]}: …' här."


def _value_error(error: _Error) -> tuple[str, str]:
    """A value our own validators refused, in their own Swedish words."""
    loc = error.loc
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), error.name)
    message = str(error.details["msg"]).removeprefix("Value error, ")
    advice = ("skriv beloppet med siffror, t.ex. 1 500 000 eller −628 285."
              if message.endswith("är inte ett tal") else
              "skriv talet som det skrivs på svenska, som ovan." if "har punkt" in message
              else "rätta värdet enligt ovan.")
    if not loc:  # a rule over the whole entry (a model validator), not one field
        return message[:1].upper() + message[1:] + ".", advice
    return f"'{field}': {message}.", advice


def _not_allowed(error: _Error) -> tuple[str, str]:
    expected = str(error.limits["expected"]).replace(" or ", " eller ")
    return (f"'{error.name}' har värdet '{error.details.get('input')}', som inte är tillåtet.",
            f"välj ett av: {expected}.")


def _not_an_integer(error: _Error) -> tuple[str, str]:
    return (f"'{error.name}' ska vara ett heltal, inte '{error.details.get('input')}'.",
            "skriv ett heltal.")


def _not_a_date(error: _Error) -> tuple[str, str]:
    return (f"'{error.name}' ska vara ett datum, inte '{error.details.get('input')}'.",
            "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-02-16.")


# pydantic's error types with a message of their own, by the type or the start of it.
_DESCRIBED: list[tuple[str, Callable[[_Error], tuple[str, str]]]] = [
    ("extra_forbidden", _unknown_key), ("missing", _missing), ("value_error", _value_error),
    ("int", _not_an_integer), ("date", _not_a_date), ("literal_error", _not_allowed)]


def _describe(model: type[BaseModel], details: dict[str, Any]) -> tuple[str, str]:
    """An error of pydantic's as a message and what to do, in Swedish."""
    error = _Error(model, details)
    for prefix, describe in _DESCRIBED:
        if error.kind == prefix or (prefix in ("int", "date") and error.kind.startswith(prefix)):
            return describe(error)
    for prefix, swedish, advice in _PYDANTIC_TYPES:
        if error.kind.startswith(prefix):
            limits = {k: v for k, v in error.limits.items() if isinstance(v, (int, str))}
            return f"'{error.name}' {swedish.format(**limits)}, inte '{error.input}'.", advice
    return (f"'{error.name}' har ett värde som inte går att använda här ('{error.input}').",
            "jämför med exemplets fil.")


# pydantic's other error types, in Swedish (never its English msg): prefix of the type →
# (what the value should be, with the type's limits, and what to do).
_PYDANTIC_TYPES = [
    ("list_type", "ska vara en lista (en rad per värde som börjar med -, eller [a, b])",
     "skriv värdena som en lista, t.ex. på egna rader med '- ' först."),
    ("dict_type", "ska vara namn och värden (namn: värde på egna, indragna rader)",
     "skriv namn: värde på rader under, indragna med två mellanslag."),
    ("model_type", "ska vara namn och värden (namn: värde på egna, indragna rader)",
     "skriv namn: värde på rader under, indragna med två mellanslag."),
    ("string_type", "ska vara en text", "skriv texten, inom citattecken om den liknar ett tal."),
    ("bool", "ska vara ja eller nej (true eller false)", "skriv true eller false."),
    ("decimal", "ska vara ett tal", "skriv talet med siffror."),
    ("float", "ska vara ett tal", "skriv talet med siffror."),
    ("too_short", "har för få värden (minst {min_length})", "lägg till det som saknas."),
    ("too_long", "har för många värden (högst {max_length})", "ta bort det som är för mycket."),
    ("greater_than_equal", "ska vara minst {ge}", "rätta värdet."),
    ("less_than_equal", "får vara högst {le}", "rätta värdet."),
    ("greater_than", "ska vara större än {gt}", "rätta värdet."),
    ("less_than", "ska vara mindre än {lt}", "rätta värdet."),
]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


VIRTUAL_FIELDS = ("specifikationer", "grupper")


def validate(model: type[T], raw: Any, path: Path) -> T:
    """Build a typed model from raw YAML; all problems in the file are raised together."""
    if not isinstance(raw, dict):
        raise BuildError(Problem("Filen är tom eller har inte formen 'namn: värde'.", path, 1,
                                 "jämför med exempelfilen i content/."))
    try:
        return model.model_validate(raw)
    except ValidationError as failure:
        problems = []
        for found in failure.errors():
            error: dict[str, Any] = dict(found)
            # A line's note is typed under noter as the line's id (Noter._line_notes).
            # A budget's cost groups are typed at its top (BudgetFil._groups).
            error["model_loc"] = error["loc"]  # with the virtual fields, for the model's keys
            error["loc"] = tuple(p for p in error["loc"] if p not in VIRTUAL_FIELDS)
            message, advice = _describe(model, error)
            problems.append(Problem(message, path, locate(raw, tuple(error["loc"])), advice))
        raise BuildError(problems) from None
