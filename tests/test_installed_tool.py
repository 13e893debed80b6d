"""The tool as a förbund gets it: a wheel installed outside the repository, `finsam
nytt-projekt` in an empty folder, the project built; a project's own templates over the tool's;
a project of the earlier layout (a full copy of templates/) built unchanged; the CI recipes
`nytt-projekt` writes, run with their own commands."""
from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLE, REPO, copy_project, html_text, run_build, snapshot

OLD_TEMPLATES = Path(__file__).resolve().parent / "fixtures" / "mallar-0.1"
NAME = "Samordningsförbundet Provbygden"


@pytest.fixture(scope="module")
def installed(shared) -> Path:
    """A fresh virtual environment outside the repository with the tool installed from a
    wheel built from this checkout, made once per run. Its dependencies come from the test
    environment (a .pth line), so that nothing is downloaded; the tool itself only from the
    wheel."""
    return shared("installerat", _install) / "miljo"


def _install(base: Path) -> None:
    base.mkdir()
    wheels = base / "hjul"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(wheels), str(REPO)], check=True,
                   capture_output=True, cwd=base)
    wheel = next(wheels.glob("finsam_rapport-*.whl"))
    venv = base / "miljo"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    packages = next(venv.glob("lib/python3*/site-packages"))
    (packages / "beroenden.pth").write_text(site.getsitepackages()[0] + "\n", encoding="utf-8")
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "--no-deps", "--quiet",
                    str(wheel)], check=True, capture_output=True, cwd=base, env=_clean_env())


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without the test suite's PYTHONPATH (which points at this checkout)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return env | extra


def _finsam(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin/finsam"), *args], capture_output=True, text=True,
                          cwd=cwd, env=_clean_env())


