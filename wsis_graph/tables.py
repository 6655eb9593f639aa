"""Reading the curated source tables, with errors that say file, row and column.

A source table is a UTF-8 CSV file with one header row. Every problem the build finds in a table
(a missing column, an empty required cell, a malformed or disguised code, several codes packed in
one cell, a row with too many fields) is a :class:`SourceError` that names the file, the row (its
line number in the file, the header being line 1) and the column.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class SourceError(Exception):
    """A problem in a source table, located by file, row and column.

    >>> str(SourceError("gdc/gdc_objectives.csv", 4, "number", "'x' is not a valid objective number"))
    "gdc/gdc_objectives.csv, row 4, column 'number': 'x' is not a valid objective number"
    """

    #: What the message calls a place in the file, and a field of it (a subclass may say otherwise).
    unit = "row"
    column_word = "column"

    def __init__(self, file: str | Path, row: int | None, column: str | None, message: str) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", {self.unit} {self.row}"
        if self.column:
            where += f", {self.column_word} '{self.column}'"
        return f"{where}: {self.message}"


_PACK_SEPARATORS = re.compile(r"[;,|/]|\s")


def _disguised_characters(text: str) -> list[str]:
    """Names of the non-ASCII characters in a code (a Cyrillic 'С' in 'С1', a no-break space …)."""
    return [f"{ch!r} ({unicodedata.name(ch, 'unnamed character')})" for ch in text if ord(ch) > 127]


@dataclass(frozen=True)
class Row:
    """One data row of a table; ``line`` is its line number in the file (header = 1)."""

    table: "Table"
    line: int
    values: dict[str, str]

    def error(self, column: str | None, message: str) -> SourceError:
        return SourceError(self.table.display_name, self.line, column, message)

    def get(self, column: str) -> str:
        """The stripped cell value, or '' when empty."""
        if column not in self.table.columns:
            raise SourceError(self.table.display_name, 1, column, "column is missing from the header")
        return (self.values.get(column) or "").strip()

    def require(self, column: str) -> str:
        """The stripped cell value; an error when it is empty."""
        value = self.get(column)
        if not value:
            raise self.error(column, "required value is empty")
        return value

    def code(self, column: str, pattern: str | re.Pattern[str], what: str, *, required: bool = True) -> str:
        """A single code that must match ``pattern`` in full.

        Reports a disguised character (a Cyrillic or Greek look-alike, a no-break space), several
        codes packed in one cell, and any other mismatch, each with the offending value.
        """
        value = self.require(column) if required else self.get(column)
        if not value:
            return ""
        return check_code(self, column, value, pattern, what)

    def codes(self, column: str, pattern: str | re.Pattern[str], what: str, *, sep: str = ";") -> list[str]:
        """A list of codes separated by ``sep``; each must match ``pattern``."""
        value = self.get(column)
        if not value:
            return []
        items = [item.strip() for item in value.split(sep)]
        if any(not item for item in items):
            raise self.error(column, f"empty item in the list {value!r} (separator {sep!r})")
        return [check_code(self, column, item, pattern, what) for item in items]

    def one_of(self, column: str, allowed: Sequence[str], *, required: bool = True) -> str:
        value = self.require(column) if required else self.get(column)
        if value and value not in allowed:
            raise self.error(column, f"{value!r} is not one of: {', '.join(allowed)}")
        return value


def check_code(row: Row, column: str, value: str, pattern: str | re.Pattern[str], what: str) -> str:
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    if compiled.fullmatch(value):
        return value
    odd = _disguised_characters(value)
    if odd:
        raise row.error(
            column,
            f"{what} {value!r} contains non-ASCII character(s) {', '.join(odd)}; "
            "codes must be plain ASCII (is a look-alike letter hiding here?)",
        )
    parts = [p for p in _PACK_SEPARATORS.split(value) if p]
    if len(parts) > 1 and all(compiled.fullmatch(p) for p in parts):
        raise row.error(column, f"several {what}s packed in one cell: {value!r}; give one per row")
    raise row.error(column, f"{value!r} is not a valid {what} (expected pattern {compiled.pattern})")


@dataclass
class Table:
    """A parsed source table.

    Args:
        path: the CSV file.
        display_name: how errors name the file (the path relative to the sources folder).
    """

    path: Path
    display_name: str
    columns: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def read_table(path: Path, required_columns: Sequence[str], *, display_name: str | None = None) -> Table:
    """Read a CSV source table and check its shape.

    Args:
        path: the CSV file.
        required_columns: columns that must be in the header.
        display_name: the name errors use for the file.

    Returns:
        The table with one :class:`Row` per data line.

    Raises:
        SourceError: the file is missing or not UTF-8, the header lacks a column or repeats one,
            or a row has more or fewer fields than the header.
    """
    name = display_name or str(path)
    table = Table(path=path, display_name=name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(name, None, None, "file not found") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(name, line, None, f"not valid UTF-8 at byte {exc.start}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(name, 1, None, "the file is empty; expected a header row") from None
    except csv.Error as exc:
        raise SourceError(name, 1, None, f"malformed CSV: {exc}") from None
    header = [h.strip() for h in header]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise SourceError(name, 1, duplicates[0], "column appears more than once in the header")
    for column in required_columns:
        if column not in header:
            raise SourceError(name, 1, column, "required column is missing from the header")
    table.columns = tuple(header)
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise SourceError(
                    name,
                    line,
                    None,
                    f"row has {len(fields)} fields but the header has {len(header)} "
                    "(an unquoted comma, or a missing cell?)",
                )
            table.rows.append(Row(table=table, line=line, values=dict(zip(header, fields))))
    except csv.Error as exc:
        raise SourceError(name, reader.line_num, None, f"malformed CSV: {exc}") from None
    return table
