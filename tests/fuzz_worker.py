"""The fuzz test's worker (run by test_fuzz.py in its own process, under a memory limit).

Cases come from a seeded generator, so a run can be repeated: `python tests/fuzz_worker.py
SEED TEMPLATES PER_FILE`. Each case changes one input of a copy of the example (a YAML file
by its data or by its text, or a section by a random template), runs the build up to the
HTML in this process, and says on one JSON line what came out: "ok" (built), "message" (a
BuildError whose every problem names a file and says what to do) or "fault" (anything
else: a traceback, a hang past the time limit, the memory running out).
"""
from __future__ import annotations

import datetime
import functools
import json
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
sys.path[:0] = [str(REPO), str(TESTS)]

import yaml  # noqa: E402
from helpers import copy_project, pipeline_message  # noqa: E402

SECONDS_PER_CASE = 10  # far beyond any case's need: a case that takes it is a hang
MEMORY = 2_500_000_000  # bytes of address space for the whole worker

DOCUMENT = "content/2022/arsredovisning"
# Every YAML input, as a path in the project it is fuzzed in ("sie": the example built from
# its SIE file, so that the mapping is read).
YAML_FILES = [
    ("bas", "content/forbund.yaml"), ("bas", f"{DOCUMENT}/dokument.yaml"),
    ("bas", "content/2022/utfall.yaml"), ("bas", "content/2022/verksamhetsplan/budget.yaml"),
    ("bas", "content/historik.yaml"), ("bas", "content/kontoplan.yaml"),
    ("bas", f"{DOCUMENT}/statistik.yaml"), ("sie", "content/sie-mappning.yaml"),
    ("bas", "content/2022/verksamhetsplan/mal.yaml"), ("bas", f"{DOCUMENT}/maluppfoljning.yaml"),
]

HOSTILE_VALUES: list[Any] = [
    10 ** 30, -(10 ** 30), 2 ** 63, -1, 0, 1.5, 1e308, "3.102", "1 000 000 000 000 000 000 000",
    "−", "", None, True, False, [], {}, [[[[[1]]]]], {"a": {"b": {"c": 1}}}, "\x1b[31mröd\x07",
    "\ue000placering-0\ue000", "{{ 9**(9**9) }}", "{{ 'x' * 10**10 }}", "{{ range }}",
    "{% for a in 'x' * 99999 %}{% for b in 'x' * 99999 %}{% endfor %}{% endfor %}",
    "[[resultatrakning]]", "x" * 100_000, "2023-02-30", datetime.date(1, 1, 1),
    datetime.date(9999, 12, 31), "ÅÄÖ åäö", "\u202e", "<script>alert(1)</script>", "[^1]",
    "NaN", "Infinity", "-0", "0x10", "1_000", "12 %", "−628 285", "1,5", "nej", "~",
    "<div>" * 200, "# Rubrik", "staten", "insatser", "verksamhetens_intakter", 2022, 1899,
    2101, "utkast", "fastställd", ["a", "b"], [1, 2, 3], {"namn": "x", "belopp": 1},
]

SNIPPETS = [
    "\t", ": ", "- ", "[", "]", "{", "}", '"', "'", "&a ", "*a", "*b ", "!!python/object/apply:os.system ['id']",
    "!!binary AAAA", "%YAML 1.1\n---\n", "---\n", "...\n", "? [a, b]\n: 1\n", "\x00", "\ufeff",
    "\x1b[31m", "|\n", ">\n", "#", "\u00a0", "<<: *a\n", "nyckel: &a [1, 2]\n", "x: 1\nx: 2\n",
    "y: " + "[" * 300 + "]" * 300 + "\n", "z: " + "{a: " * 120 + "1" + "}" * 120 + "\n",
    "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
    "ä", "9" * 40, "-1", "1e30", "2023-13-45", "null", "{{ 9**(9**9) }}", "\ue000placering-3\ue000",
    "!!int noll", "!!bool kanske", "!!timestamp igår", "!!set [1]", "!!float x", "!!str ",
    "!egen ",
]


# Problems known to lack their file, each fixed elsewhere: issue 25's "messages that mislead"
# (a misspelt rad: in sie-mappning.yaml said with no file), on the branch that fixes them.
KNOWN_WITHOUT_FILE = ("- Mappningen nämner raden",)


