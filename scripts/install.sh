#!/usr/bin/env bash
# Installs what the tool needs on Debian/Ubuntu with Python 3.11+, then builds the example.
#
# The Python packages go into a virtual environment, .venv/ in the project: the system Python of
# Debian 12 and Ubuntu 24.04 refuses `pip install` outside one (PEP 668). build.py and the test
# suite's conftest.py switch to .venv/bin/python by themselves, so `python3 build.py` and
# `python3 -m pytest` work from any Python 3 on the machine afterwards.
#
# System packages: Pango (WeasyPrint's text layout), HarfBuzz's subsetter (WeasyPrint embeds only
# the glyphs used with it; without it WeasyPrint falls back on fontTools, which took a third of
# the årsredovisning's PDF time, docs/prestanda.md), a fallback font, poppler-utils (pdftoppm, to
# look at pages as PNG), python3-venv where the Python lacks venv, and pytest for a system Python
# so that `python3 -m pytest` can start (it hands over to .venv at once). With --webblasare, or
# FINSAM_KRAV_WEBBLASARE=1 as CI sets it, also Chromium for the accessibility tests (axe-core).
# Only missing packages are installed; sudo is used if not root.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
if [ "${1:-}" = "--webblasare" ] || [ "${FINSAM_KRAV_WEBBLASARE:-}" = "1" ]; then
  packages+=(chromium)
fi
if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
  packages+=(python3-venv)
fi
# A Python that refuses pip (PEP 668) gets pytest from the distribution; others from pip below.
externally_managed=$("$python" -c "import sysconfig, pathlib; print(int(pathlib.Path(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED').exists()))")
if ! "$python" -c "import pytest" >/dev/null 2>&1 && [ "$externally_managed" = "1" ]; then
  packages+=(python3-pytest)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installerar systempaket: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

if ! "$python" -c "import pytest" >/dev/null 2>&1; then
  "$python" -m pip install --quiet --disable-pip-version-check "pytest>=7"
fi

if [ ! -x .venv/bin/python ]; then
  echo "Skapar den virtuella miljön .venv/"
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# The tool's bytecode, as pip writes it for an installed package: an editable install leaves
# the source uncompiled, and a Python run with PYTHONDONTWRITEBYTECODE would then compile the
# whole package at every start (a quarter of a second of CPU per command).
.venv/bin/python -m compileall -q finsam
.venv/bin/finsam --projekt examples/vastra-malardalen
