"""Tagging the paragraphs of a file or the rows of a table, kind by kind, into rows a person can read.

:func:`texts_of_table` reads a CSV (one text per row); the paragraphs of a document come from
:func:`wsis_graph.texts.paragraphs.paragraphs_of` (the command reads them, so that this room needs
nothing of the importer). :func:`tag_texts` runs one :class:`~wsis_graph.matching.tagger.TagModel`
per kind over them. :class:`Tagged` is one text with its tags; :func:`csv_rows` gives the rows of
the CSV output (``id,kind,tag,label,score,rank,matched_terms``, one row per tag).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wsis_graph.matching.tagger import Tag, TagModel

CSV_COLUMNS = ("id", "kind", "tag", "label", "score", "rank", "matched_terms")


class TaggingInputError(ValueError):
    """An input that cannot be tagged: the message says what and where."""


@dataclass(frozen=True)
class Text:
    """One text to tag: its id, its words and where it is in its file."""

    id: str
    text: str
    where: str = ""


@dataclass
class Tagged:
    """A text with its tags, by kind (best first)."""

    text: Text
    tags: dict[str, list[Tag]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "id": self.text.id,
            "where": self.text.where,
            "text": self.text.text,
            "tags": {kind: [{"tag": t.code, "label": t.label, "score": t.score, "rank": t.rank,
                             "matched_terms": list(t.matched)} for t in tags] for kind, tags in self.tags.items()},
        }


def texts_of_table(path: Path, text_column: str = "text", id_column: str = "id") -> list[Text]:
    """The rows of a CSV file as texts: ``text_column`` holds the words, ``id_column`` names the row.

    Raises:
        TaggingInputError: The file is not UTF-8 text, is empty, lacks a column, or a row's id repeats.
    """
    try:
        content = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TaggingInputError(f"not a UTF-8 text file (byte {exc.start} cannot be read)") from None
    except OSError as exc:
        raise TaggingInputError(f"cannot be read: {exc.strerror or exc}") from None
    if "\x00" in content:
        raise TaggingInputError("a binary file, not a CSV table")
    reader = csv.DictReader(io.StringIO(content))
    columns = reader.fieldnames or []
    if not columns:
        raise TaggingInputError("the table is empty")
    for column, option in ((text_column, "--text-column"), (id_column, "--id-column")):
        if column not in columns:
            raise TaggingInputError(f"no column {column!r} (give it with {option}; the columns are {', '.join(columns)})")
    texts, seen = [], {}
    try:
        rows = list(enumerate(reader, start=2))
    except csv.Error as exc:
        raise TaggingInputError(f"line {reader.line_num}: not a CSV table this tool can read ({exc})") from None
    for line, row in rows:
        key = (row.get(id_column) or "").strip()
        if not key:
            raise TaggingInputError(f"line {line}: the row has no {id_column!r}")
        if key in seen:
            raise TaggingInputError(f"line {line}: the id {key!r} is on line {seen[key]} already")
        seen[key] = line
        words = (row.get(text_column) or "").strip()
        if words:
            texts.append(Text(key, words, f"line {line}"))
    if not texts:
        raise TaggingInputError(f"no row has words in the column {text_column!r}")
    return texts


def tag_texts(texts: Sequence[Text], models: Mapping[str, TagModel]) -> list[Tagged]:
    """Each text with its tags of each kind."""
    out = [Tagged(text) for text in texts]
    for kind, model in models.items():
        for tagged, tags in zip(out, model.tag([t.text for t in texts])):
            tagged.tags[kind] = tags
    return out


def csv_rows(found: Sequence[Tagged]) -> list[dict]:
    """One row per tag: ``id,kind,tag,label,score,rank,matched_terms`` (the terms joined with ``; ``)."""
    return [
        {"id": t.text.id, "kind": kind, "tag": tag.code, "label": tag.label, "score": tag.score, "rank": tag.rank,
         "matched_terms": "; ".join(tag.matched)}
        for t in found for kind, tags in t.tags.items() for tag in tags
    ]


def csv_text(found: Sequence[Tagged]) -> str:
    """The CSV output: a header of :data:`CSV_COLUMNS`, then :func:`csv_rows`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(found))
    return buffer.getvalue()


def json_data(found: Sequence[Tagged], name: str, kinds: Mapping[str, str]) -> dict:
    """The JSON output: the file tagged, the kinds with what each tags with, and every text with its tags."""
    return {"file": name, "kinds": dict(kinds), "texts": [t.to_json() for t in found]}


__all__ = ["CSV_COLUMNS", "csv_text", "json_data", "TaggingInputError", "Tagged", "Text", "csv_rows", "tag_texts", "texts_of_table"]
