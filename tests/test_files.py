"""The one atomic file writer: whole or not at all, ordinary permissions, no temporary left behind."""

from __future__ import annotations

import os
import stat

import pytest

import wsis_graph.files
from wsis_graph.files import write_atomically


def test_text_and_bytes_are_written_whole_with_ordinary_permissions(tmp_path):
    out = tmp_path / "a.csv"
    assert write_atomically(out, "é,1\n") == 5
    assert out.read_bytes() == "é,1\n".encode("utf-8")
    write_atomically(out, b"replaced")
    assert out.read_bytes() == b"replaced" and list(tmp_path.iterdir()) == [out]
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # not the 0600 of a temporary file


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "a.csv"
    out.write_text("old", encoding="utf-8")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(wsis_graph.files.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(out, "new")
    assert out.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [out]


def test_a_missing_folder_is_an_error_and_writes_nothing(tmp_path):
    with pytest.raises(OSError):
        write_atomically(tmp_path / "nowhere" / "a.csv", "x")
    assert list(tmp_path.iterdir()) == []
