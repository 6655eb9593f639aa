"""The prefixes a query may use without declaring them, and error positions in the user's text.

The endpoint (``/sparql`` and ``/update``) and ``wsis-graph query`` accept prefixed names whose
prefix the text does not declare, when the prefix is one the server knows (the map comes from
:func:`wsis_graph.namespaces.query_prefixes`; this module takes it as an argument and imports
nothing else of the package). :func:`prepare` reads the text with the one lexer and:

- refuses a prefixed name whose prefix is neither declared in the text nor known, with the line
  and column in the user's text and the nearest known prefix. SPARQL makes an undeclared prefix
  a syntax error, so the refusal is a 400 with the code of one (``malformed_query``, or
  ``malformed_update`` for an update): scripts and the W3C syntax tests see a malformed text;
- puts, on one line before the text, a ``PREFIX`` declaration for every known prefix the text
  does not declare itself. A prefix the text declares keeps the text's IRI. ``PREFIX`` and
  ``BASE`` may come in any order in a prologue, and the added IRIs are absolute, so the text's
  own ``BASE`` means what it meant.

The engine then reads one line more than the user wrote: :func:`syntax_message` turns the
engine's error (Oxigraph, rdflib's parser, or a remote server) into one short line and gives its
position in the user's text.

>>> p = prepare("SELECT * { ?s a skos:Concept }", {"skos": "http://www.w3.org/2004/02/skos/core#"})
>>> p.text
'PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\\nSELECT * { ?s a skos:Concept }'
>>> p.line_offset, p.added
(1, ('skos',))
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from wsis_graph.problems import Problem
from wsis_graph.sparql.lexer import Token, tokens


@dataclass(frozen=True)
class Prepared:
    """A text ready for the engine.

    Attributes:
        text: what the engine runs: the added prologue (one line), then the user's text.
        added: the prefixes declared by the prologue.
        line_offset: how many lines come before the user's text (1, or 0 when nothing was added).
    """

    text: str
    added: tuple[str, ...]
    line_offset: int

    def message(self, raw: str) -> str:
        """The engine's syntax error ``raw``, short, at its place in the user's text."""
        return syntax_message(raw, self.line_offset)


def position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (both from 1, the column in characters) of ``offset`` in ``text``.

    >>> position("ab\\ncd", 4)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def declared(toks: list[Token]) -> dict[str, int]:
    """The prefixes the text declares (``PREFIX p: <…>``), each with the index of its name token."""
    found: dict[str, int] = {}
    for i, token in enumerate(toks[:-1]):
        if token.kind == "word" and token.text.upper() == "PREFIX" and toks[i + 1].kind == "pname":
            name = toks[i + 1].text
            if name.endswith(":"):
                found.setdefault(name[:-1], i + 1)
    return found


def _spelt(prefix: str) -> str:
    return f'"{prefix}"' if prefix else 'the empty prefix ":"'


def unknown_prefix(text: str, token: Token, known: Mapping[str, str], code: str = "malformed_query") -> Problem:
    """The 400 for a prefixed name whose prefix is neither declared nor known."""
    prefix = token.text.split(":", 1)[0]
    line, column = position(text, token.start)
    message = f"unknown prefix {_spelt(prefix)} at line {line}, column {column}; declare it with PREFIX {prefix}: <…>"
    nearest = difflib.get_close_matches(prefix.lower(), sorted(known), n=1, cutoff=0.5) if prefix else []
    if nearest:
        message += f"; did you mean {nearest[0]}: (PREFIX {nearest[0]}: <{known[nearest[0]]}>)?"
    else:
        message += "."
    message += f" Known without declaring: {', '.join(f'{p}:' for p in sorted(known))}"
    return Problem(400, code, message)


def prepare(text: str, known: Mapping[str, str], code: str = "malformed_query") -> Prepared:
    """Check the prefixes of ``text`` and add the known ones it does not declare (module docstring).

    Raises:
        Problem: 400 ``code`` for the first prefixed name whose prefix is neither declared nor
            known.

    >>> prepare("PREFIX skos: <http://ex/> ASK { ?s skos:p ?o }", {"skos": "http://s/"}).added
    ()
    >>> prepare("ASK {\\n  ?s skso:p ?o }", {"skos": "http://s/"})
    Traceback (most recent call last):
    ...
    wsis_graph.problems.Problem: unknown prefix "skso" at line 2, column 6; declare it with PREFIX skso: <…>; did you mean skos: (PREFIX skos: <http://s/>)? Known without declaring: skos:
    """
    toks = tokens(text)
    own = declared(toks)
    names = {index for index in own.values()}
    for i, token in enumerate(toks):
        if token.kind != "pname" or i in names:
            continue
        # A pname right after "<" is the inside of an IRI the lexer could not read (a space in it):
        # the engine says what is wrong there.
        if i and toks[i - 1].text == "<" and toks[i - 1].end == token.start:
            continue
        prefix = token.text.split(":", 1)[0]
        if prefix not in own and prefix not in known:
            raise unknown_prefix(text, token, known, code)
    added = tuple(p for p in known if p not in own)
    if not added:
        return Prepared(text, (), 0)
    prologue = " ".join(f"PREFIX {p}: <{known[p]}>" for p in added)
    return Prepared(f"{prologue}\n{text}", added, 1)


# -- The engine's syntax errors ------------------------------------------------------------------

#: Oxigraph: ``error at 3:22: expected …``.
_OXIGRAPH = re.compile(r"^error at (\d+):(\d+):\s*")
#: This module's own wording (a message passed on twice, or our endpoint as a remote store).
_OURS = re.compile(r"syntax error at line (\d+), column (\d+):\s*")
#: pyparsing (rdflib): ``Expected SelectQuery, found 'FILTER'  (at char 41), (line:3, col:24)``.
_PYPARSING = re.compile(r"\s*\(at char \d+\),\s*\(line:(\d+), col:(\d+)\)")
#: Others (Jena, Virtuoso …): ``… at line 3, column 22.``
_LINE_COLUMN = re.compile(r"(?:\bat )?\bline (\d+),? col(?:umn)? (\d+)\.?")
_FOUND = re.compile(r"^Expected (.+?), found (.+?)\s*$")
_EXPECTED = "expected one of "
#: How many expected tokens a message shows.
SHOWN = 6


def _items(listing: str) -> list[str]:
    """Split an Oxigraph list of expected things at the commas outside quotes and brackets."""
    out, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(listing):
        if quote:
            if char == quote and listing[i - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            out.append(listing[start:i].strip())
            start = i + 1
    out.append(listing[start:].strip())
    return [item for item in out if item]


def _short(rest: str) -> str:
    """The readable part of an engine's complaint: no character classes, a few expected tokens."""
    rest = " ".join(rest.split())
    rest = re.split(r"\s*Was expecting(?: one of)?:", rest)[0]  # Jena's long lists
    if rest.lower().startswith(_EXPECTED):
        items = _items(rest[len(_EXPECTED):])
        words = [i for i in items if not i.startswith("[") and i != "Prefix not found"]
        if "Prefix not found" in items and not words:
            return "a prefixed name whose prefix is not declared"
        if not words:
            return "unexpected character here"
        shown = ", ".join(words[:SHOWN])
        if len(words) > SHOWN:
            shown += f" … ({len(words) - SHOWN} more)"
        return ("expected " if len(words) == 1 else _EXPECTED) + shown
    found = _FOUND.match(rest)
    if found:
        return f"unexpected {found.group(2)}"
    return rest


def syntax_message(raw: str, line_offset: int = 0, limit: int = 300) -> str:
    """An engine's syntax error as one short line, its position moved back by ``line_offset`` lines.

    Reads Oxigraph's ``error at L:C:``, rdflib's ``(line:L, col:C)``, ``line L, column C`` of
    other servers, and its own output (so that it may be applied twice). Character classes
    (Unicode ranges) are dropped and long lists of expected tokens cut.

    >>> syntax_message('error at 1:6: expected OPTIONAL')
    'syntax error at line 1, column 6: expected OPTIONAL'
    >>> syntax_message('error at 3:1: expected one of "(", "{", [x]', 1)
    'syntax error at line 2, column 1: expected one of "(", "{"'
    >>> syntax_message("Expected SelectQuery, found '}'  (at char 9), (line:2, col:3)", 1)
    "syntax error at line 1, column 3: unexpected '}'"
    """
    text = raw.strip()
    line = column = None
    head = ""
    for pattern in (_OXIGRAPH, _OURS):
        match = pattern.search(text) if pattern is _OURS else pattern.match(text)
        if match:
            head = text[: match.start()]
            line, column = int(match.group(1)), int(match.group(2))
            text = text[match.end():]
            break
    else:
        match = _PYPARSING.search(text) or _LINE_COLUMN.search(text)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            text = (text[: match.start()] + text[match.end():]).strip()
    if line is None:
        message = f"syntax error: {_short(text)}"
    else:
        if line <= line_offset:  # in the added prologue: the user's text begins after it
            line, column = 1, 1
        else:
            line -= line_offset
        message = f"{head}syntax error at line {line}, column {column}: {_short(text)}"
    if len(message) > limit:
        message = message[: limit - 1].rstrip() + "…"
    return message


def is_positioned(raw: str) -> bool:
    """Whether an engine's message gives a place in the text (so it is a syntax error)."""
    text = raw.strip()
    return bool(_OXIGRAPH.match(text) or _OURS.search(text) or _PYPARSING.search(text) or _LINE_COLUMN.search(text))
