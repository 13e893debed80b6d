# Utvecklarmiljö på Windows: verktyget och testernas paket i .venv\, och exemplet byggt.
# (Ett förbund installerar i stället med pipx, docs/nytt-forbund.md.) Kör i PowerShell i repot:
#   powershell -ExecutionPolicy Bypass -File scripts\install.ps1
# Vad skriptet gör (och vad du kan göra för hand) står i docs/windows.md. Skriptet är inte
# provkört på Windows av verktygets utvecklare; stegen följer WeasyPrints anvisningar.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

# 1. Python 3.11 eller senare från python.org (med "py"-startaren).
if (-not (Get-Command py -ErrorAction SilentlyContinue)) {
    Write-Host "Python saknas. Installera Python 3.11 eller senare från https://www.python.org/downloads/ (kryssa i 'Add python.exe to PATH') och kör skriptet igen."
    exit 1
}
py -3 -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
if ($LASTEXITCODE -ne 0) {
    Write-Host "Python är för gammal: verktyget behöver 3.11 eller senare (https://www.python.org/downloads/)."
    exit 1
}

# 2. Pango (WeasyPrints textsättning) via MSYS2, som WeasyPrint anvisar för Windows.
$msys = "C:\msys64"
if (-not (Test-Path "$msys\usr\bin\bash.exe")) {
    if (Get-Command winget -ErrorAction SilentlyContinue) {
        Write-Host "Installerar MSYS2 med winget ..."
        winget install --id MSYS2.MSYS2 -e --accept-source-agreements --accept-package-agreements
    } else {
        Write-Host "MSYS2 saknas. Installera det från https://www.msys2.org/ (till C:\msys64) och kör skriptet igen."
        exit 1
    }
}
Write-Host "Installerar Pango i MSYS2 ..."
& "$msys\usr\bin\bash.exe" -lc "pacman -S --needed --noconfirm mingw-w64-x86_64-pango"
$env:WEASYPRINT_DLL_DIRECTORIES = "$msys\mingw64\bin"
[Environment]::SetEnvironmentVariable("WEASYPRINT_DLL_DIRECTORIES", "$msys\mingw64\bin", "User")

# 3. En egen virtuell miljö, .venv\, med verktygets Python-paket.
if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3 -m venv .venv }
& .venv\Scripts\python.exe -m pip install --upgrade pip
& .venv\Scripts\python.exe -m pip install -e ".[test]"

# 4. Bygg exemplet: output\index.html och PDF:erna.
& .venv\Scripts\finsam.exe --projekt examples\vastra-malardalen
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
Write-Host "Klart. Bygg med:  .venv\Scripts\finsam.exe --projekt examples\vastra-malardalen"