class Hang(BaseException):
    """The case ran past its time (a BaseException: the tool catches no such thing)."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


# --- The projects ---------------------------------------------------------------------------

def make_projects(folder: Path) -> dict[str, Path]:
    """The example with one input of each kind it lacks (statistics, a chart of its own), and
    the example built from its SIE file (for the SIE mapping)."""
    base = copy_project(folder / "bas")
    (base / DOCUMENT / "statistik.yaml").write_text(
        "deltagare:\n  rubrik: Deltagare efter kön\n  kalla: SUS\n  kolumner: [Kvinnor, Män]\n"
        "  rader:\n    Insats A: [12, 10]\n    Insats B: [3, 4]\n  totalt: 29\n",
        encoding="utf-8")
    personal = base / DOCUMENT / "personal.md"
    personal.write_text(personal.read_text(encoding="utf-8") + "\n[[statistik-deltagare]]\n",
                        encoding="utf-8")
    (base / "content/kontoplan.yaml").write_text(
        "namn:\n  fordringar: Kortfristiga fordringar\ntillagg:\n"
        "  - {id: projektmedel, namn: Projektmedel, efter: verksamhetens_intakter}\n",
        encoding="utf-8")
    sie = copy_project(folder / "sie")
    source = REPO / "tests/sie/vastra-malardalen-2022"
    for name, target in (("utfall.yaml", "content/2022/utfall.yaml"),
                         ("bokslut-2022.se", "content/2022/bokslut-2022.se"),
                         ("sie-mappning.yaml", "content/sie-mappning.yaml")):
        shutil.copy(source / name, sie / target)
    for project in (base, sie):
        assert pipeline_message(project) == "", f"{project.name} byggs inte:\n" + pipeline_message(project)
    return {"bas": base, "sie": sie}


# --- YAML mutations -------------------------------------------------------------------------

def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in the data (keys and list positions), the root included."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def mutate_data(text: str, rng: random.Random) -> tuple[str, str]:
    """The file's data with one place changed, written out again as YAML."""
    data = yaml.safe_load(text)
    path = rng.choice(_paths(data))
    action = rng.choice(["replace", "replace", "replace", "delete", "add", "duplicate"])
    value = rng.choice(HOSTILE_VALUES)
    if not path or action == "replace":
        if path:
            _get(data, path[:-1])[path[-1]] = value
        else:
            data = value
    else:
        parent = _get(data, path[:-1])
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[rng.choice(["anstalda", "x" * 300, 10 ** 30, "ÅÄÖ", "", "2022"])] = value
        elif action == "add":
            parent.append(value)
        elif isinstance(parent, list):
            parent.insert(path[-1], parent[path[-1]])
        else:
            parent[f"{path[-1]}_kopia"] = parent[path[-1]]
    written = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return written, f"data {action} {path!r} → {value!r:.60}"


def mutate_text(text: str, rng: random.Random) -> tuple[str, str]:
    """The file's text with a snippet, a line or a cut changed."""
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    action = rng.choice(["insert", "insert", "insert", "delete", "duplicate", "truncate",
                         "digits", "indent", "empty"])
    if action == "insert":
        snippet = rng.choice(SNIPPETS)
        column = rng.randrange(len(lines[at]) + 1)
        lines[at] = lines[at][:column] + snippet + lines[at][column:]
        return "\n".join(lines), f"text insert rad {at + 1}: {snippet!r:.60}"
    if action == "delete":
        del lines[at]
    elif action == "duplicate":
        lines.insert(at, lines[at])
    elif action == "truncate":
        return text[:rng.randrange(len(text) + 1)], "text truncate"
    elif action == "digits":
        lines[at] = "".join(rng.choice("0123456789") * rng.choice([1, 1, 20]) if c.isdigit()
                            else c for c in lines[at])
    elif action == "indent":
        lines[at] = " " * rng.choice([1, 3, 17]) + lines[at]
    else:
        return rng.choice(["", "\n", "---\n", "~\n", "[]\n", "- a\n", "\xff\xfe"]), "text empty"
    return "\n".join(lines), f"text {action} rad {at + 1}"


# --- Template generation --------------------------------------------------------------------

NAMES = ["ar", "resultatrakning", "balansrakning", "forbund", "dokument", "noter",
         "finns_inte", "kostnadsgrupper", "medlemsbidrag"]
FILTERS = ["kr", "tkr", "procent", "tal", "upper", "lower", "length", "join", "replace",
           "center", "indent", "format", "first", "last", "list", "sort", "sum", "round",
           "int", "string", "default", "batch", "slice", "wordwrap", "truncate", "tojson",
           "map", "select", "unique", "max", "min", "trim", "title", "safe", "e", "reverse"]


