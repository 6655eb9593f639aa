"""The domain thesaurus: terms of the field and the variants that mean the same, each with its source.

The curated rows are data (``data/thesaurus/thesaurus.csv``, described in its ``PROVENANCE.md``):
one row per term and language, with the variants separated by ``;``, a note and the source that
states the equivalence. The acronyms and names of the entities and processes in the graph are added
at run time from the graph itself (:meth:`Thesaurus.with_rows`), with the node as their source.

The analyser (:mod:`wsis_graph.matching.text`) finds the variants in a text on word stems, so that
a plural or an inflected form matches too.

>>> t = Thesaurus([Row("ict", "en", ("ICT", "information and communications technology"), "", "SDG 4.4.1")])
>>> t.variants("en")
[('ict', 'ICT'), ('ict', 'information and communications technology')]
>>> t.with_rows([Row("itu", "en", ("ITU", "International Telecommunication Union"), "", "graph")]).terms()
['ict', 'itu']
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wsis_graph import paths
from wsis_graph.problems import Problem

COLUMNS = ("term", "language", "variants", "note", "source")


@dataclass(frozen=True)
class Row:
    """One term in one language: its variants, what the equivalence is, and where it is stated."""

    term: str
    language: str
    variants: tuple[str, ...]
    note: str
    source: str


class Thesaurus:
    """The rows, and their variants by language."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = list(rows)
        self._by_language: dict[str, list[tuple[str, str]]] = {}
        for row in self.rows:
            bucket = self._by_language.setdefault(row.language, [])
            bucket += [(row.term, variant) for variant in row.variants]

    def variants(self, language: str) -> list[tuple[str, str]]:
        """``(term, variant)`` for every variant in ``language``."""
        return list(self._by_language.get(language, []))

    def terms(self) -> list[str]:
        return sorted({row.term for row in self.rows})

    def source_of(self, term: str) -> list[str]:
        """Where the equivalences of ``term`` are stated."""
        return [row.source for row in self.rows if row.term == term]

    def with_rows(self, rows: list[Row]) -> "Thesaurus":
        """This thesaurus with more rows (the acronyms the graph states)."""
        return Thesaurus(self.rows + list(rows))


def thesaurus_file() -> Path:
    return paths.thesaurus_dir() / "thesaurus.csv"


def read_rows(path: Path) -> list[Row]:
    """The rows of a thesaurus file; a row without a term, a variant or a source is refused.

    Raises:
        Problem: the file is missing or a row is incomplete (the message names file and line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise Problem(500, "thesaurus_missing", f"the thesaurus {path} cannot be read: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise Problem(500, "thesaurus_invalid", f"{path}: the columns must be {', '.join(COLUMNS)}")
    rows: list[Row] = []
    for line, record in enumerate(reader, start=2):
        variants = tuple(v.strip() for v in (record["variants"] or "").split(";") if v.strip())
        term, language, source = ((record[k] or "").strip() for k in ("term", "language", "source"))
        if not term or not language or not variants or not source:
            raise Problem(500, "thesaurus_invalid", f"{path}, line {line}: a row needs a term, a language, variants and a source")
        rows.append(Row(term.lower(), language.lower(), variants, (record["note"] or "").strip(), source))
    return rows


@lru_cache(maxsize=4)
def _load(path: str, stamp: float) -> Thesaurus:
    return Thesaurus(read_rows(Path(path)))


def load_thesaurus(path: Path | None = None) -> Thesaurus:
    """The curated thesaurus (``data/thesaurus/thesaurus.csv``), read again when the file changes."""
    path = path or thesaurus_file()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = 0.0
    return _load(str(path), stamp)


__all__ = ["COLUMNS", "Row", "Thesaurus", "load_thesaurus", "read_rows", "thesaurus_file"]
