"""Stage 1, load: files → raw data that remembers the file and line of every value.

YAML mappings become `SourceMap` (a dict that knows the line of each key) and
sequences `SourceList`, so a later stage can say "utfall.yaml, rad 12". PyYAML
silently keeps the last of two equal keys, which would lose a figure: here that
is an error. A YAML float (3.102) is kept as the text typed: money never passes through
float, and validation can refuse a dot where Swedish has a comma. Invalid dates and
encodings are problems with their file and line, like every other mistake.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..common.errors import BuildError, Problem, attempt


class SourceMap(dict[Any, Any]):
    """A YAML mapping with the file and line of each key."""

    file: Path
    line: int
    key_lines: dict[Any, int]  # keys as read: text, or a number (a year)
    text_lines: dict[Any, int]  # where each value's text begins (the line after a '|')


class SourceList(list[Any]):
    """A YAML sequence with the file and the line of each item."""

    file: Path
    line: int
    item_lines: list[int]


# libyaml's parser when PyYAML has it (its wheels do): the preview reparses every file
# on each save, and the C parser is several times faster than the pure-Python one.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Every problem the parser can report, in Swedish: libyaml's wordings (the C parser) and
# PyYAML's (the pure-Python one, and the constructor both use), matched on the problem, then
# on the context ("while scanning a block scalar"). Never shown in English: a förbundschef
# reads "ett citattecken är inte avslutat", not "while scanning a quoted scalar".
_QUOTE = "sätt texten inom citattecken"
_YAML_PROBLEMS: list[tuple[tuple[str, ...], str]] = [
    (("mapping values are not allowed",), "ett kolon står där det inte får stå (text med "
     f"kolon: {_QUOTE})"),
    (("could not find expected ':'",), "ett kolon saknas efter namnet"),
    (("did not find expected ',' or ']'", "expected ',' or ']'"),
     "en lista inom [ ] är inte avslutad med ]"),
    (("did not find expected ',' or '}'", "expected ',' or '}'"),
     "en samling inom { } är inte avslutad med }"),
    (("found undefined alias",), "ett värde börjar med *, som i YAML hämtar ett ankare som inte "
     f"finns; {_QUOTE}"),
    (("found duplicate anchor",), "samma ankare (&namn) står två gånger"),
    (("found unexpected ':'",), "ett kolon står där det inte får stå"),
    (("block sequence entries are not allowed", "sequence entries are not allowed"),
     "ett listelement (-) står där det inte får stå"),
    (("mapping keys are not allowed",), "ett frågetecken (?) följt av mellanslag läses som en "
     f"nyckel i YAML; {_QUOTE}"),
    (("tab character",), "en tabb står där YAML kräver mellanslag"),
    (("unknown escape character", "invalid Unicode character escape", "expected hexdecimal",
      "expected escape sequence"),
     "ett omvänt snedstreck (\\) inom dubbla citattecken följs av ett tecken som inte kan "
     "stå där; skriv \\\\ för ett snedstreck, eller använd enkla citattecken"),
    (("indentation indicator equal to 0", "chomping or indentation indicators"),
     "ett | eller > (en text över flera rader) följs av något annat än en radbrytning; börja "
     "texten på raden under"),
    (("could not determine a constructor for the tag",), "ett värde börjar med !, som i YAML "
     f"är en tagg; {_QUOTE}"),
    (("found unhashable key",), "en nyckel är en lista eller samling ([ ] eller { } före "
     "kolonet); en nyckel är ett namn"),
    (("document start>", "but found another document", "unexpected document indicator",
      "document indicator"), "filen har en rad med --- eller ... (ett nytt YAML-dokument) "
     "mitt i, eller text efter slutet; ta bort raden"),
    (("found unexpected end of stream",), "filen tar slut mitt i ett värde"),
    (("node content",), "ett värde saknas (efter ett kommatecken, ett - eller ett kolon), "
     f"eller börjar med ett tecken som YAML reserverar; {_QUOTE}"),
    (("expected '-' indicator",), "indragningen i listan stämmer inte: varje element börjar "
     "med - på samma indrag"),
    (("did not find expected key", "expected <block end>"),
     "indragningen stämmer inte med raderna ovanför"),
    (("Maximum nesting level", "nesting"), "värdena är för djupt inuti varandra"),
    (("expected a mapping node", "expected a sequence node", "expected a scalar node"),
     f"ett värde har en form som dess tagg (!) inte tillåter; {_QUOTE}"),
]
# By where the parser was when it gave up, for the problems above that say only what it
# expected next.
_YAML_CONTEXTS: list[tuple[str, str]] = [
    ("while scanning a quoted scalar", "ett citattecken är inte avslutat"),
    ("while parsing a quoted scalar", "ett citattecken är inte avslutat"),
    ("while scanning a double-quoted scalar", "ett citattecken är inte avslutat"),
    ("while scanning a single-quoted scalar", "ett citattecken är inte avslutat"),
    ("while scanning a block scalar", "ett | eller > (en text över flera rader) följs av något "
     "annat än en radbrytning; börja texten på raden under"),
    ("while scanning an anchor", f"& i början av ett värde inleder ett ankare i YAML; {_QUOTE}"),
    ("while scanning an alias", f"* i början av ett värde hämtar ett ankare i YAML; {_QUOTE}"),
    ("tag", f"! i början av ett värde inleder en tagg i YAML; {_QUOTE}"),
    ("directive", f"% i början av en rad är ett direktiv i YAML; {_QUOTE}"),
    ("while scanning a simple key", "ett kolon saknas efter namnet"),
    ("while parsing a flow sequence", "en lista inom [ ] är inte avslutad med ]"),
    ("while parsing a flow mapping", "en samling inom { } är inte avslutad med }"),
    ("while parsing a block collection", "indragningen i listan stämmer inte: varje element "
     "börjar med - på samma indrag"),
    ("while parsing a block mapping", "indragningen stämmer inte med raderna ovanför"),
]
# The characters YAML reserves at the start of a value, by name.
_RESERVED = {"\t": "en tabb", "@": "@", "`": "`", "%": "%", "|": "|", ">": ">", "!": "!",
             "&": "&", "*": "*"}


def _yaml_problem(error: yaml.MarkedYAMLError, text: str = "") -> str:
    """The parser's problem in Swedish (never in English): by its wording, else by where it
    was, else in general words with the character it stopped at."""
    problem, context = error.problem or "", error.context or ""
    if "cannot start any token" in problem:
        return _cannot_start(error, text)
    if "unexpected end of stream" in problem and "quoted" in context:
        return "ett citattecken är inte avslutat"
    mark = error.problem_mark
    if ("node content" in problem or "flow" in context) and mark is not None and text and (
            mark.index >= len(text.rstrip())):
        return "filen tar slut mitt i ett värde (en [ eller { som inte är avslutad?)"
    for needles, swedish in _YAML_PROBLEMS:
        if any(needle in problem for needle in needles):
            return swedish
    for needle, swedish in _YAML_CONTEXTS:
        if needle in context:
            return swedish
    return "YAML-syntaxen går inte att läsa här"


def _cannot_start(error: yaml.MarkedYAMLError, text: str) -> str:
    """A character YAML does not allow where a value starts (a tab between [ ], @, `)."""
    mark = error.problem_mark
    character = ""
    if mark is not None and text:
        lines = text.split("\n")
        if mark.line < len(lines) and mark.column < len(lines[mark.line]):
            character = lines[mark.line][mark.column]
    if character == "\t":
        return "en tabb står där YAML kräver mellanslag (också inom [ ] och { })"
    shown = f"tecknet {_RESERVED.get(character, repr(character))}" if character else "ett tecken"
    return f"{shown} får inte inleda ett värde i YAML; {_QUOTE}"


def _make_loader(path: Path) -> type[yaml.SafeLoader]:
    class Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]  # C or Python, as found
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> SourceMap:
        loader.flatten_mapping(node)
        result = SourceMap()
        result.file, result.line = path, node.start_mark.line + 1
        result.key_lines, result.text_lines = {}, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, (list, dict)):
                # `? [a, b]` (or `[a, b]: 1`) makes a list the name of a value: no file of
                # the report has such names, and Python could not look it up.
                raise BuildError(Problem(
                    "Ett namn (det som står före kolonet) är en lista eller en samling, inte "
                    "ett ord.", path, line,
                    "skriv namnet som vanlig text, t.ex. 'namn: värde'; ett frågetecken (?) "
                    "först på raden eller [ ] före kolonet gör namnet till en lista.",
                    column=key_node.start_mark.column + 1))
            if key in result:
                raise BuildError(Problem(
                    f"Nyckeln '{key}' finns två gånger i samma avsnitt "
                    f"(först på rad {result.key_lines[key]}).",
                    path, line,
                    "ta bort eller byt namn på den ena; annars skulle ett av värdena tappas bort.",
                ))
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = line
            # A block text (| or >) starts on the line after its indicator.
            result.text_lines[key] = (value_node.start_mark.line + 1
                                      + (getattr(value_node, "style", None) in ("|", ">")))
        return result

    def construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> SourceList:
        result = SourceList(loader.construct_object(child, deep=True) for child in node.value)
        result.file, result.line = path, node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> DottedNumber:
        # '3.102' is a float to YAML but never a Swedish number (the decimal sign is a
        # comma): keep the text as typed, so validation can refuse it in an amount and say
        # how to write it, instead of publishing 3,102.
        return DottedNumber(loader.construct_scalar(node))

    def construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
        if abs(value) >= MAX_NUMBER:
            raise BuildError(too_large_number(node.value, path, node.start_mark.line + 1,
                                              node.start_mark.column + 1))
        return value

    def construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
        except ValueError:
            raise BuildError(Problem(
                f"'{node.value}' är inget datum som finns i kalendern.", path,
                node.start_mark.line + 1, "rätta datumet (ÅÅÅÅ-MM-DD, t.ex. 2023-02-16).",
                column=node.start_mark.column + 1)) from None

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Loader.add_constructor("tag:yaml.org,2002:float", construct_float)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_date)
    return Loader


# No amount in kronor, count of participants or year in a report comes near this: a number
# with more digits is a slip of the keyboard, and beyond 28 digits the decimal arithmetic
# that rounds and formats the figures cannot represent it exactly.
MAX_NUMBER = 10 ** 15


def too_large_number(typed: str, path: Path, line: int | None,
                     column: int | None = None) -> Problem:
    """The problem of a number too large to be an amount or a count."""
    return Problem(
        f"Talet {typed.strip()[:40]} är orimligt stort: inget belopp eller antal i en "
        "rapport har 16 siffror eller fler.", path, line,
        "rätta talet (kontrollera att inga siffror har kommit med två gånger).", column=column)


class DottedNumber(str):
    """A YAML float kept as the text typed (e.g. '3.102'); see construct_float."""


# No report's text or figures come near this; a larger file is a mistake (a PDF or a
# database export saved under the wrong name) and would only stall the build.
MAX_INPUT_BYTES = 5_000_000


def read_text(path: Path) -> str:
    """Read a text file as the author saved it: UTF-8 (with or without BOM), UTF-16 with its
    BOM (Notepad's "Unicode") or Windows-1252 (a file with no UTF-8 letters in it). A file
    that mixes them, or anything else, is refused at its line, never guessed."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise BuildError(Problem(
                f"Filen är för stor ({path.stat().st_size // 1_000_000} MB) för att vara text "
                "eller siffror till en rapport.", path, None,
                "kontrollera att rätt fil har sparats under det här namnet."))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BuildError(Problem("Filen finns inte.", path, None,
                                 "kontrollera namnet, eller skapa filen.")) from None
    except IsADirectoryError:
        raise BuildError(Problem("Det här är en mapp, inte en fil.", path, None,
                                 "ange en fil.")) from None
    except OSError as error:
        raise BuildError(Problem(f"Filen går inte att läsa ({error.strerror}).", path, None,
                                 "kontrollera att filen finns och får läsas.")) from None
    return _decode(raw, path).replace("\r\n", "\n").replace("\r", "\n")


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")  # the BOM says which byte order
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise BuildError(Problem(
            "Filen är inte text i en teckenkodning som går att läsa (den innehåller nolltecken, "
            "som i UTF-16 utan byteordningsmärke eller en binärfil).", path, None,
            "spara filen som UTF-8 (i Anteckningar: Spara som, Kodning: UTF-8)."))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8. Decided by the evidence, never guessed for the whole file: a file with UTF-8's
    # multi-byte letters (ä as C3 A4) and a byte that is not UTF-8 (ä as E4, pasted from an
    # older program) is mixed, and decoding all of it as Windows-1252 would publish every
    # UTF-8 letter as mojibake ("VÃ¤sentliga"). Only a file with no UTF-8 letters at all is
    # Windows-1252, as Notepad on older Windows saves it (its Swedish letters are unambiguous).
    lines = raw.split(b"\n")
    text = raw.decode("utf-8", errors="surrogateescape")
    if any(ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF for c in text):
        raise BuildError(_mixed_encoding(lines, path))
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        line, column = _place_of_byte(raw, error.start)
        raise BuildError(Problem(
            f"Filen är varken UTF-8 eller Windows-1252: byten 0x{raw[error.start]:02X} är inget "
            "tecken i någon av dem.", path, line,
            "spara filen som UTF-8 (i Anteckningar: Spara som, Kodning: UTF-8) och kontrollera "
            "tecknet på raden.", column=column)) from None


def _place_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    """The line and column (in characters, as an editor counts them) of a byte."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[line_start:offset].decode("utf-8", errors="replace")
    return raw.count(b"\n", 0, offset) + 1, len(before) + 1


def _mixed_encoding(lines: list[bytes], path: Path) -> Problem:
    """The first line with a byte that is not UTF-8 in an otherwise UTF-8 file, what the byte
    would be in Windows-1252, and the other lines that have such bytes."""
    odd = []
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            odd.append((number, error.start, line))
    number, start, line = odd[0]
    column = len(line[:start].decode("utf-8", errors="replace")) + 1
    byte = line[start:start + 1]
    meaning = byte.decode("cp1252", errors="replace")
    seen_as = f" ('{meaning}' i Windows-1252)" if meaning != "\ufffd" else ""
    others = [str(n) for n, _, _ in odd[1:]]
    more = (f" Samma sak på rad {', '.join(others[:8])}{' …' if len(others) > 8 else ''}."
            if others else "")
    return Problem(
        f"Filen blandar två teckenkodningar: den är UTF-8, men byten 0x{byte[0]:02X}"
        f"{seen_as} är inte UTF-8.{more}", path, number,
        "skriv om tecknet på raden (och de andra raderna) och spara filen som UTF-8 (i "
        "Anteckningar: Spara som, Kodning: UTF-8); text som klistrats in från ett äldre "
        "program har ofta en annan kodning.", column=column)


def load_yaml(path: Path) -> Any:
    """Load one YAML file; every syntax problem becomes a Problem with its line."""
    text = read_text(path)
    for number, written in enumerate(text.split("\n"), start=1):
        stripped = written.lstrip(" ")
        if stripped.startswith("\t"):
            raise BuildError(Problem(
                "Raden är indragen med tabb. YAML kräver mellanslag.", path, number,
                "ersätt tabben med mellanslag (två per nivå).",
                column=len(written) - len(stripped) + 1))
    try:
        return yaml.load(text, Loader=_make_loader(path))  # noqa: S506 - SafeLoader subclass
    except RecursionError:
        # Hundreds of lists or mappings in one another (the parser allows a thousand): no
        # file of a report nests more than a few levels, and Python's stack ends first.
        raise BuildError(Problem(
            "YAML-filen har listor eller samlingar i hundratals nivåer i varandra.", path,
            None, "jämför med exemplets fil; ett värde står sällan mer än fyra nivåer in.")
        ) from None
    except (ValueError, TypeError, KeyError, AttributeError):
        # A value with a tag it does not fit (anstallda: !!int noll): PyYAML's own
        # constructors raise Python's errors, without a line.
        raise BuildError(Problem(
            "YAML-filen går inte att läsa: ett värde passar inte sin tagg (t.ex. !!int före "
            "något som inte är ett tal).", path, _first_tag_line(text),
            "ta bort taggen (det som börjar med !!) och skriv bara värdet.")) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow in a file
        character = error.character if isinstance(error.character, str) else chr(error.character)
        raise BuildError(Problem(
            f"YAML-filen innehåller tecknet U+{ord(character):04X}, som inte får stå i den "
            "(ett styrtecken eller liknande, som inte syns).", path,
            text.count("\n", 0, error.position) + 1,
            "ta bort tecknet (det följer ofta med när text kopieras från en annan fil eller en "
            "webbsida).")) from None
    except yaml.MarkedYAMLError as error:
        # An unclosed [ { or ", or a name without its colon, is reported where the parser gave
        # up (often the next line); the author's mistake is where that construct began.
        began_earlier = (error.context or "").startswith(
            ("while parsing a flow", "while scanning a quoted", "while scanning a simple key"))
        mark = ((error.context_mark if began_earlier else None) or error.problem_mark
                or error.context_mark)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = _yaml_problem(error, text)
        if (unfinished := _name_without_colon_above(text, error)) is not None:
            line, column, problem = *unfinished, "ett kolon saknas efter namnet"
        raise BuildError(Problem(
            f"YAML-filen går inte att läsa: {problem}.",
            path, line, column=column,
            advice="kontrollera indragningen och att varje rad har formen 'namn: värde'; "
                   "text med kolon eller # ska stå inom citattecken.",
        )) from None


def _first_tag_line(text: str) -> int | None:
    """The first line with a YAML tag (!!int, !tag) outside a comment."""
    for number, line in enumerate(text.split("\n"), start=1):
        if "!" in line.split("#")[0]:
            return number
    return None


def _name_without_colon_above(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """`fordringar 101 573` over `kassa_och_bank: 1 233 683`: the parser reads the first line
    as text that goes on to the next, and stops at the next line's colon. The mistake is the
    line above, at the same indentation and with no colon of its own: its line and column."""
    if "mapping values are not allowed" not in (error.problem or "") or error.problem_mark is None:
        return None
    lines = text.split("\n")
    here = lines[error.problem_mark.line]
    indent = len(here) - len(here.lstrip(" "))
    for number in range(error.problem_mark.line - 1, -1, -1):
        above = lines[number].split(" #")[0].rstrip()
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        if (len(above) - len(above.lstrip(" ")) == indent and ":" not in above
                and not above.lstrip().startswith("-")):
            return number + 1, indent + 1
        return None
    return None


@dataclass(frozen=True)
class SourceText:
    """A Markdown section as read from disk."""

    path: Path
    text: str


def load_section(path: Path) -> SourceText:
    return SourceText(path, read_text(path))


def line_of(container: Any, key: str | int | None = None) -> int | None:
    """The line of a key in a SourceMap (or item in a SourceList), or of the container itself."""
    if isinstance(container, SourceMap) and key in container.key_lines:
        return container.key_lines[key]
    if (isinstance(container, SourceList) and isinstance(key, int)
            and key < len(container.item_lines)):
        return container.item_lines[key]
    return getattr(container, "line", None)


def locate(data: Any, path: tuple[str | int, ...]) -> int | None:
    """Follow a pydantic error location through the raw data to the closest known line."""
    line = getattr(data, "line", None)
    node = data
    for key in path:
        found = line_of(node, key)
        line = found if found is not None else line
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


@dataclass(frozen=True)
class RawFile:
    """A file as read: its data (SourceMap and SourceList, for later stages' messages), and
    where each value was typed. Stages after validate ask only for lines, never for values."""

    path: Path
    data: Any

    def line(self, *keys: str | int) -> int | None:
        """The line where the value at keys (e.g. "intakter", "staten") was typed, or the
        closest enclosing one."""
        return locate(self.data, keys)

    def text_line(self, *keys: str | int) -> int | None:
        """The first line of a text value: the line after the '|' of a block text."""
        *parents, last = keys
        node = self.data
        for key in parents:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return self.line(*keys)
        lines = getattr(node, "text_lines", {})
        return lines.get(last) or self.line(*keys)


@dataclass(frozen=True)
class RawDocument:
    folder: Path
    manifest: RawFile
    sections: dict[str, SourceText]  # by the name listed under 'sektioner'
    statistik: RawFile | None = None  # statistik.yaml: the document's statistics tables


@dataclass(frozen=True)
class RawProject:
    root: Path
    forbund: RawFile
    historik: RawFile | None
    years: dict[int, RawFile]  # <år>/utfall.yaml
    budgets: dict[int, RawFile]  # <år>/verksamhetsplan/budget.yaml (also without a document)
    goals: dict[int, RawFile]  # <år>/verksamhetsplan/mal.yaml
    followups: dict[int, RawFile]  # <år>/arsredovisning/maluppfoljning.yaml
    documents: list[RawDocument]
    kontoplan: RawFile | None = None  # content/kontoplan.yaml: the förbund's chart changes


# Data files that live by year, at these paths below content/<år>/.
YEAR_FILES = {
    "years": "utfall.yaml",
    "budgets": "verksamhetsplan/budget.yaml",
    "goals": "verksamhetsplan/mal.yaml",
    "followups": "arsredovisning/maluppfoljning.yaml",
}


def read_sections(folder: Path, manifest: RawFile, content: Path) -> dict[str, SourceText]:
    """Every section the manifest lists that lies inside content/ (validate reports the
    others: nothing outside the project is ever read)."""
    listed = manifest.data.get("sektioner") if isinstance(manifest.data, dict) else None
    inside = content.resolve()
    problems, sections = [], {}
    for index, name in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(name, str) or name in sections:
            continue
        path = folder / name
        try:
            if inside not in path.resolve().parents:
                continue
            exists = path.exists()
        except OSError as error:  # a name too long for the file system, …
            problems.append(Problem(
                f"Avsnittet '{name[:60]}' kan inte vara en fil ({error.strerror}).",
                manifest.path, line_of(listed, index), "rätta namnet i listan."))
            continue
        if not exists:
            # Said at the manifest's line that lists it: the fix may be there (a misspelt
            # name) as well as in the folder (a file not yet written).
            problems.append(Problem(
                f"Avsnittet '{name}' finns inte: det finns ingen fil "
                f"{path.relative_to(content.parent).as_posix()}.", manifest.path,
                line_of(listed, index),
                "skapa filen, rätta namnet i listan eller ta bort raden."))
        elif section := attempt(problems, load_section, path):
            sections[name] = section
    if problems:
        raise BuildError(problems)
    return sections


def subfolders(folder: Path, problems: list[Problem]) -> list[Path]:
    """The folders in folder; none if it vanished while being read (an editor or a sync
    program at work), and a problem if it may not be read."""
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        problems.append(Problem(f"Mappen går inte att läsa ({error.strerror}).", folder, None,
                                "ge dig rätt att läsa mappen, eller flytta den ur content/."))
        return []


def load_project(root: Path) -> RawProject:
    """Read every file under content/ that the build uses; problems in all files together."""
    content = root / "content"
    if not content.is_dir():
        raise BuildError(Problem("Mappen content/ saknas.", root, None,
                                 "kör kommandot i projektmappen (där content/ finns)."))
    problems: list[Problem] = []

    def read(path: Path) -> RawFile | None:
        """The file's data (None for an empty file), or None with its problems noted."""
        try:
            return RawFile(path, load_yaml(path))
        except BuildError as error:
            problems.extend(error.problems)
            return None

    forbund = read(content / "forbund.yaml")
    historik_path = content / "historik.yaml"
    historik = read(historik_path) if historik_path.exists() else None
    chart_path = content / "kontoplan.yaml"
    kontoplan = read(chart_path) if chart_path.exists() else None
    by_year: dict[str, dict[int, RawFile]] = {kind: {} for kind in YEAR_FILES}
    documents: list[RawDocument] = []
    for folder in sorted(p for p in subfolders(content, problems) if p.name.isdigit()):
        for kind, name in YEAR_FILES.items():
            if (folder / name).is_file() and (raw := read(folder / name)) is not None:
                by_year[kind][int(folder.name)] = raw
        for doc in sorted(p for p in subfolders(folder, problems)
                          if (p / "dokument.yaml").is_file()):
            if (manifest := read(doc / "dokument.yaml")) is not None:
                sections = attempt(problems, read_sections, doc, manifest, content) or {}
                tables = doc / "statistik.yaml"
                statistik = read(tables) if tables.is_file() else None
                documents.append(RawDocument(doc, manifest, sections, statistik))
    if problems or forbund is None:  # a profile that cannot be read is one of the problems
        raise BuildError(problems)
    return RawProject(root, forbund, historik, documents=documents, kontoplan=kontoplan,
                      **by_year)
