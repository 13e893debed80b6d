"""SIE 4 (and the parts of SIE 1–3 that carry balances): the bookkeeping's own export, read and
checked, and its accounts mapped onto the chart of accounts (kontoplan).

Written here rather than taken from PyPI: the packages there (pysie-accounting 0.0.2, a few
unmaintained scripts) read only part of type 4, need pandas, and report no line numbers. This
module is one pass over the file: every record is kept with its line, unknown records are
ignored (as the standard says), and every problem is a Swedish message with file and line.

Encoding: the standard says PC8 (code page 437); some systems write UTF-8 or Latin-1. A file
that decodes as UTF-8 is read as such; else #FORMAT PC8 (or no #FORMAT) means CP437, and a
file whose CP437 reading has box-drawing characters where Swedish letters belong is read as
Latin-1.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..common.errors import Problem, visible
from .project import MAX_NUMBER, too_large_number

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Konto:
    nr: str
    namn: str
    typ: str  # T tillgång, S skuld, K kostnad, I intäkt (#KTYP, or inferred from the number)
    line: int
    typ_angiven: bool = False


@dataclass
class Transaktion:
    konto: str
    objekt: list[tuple[str, str]]
    belopp: Decimal
    line: int


@dataclass
class Verifikation:
    serie: str
    nr: str
    datum: datetime.date | None
    text: str
    line: int
    rader: list[Transaktion] = field(default_factory=list)


@dataclass
class SieFil:
    path: Path
    encoding: str
    sietyp: str = ""
    program: str = ""
    format: str = ""
    fnamn: str = ""
    orgnr: str = ""
    rar: dict[int, tuple[datetime.date, datetime.date, int]] = field(default_factory=dict)
    konton: dict[str, Konto] = field(default_factory=dict)
    ib: dict[tuple[int, str], tuple[Decimal, int]] = field(default_factory=dict)
    ub: dict[tuple[int, str], tuple[Decimal, int]] = field(default_factory=dict)
    res: dict[tuple[int, str], tuple[Decimal, int]] = field(default_factory=dict)
    verifikationer: list[Verifikation] = field(default_factory=list)
    dimensioner: dict[str, str] = field(default_factory=dict)
    objekt: dict[tuple[str, str], str] = field(default_factory=dict)
    pbudget: dict[tuple[int, str], Decimal] = field(default_factory=dict)

    def saldo(self, konto: str) -> Decimal:
        """The year's closing balance (balance accounts) or result (result accounts)."""
        if konto_ar_resultat(self.konton[konto].typ):
            return self.res.get((0, konto), (Decimal(0), 0))[0]
        return self.ub.get((0, konto), (Decimal(0), 0))[0]


def konto_ar_resultat(typ: str) -> bool:
    return typ in ("K", "I")


def inferred_type(nr: str) -> str:
    """#KTYP is often missing: class 1 is tillgång, 2 skuld (and eget kapital), 3 intäkt,
    4–7 kostnad, 8 financial (an income where its balance is a credit: typed by sign later)."""
    first = nr[:1]
    return {"1": "T", "2": "S", "3": "I"}.get(first, "K")


# --- Reading ------------------------------------------------------------------------------

def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp437")
    header = re.search(r"^#FORMAT\s+(\S+)", text, re.MULTILINE)
    if header and header.group(1).upper() != "PC8":
        return data.decode("latin-1"), "Latin-1"
    # Latin-1 bytes read as CP437 give box drawing (å = 0xE5 → σ); CP437's Swedish letters
    # are 0x84 ä, 0x86 å, 0x94 ö, 0x8E Ä, 0x8F Å, 0x99 Ö.
    latin = sum(data.count(bytes([b])) for b in (0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6))
    pc8 = sum(data.count(bytes([b])) for b in (0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99))
    if latin > pc8:
        return data.decode("latin-1"), "Latin-1"
    return text, "CP437 (PC8)"


_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{[^}]*\})|(\S+)')


def tokens(line: str) -> list[str]:
    """A record's fields: quoted text (with \\" escapes), an {object list}, or a plain word."""
    out = []
    for quoted, braces, word in _TOKEN.findall(line):
        if braces:
            out.append(braces)
        elif word:
            out.append(word)
        else:
            out.append(quoted.replace('\\"', '"'))
    return out