class TemplateMaker:
    """Random Jinja and Markdown: mostly small and ordinary, now and then hostile."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def number(self) -> str:
        return str(self.rng.choice([0, 1, 2, 3, 7, 10, 99, -4, 1000, 10 ** 6, 10 ** 9, 10 ** 30,
                                    "2.5", "9**(9**9)", "10**10"]))

    def literal(self) -> str:
        r = self.rng
        return r.choice([self.number(), "'text'", "''", "'å,ä'", f"'x' * {self.number()}",
                         "[1, 2, 3]", "[]", "{'a': 1}", "none", "true", "'%5d'", "'{:>9}'",
                         "'\\ue000placering-0\\ue000'", "'<div>'"])

    def expr(self, depth: int = 0) -> str:
        r = self.rng
        if depth > 3:
            return r.choice([self.literal(), r.choice(NAMES)])
        kind = r.randrange(9)
        if kind == 0:
            return self.literal()
        if kind == 1:
            name = r.choice(NAMES)
            return name + "".join(r.choice([".summa", ".arets_resultat", ".items", "[0]",
                                            "['a']", ".namn", ".__class__", ".ar", ".rader"])
                                  for _ in range(r.randrange(3)))
        if kind == 2:
            op = r.choice(["+", "-", "*", "/", "//", "%", "**", "~"])
            return f"({self.expr(depth + 1)} {op} {self.expr(depth + 1)})"
        if kind == 3:
            args = ", ".join(self.expr(depth + 1) for _ in range(r.randrange(3)))
            return f"({self.expr(depth + 1)} | {r.choice(FILTERS)}({args}))"
        if kind == 4:
            method = r.choice(["upper()", "center(" + self.number() + ")", "zfill(" +
                               self.number() + ")", "replace('x', 'xx')", "split()",
                               "join(['a', 'b'])", "format(1)", "expandtabs(" + self.number()
                               + ")", "startswith('a')", "items()", "keys()"])
            return f"{self.expr(depth + 1)}.{method}"
        if kind == 5:
            return f"range({self.number()})"
        if kind == 6:
            return f"({self.expr(depth + 1)} if {self.expr(depth + 1)} else {self.expr(depth + 1)})"
        if kind == 7:
            return f"{self.expr(depth + 1)} is {r.choice(['defined', 'number', 'string', 'odd'])}"
        return r.choice(NAMES)

    def block(self, depth: int = 0) -> str:
        r = self.rng
        if depth > 2:
            return self.text()
        kind = r.randrange(10)
        if kind < 3:
            return self.text()
        if kind == 3:
            return "{{ " + self.expr() + " }}"
        if kind == 4:
            return ("{% if " + self.expr() + " %}" + self.block(depth + 1) + "{% else %}"
                    + self.block(depth + 1) + "{% endif %}")
        if kind == 5:
            return ("{% for v in " + self.expr() + " %}" + self.block(depth + 1)
                    + r.choice(["{{ v }}", "{{ loop.index }}", "", "{{ loop(v) }}"])
                    + "{% endfor %}")
        if kind == 6:
            return "{% set s = " + self.expr() + " %}" + self.block(depth + 1) + "{{ s }}"
        if kind == 7:
            return ("{% macro m(a) %}" + self.block(depth + 1) + r.choice(
                ["{{ m(a ~ a) }}", "{{ m(a) }}", "{{ a }}", ""]) + "{% endmacro %}{{ m("
                + self.expr() + ") }}")
        if kind == 8:
            return "{% filter " + r.choice(["upper", "center(100)", "indent(4)"]) + " %}" + \
                self.block(depth + 1) + "{% endfilter %}"
        return r.choice(["{{ ", "{% if %}", "{% endfor %}", "{# ", "}}", "{% raw %}{{ x }}",
                         "{% include 'x' %}", "{% extends 'x' %}", "{% import 'x' as y %}"])

    def text(self) -> str:
        r = self.rng
        return r.choice([
            "En mening om förbundet.", "# Rubrik", "## Underrubrik", "\n- a\n- b\n",
            "\n| a | b |\n|---|---|\n| 1 | 2 |\n", "Text[^1].\n\n[^1]: En not.\n",
            "[^" * r.choice([2, 50]), "^[inline]", "\n[[resultatrakning]]\n", "[[okand]]",
            "\n[[okand]]\n", "![bild](bild.png)", "<img src=x>", "<img>",
            "<div>" * r.choice([3, 60]) + "x" + "</div>" * r.choice([3, 60]),
            "\ue000placering-0\ue000", "\x1b[31m", "<script>alert(1)</script>",
            "<a href='javascript:x'>l</a>", "**fet** *kursiv*", "> citat", "```\nkod\n```",
            " " * r.choice([1, 5000]) + "\n", "\n\n", "&amp; &#0; &#x110000;", "\x00"])

    def section(self) -> str:
        return "\n\n".join(self.block() for _ in range(self.rng.randrange(1, 5))) + "\n"


# --- Running a case ---------------------------------------------------------------------

def _problems_ok(message: str) -> str | None:
    """Why a build's message is not a proper one (None when it is)."""
    import re
    lines = message.split("\n")
    problems = [line for line in lines if line.startswith("- ")]
    if not lines[0].startswith("Bygget stoppades:") or not problems:
        return "inget 'Bygget stoppades' med fel"
    without_file = [line for line in problems if not line.startswith("- content/")]
    if any(not line.startswith(KNOWN_WITHOUT_FILE) for line in without_file):
        return "ett fel utan fil i content/"
    if message.count("Gör så här:") < len(problems):
        return "ett fel utan 'Gör så här'"
    if match := re.search(r"Traceback|\b\w*(Error|Exception)\b(?!\w)", message):
        return f"Pythons ord i meddelandet: {match.group(0)}"
    return None


