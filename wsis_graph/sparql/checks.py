"""What a query or an update may do, read from its text before it runs.

Everything here reads texts through the one tokenizer (:mod:`wsis_graph.sparql.lexer`), and
refuses with a :class:`~wsis_graph.problems.Problem` (400).

**Queries.** Two layers guard the query endpoint against a query that would reach outside
(``SERVICE``) or name a dataset (``FROM``/``FROM NAMED``):

1. :func:`scan` reads the query form and every word that could be read as ``SERVICE`` or
   ``FROM`` (codepoint escapes are not expanded, as Oxigraph does not expand them outside
   strings and IRIs). Oxigraph matches keywords without looking for the end of the word
   (``SERVICEex:s { … }`` runs as a ``SERVICE`` call), so any word or prefixed name that
   *starts* with ``SERVICE`` counts, and one followed by ``{`` within three tokens is refused at
   once.
2. When a suspect word is present, the query worker parses the query with rdflib and looks at
   its algebra (:func:`algebra_check`): a ``ServiceGraphPattern`` anywhere is refused, and the
   dataset clause gives the ``FROM``/``FROM NAMED`` IRIs, resolved against the base. A query
   with a suspect word that rdflib cannot parse is refused rather than run unchecked, except that
   plain ``FROM``/``FROM NAMED`` clauses are then read from the tokens (:func:`lexical_dataset`).
   :func:`requested_dataset` then allows ``FROM`` of the store's own graphs only.

Most queries hold no suspect word and cost one regular-expression pass.

**Updates.** :func:`vet_update` refuses ``LOAD`` and ``SERVICE``; :func:`with_dataset` applies
the protocol's ``using-graph-uri``/``using-named-graph-uri``.

**Both.** :func:`check_iri` for the IRIs a request names; the engine's syntax errors are made
short and placed in the user's text by :func:`wsis_graph.sparql.prefixes.syntax_message`.

>>> s = scan("PREFIX ex: <http://ex/> SELECT * FROM ex:g { ?s ?p 'SERVICE' }")
>>> s.form, s.service_risk, s.mentions_from
('select', False, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from urllib.parse import urljoin

from wsis_graph.problems import Problem
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
        Problem: the algebra holds a ``SERVICE`` pattern, or the query names ``SERVICE``
            somewhere and rdflib cannot parse it (so it cannot be shown to be harmless).
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = translateQuery(parseQuery(text), base=base)
    except Exception as exc:  # rdflib raises many kinds for a text it cannot read
        if mentions_service:
            raise Problem(
                400,
                "service_refused",
                "the query has a word the engine could read as SERVICE, and it could not be checked "
                f"({_first_line(exc)}); SERVICE is refused here: this endpoint never queries other endpoints",
            ) from None
        return lexical_dataset(text, base)
    for node in _walk(query.algebra, set()):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            target = node["term"] if "term" in node else None
            where = f" <{target}>" if target is not None else ""
            raise Problem(
                400,
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
        Problem: a word starting with FROM is not a plain ``FROM`` clause.

    >>> lexical_dataset("PREFIX g: <http://g/> SELECT * FROM g:a FROM NAMED <b> {}", "http://e/").named
    ['http://e/b']
    """
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
                raise Problem(400, "unreadable_dataset", f"cannot read the dataset clause at {token.text!r}")
            named = i + 1 < len(toks) and toks[i + 1].text.upper() == "NAMED"
            j = i + 2 if named else i + 1
            if j >= len(toks):
                raise Problem(400, "unreadable_dataset", "a FROM clause names no graph")
            target = toks[j]
            if target.kind == "iri":
                iri = urljoin(base, target.text[1:-1])
            elif target.kind == "pname" and target.text.split(":", 1)[0] in prefixes:
                prefix, local = target.text.split(":", 1)
                iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
            else:
                raise Problem(400, "unreadable_dataset", f"cannot read the graph named by FROM: {target.text!r}")
            (clause.named if named else clause.default).append(iri)
            i = j + 1
            continue
        i += 1
    return clause


