"""The command line, in Swedish: build, preview, start a new year, rebuild an old version.

Exit codes: 0 done, 1 a mistake in the content (nothing in output/ changed), 2 a mistake
in the command itself.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from ..common.errors import DEBUG_VARIABLE, BuildError, visible

# The engine (WeasyPrint, pydantic, …) is imported only when something is to be built,
# so that "nothing has changed" is answered in a fraction of a second.

DESCRIPTION = """Bygger ett samordningsförbunds årsredovisning och verksamhetsplan från Markdown
och YAML i projektets content/ till webbsidor och PDF i output/."""

EPILOG = """kommandon (i projektmappen, eller var som helst med --projekt MAPP):
  finsam nytt-projekt MAPP --namn "Samordningsförbundet X"   skapa ett nytt förbunds projekt
  finsam                                bygg alla dokument (samma som finsam bygg)
  finsam bygg 2022/arsredovisning       bygg ett dokument
  finsam forhandsvisa                   bygg, visa i webbläsaren och bygg om vid varje sparning
  finsam kontrollera                    kontrollera allt som ett bygge kontrollerar, utan att skriva
  finsam status                         vad som är kvar att göra i varje dokument före styrelsemötet
  finsam ny 2023                        starta 2023 års dokument från 2022 års
  finsam jamfor v2023-01-20 v2023-02-16 visa vad som ändrats mellan två versioner
  finsam revision v2023-02-16           bygg om dokumenten som de var vid en version i git
  finsam sie bokslut-2022.se            visa vad bokföringens SIE-fil ger, och allt som är fel i den

Skriv t.ex. finsam ny --help för mer om ett kommando. python -m finsam … gör detsamma.

