"""What went wrong in an author's template, and what they may have meant: Jinja's errors in
Swedish, and the closest name of the same kind (never another figure that shares a word)."""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

import jinja2
from pydantic import BaseModel


def kind_of(value: Any) -> str:
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


def suggest(wrong: str, options: list[str], where: str = "") -> str:
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


def explain_undefined(error: jinja2.UndefinedError, context: dict[str, Any]
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
                  else suggest(str(name), list(context)))
        return f"Namnet '{name}' finns inte.", advice
    if holder is None:  # a name asked of something that has no value here
        return _asked_of_nothing(str(name), context)
    label = next((f"'{key}'" for key, value in context.items() if value is holder),
                 getattr(holder, "_where", "") or _HOLDERS.get(type(holder).__name__, ""))
    where = f" i {label}" if label else ""
    names = _public_names(holder)
    empty = getattr(holder, "_empty", "") if not names else ""
    return f"'{name}' finns inte{where}.", empty or suggest(str(name), names, where)


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
    # Which value was empty is not known here (a table's empty cell, a figure the year lacks):
    # naming the context's empty names would blame one the line may not even use.
    return (f"'{name}' kan inte hämtas ur ett värde som saknas (en tom ruta, eller en siffra "
            "som inte finns för året).",
            "skriv {% if namnet %} … {% endif %} runt meningen, så att den bara tas med när "
            "värdet finns.")