def requested_dataset(
    query: str,
    base: str,
    *,
    analyse: bool,
    mentions_service: bool,
    default: list[str] | None,
    named: list[str] | None,
    held: Callable[[], Container[str]],
) -> tuple[list[str] | None, list[str] | None]:
    """The dataset a query runs on: the protocol's, else the query's own, else none.

    Args:
        query, base: the query text and its base IRI.
        analyse, mentions_service: what :func:`scan` found (``needs_algebra``, ``mentions_service``).
        default, named: the protocol's ``default-graph-uri``/``named-graph-uri`` (``None`` when
            the request gave no dataset); they win over ``FROM``/``FROM NAMED``.
        held: gives the names of the store's graphs; called only when the query names graphs.

    Returns:
        The default and named graphs, or ``(None, None)`` when neither the request nor the query
        names any (the engine then queries the union of all graphs).

    Raises:
        Problem: ``SERVICE`` or an unreadable dataset clause (:func:`algebra_check`), or ``FROM``
            naming a graph the store does not hold (400 ``unknown_graph``: nothing is fetched).

    >>> requested_dataset("SELECT * FROM <urn:a> {}", "http://e/", analyse=True, mentions_service=False,
    ...                   default=None, named=None, held=lambda: {"urn:a"})
    (['urn:a'], [])
    """
    clause = algebra_check(query, base, mentions_service=mentions_service) if analyse else DatasetClause()
    if default is not None or named is not None or not clause.present:
        return default, named
    graphs = held()
    unknown = [iri for iri in clause.default + clause.named if iri not in graphs]
    if unknown:
        shown = ", ".join(f"<{iri}>" for iri in unknown[:5])
        raise Problem(
            400,
            "unknown_graph",
            f"FROM/FROM NAMED names {shown}, which is not a graph in this store; nothing is ever fetched "
            "from the web or read from files. GET this endpoint without a query for the list of graphs",
        )
    return clause.default, clause.named


# -- Updates -------------------------------------------------------------------------------------


def vet_update(text: str) -> list[Token]:
    """Refuse ``LOAD`` and ``SERVICE``; returns the tokens for further use.

    The engine matches keywords without looking for the end of the word (``LOADSILENT<…>`` and
    ``SERVICEex:s{…}`` both run), so any bare word or prefixed name that *starts* with LOAD or
    SERVICE is refused; strings, IRIs, variables, language tags and comments are not looked at.

    >>> vet_update("LOAD <file:///etc/passwd>")
    Traceback (most recent call last):
    ...
    wsis_graph.problems.Problem: LOAD is refused: updates never read from the network or the file system
    """
    toks = tokens(text)
    for token in toks:
        if token.kind not in ("word", "pname"):
            continue
        word = token.text.upper()
        for keyword, why in (
            ("LOAD", "updates never read from the network or the file system"),
            ("SERVICE", "updates never query other endpoints"),
        ):
            if not word.startswith(keyword):
                continue
            if token.kind == "pname":
                raise Problem(
                    400,
                    "operation_refused",
                    f"{token.text!r} reads as the {keyword} keyword here, and {keyword} is refused: {why}; "
                    "rename the prefix",
                )
            raise Problem(400, "operation_refused", f"{keyword} is refused: {why}")
    return toks


def with_dataset(text: str, toks: list[Token], using: list[str], using_named: list[str]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to the update text.

    They act as ``USING``/``USING NAMED`` on every ``DELETE``/``INSERT … WHERE`` operation; the
    protocol forbids them together with ``USING``, ``USING NAMED`` or ``WITH`` in the text (400).
    ``toks`` are the text's :func:`~wsis_graph.sparql.lexer.tokens`.

    >>> t = "INSERT { GRAPH <urn:g> { ?s a <urn:C> } } WHERE { ?s ?p ?o }"
    >>> with_dataset(t, tokens(t), ["urn:d"], [])
    'INSERT { GRAPH <urn:g> { ?s a <urn:C> } } USING <urn:d> WHERE { ?s ?p ?o }'
    """
    if not using and not using_named:
        return text
    if any(t.kind == "word" and t.depth == 0 and t.text.upper() in ("USING", "WITH") for t in toks):
        raise Problem(
            400,
            "dataset_conflict",
            "using-graph-uri/using-named-graph-uri cannot be combined with USING, USING NAMED or WITH in the update",
        )
    clause = "".join(f"USING <{iri}> " for iri in using) + "".join(f"USING NAMED <{iri}> " for iri in using_named)
    cut: list[int] = []
    previous = None
    for token in toks:
        if token.kind == "word" and token.depth == 0 and token.text.upper() == "WHERE":
            if previous is None or previous.text.upper() != "DELETE":
                cut.append(token.start)
        previous = token
    for position in reversed(cut):
        text = text[:position] + clause + text[position:]
    return text


# -- Both ----------------------------------------------------------------------------------------

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_iri(value: str, what: str) -> str:
    """``value`` when it is an absolute IRI; else a 400 naming ``what`` (the parameter).

    >>> check_iri("urn:g", "?graph")
    'urn:g'
    >>> check_iri("g", "?graph")
    Traceback (most recent call last):
    ...
    wsis_graph.problems.Problem: ?graph is not a valid IRI: 'g'
    """
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        raise Problem(400, "bad_iri", f"{what} is not a valid IRI: {value!r}") from None
    if not _ABSOLUTE_IRI.match(value):
        raise Problem(400, "bad_iri", f"{what} must be an absolute IRI: {value!r}")
    return value


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
