"""What the endpoint reads from a query's text before it runs: its form, and what must not run.

Two layers guard the endpoint against a query that would reach outside (``SERVICE``) or name a
dataset (``FROM``/``FROM NAMED``):

1. :func:`scan` tokenizes the raw text as the engine does (strings, IRIs, comments, prefixed
   names and variables are single tokens, so a keyword is only ever a keyword; codepoint escapes
   are not expanded, as Oxigraph does not expand them outside strings and IRIs). It finds the
   query form and every word that could be read as ``SERVICE`` or ``FROM``. Oxigraph matches
   keywords without looking for the end of the word (``SERVICEex:s { … }`` runs as a ``SERVICE``
   call), so any word or prefixed name that *starts* with ``SERVICE`` counts, and one followed
   by ``{`` within three tokens is refused at once.
2. When a suspect word is present, the query worker parses the query with rdflib and looks at
   its algebra (:func:`algebra_check`): a ``ServiceGraphPattern`` anywhere is refused, and the
   dataset clause gives the ``FROM``/``FROM NAMED`` IRIs, resolved against the base. A query
   with a suspect word that rdflib cannot parse is refused rather than run unchecked, except that
   plain ``FROM``/``FROM NAMED`` clauses are then read from the tokens (:func:`lexical_dataset`).

Most queries hold no suspect word and cost one regular-expression pass.

>>> s = scan("PREFIX ex: <http://ex/> SELECT * FROM ex:g { ?s ?p 'SERVICE' }")
>>> s.form, s.service_risk, s.mentions_from
('select', False, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wsis_graph.sparql.lexer import QUERY_FORMS, UPDATE_WORDS, Token, tokens

@dataclass
class Scan:
    """What :func:`scan` found.

    Attributes:
        form: ``select``, ``ask``, ``construct``, ``describe``, ``update``, or ``None`` if unclear.
        keyword: the word that gave the form (for messages).
        service_risk: a word that the engine would read as ``SERVICE`` before ``{``: refuse.
        mentions_service: some word or prefixed name starts with ``SERVICE``.
        mentions_from: some word or prefixed name starts with ``FROM``.
        nesting: the deepest nesting of braces, parentheses and brackets.
    """

    form: str | None = None
    keyword: str = ""
    service_risk: bool = False
    mentions_service: bool = False
    mentions_from: bool = False
    nesting: int = 0
    tokens: list[Token] = field(default_factory=list, repr=False)

    @property
    def needs_algebra(self) -> bool:
        return self.mentions_service or self.mentions_from


def scan(text: str) -> Scan:
    """Read the form of a query and the words that need a closer look.

    >>> scan("prefix : <x:> insert data { :a :b :c }").form
    'update'
    >>> scan("SELECT * { SERVICEex:s { ?s ?p ?o } }").service_risk
    True
    >>> scan("PREFIX service: <http://ex/> SELECT * { ?s service:p ?o . }").service_risk
    False
    >>> scan("SELECT * { { ?s ?p ?o FILTER((?o)) } }").nesting
    4
    """
    toks = tokens(text)
    result = Scan(tokens=toks)
    i = 0
    while i < len(toks):
        word = toks[i].text.upper() if toks[i].kind == "word" else ""
        if word == "BASE" and i + 1 < len(toks):
            i += 2
        elif word == "PREFIX" and i + 2 < len(toks):
            i += 3
        else:
            break
    if i < len(toks) and toks[i].kind == "word":
        word = toks[i].text.upper()
        result.keyword = toks[i].text
        if word in QUERY_FORMS:
            result.form = QUERY_FORMS[word]
        elif word in UPDATE_WORDS:
            result.form = "update"
    depth = 0
    for index, token in enumerate(toks):
        if token.kind == "other":
            if token.text in "{([":
                depth += 1
                result.nesting = max(result.nesting, depth)
            elif token.text in "})]":
                depth = max(0, depth - 1)
            continue
        if token.kind not in ("word", "pname"):
            continue
        upper = token.text.upper()
        if upper.startswith("FROM"):
            result.mentions_from = True
        if upper.startswith("SERVICE"):
            result.mentions_service = True
            if any(t.text == "{" for t in toks[index + 1 : index + 4]):
                result.service_risk = True
    return result


# -- Reading the algebra (in the query worker) ---------------------------------------------------


class CheckFailed(Exception):
    """The query must not run; ``code`` and ``message`` are the answer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class DatasetClause:
    """The ``FROM`` and ``FROM NAMED`` IRIs of a query (empty lists when it has none)."""

    default: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.default or self.named)