def run_case(action: Callable[[], str]) -> tuple[str, str]:
    """(outcome, detail) of one case, within SECONDS_PER_CASE."""
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_CASE)
    try:
        message = action()
    except Hang:
        return "fault", f"hängde: mer än {SECONDS_PER_CASE} s"
    except MemoryError:
        return "fault", "minnet tog slut"
    except Exception:  # noqa: BLE001 - precisely what the fuzz looks for
        return "fault", traceback.format_exc()[-3000:]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if not message:
        return "ok", ""
    why = _problems_ok(message)
    return ("fault", f"{why}:\n{message[:3000]}") if why else ("message", message[:300])


def section_case(context: dict[str, Any], path: Path, text: str) -> Callable[[], str]:
    """A random section through render_section (Jinja, Markdown, cleaning, placing)."""
    from finsam.common.errors import BuildError
    from finsam.load.project import SourceText
    from finsam.render.sections import Outline, render_section

    def action() -> str:
        try:
            render_section(SourceText(path, text), context,
                           lambda name, heading: "<table><tr><td>1</td></tr></table>",
                           Outline(), ["resultatrakning", "balansrakning"])
        except BuildError as error:
            return error.render(path.parent.parent.parent.parent)
        return ""
    return action


def narrative(project: Path) -> dict[str, Any]:
    from finsam.build import compute, load_and_validate, make_ledger
    from finsam.render.pages import narrative_context
    built, documents, _ = load_and_validate(project)
    document = next(d for d in documents if d.key == "2022/arsredovisning")
    return narrative_context(document, compute(document, built, make_ledger(built)), built)


def main() -> None:
    seed, templates, per_file = (int(a) for a in sys.argv[1:4])
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="finsam-fuzz-"))
    try:
        projects = make_projects(folder)
        number = 0

        def report(target: str, mutation: str, text: str, outcome: str, detail: str,
                   seconds: float) -> None:
            record = {"case": number, "target": target, "mutation": mutation,
                      "outcome": outcome, "seconds": round(seconds, 3), "detail": detail}
            if outcome == "fault":
                record["input"] = text[:2000]
            print(json.dumps(record, ensure_ascii=False), flush=True)

        for kind, relative in YAML_FILES:
            project = projects[kind]
            path = project / relative
            original = path.read_bytes()
            for _ in range(per_file):
                number += 1
                mutate = mutate_data if rng.random() < 0.5 else mutate_text
                text, mutation = mutate(original.decode("utf-8"), rng)
                path.write_bytes(text.encode("utf-8", "surrogatepass"))
                started = time.perf_counter()
                outcome, detail = run_case(functools.partial(pipeline_message, project))
                report(relative, mutation, text, outcome, detail, time.perf_counter() - started)
                path.write_bytes(original)

        context = narrative(projects["bas"])
        section = projects["bas"] / DOCUMENT / "personal.md"
        maker = TemplateMaker(rng)
        for index in range(templates):
            number += 1
            text = maker.section()
            started = time.perf_counter()
            if index % 50 == 0:  # now and then the whole pipeline, section in place
                original = section.read_bytes()
                section.write_text(text, encoding="utf-8")
                outcome, detail = run_case(lambda: pipeline_message(projects["bas"]))
                section.write_bytes(original)
            else:
                outcome, detail = run_case(section_case(context, section, text))
            report(f"{DOCUMENT}/personal.md", "mall", text, outcome, detail,
                   time.perf_counter() - started)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
