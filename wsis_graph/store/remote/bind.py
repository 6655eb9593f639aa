"""Binding values into a query's text, for a store that cannot take them apart from it.

A remote SPARQL server receives a query as text, so the values of its variables must travel in
the text: :func:`bind_values` adds them as ``VALUES`` blocks, placed with the tokens of
:mod:`wsis_graph.sparql.lexer` (so that braces in strings, IRIs and comments are never taken for
groups), and every value is written by pyoxigraph in N-Triples syntax (:func:`term_text`, which
validates IRIs and escapes literals): a value is never pasted into the query as text.
:func:`outline` finds the parts of a query this needs (its form, its dataset clause, its
``WHERE`` group).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode
from rdflib.term import Node

from wsis_graph.sparql.lexer import QUERY_FORMS, Token, tokens
from wsis_graph.store.base import QueryError
from wsis_graph.store.terms import to_ox


@dataclass
class Outline:
    """Where the parts of a query are, for placing bindings and choosing the dataset.

    Attributes:
        tokens: the query's tokens (:func:`wsis_graph.sparql.lexer.tokens`).
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (None when unreadable).
        form_index: the index of the form's token.
        has_from: the query names its dataset (``FROM`` or ``FROM NAMED``).
        where: indices (into ``tokens``) of the braces of the ``WHERE`` group, or None.
        template: indices of the braces of a ``CONSTRUCT`` template, or None.
        short_construct: a ``CONSTRUCT WHERE { … }`` without a template.
    """

    tokens: list[Token]
    form: str | None = None
    form_index: int = -1
    has_from: bool = False
    where: tuple[int, int] | None = None
    template: tuple[int, int] | None = None
    short_construct: bool = False


def _word(token: Token) -> str:
    """A keyword's text in capitals; empty for any other token."""
    return token.text.upper() if token.kind == "word" else ""


def _is(token: Token, punctuation: str) -> bool:
    return token.kind == "other" and token.text == punctuation


def _closing(toks: list[Token], opening: int) -> int | None:
    """The index of the brace that closes the one at ``opening`` (None when it is never closed)."""
    depth = toks[opening].depth
    for index in range(opening + 1, len(toks)):
        if _is(toks[index], "}") and toks[index].depth == depth:
            return index
    return None


def outline(sparql: str) -> Outline:
    """The query's form, dataset clause and ``WHERE`` group.

    >>> text = 'PREFIX x: <http://x/> SELECT (EXISTS { ?a ?b "}" } AS ?e) FROM x:g WHERE { ?s ?p ?o }'
    >>> o = outline(text)
    >>> o.form, o.has_from, text[o.tokens[o.where[0]].start:]
    ('SELECT', True, '{ ?s ?p ?o }')
    """
    toks = tokens(sparql)
    result = Outline(toks)
    i = 0
    while i < len(toks) and _word(toks[i]) in ("BASE", "PREFIX"):
        i += 2 if _word(toks[i]) == "BASE" else 3
    if i >= len(toks) or _word(toks[i]) not in QUERY_FORMS:
        return result
    result.form, result.form_index = _word(toks[i]), i
    i += 1
    if result.form == "CONSTRUCT":
        if i < len(toks) and _is(toks[i], "{"):
            end = _closing(toks, i)
            if end is None:
                return result
            result.template = (i, end)
            i = end + 1
        else:
            result.short_construct = True
    parens = 0
    for index in range(i, len(toks)):
        token = toks[index]
        if _is(token, "("):
            parens += 1
        elif _is(token, ")"):
            parens -= 1
        elif _is(token, "{") and parens == 0:
            end = _closing(toks, index)
            if end is not None:
                result.where = (index, end)
            break
        elif _word(token) == "FROM" and parens == 0:
            result.has_from = True
    return result


_ABSOLUTE = re.compile(r"^<[A-Za-z][A-Za-z0-9+.-]*:")


