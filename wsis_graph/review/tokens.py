"""Reviewer tokens: who a web request that decides on a candidate speaks for.

The server keeps a **tokens file** (the setting ``reviewer_tokens_file``, the environment variable
``WSIS_GRAPH_REVIEWER_TOKENS``, ``wsis-graph serve --reviewer-tokens FILE``) with one line per token::

    # comments and blank lines are ignored
    3f1c…64 hexadecimal digits…9a  Ana Reviewer
    b07e…64 hexadecimal digits…11  Bo Curator

each line the SHA-256 (hexadecimal) of a token, white space, and the reviewer's name (the rest of the
line, as the review log will record it). The token itself is never stored: whoever reads the file
learns who may review, not how to sign as them. A name may have several lines (a token for each of a
person's machines); a hash may appear once only. ``wsis-graph review token add NAME --tokens FILE``
adds a line and prints the new token, once.

:func:`reviewer_of` hashes the token of a request and compares it with every hash of the file with
:func:`hmac.compare_digest`, going through all of them whichever matches, so that the time it takes
says nothing about how close a guess came.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from wsis_graph.problems import Problem

_LINE = re.compile(r"^([0-9a-fA-F]{64})\s+(\S.*)$")


class TokensFileError(Problem):
    """A tokens file that cannot be read or has a bad line (the message names the file and the line)."""

    def __init__(self, message: str) -> None:
        super().__init__(500, "reviewer_tokens_unusable", message)


@dataclass(frozen=True)
class Entry:
    digest: str  # lower-case hexadecimal SHA-256 of the token
    name: str
    line: int


def digest(token: str) -> str:
    """The SHA-256 of a token, in lower-case hexadecimal, as the file keeps it.

    >>> digest("secret")[:16]
    '2bb80d537b1da3e3'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    """A reviewer's name as the file and the review log keep it: trimmed, one line, not empty."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise Problem(400, "bad_request", "a reviewer's name cannot be empty")
    if any(ch in cleaned for ch in "\r\n\t") or not cleaned.isprintable():
        raise Problem(400, "bad_request", f"{name!r}: a reviewer's name is one line of printable characters, without tabs")
    if len(cleaned) > 200:
        raise Problem(400, "bad_request", "a reviewer's name has at most 200 characters")
    return cleaned


def parse(text: str, where: str = "the reviewer tokens file") -> list[Entry]:
    """The entries of a tokens file's text.

    Raises:
        TokensFileError: a line that is not ``<64 hex digits> <name>``, or a hash given twice.

    >>> [e.name for e in parse("# who may review\\n" + "a" * 64 + "  Ana Reviewer\\n")]
    ['Ana Reviewer']
    """
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise TokensFileError(f"{where}, line {number}: expected the SHA-256 of a token (64 hexadecimal digits), "
                                  "a space and the reviewer's name")
        hexdigest, name = match.group(1).lower(), match.group(2).strip()
        if hexdigest in seen:
            raise TokensFileError(f"{where}, line {number}: the same token hash as line {seen[hexdigest]}")
        seen[hexdigest] = number
        entries.append(Entry(hexdigest, name, number))
    return entries


def read(path: str | Path) -> list[Entry]:
    """The entries of the tokens file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TokensFileError(f"cannot read the reviewer tokens file {path}: {exc}") from None
    return parse(text, str(path))


def reviewer_of(token: str, entries: list[Entry]) -> str | None:
    """The name the token stands for, or None. Compares with every entry, in constant time each."""
    wanted = digest(token).encode("ascii")
    found = None
    for entry in entries:
        if hmac.compare_digest(wanted, entry.digest.encode("ascii")) and found is None:
            found = entry.name
    return found


def add(path: str | Path, name: str, *, replace: bool = False) -> tuple[str, int]:
    """Add a fresh token for ``name`` to the file (created, readable by its owner only, when missing).

    Returns the token (to be handed to the reviewer; it is not kept) and how many lines of that
    name were removed (``replace``: the person's earlier tokens stop working).

    Raises:
        Problem: a bad name (400); the name has a token already and ``replace`` is not given (409).
        TokensFileError: the file exists and is not a tokens file.
    """
    name = check_name(name)
    path = Path(path)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    entries = parse(existing, str(path))
    same = [e for e in entries if e.name == name]
    if same and not replace:
        raise Problem(409, "reviewer_exists", f"{name!r} has a token already ({path}, line {same[0].line}); "
                                              "give --replace to replace it (the old one stops working)")
    token = secrets.token_urlsafe(32)
    drop = {e.line for e in same}
    kept = [line for number, line in enumerate(existing.splitlines(), start=1) if number not in drop]
    if not kept:
        kept = ["# wsis-graph reviewer tokens: the SHA-256 of each token, then the reviewer's name"]
    kept.append(f"{digest(token)}  {name}")
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")
    os.replace(temporary, path)
    return token, len(drop)


__all__ = ["Entry", "TokensFileError", "add", "check_name", "digest", "parse", "read", "reviewer_of"]
