#!/usr/bin/env bash
# A virtual environment of its own, .venv-sssom, holding sssom-py, for the test that checks the SSSOM
# export (tests/test_sssom.py runs `.venv-sssom/bin/sssom validate` on it). sssom-py brings linkml and
# rdflib plugins (rdflib-jsonld, rdflib-shim) that may replace rdflib's own JSON-LD parser, so it
# never goes into the project's .venv. It is installed from the package index pip is configured with.
# Idempotent: does nothing when the pinned version is already installed.
#
#   scripts/setup-sssom.sh            # creates or refreshes .venv-sssom in the repository root
#   PYTHON=python3.12 SSSOM_VENV=/elsewhere/.venv-sssom scripts/setup-sssom.sh   (the tests read SSSOM_VENV too)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${SSSOM_VENV:-.venv-sssom}
PIN="sssom==0.4.21"
STAMP="$VENV/.installed-$PIN"

if [ -f "$STAMP" ] && [ -x "$VENV/bin/sssom" ]; then
    exit 0
fi

echo "setup-sssom: installing $PIN into $VENV (a venv of its own, kept out of .venv)" >&2
if [ -e "$VENV" ] && [ ! -f "$VENV/pyvenv.cfg" ]; then
    echo "setup-sssom: $VENV exists and is not a virtual environment; remove it or set SSSOM_VENV" >&2
    exit 1
fi
rm -rf "$VENV"  # a stale or half-made one
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "$PIN"
"$VENV/bin/sssom" --version >&2
touch "$STAMP"