def has_relative_iri(sparql: str) -> bool:
    """Whether the query holds an IRI that a base would resolve (``<>``, ``<#x>``, ``<a/b>``).

    >>> has_relative_iri("SELECT * { <#me> ?p ?o }"), has_relative_iri("SELECT * { <http://x/> ?p '<a>' }")
    (True, False)
    """
    return any(t.kind == "iri" and not _ABSOLUTE.match(t.text) for t in tokens(sparql))


def term_text(term: Node) -> str:
    """A term in N-Triples syntax, written (and so validated and escaped) by pyoxigraph.

    >>> from rdflib import Literal
    >>> term_text(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'

    Raises:
        QueryError: the term cannot be written (an IRI with a space, say).
    """
    try:
        return str(to_ox(term))
    except (TypeError, ValueError) as exc:
        raise QueryError(f"cannot send the term {term!r} to the store: {exc}") from None


def bind_values(sparql: str, bindings: Mapping[str, Node | None]) -> str:
    """The query with ``bindings`` as a ``VALUES`` block opening each of its group patterns.

    A variable given a value is bound at the start of every group (the ``WHERE`` group, nested
    groups, ``OPTIONAL``, ``UNION`` branches, ``GRAPH``, ``EXISTS``, sub-queries), so that a
    ``FILTER`` in an inner group sees it too, as when the embedded engines substitute the value
    before evaluation. The braces of a ``CONSTRUCT`` template and of ``VALUES`` data are left
    alone; a group holding a sub-query gets its values inside the sub-query's own group.

    >>> from rdflib import URIRef
    >>> bind_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef("http://x/a")})
    'SELECT ?o WHERE { VALUES (?s) { (<http://x/a>) } ?s ?p ?o }'

    Raises:
        QueryError: a value is a blank node or cannot be written, a name is not a variable name,
            or the query has no ``WHERE`` group to take them.
    """
    pairs = [(name, value) for name, value in bindings.items() if value is not None]
    if not pairs:
        return sparql
    names, values = [], []
    for name, value in pairs:
        try:
            ox.Variable(name)
        except ValueError:
            raise QueryError(f"{name!r} is not a SPARQL variable name") from None
        if isinstance(value, BNode):
            raise QueryError(f"?{name} is bound to a blank node, which a remote store cannot be sent")
        names.append(f"?{name}")
        values.append(term_text(value))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}"
    shape = outline(sparql)
    if shape.where is None:
        raise QueryError("the query has no WHERE group to bind values in")
    toks = shape.tokens
    skip: set[int] = set()  # indices of opening braces that do not open a group pattern
    if shape.template is not None:
        skip.update(range(shape.template[0], shape.template[1] + 1))
    for index, token in enumerate(toks):
        if _word(token) != "VALUES":
            continue
        j = index + 1
        if j < len(toks) and _is(toks[j], "("):
            while j < len(toks) and not _is(toks[j], ")"):
                j += 1
        j += 1
        if j < len(toks) and _is(toks[j], "{"):
            end = _closing(toks, j)
            skip.update(range(j, (end if end is not None else len(toks) - 1) + 1))
    edits: list[tuple[int, str]] = []  # (position, text to insert), applied right to left
    for index in range(shape.where[0], len(toks)):
        token = toks[index]
        if not _is(token, "{") or index in skip:
            continue
        following = toks[index + 1] if index + 1 < len(toks) else None
        if following is not None and _word(following) == "SELECT":
            continue  # a sub-select must be alone in its group; its own WHERE group gets the values
        edits.append((token.end, block))
    if shape.short_construct:
        # CONSTRUCT WHERE { T } takes only triples; give it T as an explicit template.
        opening, closing = toks[shape.where[0]], toks[shape.where[1]]
        edits.append((toks[shape.form_index].end, " " + sparql[opening.start:closing.end]))
    text = sparql
    for position, insert in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:position] + insert + text[position:]
    return text