def _objects(text: str) -> list[tuple[str, str]]:
    inner = tokens(text.strip()[1:-1]) if text.startswith("{") else []
    return list(zip(inner[::2], inner[1::2], strict=False))  # an odd last token is dropped


class _Reader:
    def __init__(self, sie: SieFil) -> None:
        self.sie = sie
        self.problems: list[Problem] = []
        self.voucher: Verifikation | None = None
        self.in_braces = False

    def problem(self, line: int, message: str, advice: str) -> None:
        self.problems.append(Problem(message, self.sie.path, line, advice))

    def amount(self, text: str, line: int) -> Decimal | None:
        try:
            value = Decimal(text)
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite():  # NaN and Infinity parse, but are no amount
            self.problem(line, f"'{text}' är inget belopp.", "ett belopp skrivs som 1234.50 "
                         "(punkt före decimalerna, som SIE-standarden säger).")
            return None
        if abs(value) >= MAX_NUMBER:
            self.problems.append(too_large_number(text, self.sie.path, line))
            return None
        return value

    def date(self, text: str, line: int) -> datetime.date | None:
        try:
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        except (ValueError, IndexError):
            self.problem(line, f"'{text}' är inget datum.", "ett datum skrivs ÅÅÅÅMMDD.")
            return None

    def year_index(self, text: str, line: int) -> int | None:
        try:
            return int(text)
        except ValueError:
            self.problem(line, f"'{text}' är ingen årsangivelse.", "0 är året, −1 året innan.")
            return None

    def record(self, fields: list[str], line: int) -> None:
        label, args = fields[0].upper(), fields[1:]
        handler = getattr(self, "r_" + label[1:].lower(), None)
        if handler is None:
            return  # unknown records are ignored, as the standard says
        try:
            handler(args, line)
        except IndexError:
            self.problem(line, f"Posten {label} saknar uppgifter.",
                         "jämför med SIE-standarden eller exportera filen igen.")

    # The records used; each takes the fields after the label.
    def r_sietyp(self, a: list[str], line: int) -> None:
        self.sie.sietyp = a[0]

    def r_program(self, a: list[str], line: int) -> None:
        self.sie.program = " ".join(a)

    def r_format(self, a: list[str], line: int) -> None:
        self.sie.format = a[0]

    def r_fnamn(self, a: list[str], line: int) -> None:
        self.sie.fnamn = a[0]

    def r_orgnr(self, a: list[str], line: int) -> None:
        self.sie.orgnr = a[0]

    def r_rar(self, a: list[str], line: int) -> None:
        index = self.year_index(a[0], line)
        start, end = self.date(a[1], line), self.date(a[2], line)
        if index is not None and start is not None and end is not None:
            self.sie.rar[index] = (start, end, line)

    def r_konto(self, a: list[str], line: int) -> None:
        self.sie.konton[a[0]] = Konto(a[0], a[1] if len(a) > 1 else "", inferred_type(a[0]), line)

    def r_ktyp(self, a: list[str], line: int) -> None:
        konto = self.sie.konton.get(a[0])
        if konto is not None and a[1].upper() in ("T", "S", "K", "I"):
            konto.typ, konto.typ_angiven = a[1].upper(), True

    def r_dim(self, a: list[str], line: int) -> None:
        self.sie.dimensioner[a[0]] = a[1] if len(a) > 1 else ""

    r_underdim = r_dim

    def r_objekt(self, a: list[str], line: int) -> None:
        self.sie.objekt[(a[0], a[1])] = a[2] if len(a) > 2 else ""

    def _balance(self, store: dict[tuple[int, str], tuple[Decimal, int]], a: list[str],
                 line: int) -> None:
        index, amount = self.year_index(a[0], line), self.amount(a[2], line)
        if index is not None and amount is not None:
            store[(index, a[1])] = (amount, line)

    def r_ib(self, a: list[str], line: int) -> None:
        self._balance(self.sie.ib, a, line)

    def r_ub(self, a: list[str], line: int) -> None:
        self._balance(self.sie.ub, a, line)

    def r_res(self, a: list[str], line: int) -> None:
        self._balance(self.sie.res, a, line)

    def r_pbudget(self, a: list[str], line: int) -> None:
        index, amount = self.year_index(a[0], line), self.amount(a[-1], line)
        if index is not None and amount is not None and len(a) >= 4:
            key = (index, a[2])
            self.sie.pbudget[key] = self.sie.pbudget.get(key, Decimal(0)) + amount

    def r_ver(self, a: list[str], line: int) -> None:
        self.voucher = Verifikation(a[0], a[1] if len(a) > 1 else "",
                                    self.date(a[2], line) if len(a) > 2 else None,
                                    a[3] if len(a) > 3 else "", line)
        self.sie.verifikationer.append(self.voucher)

    def r_trans(self, a: list[str], line: int) -> None:
        if self.voucher is None or not self.in_braces:
            self.problem(line, "#TRANS står utanför en verifikation.",
                         "en transaktion hör till en #VER med sina rader inom { }.")
            return
        amount = self.amount(a[2], line)
        if amount is not None:
            self.voucher.rader.append(Transaktion(a[0], _objects(a[1]), amount, line))

    def r_rtrans(self, a: list[str], line: int) -> None:
        # A registered row (added later); the standard has it followed by the same row as
        # #TRANS for older readers, so only the #TRANS counts.
        return None

    def r_btrans(self, a: list[str], line: int) -> None:
        return  # a row removed later: not part of the voucher


