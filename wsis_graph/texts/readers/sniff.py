"""What kind of file this is, from its first bytes, checked against its suffix.

A file is read by what it is, and a suffix that says otherwise is refused: a PDF saved as
``.docx`` or a web page saved as ``.pdf`` would otherwise fail deep in a reader, or worse, be read
as something it is not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from wsis_graph.texts.model import TextImportError

#: The suffixes read, and the kind each promises.
SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}

_NAMES = {"pdf": "a PDF", "docx": "a Word (.docx) document", "html": "an HTML page", "text": "plain text"}

# Leading bytes of kinds that people mistake for ours.
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or other OLE2 file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def content_kind(data: bytes) -> str:
    """The kind of a file's bytes: ``pdf``, ``docx``, ``html``, ``text``, or a description of another kind.

    Args:
        data: The file's bytes (the first few kilobytes are enough but for ZIP archives).

    Returns:
        One of the keys of :data:`_NAMES`, or words for what else it is ("a PNG image").

    >>> content_kind(b"%PDF-1.7 ...")
    'pdf'
    >>> content_kind(b"<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    'html'
    >>> content_kind("1. Some words.".encode())
    'text'
    >>> content_kind(b"\\x89PNG\\r\\n")
    'a PNG image'
    """
    head = data[:8].lstrip(b"\xef\xbb\xbf")
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    text = _decode_head(data[:4096])
    if text is None:
        return "a binary file"
    probe = text.lstrip("\ufeff \t\r\n").lower()
    if probe.startswith(("<!doctype html", "<html")):
        return "html"
    if probe.startswith("<") and ("<html" in probe or "<body" in probe):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    import io

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return "a damaged ZIP archive"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "an Excel workbook"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation"
    if "content.xml" in names:
        return "an OpenDocument file"
    return "a ZIP archive"


def _decode_head(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        return None
    return data.decode("utf-8", errors="replace")


def check_kind(path: Path) -> str:
    """The kind of the file at ``path``, which its suffix must promise.

    Args:
        path: The file.

    Returns:
        ``pdf``, ``docx``, ``html`` or ``text``.

    Raises:
        TextImportError: The file is missing or empty, its suffix is not one read here, or its
            bytes are of another kind than its suffix says.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TextImportError(f"the suffix {suffix or '(none)'!r} is not read; use {', '.join(sorted(SUFFIXES))}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TextImportError(f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise TextImportError("the file is empty")
    found = content_kind(data)
    wanted = SUFFIXES[suffix]
    if found != wanted:
        raise TextImportError(f"named {suffix} but it is {_NAMES.get(found, found)}, not {_NAMES[wanted]}")
    return found
