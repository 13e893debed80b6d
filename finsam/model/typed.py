"""Raw YAML → a typed model: pydantic checks the schema, and each of its errors becomes a
Problem in Swedish at the file and line of the value (never pydantic's English)."""
from __future__ import annotations

import difflib
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


def _describe(model: type[BaseModel], error: dict[str, Any]) -> tuple[str, str]:
    loc = tuple(error["loc"])
    name = ".".join(str(part) for part in loc) or "(filen)"
    kind = error["type"]
    if kind == "extra_forbidden":
        options = _known_fields(model, tuple(error.get("model_loc", loc))[:-1])
        close = difflib.get_close_matches(str(loc[-1]), options, n=1)
        advice = f"menade du '{close[0]}'?" if close else (
            "ta bort nyckeln; tillåtna nycklar här är: " + ", ".join(options) if options
            else "ta bort nyckeln.")
        return f"Okänd nyckel '{loc[-1]}'.", advice
    if kind == "missing":
        return f"Uppgiften '{name}' saknas.", f"lägg till '{loc[-1]}: …' här."
    if kind == "value_error":
        field = next((str(p) for p in reversed(loc) if isinstance(p, str)), name)
        message = error["msg"].removeprefix("Value error, ")
        advice = ("skriv beloppet med siffror, t.ex. 1 500 000 eller −628 285."
                  if message.endswith("är inte ett tal") else
                  "skriv talet som det skrivs på svenska, som ovan." if "har punkt" in message
                  else "rätta värdet enligt ovan.")
        if not loc:  # a rule over the whole entry (a model validator), not one field
            return message[:1].upper() + message[1:] + ".", advice
        return f"'{field}': {message}.", advice
    if kind.startswith("int"):
        return f"'{name}' ska vara ett heltal, inte '{error.get('input')}'.", "skriv ett heltal."
    if kind.startswith("date"):
        return (f"'{name}' ska vara ett datum, inte '{error.get('input')}'.",
                "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-02-16.")
    if kind == "literal_error":
        return (f"'{name}' har värdet '{error.get('input')}', som inte är tillåtet.",
                f"välj ett av: {str(error['ctx']['expected']).replace(' or ', ' eller ')}.")
    for prefix, swedish, advice in _PYDANTIC_TYPES:
        if kind.startswith(prefix):
            limit = (error.get("ctx") or {})
            shown = swedish.format(**{k: v for k, v in limit.items() if isinstance(v, (int, str))})
            return f"'{name}' {shown}, inte '{_short(error.get('input'))}'.", advice
    return (f"'{name}' har ett värde som inte går att använda här ('{_short(error.get('input'))}').",
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
        for error in failure.errors():
            # A line's note is typed under noter as the line's id (Noter._line_notes).
            # A budget's cost groups are typed at its top (BudgetFil._groups).
            error["model_loc"] = error["loc"]  # with the virtual fields, for the model's keys
            error["loc"] = tuple(p for p in error["loc"] if p not in VIRTUAL_FIELDS)
            message, advice = _describe(model, error)
            problems.append(Problem(message, path, locate(raw, tuple(error["loc"])), advice))
        raise BuildError(problems) from None
