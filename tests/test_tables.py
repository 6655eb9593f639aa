"""Source tables: every input error names file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsis_graph.tables import SourceError, read_table

TARGET = r"\d{1,2}\.(\d{1,2}|[a-z])"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_rows_with_line_numbers(tmp_path):
    table = read_table(write(tmp_path, "code,goal\n1.1,1\n\n1.2,1\n"), ["code", "goal"])
    assert [(r.line, r.get("code")) for r in table] == [(2, "1.1"), (4, "1.2")]


def test_missing_column_is_named(tmp_path):
    with pytest.raises(SourceError) as err:
        read_table(write(tmp_path, "code,title\n1.1,x\n"), ["code", "goal"], display_name="sdg/targets.csv")
    assert (err.value.file, err.value.row, err.value.column) == ("sdg/targets.csv", 1, "goal")


def test_row_with_extra_field_is_located(tmp_path):
    with pytest.raises(SourceError) as err:
        read_table(write(tmp_path, "code,goal\n1.1,1\n1.2,1,oops\n"), ["code"])
    assert err.value.row == 3
    assert "3 fields but the header has 2" in err.value.message


def test_empty_required_field(tmp_path):
    row = read_table(write(tmp_path, "code,goal\n ,1\n"), ["code"]).rows[0]
    with pytest.raises(SourceError) as err:
        row.require("code")
    assert (err.value.row, err.value.column) == (2, "code")
    assert "empty" in err.value.message


def test_cyrillic_letter_in_code_is_named(tmp_path):
    row = read_table(write(tmp_path, "code\nС1\n"), ["code"]).rows[0]
    with pytest.raises(SourceError) as err:
        row.code("code", r"C\d{1,2}", "Action Line id")
    assert "CYRILLIC CAPITAL LETTER ES" in err.value.message


def test_packed_codes_are_refused(tmp_path):
    row = read_table(write(tmp_path, 'code\n"1.1; 1.2"\n'), ["code"]).rows[0]
    with pytest.raises(SourceError) as err:
        row.code("code", TARGET, "target code")
    assert "several target codes packed in one cell" in err.value.message


def test_code_lists_split_and_check_each(tmp_path):
    row = read_table(write(tmp_path, 'code\n"1.1;1.b"\n"1.1;;1.2"\n'), ["code"]).rows
    assert row[0].codes("code", TARGET, "target code") == ["1.1", "1.b"]
    with pytest.raises(SourceError):
        row[1].codes("code", TARGET, "target code")


def test_not_utf8_is_located(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("code\n1.1\n".encode() + b"\xff\n")
    with pytest.raises(SourceError) as err:
        read_table(path, ["code"])
    assert err.value.row == 3 and "UTF-8" in err.value.message


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="file not found"):
        read_table(tmp_path / "none.csv", ["code"])