Om något är fel i underlaget skrivs felen ut med fil och rad, och det som
redan fanns i output/ lämnas orört."""

# argparse speaks English; its few messages a user can meet, in Swedish.
_ARGPARSE_SWEDISH = [
    ("the following arguments are required", "det här saknas"),
    ("unrecognized arguments", "okända argument"),
    ("invalid int value", "är inget heltal"),
    ("expected one argument", "behöver ett värde"),
    ("argument ", "argumentet "),
]


class _SwedishFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001
        super().add_usage(usage, actions, groups, prefix="användning: ")


class _SwedishParser(argparse.ArgumentParser):
    def __init__(self, **kwargs) -> None:
        super().__init__(formatter_class=_SwedishFormatter, add_help=False, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
        self.add_argument("--projekt", type=Path, default=Path.cwd(), metavar="MAPP",
                          help="projektmappen, där content/ finns (standard: aktuell mapp)")

    def error(self, message: str) -> NoReturn:
        for english, swedish in _ARGPARSE_SWEDISH:
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(2, f"Fel i kommandot: {message}.\n")


def build_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam", description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("dokument", nargs="*", metavar="ÅR/DOKUMENT",
                   help="dokument att bygga, t.ex. 2022/arsredovisning (standard: alla)")
    p.add_argument("--bas-url", metavar="ADRESS", default=None,
                   help="adressen där output/ publiceras, t.ex. https://www.exempel.se/rapporter/ "
                        "(standard: bas_url i content/forbund.yaml)")
    p.add_argument("--alltid", action="store_true",
                   help="bygg om allt, även det som inte har ändrats sedan förra bygget")
    p.add_argument("--processer", type=int, default=None, metavar="N",
                   help="hur många dokument som byggs samtidigt (standard: en per processorkärna)")
    p.add_argument("--publicering", action="store_true",
                   help="bygg den publika webbplatsen: bara fastställda dokument och utkast "
                        "med 'publiceras: true' i dokument.yaml (så bygger CI-flödena)")
    return p


def preview_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam forhandsvisa", description=(
        "Bygger allt, visar output/ på http://127.0.0.1:PORT/ och bygger om det en ändring\n"
        "berör varje gång du sparar i content/ eller templates/. Webbsidan laddas om av sig\n"
        "själv; PDF:en följer efter några sekunder. Avsluta med Ctrl+C."))
    p.add_argument("--port", type=int, default=8000,
                   help="porten (standard: 8000; 0 = valfri ledig)")
    p.add_argument("--utan-webblasare", action="store_true",
                   help="öppna inte webbläsaren (den öppnas annars av sig själv)")
    return p


def new_year_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam ny", description=(
        "Skapar nästa års dokument från förra årets: avsnitten kopieras för att skrivas om,\n"
        "dokument.yaml och datumen flyttas fram ett år, och datafilerna läggs upp för\n"
        "det nya årets siffror. Förra årets siffror används som jämförelse utan att kopieras."))
    p.add_argument("ar", type=int, metavar="ÅR", help="det nya året, t.ex. 2023")
    p.add_argument("--dokument", choices=["arsredovisning", "verksamhetsplan"], action="append",
                   help="bara det här dokumentet (standard: de som finns för året innan)")
    return p


def revision_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam revision", description=(
        "Bygger om dokumenten exakt som de var vid en version i git (en commit eller en\n"
        "tagg, t.ex. den version styrelsen fastställde), i en egen mapp. Det du arbetar\n"
        "med just nu och output/ rörs inte."))
    p.add_argument("revision", metavar="VERSION", help="en commit eller tagg, t.ex. v2023-02-16")
    p.add_argument("--till", type=Path, default=None, metavar="MAPP",
                   help="mappen att bygga till (standard: output-VERSION/ i projektmappen)")
    return p


def check_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam kontrollera", description=(
        "Läser och kontrollerar allt som ett bygge kontrollerar (siffror, noter, summor,\n"
        "texter, tabeller, bilder) utan att skriva något i output/. För förbundets egen CI:\n"
        "avslutas med 1 om något är fel, 0 annars (varningar skrivs ut)."))
    p.add_argument("dokument", nargs="*", metavar="ÅR/DOKUMENT",
                   help="dokument att kontrollera (standard: alla)")
    return p


def status_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam status", description=(
        "Visar för varje dokument dess status (utkast eller fastställd, och taggen i git\n"
        "där det fastställdes), siffror som saknas, mål som inte är uppföljda, avsnitt\n"
        "som är oförändrade sedan förra året och vad som är kvar att göra. Läser och\n"
        "kontrollerar underlaget som finsam kontrollera, men bygger ingenting. Avslutas\n"
        "med 1 om något är fel i underlaget, 0 annars."))
    return p


def compare_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam jamfor", description=(
        "Visar för styrelsen och revisorerna vad som ändrats mellan två versioner i git:\n"
        "varje inskriven siffra som ändrats (före, efter, skillnad) under sin tabell, med\n"
        "summorna och nyckeltalen som följer av den under sig, och ändrad text ord för ord.\n"
        "Utan andra version jämförs med det du arbetar med nu. Skrivs som webbsida och PDF,\n"
        "jamforelse-A-B.html och jamforelse-A-B.pdf, i projektmappen (inte i output/)."))
    p.add_argument("fore", metavar="VERSION_A", help="den tidigare versionen, t.ex. v2023-01-20")
    p.add_argument("efter", metavar="VERSION_B", nargs="?", default=None,
                   help="den senare versionen (standard: arbetskopian)")
    p.add_argument("--till", type=Path, default=None, metavar="FIL",
                   help="filen att skriva (standard: jamforelse-A-B.html i projektmappen)")
    return p


def sie_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam sie", description=(
        "Visar, utan att bygga, resultat- och balansräkningen som en SIE-fil ger (i kronor)\n"
        "med mappningen från konton till kontoplanens rader, och varje problem i filen.\n"
        "Avslutas med 1 om något är fel. Se docs/sie.md."))
    p.add_argument("fil", type=Path, metavar="FIL", help="SIE-filen, t.ex. bokslut-2022.se")
    p.add_argument("--mappning", choices=["bas", "kommunbas"], default="bas",
                   help="förinställd mappning (standard: bas); egna regler i "
                        "content/sie-mappning.yaml prövas först")
    return p


def new_project_parser() -> argparse.ArgumentParser:
    p = _SwedishParser(prog="finsam nytt-projekt", description=(
        "Skapar ett nytt förbunds projekt i MAPP: content/ med förbundets profil och årets\n"
        "första dokument, .gitignore, en README för förbundet och CI-flöden för GitHub och\n"
        "GitLab. Projektet byggs direkt, som ett utkast som säger vad som saknas. Verktygets\n"
        "mallar kopieras inte: de följer med det installerade verktyget."))
    p.add_argument("mapp", type=Path, metavar="MAPP", help="den nya projektmappen (tom eller ny)")
    p.add_argument("--namn", required=True, metavar="NAMN",
                   help='förbundets namn, t.ex. "Samordningsförbundet Norra Dalarna"')
    p.add_argument("--ar", type=int, default=None, metavar="ÅR",
                   help="året för den första årsredovisningen (standard: innevarande år)")
    return p


COMMANDS = {"bygg": "build", "forhandsvisa": "preview", "serve": "preview", "ny": "new_year",
            "revision": "revision", "kontrollera": "check", "status": "status",
            "jamfor": "compare",
            "sie": "sie", "nytt-projekt": "new_project"}


def _command(argv: list[str]) -> tuple[str | None, list[str]]:
    """The command word (wherever --projekt MAPP stands) and the arguments without it."""
    skip = False
    for i, token in enumerate(argv):
        if skip:
            skip = False
        elif token == "--projekt":
            skip = True
        elif not token.startswith("-"):
            if token in COMMANDS:
                return COMMANDS[token], argv[:i] + argv[i + 1:]
            return None, argv
    return None, argv


# On Windows, WeasyPrint finds Pango where MSYS2 installs it (docs/windows.md).
_MSYS2_PANGO = Path(r"C:\msys64\mingw64\bin")



def main(argv: list[str] | None = None) -> int:
    import os
    if (os.name == "nt" and "WEASYPRINT_DLL_DIRECTORIES" not in os.environ
            and _MSYS2_PANGO.is_dir()):
        os.environ["WEASYPRINT_DLL_DIRECTORIES"] = str(_MSYS2_PANGO)
    command, rest = _command(sys.argv[1:] if argv is None else argv)
    try:
        code = _run(command, rest)
        sys.stdout.flush()  # a reader that has gone is noticed here, not at Python's exit
        return code
    except BrokenPipeError:
        return _output_closed()
    except KeyboardInterrupt:
        print("\nAvbrutet.", file=sys.stderr)
        return 130  # 128 + SIGINT, as a shell reports a command stopped with Ctrl+C
    except Exception as error:  # noqa: BLE001 - the last line of defence, said in Swedish
        if os.environ.get(DEBUG_VARIABLE):
            raise
        print(fault_message(command, error), file=sys.stderr)
        return 1


def fault_message(command: str | None, error: BaseException) -> str:
    """What a förbundschef sees instead of a traceback when the tool itself fails: that it
    is the tool, not the content, what to send and where."""
    from .. import __version__
    word = next((w for w, c in COMMANDS.items() if c == command), "bygg")
    return (f"Kommandot 'finsam {word}' stoppades av ett fel i verktyget, inte i underlaget:\n"
            f"    {type(error).__name__}: {str(error)[:300]}\n"
            "Inget i output/ ändrades. Rapportera felet till den som förvaltar verktyget "
            f"(finsam {__version__}) med kommandot och de här raderna; med "
            f"{DEBUG_VARIABLE}=1 före kommandot skrivs Pythons egen redogörelse ut.")


def _output_closed() -> int:
    """`finsam sie FIL | head`: the reader has gone. Stop without a word, as Unix tools do
    (Python would otherwise complain again when it flushes stdout on the way out)."""
    import os
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141  # 128 + SIGPIPE: what a shell reports for a Unix tool stopped this way


def _run(command: str | None, rest: list[str]) -> int:
    if command == "preview":
        return run_preview(preview_parser().parse_args(rest))
    if command == "new_year":
        return run_new_year(new_year_parser().parse_args(rest))
    if command == "revision":
        return run_revision(revision_parser().parse_args(rest))
    if command == "check":
        return run_check(check_parser().parse_args(rest))
    if command == "status":
        return run_status(status_parser().parse_args(rest))
    if command == "compare":
        return run_compare(compare_parser().parse_args(rest))
    if command == "sie":
        return run_sie(sie_parser().parse_args(rest))
    if command == "new_project":
        return run_new_project(new_project_parser().parse_args(rest))
    return run_build(build_parser().parse_args(rest))


def _seconds(seconds: float) -> str:
    """A duration as Swedish writes it: 5,9 s."""
    return f"{seconds:.1f} s".replace(".", ",")


def run_build(args: argparse.Namespace) -> int:
    from ..common.staging import recover_project
    from ..site.incremental import SITE, plan_build
    from ..site.publish import recover

    root = args.projekt.resolve()
    recover(root / "output")  # a build killed while publishing is finished first
    recover_project(root)  # and a `finsam ny` killed while writing (all or nothing)
    try:
        base_url = _base_url(args.bas_url)
    except ValueError as error:
        print(f"Fel i --bas-url: {error}.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    wanted = args.dokument or None
    try:
        todo = plan_build(root, wanted, base_url, args.publicering, everything=args.alltid)
    except (BuildError, OSError) as error:
        return _stopped(error, root)
    stale = (wanted or [k for k in todo.fingerprints if k != SITE]) if args.alltid else todo.stale
    if not stale and not todo.site_stale and not args.alltid:
        print(f"Inget har ändrats sedan förra bygget; output/ är aktuell "
              f"({time.perf_counter() - started:.2f} s).")
        return 0
    # The PDF workers start now and import the engine while this process imports the rest
    # and reads, checks and renders: the PDF then costs little more than WeasyPrint's layout.
    from ..pdf.batch import start_pdf_workers
    workers = start_pdf_workers(root, len(stale), args.processer)
    from ..build import build
    try:
        result = build(root, stale, base_url, processes=args.processer,
                       publication=args.publicering,
                       known_pages=None if args.alltid else todo.known_pages,
                       pdf_workers=workers)
    except (BuildError, OSError) as error:
        return _stopped(error, root)
    finally:
        if workers is not None:
            workers.close()
    _record(root, todo, result)
    _report(root, args, todo, result, sorted(set(wanted or todo.fingerprints) - set(stale)
                                            - {SITE}))
    print(f"Klart på {_seconds(time.perf_counter() - started)}.")
    return 0


def _base_url(given: str | None) -> str | None:
    """--bas-url as the profile's bas_url would be read; None when not given."""
    if given is None:
        return None
    from ..model.fields import parse_base_url
    return parse_base_url(given)


