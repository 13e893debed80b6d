#!/usr/bin/env bash
# Installs what the tool needs on Debian/Ubuntu with Python 3.11+, then builds the example.
# System packages: Pango (WeasyPrint's text layout), a fallback font, poppler-utils (pdftoppm,
# to look at pages as PNG). With --webblasare also Chromium, for the accessibility tests
# (axe-core). Only missing packages are installed; sudo is used if not root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils)
if [ "${1:-}" = "--webblasare" ]; then
  packages+=(chromium)
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

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
python3 build.py
