"""Reading record files as a stream of raw records, each with where it stands in the file.

Two formats, chosen by the file's suffix or by ``--format``:

* **CSV**: UTF-8, one header row naming the columns (see :mod:`wsis_graph.records.model`), one
  record per row; a cell with several values separates them with ``;`` (``C4;C7.e-health``).
  Quote a cell that holds a comma. A record's place is its line in the file (the header is 1).
* **JSON**: one array of objects, one object per record, keys as the CSV columns; several
  values as a list (``["C4", "C7.e-health"]``), the year as a number or a string. A record's
  place is its index in the array, from 0.

Both are read incrementally, so that a file of millions of records never sits in memory.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from wsis_graph.records.model import COLUMNS, REQUIRED
from wsis_graph.tables import SourceError

FORMATS = ("csv", "json")
_CHUNK = 1 << 20


class RecordError(SourceError):
    """A problem in a record file, located by file, row (CSV line) or item (JSON index), and column.

    >>> str(RecordError("r.csv", 7, "year", "1999 is before 2003"))
    "r.csv, row 7, column 'year': 1999 is before 2003"
    >>> str(RecordError("r.json", 3, "year", "1999 is before 2003", unit="item"))
    "r.json, item 3, key 'year': 1999 is before 2003"
    """

    def __init__(self, file: str | Path, row: int | None, column: str | None, message: str, *, unit: str = "row") -> None:
        self.unit = unit
        super().__init__(file, row, column, message)

    @property
    def column_word(self) -> str:
        """A JSON item has keys where a CSV row has columns."""
        return "key" if self.unit == "item" else "column"

    def to_json(self) -> dict:
        return {"file": self.file, self.unit: self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read, before checks: ``fields`` maps column to the cell or JSON value."""

    place: int
    fields: dict

    def error(self, source: "RecordSource", column: str | None, message: str) -> RecordError:
        return RecordError(source.display, self.place, column, message, unit=source.unit)