def _record(root: Path, todo: Any, result: Any) -> None:
    """What the build wrote, for the next build to know what it need not build again."""
    from ..site.incremental import record
    record(root, todo, {d.document.key: [f for f in result.files
                                         if f.startswith(d.document.key + "/")]
                        for d in result.documents},
           [f for f in result.files if "/" not in f or f.startswith("assets/")],
           result.pages, result.unchanged)


def _report(root: Path, args: argparse.Namespace, todo: Any, result: Any,
            untouched: list[str]) -> None:
    """The warnings, then each document built, or kept as it was, and why."""
    for warning in result.warnings:
        print("Varning: " + warning.render(root), file=sys.stderr)
    for item in result.documents:
        key = item.document.key
        because = "" if args.alltid else _because(todo.reasons.get(key, []))
        print(f"Byggde {item.document.manifest.titel}: output/{key}/index.html och "
              f"output/{key}/{item.pdf_name}{because}")
    for key in result.unchanged:
        print(f"Oförändrat: {key} ({', '.join(todo.reasons.get(key, []))} ändrades men "
              "syns inte i dokumentet)")
    for key in untouched:
        print(f"Oförändrat sedan förra bygget: {key}")
    print("Arkivets startsida: output/index.html")


def _because(reasons: list[str]) -> str:
    """Why a document was built: ' (content/2023/utfall.yaml ändrades)'."""
    if not reasons:
        return ""
    if reasons[0] in ("första bygget", "utdata saknas eller är ändrad"):
        return f" ({reasons[0]})"
    shown = ", ".join(reasons[:3]) + (f" och {len(reasons) - 3} till" if len(reasons) > 3 else "")
    return f" ({shown} ändrades)"


