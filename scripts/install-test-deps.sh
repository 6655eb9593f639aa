#!/usr/bin/env bash
# System packages the test suite needs beyond Python: Debian's Chromium, for the editor's browser
# tests (driven by Playwright with executable_path=/usr/bin/chromium; Playwright's own browser
# download is never used), Pango, which WeasyPrint needs to write PDF reports, and poppler-utils
# (pdftotext, pdftoppm), with which the report tests read the PDF's text and render its pages.
# Idempotent: does nothing when /usr/bin/chromium, Pango and pdftoppm are already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

have_pango() { ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so'; }

have_poppler() { command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; }

if [ -x "$CHROMIUM" ] && have_pango && have_poppler; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: $CHROMIUM, Pango or pdftoppm is missing and apt-get is not available;" >&2
    echo "install Chromium with your system's package manager so that $CHROMIUM exists." >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-test-deps: $CHROMIUM, Pango or pdftoppm is missing; run as root (or with sudo):" >&2
    echo "    apt-get update && apt-get install -y chromium libpango-1.0-0 libpangoft2-1.0-0 poppler-utils" >&2
    exit 1
fi

echo "install-test-deps: installing Debian's chromium (for the editor's browser tests), Pango (for PDF reports) and poppler-utils (to check them)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils >/dev/null
"$CHROMIUM" --version