def read_sie(path: Path) -> tuple[SieFil | None, list[Problem]]:
    """The file read record by record; problems (never an exception) with their lines."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(f"Filen går inte att läsa ({error.strerror}).", path, None,
                              "kontrollera sökvägen.")]
    if len(data) > MAX_BYTES:
        return None, [Problem("Filen är större än 50 MB; en SIE-fil för ett förbund är det "
                              "aldrig.", path, None, "exportera rätt år och försök igen.")]
    if b"\0" in data[:4096]:
        return None, [Problem("Filen är ingen SIE-fil (den har binära tecken).", path, 1,
                              "exportera SIE typ 4 (eller 1–3) ur bokföringsprogrammet.")]
    text, encoding = _decode(data)
    sie = SieFil(path, encoding)
    reader = _Reader(sie)
    for number, raw in enumerate(text.splitlines(), start=1):
        # A control character (ESC …) in a name would reach the terminal, the messages and
        # the auditors' page as it is: from here on it is written out instead (\x1b).
        stripped = visible(raw).strip()
        if stripped == "{":
            reader.in_braces = True
        elif stripped == "}":
            reader.in_braces, reader.voucher = False, None
        elif stripped.startswith("#"):
            reader.record(tokens(stripped), number)
    if not sie.sietyp and not sie.konton:
        reader.problem(1, "Filen är ingen SIE-fil (ingen #SIETYP och inga #KONTO).",
                       "exportera SIE typ 4 (eller 1–3) ur bokföringsprogrammet.")
    return sie, reader.problems


# --- Checks --------------------------------------------------------------------------------

def sie_amount(amount: Decimal) -> str:
    """An amount of the file as a message shows it: in kronor, with öre where it has them."""
    from ..common.format import tal  # babel, loaded only when a message is written
    return tal(amount, 2 if amount != amount.to_integral_value() else 0)


def check_sie(sie: SieFil, year: int | None = None, orgnr: str | None = None) -> list[Problem]:
    """Every voucher balances; each account's IB plus the year's transactions is its UB (or
    its RES); the financial year is a calendar year (LKBR); it is the year and förbund
    expected; no account that has no place in a kommunal ledger."""
    return (_vouchers_balance(sie) + _balances_roll_forward(sie) + _calendar_year(sie, year)
            + _the_forbunds(sie, orgnr) + _kommunal_accounts(sie))


def _vouchers_balance(sie: SieFil) -> list[Problem]:
    problems = []
    for voucher in sie.verifikationer:
        total = sum((t.belopp for t in voucher.rader), Decimal(0))
        if total != 0:
            problems.append(Problem(
                f"Verifikation {voucher.serie} {voucher.nr} ({voucher.text}) balanserar inte: "
                f"raderna summerar till {sie_amount(total)} kr, inte 0.", sie.path, voucher.line,
                "rätta verifikationen i bokföringen och exportera filen igen."))
    return problems


def _stated_balance(sie: SieFil, nr: str, konto: Konto) -> tuple[Decimal, Decimal, int | None,
                                                                  str]:
    """An account's opening balance, its closing one as the file states it, the line that
    states it, and the record (#RES for a result account, else #UB)."""
    if konto_ar_resultat(konto.typ):
        stated, line = sie.res.get((0, nr), (Decimal(0), konto.line))
        return Decimal(0), stated, line, "RES"
    stated, line = sie.ub.get((0, nr), (Decimal(0), konto.line))
    return sie.ib.get((0, nr), (Decimal(0), 0))[0], stated, line, "UB"


def _balances_roll_forward(sie: SieFil) -> list[Problem]:
    """Where the file has the vouchers: each account's IB plus its transactions is its UB."""
    if not sie.verifikationer:
        return []
    moved: dict[str, Decimal] = {}
    for voucher in sie.verifikationer:
        for row in voucher.rader:
            moved[row.konto] = moved.get(row.konto, Decimal(0)) + row.belopp
    problems = []
    for nr, konto in sie.konton.items():
        change = moved.get(nr, Decimal(0))
        opening, stated, line, word = _stated_balance(sie, nr, konto)
        if opening + change != stated:
            problems.append(Problem(
                f"Konto {nr} ({konto.namn}): ingående balans {sie_amount(opening)} + årets "
                f"transaktioner {sie_amount(change)} = {sie_amount(opening + change)} kr, men "
                f"#{word} är {sie_amount(stated)} kr.", sie.path, line,
                "exportera filen igen med alla verifikationer för året."))
    return problems


def _calendar_year(sie: SieFil, year: int | None) -> list[Problem]:
    if 0 not in sie.rar:
        return [Problem("Filen anger inget räkenskapsår (#RAR 0).", sie.path, 1,
                        "exportera filen med räkenskapsåret.")]
    start, end, line = sie.rar[0]
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        return [Problem(
            f"Räkenskapsåret är {start.isoformat()}–{end.isoformat()}, men ett "
            "kommunalförbunds räkenskapsår är kalenderåret (LKBR 2018:597).", sie.path, line,
            "exportera ett kalenderår.")]
    if year is not None and start.year != year:
        return [Problem(
            f"Filen gäller {start.year}, men ligger i mappen för {year}.", sie.path, line,
            "lägg filen i rätt års mapp, eller exportera rätt år.")]
    return []


def _the_forbunds(sie: SieFil, orgnr: str | None) -> list[Problem]:
    if orgnr is None or not sie.orgnr or re.sub(r"\D", "", sie.orgnr) == re.sub(r"\D", "", orgnr):
        return []
    return [Problem(
        f"Filen är från organisationsnummer {sie.orgnr}, men förbundets är {orgnr}.",
        sie.path, None, "exportera filen från förbundets egen bokföring.")]


def _kommunal_accounts(sie: SieFil) -> list[Problem]:
    problems = []
    for nr, konto in sie.konton.items():
        saldo = sie.saldo(nr)
        if saldo and not_kommunal(nr):
            problems.append(Problem(
                f"Konto {nr} ({konto.namn}) med saldo {sie_amount(saldo)} kr hör inte hemma i en "
                "kommunal redovisning (bokslutsdispositioner och skatt finns inte i LKBR).",
                sie.path, konto.line, "boka om beloppet i bokföringen, eller mappa kontot."))
    return problems


def not_kommunal(nr: str) -> bool:
    """BAS 88xx bokslutsdispositioner, 89xx skatt (8999 årets resultat excepted), 21xx
    obeskattade reserver: a company's, never a kommunalförbund's."""
    return len(nr) == 4 and (nr.startswith("88") or nr.startswith("21")
                             or (nr.startswith("89") and nr < "8990"))