def detect_format(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise RecordError(str(path), None, None, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise RecordError(str(path), None, None, "cannot tell the format from the file name; give --format csv or json")


def unknown_column(name: str, word: str = "column") -> str:
    close = difflib.get_close_matches(name, COLUMNS, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {word} {name!r}{hint}; the {word}s are {', '.join(COLUMNS)}"


class RecordSource:
    """A record file, read as :class:`RawRecord` items.

    Args:
        path: the file.
        fmt: ``csv`` or ``json``; guessed from the suffix when None.
        display: how errors name the file (defaults to the path as given).
        progress: called now and then with the number of bytes read so far.

    Attributes:
        size: the file's size in bytes.
        digest: the SHA-256 of the bytes read, complete once the iteration has ended.
    """

    def __init__(self, path: Path, fmt: str | None = None, *, display: str | None = None,
                 progress: Callable[[int], None] | None = None) -> None:
        self.path = Path(path)
        self.display = display or str(path)
        self.format = detect_format(self.path, fmt)
        self.unit = "row" if self.format == "csv" else "item"
        self.progress = progress
        self._hash = hashlib.sha256()
        try:
            self.size = self.path.stat().st_size
        except FileNotFoundError:
            raise RecordError(self.display, None, None, "file not found") from None
        if self.path.is_dir():
            raise RecordError(self.display, None, None, "is a folder, not a file")

    @property
    def digest(self) -> str:
        return self._hash.hexdigest()

    def error(self, place: int | None, column: str | None, message: str) -> RecordError:
        return RecordError(self.display, place, column, message, unit=self.unit)

    def __iter__(self) -> Iterator[RawRecord]:
        return self._csv() if self.format == "csv" else self._json()

    # -- CSV -------------------------------------------------------------------------------------

    def _lines(self) -> Iterator[str]:
        """Decoded lines, hashing the bytes and reporting progress as they are read."""
        done = 0
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                self._hash.update(raw)
                done += len(raw)
                if self.progress is not None and number % 2048 == 0:
                    self.progress(done)
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise self.error(number, None, f"not valid UTF-8 at byte {exc.start} of the line") from None
                if number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                yield line
        if self.progress is not None:
            self.progress(done)

    def _csv(self) -> Iterator[RawRecord]:
        # The lines are closed here, not left to the collector, when a broken row ends the reading.
        with closing(self._lines()) as lines:
            yield from self._csv_rows(lines)

    def _csv_rows(self, lines: Iterator[str]) -> Iterator[RawRecord]:
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise self.error(1, None, "the file is empty; expected a header row") from None
        except csv.Error as exc:
            raise self.error(1, None, f"malformed CSV: {exc}") from None
        header = [h.strip() for h in header]
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise self.error(1, name, "column appears more than once in the header")
            seen.add(name)
            if name not in COLUMNS:
                raise self.error(1, name, unknown_column(name))
        for name in REQUIRED:
            if name not in seen:
                raise self.error(1, name, "required column is missing from the header")
        width = len(header)
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise self.error(start, None, f"malformed CSV: {exc}") from None
            place, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != width:
                raise self.error(
                    place, None,
                    f"row has {len(cells)} fields but the header has {width} (an unquoted comma, or a missing cell?)",
                )
            yield RawRecord(place, dict(zip(header, cells)))

    # -- JSON ------------------------------------------------------------------------------------

    def _json(self) -> Iterator[RawRecord]:
        decoder = json.JSONDecoder()
        utf8 = codecs.getincrementaldecoder("utf-8")()
        with self.path.open("rb") as handle:
            buffer, consumed, done, eof = "", 0, 0, False  # consumed: characters dropped from buffer

            def more() -> bool:
                nonlocal buffer, done, eof
                if eof:
                    return False
                chunk = handle.read(_CHUNK)
                self._hash.update(chunk)
                done += len(chunk)
                if self.progress is not None:
                    self.progress(done)
                try:
                    text = utf8.decode(chunk, final=not chunk)
                except UnicodeDecodeError as exc:
                    raise self.error(None, None, f"not valid UTF-8 near byte {done - len(chunk) + exc.start}") from None
                if not chunk:
                    eof = True
                if consumed == 0 and buffer == "" and text.startswith("\ufeff"):
                    text = text[1:]
                buffer += text
                return True

            def where(pos: int) -> str:
                return f"at character {consumed + pos}"

            def skip_space(pos: int) -> int:
                while True:
                    while pos < len(buffer) and buffer[pos] in " \t\r\n":
                        pos += 1
                    if pos < len(buffer) or not more():
                        return pos

            pos = skip_space(0)
            if pos >= len(buffer):
                raise self.error(None, None, "the file is empty; expected a JSON array of records")
            if buffer[pos] != "[":
                raise self.error(None, None, f"expected a JSON array of records ('[') {where(pos)}")
            pos = skip_space(pos + 1)
            index = 0
            if pos < len(buffer) and buffer[pos] == "]":
                return
            while True:
                while True:
                    try:
                        value, end = decoder.raw_decode(buffer, pos)
                        if end == len(buffer) and not eof and more():
                            continue  # a number or literal may go on in the next chunk
                        break
                    except json.JSONDecodeError as exc:
                        # Read on only while the rest of the buffer may be a record cut short.
                        if len(buffer) - pos < _CHUNK and more():
                            continue
                        raise self.error(index, None, f"malformed JSON {where(exc.pos)}: {exc.msg}") from None
                if not isinstance(value, dict):
                    raise self.error(index, None, f"a record must be a JSON object, not {type(value).__name__}")
                yield RawRecord(index, value)
                index += 1
                pos = skip_space(end)
                if pos >= len(buffer):
                    raise self.error(None, None, "the file ends inside the array (no closing ']')")
                if buffer[pos] == "]":
                    if skip_space(pos + 1) < len(buffer):
                        raise self.error(None, None, f"text after the closing ']' {where(pos + 1)}")
                    return
                if buffer[pos] != ",":
                    raise self.error(index, None, f"expected ',' or ']' after item {index - 1} {where(pos)}")
                pos = skip_space(pos + 1)
                # Drop what has been read, so that the buffer stays small.
                if pos > _CHUNK:
                    consumed += pos
                    buffer = buffer[pos:]
                    pos = 0