def test_a_wheel_installed_elsewhere_starts_and_builds_a_new_project(installed, tmp_path):
    where = subprocess.run([str(installed / "bin/python"), "-c",
                            "import finsam; print(finsam.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, env=_clean_env())
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout  # not the checkout
    made = _finsam(installed, tmp_path, "nytt-projekt", "forbund", "--namn", NAME, "--ar", "2026")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "forbund"
    built = _finsam(installed, project)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert "i PDF:en" not in built.stderr  # the new project's PDF breaks no layout rule
    pdf = project / "output/2026/arsredovisning/arsredovisning-2026.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    page = html_text(project / "output/2026/arsredovisning/index.html")
    assert NAME in page and "Utkast: siffror saknas" in page
    # What is missing is said: the profile's FYLL I fields and the year's figures.
    assert "content/forbund.yaml är inte ifylld (rad 5, 7, 8, 9, 25, 29, 33, 37 …" in page
    assert "Utfallet för 2026 är inte ifyllt" in page
    # The project is the förbund's own: no copy of the tool's templates, styles or fonts.
    files = [p.relative_to(project).as_posix() for p in project.rglob("*")
             if p.is_file() and not p.is_relative_to(project / "output")
             and not p.is_relative_to(project / ".finsam-cache")]
    assert not (project / "templates").exists()
    assert not [f for f in files if f.endswith((".ttf", ".css", ".html"))], files
    ignored = (project / ".gitignore").read_text(encoding="utf-8").split()
    assert {"output/", ".finsam-cache/", "output-*/"} <= set(ignored)
    settings = yaml.safe_load((project / "projekt.yaml").read_text(encoding="utf-8"))
    import finsam
    assert settings == {"verktyg": finsam.__version__}
    again = _finsam(installed, tmp_path, "nytt-projekt", "forbund", "--namn", NAME)
    assert again.returncode == 2 and "finns redan och är inte tom" in again.stderr


def _recipe_commands(project: Path) -> dict[str, list[str]]:
    """The shell commands of the two CI recipes, as the CI services would run them. The
    system packages' line (apt-get) is left out: this machine has them."""
    github = yaml.safe_load((project / ".github/workflows/finsam.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((project / ".gitlab-ci.yml").read_text("utf-8"))
    steps = github["jobs"]["bygg"]["steps"]
    setup = gitlab["default"]["before_script"]
    return {
        "github": [s["run"].replace("${{ steps.pages.outputs.base_url }}",
                                    "https://exempel.github.io/forbund")
                   for s in steps if "run" in s and "apt-get" not in s["run"]],
        "gitlab": [c.replace("$CI_PAGES_URL", "https://exempel.gitlab.io/forbund")
                   for c in setup + gitlab["pages"]["script"] + gitlab["utkast"]["script"]
                   if "apt-get" not in c],
    }, github, gitlab


def test_the_ci_recipes_written_by_nytt_projekt_run_with_their_own_commands(installed, tmp_path):
    made = _finsam(installed, tmp_path, "nytt-projekt", "forbund", "--namn", NAME, "--ar", "2026")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "forbund"
    commands, github, gitlab = _recipe_commands(project)
    import finsam
    # One setting says which tool is installed: the version the project was made with.
    assert github["env"]["FINSAM"] == gitlab["variables"]["FINSAM"] == (
        f"finsam-rapport=={finsam.__version__}")
    assert github[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key 'on' as True
    uploads = {s["uses"].split("@")[0]: s["with"] for s in github["jobs"]["bygg"]["steps"]
               if "upload" in s.get("uses", "")}
    assert uploads == {"actions/upload-pages-artifact": {"path": "publik"},
                       "actions/upload-artifact": {"name": "utkast", "path": "output"}}
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert gitlab["utkast"]["artifacts"]["paths"] == ["output"]
    wheel = next((installed.parent / "hjul").glob("*.whl"))
    for service, lines in commands.items():
        # A CI machine's own environment: the tool installed by the recipe (here from the
        # wheel instead of the package index), into a fresh environment.
        venv = tmp_path / f"ci-{service}"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        packages = next(venv.glob("lib/python3*/site-packages"))
        (packages / "beroenden.pth").write_text(site.getsitepackages()[0] + "\n", "utf-8")
        env = _clean_env(FINSAM=str(wheel), PIP_NO_DEPS="1", PIP_QUIET="1",
                         PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}")
        work = tmp_path / f"kopia-{service}"
        shutil.copytree(project, work)
        for line in lines:
            result = subprocess.run(["bash", "-ec", line], capture_output=True, text=True,
                                    cwd=work, env=env)
            assert result.returncode == 0, f"{service}: {line}\n{result.stderr}"
        # The public site: the new project's only document is a draft with figures missing,
        # so nothing is published as a report; the drafts' build has it, for the board.
        public = work / ("publik" if service == "github" else "public")
        canonical = f"https://exempel.{service}.io/forbund/index.html"
        assert canonical in (public / "index.html").read_text(encoding="utf-8")
        assert not (public / "2026").exists()
        assert (work / "output/2026/arsredovisning/arsredovisning-2026.pdf").is_file()


def _pipeline_pages(project: Path) -> dict[str, str]:
    from finsam.build import compute_and_render, load_and_validate
    project_, documents, site_ = load_and_validate(project)
    pages = compute_and_render(project_, documents, site_)
    # The project's own folder (in file addresses such as the cover image's) is masked, so
    # that two projects with the same content give the same pages.
    return {p.document.key: p.print_html.replace(str(project.resolve()), "[projekt]")
            for p in pages} | {"warnings": "\n".join(w.render(project) for w in site_.warnings)}


def test_a_template_file_in_the_project_overrides_the_tools(tmp_path):
    project = copy_project(tmp_path / "projekt")
    cover = project / "templates/arsredovisning/cover.html"
    cover.parent.mkdir(parents=True)
    cover.write_text('<section class="cover"><h1 class="cover-title">{{ dokument.titel }}</h1>'
                     '<p class="cover-org">Förbundets egen framsida</p></section>\n', "utf-8")
    extra = project / "templates/style/forbund-print.css"
    extra.parent.mkdir(parents=True)
    extra.write_text("h2 { letter-spacing: 0.02em; }\n", encoding="utf-8")
    # The förbund's own print.css: its fonts (url(../fonts/…), relative to it) are the tool's.
    own_css = project / "templates/style/print.css"
    own_css.write_text((REPO / "finsam/templates/style/print.css").read_text("utf-8")
                       + "\n.cover-org { letter-spacing: 0.05em; }\n", encoding="utf-8")
    pages = _pipeline_pages(project)
    assert "Förbundets egen framsida" in pages["2022/arsredovisning"]
    assert "Förbundets egen framsida" not in pages["2022/verksamhetsplan"]  # its own cover
    assert 'href="style/forbund-print.css"' in pages["2022/arsredovisning"]
    # Its own print.css keeps the tool's later improvements out: it is told where to add.
    assert pages["warnings"] == (
        "templates/style/print.css: Projektets templates/style/print.css ersätter verktygets "
        "egen print.css, så verktygets förbättringar av utseendet når inte projektet.\n"
        "    Gör så här: lägg förbundets egna regler i templates/style/forbund-print.css (den "
        "läses efter verktygets) och ta bort den här filen.")
    # The PDF reads the project's stylesheet in place of the tool's (WeasyPrint's fetcher).
    result = run_build(project, "2022/arsredovisning")
    assert result.returncode == 0, result.stderr
    import pypdf
    reader = pypdf.PdfReader(project / "output/2022/arsredovisning/arsredovisning-2022.pdf")
    assert "Förbundets egen framsida" in reader.pages[0].extract_text()


def _old_layout_project(target: Path) -> Path:
    """A project as projects were made before the tool was installed: the example's content
    and a full copy of the tool's templates of version 0.1 (the files that changed since are
    kept in tests/fixtures/mallar-0.1, the rest are the same bytes as today's)."""
    project = copy_project(target)
    shutil.copytree(REPO / "finsam/templates", project / "templates")
    for old in OLD_TEMPLATES.iterdir():
        shutil.copy(old, project / "templates" / old.name)
    return project


def test_a_project_with_an_old_copy_of_the_templates_builds_unchanged_and_is_told_what_to_delete(
        tmp_path):
    project = _old_layout_project(tmp_path / "gammal")
    plain = copy_project(tmp_path / "ny")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # Every copied file is a version the tool has shipped: none is used, all can go.
    count = sum(1 for p in (project / "templates").rglob("*") if p.is_file())
    assert (f"Varning: templates: {count} filer i projektets templates/ är oförändrade "
            "kopior av verktygets egna") in result.stderr
    assert "ta bort filerna ur templates/" in result.stderr
    assert _pipeline_pages(project) | {"warnings": ""} == _pipeline_pages(plain)
    # A file the förbund has changed itself is its own: used, and not called a copy.
    cover = project / "templates/arsredovisning/cover.html"
    cover.write_text(cover.read_text("utf-8").replace(
        '<p class="cover-org">', '<p class="cover-org">Vårt eget: '), encoding="utf-8")
    pages = _pipeline_pages(project)
    assert "Vårt eget: " in pages["2022/arsredovisning"]
    assert f"{count - 1} filer i projektets" in pages["warnings"]


def test_every_template_file_the_tool_ships_is_listed_as_shipped():
    """A template changed without `python scripts/template_history.py` would make projects
    that copied it look like the förbund's own changes."""
    import hashlib

    from finsam.load.templates import PACKAGE_TEMPLATES, shipped_versions
    shipped = shipped_versions()
    for path in PACKAGE_TEMPLATES.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(PACKAGE_TEMPLATES).as_posix()
            assert hashlib.sha256(path.read_bytes()).hexdigest() in shipped.get(relative, ()), (
                f"{relative}: kör python scripts/template_history.py")
    for old in OLD_TEMPLATES.iterdir():
        assert hashlib.sha256(old.read_bytes()).hexdigest() in shipped[old.name]


def test_a_project_made_with_another_major_version_is_told_what_to_do(tmp_path):
    project = copy_project(tmp_path / "projekt")
    (project / "projekt.yaml").write_text('verktyg: "7.1.0"\n', encoding="utf-8")
    warnings = _pipeline_pages(project)["warnings"]
    import finsam
    assert (f"projekt.yaml, rad 1: Projektet är gjort med finsam 7.1.0, men den installerade "
            f"versionen är {finsam.__version__}.") in warnings
    assert 'pipx install "finsam-rapport==7.1.0"' in warnings
    (project / "projekt.yaml").write_text("verktyg: [1]\n", encoding="utf-8")
    before = snapshot(project)
    result = run_build(project)
    assert result.returncode == 1 and "projekt.yaml ska ha formen" in result.stderr
    assert "Traceback" not in result.stderr and snapshot(project) == before


def test_the_version_line_names_the_tools_version(example):
    import finsam
    text = html_text(example / "output/2022/arsredovisning/index.html")
    assert re.search(rf"· finsam {re.escape(finsam.__version__)}", text)


def test_the_example_is_a_project_like_any_other():
    """examples/ holds projects as a förbund has them: content and settings, no templates."""
    for project in (REPO / "examples").iterdir():
        assert (project / "content/forbund.yaml").is_file()
        assert (project / "projekt.yaml").is_file()
        assert not (project / "templates").exists(), project
    assert EXAMPLE.parent == REPO / "examples"