def _walk(node, seen: set[int]):
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value, seen)


def algebra_check(text: str, base: str, *, mentions_service: bool) -> DatasetClause:
    """Parse the query with rdflib; refuse ``SERVICE``; return the dataset clause.

    Raises:
        CheckFailed: the algebra holds a ``SERVICE`` pattern, or the query names ``SERVICE``
            somewhere and rdflib cannot parse it (so it cannot be shown to be harmless).
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = translateQuery(parseQuery(text), base=base)
    except Exception as exc:  # rdflib raises many kinds for a text it cannot read
        if mentions_service:
            raise CheckFailed(
                "service_refused",
                "the query has a word the engine could read as SERVICE, and it could not be checked "
                f"({_first_line(exc)}); SERVICE is refused here: this endpoint never queries other endpoints",
            ) from None
        return lexical_dataset(text, base)
    for node in _walk(query.algebra, set()):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            target = node["term"] if "term" in node else None
            where = f" <{target}>" if target is not None else ""
            raise CheckFailed(
                "service_refused",
                f"SERVICE{where} is refused: this endpoint never queries other endpoints or reads files; "
                "federated queries must run on your side",
            )
    clause = DatasetClause()
    items = query.algebra["datasetClause"] if "datasetClause" in query.algebra else None
    for item in items or []:
        if "default" in item and item["default"] is not None:
            clause.default.append(str(item["default"]))
        elif "named" in item and item["named"] is not None:
            clause.named.append(str(item["named"]))
    return clause


def lexical_dataset(text: str, base: str) -> DatasetClause:
    """``FROM``/``FROM NAMED`` clauses read from the tokens, for a query rdflib cannot parse.

    Raises:
        CheckFailed: a word starting with FROM is not a plain ``FROM`` clause.

    >>> lexical_dataset("PREFIX g: <http://g/> SELECT * FROM g:a FROM NAMED <b> {}", "http://e/").named
    ['http://e/b']
    """
    from urllib.parse import urljoin

    toks = tokens(text)
    prefixes: dict[str, str] = {}
    clause = DatasetClause()
    i = 0
    while i < len(toks):
        token = toks[i]
        upper = token.text.upper() if token.kind in ("word", "pname") else ""
        if upper == "BASE" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            base = urljoin(base, toks[i + 1].text[1:-1])
            i += 2
            continue
        if upper == "PREFIX" and i + 2 < len(toks) and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text[:-1]] = urljoin(base, toks[i + 2].text[1:-1])
            i += 3
            continue
        if upper.startswith("FROM"):
            if upper != "FROM" or token.depth != 0:
                raise CheckFailed("unreadable_dataset", f"cannot read the dataset clause at {token.text!r}")
            named = i + 1 < len(toks) and toks[i + 1].text.upper() == "NAMED"
            j = i + 2 if named else i + 1
            if j >= len(toks):
                raise CheckFailed("unreadable_dataset", "a FROM clause names no graph")
            target = toks[j]
            if target.kind == "iri":
                iri = urljoin(base, target.text[1:-1])
            elif target.kind == "pname" and target.text.split(":", 1)[0] in prefixes:
                prefix, local = target.text.split(":", 1)
                iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
            else:
                raise CheckFailed("unreadable_dataset", f"cannot read the graph named by FROM: {target.text!r}")
            (clause.named if named else clause.default).append(iri)
            i = j + 1
            continue
        i += 1
    return clause


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


_OX_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def syntax_message(raw: str, limit: int = 400) -> str:
    """Oxigraph's syntax error, with the position spelled out and the list of expected tokens cut short.

    >>> syntax_message('error at 1:6: expected OPTIONAL')
    'syntax error at line 1, column 6: expected OPTIONAL'
    >>> syntax_message('error at 2:1: expected one of "(", "{", [x]')
    'syntax error at line 2, column 1: expected one of "(", "{", or another character'
    """
    text = " ".join(raw.split())
    match = _OX_POSITION.match(text)
    if match:
        head = f"syntax error at line {match.group(1)}, column {match.group(2)}: "
        text = text[match.end():]
    else:
        head = "syntax error: "
    marker = "expected one of "
    if text.startswith(marker):
        rest = text[len(marker):]
        tokens = _QUOTED.findall(rest)
        shown = tokens[:15]
        classes = "[" in _QUOTED.sub("", rest)
        text = marker + ", ".join(shown)
        if len(tokens) > len(shown):
            text += f", … ({len(tokens) - len(shown)} more)"
        if classes:
            text += ", or another character"
    text = head + text
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
