"""Turn the open-sdg translation files into ``labels.csv``.

Reads ``<translations>/<lang>/global_goals.yml``, ``global_targets.yml`` and
``global_indicators.yml`` for the six UN languages and writes one row per label:
``kind,code,lang,field,label``.

The YAML keys follow one scheme, the code with its dots turned into hyphens and a field after it:

* goals: ``1-title`` (the goal statement) and ``1-short`` (the short title, "No poverty");
* targets: ``1-1-title``, ``1-a-title``;
* indicators: ``1-1-1-title``, ``1-a-2-title`` (the framework number, not the UN code).

Only the goals, targets and indicator numbers of this folder's tables are kept: the files still
carry five indicators that the 2020 review deleted (1.a.3, 8.9.2, 11.c.1, 13.3.2, 17.6.2), which are
reported and left out. Label texts are copied with two changes only: no-break spaces become
spaces and runs of white space (YAML line folding) become one space. Rows are sorted by kind
(goal, target, indicator), code in framework order, language and field, so that the output is the
same on every run.

Usage::

    python data/sources/sdg/convert_translations.py [TRANSLATIONS_DIR] [OUTPUT_CSV]

Defaults: ``/work/shared/reference/sdg/translations`` and ``labels.csv`` next to this script.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_TRANSLATIONS = Path("/work/shared/reference/sdg/translations")

#: Folder names of the translations, which are also the BCP 47 tags we write ("zh-Hans":
#: Chinese in simplified script, as the UN publishes it).
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh-Hans")
KINDS = ("goal", "target", "indicator")
FILES = {"goal": "global_goals.yml", "target": "global_targets.yml", "indicator": "global_indicators.yml"}

_PART = r"(?:[0-9]+|[a-z])"
KEY_PATTERNS = {
    "goal": re.compile(r"(?P<code>[0-9]+)-(?P<field>title|short)"),
    "target": re.compile(rf"(?P<code>[0-9]+-{_PART})-(?P<field>title)"),
    "indicator": re.compile(rf"(?P<code>[0-9]+-{_PART}-[0-9]+)-(?P<field>title)"),
}
COLUMNS = ("kind", "code", "lang", "field", "label")


def framework_codes(folder: Path) -> dict[str, set[str]]:
    """The goal, target and indicator codes of the tables in ``folder``."""
    codes: dict[str, set[str]] = {}
    for kind, name in (("goal", "goals.csv"), ("target", "targets.csv"), ("indicator", "indicators.csv")):
        with open(folder / name, encoding="utf-8", newline="") as fh:
            codes[kind] = {row["code"].strip() for row in csv.DictReader(fh)}
    return codes


def clean(text: str) -> str:
    """No-break spaces to spaces, white-space runs to one space, ends trimmed."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def code_key(code: str) -> tuple:
    """Framework order: numbers as numbers, letters after them (1.9 < 1.10 < 1.a)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))


def read_labels(path: Path, kind: str, lang: str, known: set[str]) -> tuple[list[dict[str, str]], list[str]]:
    """The label rows of one YAML file, and the keys left out because their code is not in the tables.

    Raises:
        ValueError: a key that does not follow the scheme, or a value that is not a non-empty string.
    """
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    rows, skipped = [], []
    for key, value in data.items():
        match = KEY_PATTERNS[kind].fullmatch(str(key))
        if not match:
            raise ValueError(f"{path}: key {key!r} does not follow the {kind} key scheme")
        if not isinstance(value, str) or not clean(value):
            raise ValueError(f"{path}: key {key!r} has no text")
        code = match.group("code").replace("-", ".")
        if code not in known:
            skipped.append(code)
            continue
        rows.append({"kind": kind, "code": code, "lang": lang, "field": match.group("field"), "label": clean(value)})
    return rows, skipped


def convert(translations: Path, tables: Path) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """All label rows, sorted, and the skipped codes per file."""
    codes = framework_codes(tables)
    rows: list[dict[str, str]] = []
    skipped: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for kind in KINDS:
            path = translations / lang / FILES[kind]
            found, left_out = read_labels(path, kind, lang, codes[kind])
            rows.extend(found)
            if left_out:
                skipped[f"{lang}/{FILES[kind]}"] = sorted(left_out, key=code_key)
    rows.sort(key=lambda r: (KINDS.index(r["kind"]), code_key(r["code"]), r["lang"], r["field"]))
    return rows, skipped


def write(rows: list[dict[str, str]], output: Path) -> None:
    with open(output, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    translations = Path(argv[1]) if len(argv) > 1 else DEFAULT_TRANSLATIONS
    output = Path(argv[2]) if len(argv) > 2 else HERE / "labels.csv"
    rows, skipped = convert(translations, HERE)
    write(rows, output)
    print(f"wrote {len(rows)} labels to {output}")
    for file, codes in skipped.items():
        print(f"left out (not in the framework tables) from {file}: {', '.join(codes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
