"""The one SPARQL tokenizer: strings, IRIs, comments, prefixed names and variables are single
tokens, so a keyword is only ever a keyword.

The query endpoint's checks and the update endpoint's vetting (:mod:`wsis_graph.sparql.checks`)
and the remote store's parameter binding (:mod:`wsis_graph.sparql.bind`) all read texts through
:func:`tokens`, so ``/sparql``, ``/update`` and the store agree on what a word is.

Codepoint escapes are not expanded, as Oxigraph does not expand them outside strings and IRIs.

>>> [t.kind for t in tokens('SELECT ?x { <a> ex:p "b"@en }')]
['word', 'var', 'other', 'iri', 'pname', 'string', 'lang', 'other']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKENS = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<bnode>_:[\w.\-\u00b7]*)
    | (?P<pname>(?:[^\W\d_][\w.\-\u00b7]*)?:(?:[\w:%.\-\u00b7]|\\.)*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>[^\W\d]\w*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


@dataclass
class Token:
    """One significant token.

    Attributes:
        kind: ``word``, ``var``, ``iri``, ``pname``, ``string``, ``lang``, ``bnode`` or ``other``
            (one character).
        text: the token as written.
        depth: how many ``{`` enclose it.
        start, end: where it stands in the text (``text[start:end]``).
    """

    kind: str
    text: str
    depth: int
    start: int = 0
    end: int = 0


def tokens(text: str) -> list[Token]:
    """The significant tokens (no spaces, no comments), each with its brace depth.

    >>> [t.text for t in tokens('ASK { <http://x/SERVICE> ?p "SERVICE" } # SERVICE')]
    ['ASK', '{', '<http://x/SERVICE>', '?p', '"SERVICE"', '}']
    """
    out: list[Token] = []
    depth = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth = max(0, depth - 1)
        out.append(Token(kind, value, depth, match.start(), match.end()))
        if value == "{":
            depth += 1
    return out