def _stopped(error: BuildError | OSError, root: Path) -> int:
    """A build that stopped: the problems, and that output/ is as it was; the exit code."""
    if isinstance(error, OSError):
        from ..site.publish import os_problem
        error = BuildError(os_problem(error, root))
    print(error.render(root), file=sys.stderr)
    print("Inget i output/ ändrades.", file=sys.stderr)
    return 2 if error.usage else 1


def run_preview(args: argparse.Namespace) -> int:
    from ..common.staging import recover_project
    from .preview import serve

    root = args.projekt.resolve()
    recover_project(root)

    def ready(url: str) -> None:
        print(f"Förhandsvisningen finns på {url}  (avsluta med Ctrl+C)", flush=True)
        if not args.utan_webblasare:
            import webbrowser
            webbrowser.open(url)

    try:
        serve(root, args.port, on_ready=ready, say=lambda text: print(text, flush=True))
    except OSError as error:
        print(f"Förhandsvisningen kunde inte starta på port {args.port}: {error.strerror}. "
              "Välj en annan port med --port.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    print("Förhandsvisningen avslutad.")
    return 0


def run_new_year(args: argparse.Namespace) -> int:
    from .newyear import start_year

    root = args.projekt.resolve()
    try:
        created = start_year(root, args.ar, args.dokument)
    except BuildError as error:
        print(error.render(root), file=sys.stderr)
        print("Inget skapades.", file=sys.stderr)
        return 2 if error.usage else 1
    for path in created:
        print(f"Skapade {path.relative_to(root).as_posix()}")
    print(f"Klart. Skriv om avsnitten och fyll i {args.ar} års siffror; bygg med finsam.")
    return 0


def run_revision(args: argparse.Namespace) -> int:
    from .revision import build_revision

    root = args.projekt.resolve()
    try:
        target, log = build_revision(root, args.revision, args.till)
    except BuildError as error:
        print(error.render(root), file=sys.stderr)
        return 2 if error.usage else 1
    # The build ran in its own worktree and wrote output/ there; it now lies in target.
    shown = target.relative_to(root).as_posix() if root in target.parents else str(target)
    print(log.replace("output/", f"{shown}/"), end="")
    print(f"Version {args.revision} är byggd i {target}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from ..build import compute_and_render, load_and_validate
    from ..common.staging import recover_project

    root = args.projekt.resolve()
    recover_project(root)
    started = time.perf_counter()
    try:
        project, documents, site = load_and_validate(root, args.dokument or None)
        pages = compute_and_render(project, documents, site)
    except BuildError as error:
        print(error.render(root), file=sys.stderr)
        return 2 if error.usage else 1
    except OSError as error:
        from ..site.publish import os_problem
        print(BuildError(os_problem(error, root)).render(root), file=sys.stderr)
        return 1
    for warning in [*site.warnings, *(w for page in pages for w in page.warnings)]:
        print("Varning: " + warning.render(root), file=sys.stderr)
    for page in pages:
        state = " (utkast: siffror saknas)" if page.document.saknas else ""
        print(f"Kontrollerade {page.document.manifest.titel}{state}: inga fel.")
    print(f"Klart på {_seconds(time.perf_counter() - started)}; output/ är orörd.")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from ..site.publish import file_system_problem
    from .status import collect, render

    root = args.projekt.resolve()
    try:
        statuses = collect(root)
    except BuildError as error:
        print(error.render(root), file=sys.stderr)
        return 2 if error.usage else 1
    except OSError as error:
        print(BuildError(file_system_problem(error, root / "output")).render(root),
              file=sys.stderr)
        return 1
    print(render(statuses), end="")
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from .jamfor import compare_versions

    root = args.projekt.resolve()
    try:
        target, summary = compare_versions(root, args.fore, args.efter, args.till)
    except BuildError as error:
        print(error.render(root), file=sys.stderr)
        return 2 if error.usage else 1
    print(summary)
    print(f"Jämförelsen finns i {target} och {target.with_suffix('.pdf')}")
    return 0


def run_new_project(args: argparse.Namespace) -> int:
    import datetime

    from .scaffold import create_project

    year = args.ar or datetime.date.today().year
    try:
        created = create_project(args.mapp.resolve(), args.namn, year)
    except BuildError as error:
        print(error.render(what="Projektet skapades inte"), file=sys.stderr)
        return 2 if error.usage else 1
    folder = args.mapp
    print(f"Skapade projektet {folder} ({len(created)} filer) för {args.namn}, år {year}.")
    print("Så här går du vidare:")
    print(f"  cd {folder}")
    print("  finsam forhandsvisa      (se utkastet; det säger vad som saknas)")
    print(f"  fyll i content/forbund.yaml och content/{year}/ och bygg med: finsam")
    print("Läs README.md i projektmappen för det dagliga arbetet.")
    return 0


def run_sie(args: argparse.Namespace) -> int:
    from .siereport import sie_report

    root = args.projekt.resolve()
    text, problems = sie_report(root, args.fil, args.mappning)
    print(visible(text))  # the file's names are written out already; this is for the rest
    for problem in problems:
        print(problem.render(root), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem i filen.", file=sys.stderr)
        return 1
    return 0
