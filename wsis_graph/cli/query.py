"""The commands ``wsis-graph query`` and ``wsis-graph queries``: run a query, list the named ones.

``query`` takes a named query (see ``wsis-graph queries``), a file (``.rq``, ``.sparql``, or any
file that exists) or the text of a query. :func:`query_text` decides which, in this order: a
name among the named queries; a path; a single bare name (``tasks``, ``action-line-overview``),
which is a named query mistyped, never SPARQL; text whose form, read by the one SPARQL lexer
(:func:`wsis_graph.sparql.checks.scan`), is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

A query text may use the prefixes of :func:`wsis_graph.namespaces.query_prefixes` without
declaring them, as at the endpoint (:func:`wsis_graph.sparql.prefixes.prepare`); a prefix it
declares keeps its own IRI. Errors give lines and columns of the text as written.

Exit codes: 0 answered; 1 the store is empty, cannot be used, or failed to run the query; 2 a bad
argument or parameter (no such named query or file, an update, a missing or bad ``--param``, an
unknown prefix, a syntax error).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import click

from wsis_graph.cli.errors import USAGE, fail
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option
from wsis_graph.codes import Codebook
from wsis_graph.queries.registry import NamedQuery, ParameterError, named_queries
from wsis_graph.sparql.checks import scan
from wsis_graph.sparql.lexer import QUERY_FORMS
from wsis_graph.store import QueryError

#: A single bare word, or words joined by dashes: how a named query is written.
_NAME = re.compile(r"[^\W\d]\w*(?:-\w+)*")


@dataclass
class QueryText:
    """What the argument of ``wsis-graph query`` stands for: a named query, or the text of one.

    Attributes:
        text: the query's text.
        named: the named query, when the argument named one.
    """

    text: str
    named: NamedQuery | None = None


def nearest_names(name: str, known: Collection[str], most: int = 3) -> list[str]:
    """The known names nearest to a mistyped ``name``: those it is part of (from three letters on),
    then the closest spelt.

    >>> nearest_names("rights", ["rights-grounding", "dataset-graphs"])
    ['rights-grounding']
    >>> nearest_names("dataset-graph", ["rights-grounding", "dataset-graphs"])
    ['dataset-graphs']
    """
    holding = [k for k in sorted(known) if len(name) >= 3 and name.lower() in k]
    close = difflib.get_close_matches(name.lower(), sorted(known), n=most, cutoff=0.6)
    return list(dict.fromkeys(holding + close))[:most]


def query_text(argument: str, known: Mapping[str, NamedQuery]) -> QueryText:
    """Read the argument of ``wsis-graph query``: a named query, a file, or SPARQL text.

    Args:
        argument: as the user gave it.
        known: the named queries, by name.

    Raises:
        CommandFailure: with exit status 2, when the argument is none of these.
    """
    if argument in known:
        return QueryText(known[argument].text, known[argument])
    path = Path(argument)
    if path.suffix in (".rq", ".sparql") or (len(argument) < 256 and path.is_file()):
        if not path.is_file():
            fail(f"no named query and no file called {argument!r}; see `wsis-graph queries`", USAGE)
        text = path.read_text(encoding="utf-8")
    elif _NAME.fullmatch(argument.strip()):
        nearest = nearest_names(argument.strip(), known)
        hint = f" (did you mean {' or '.join(nearest)}?)" if nearest else ""
        fail(f'no named query "{argument.strip()}"{hint}; see `wsis-graph queries`', USAGE)
    else:
        text, found = argument, scan(argument)
        if found.form == "update":
            fail("`wsis-graph query` runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates", USAGE)
        if found.form not in QUERY_FORMS.values():
            fail(f"no named query, file or SPARQL text {argument!r}; see `wsis-graph queries`", USAGE)
    return QueryText(text)


@click.command()
@click.argument("query")
@store_option
@base_option
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of a named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Use only these named graphs as the default graph (repeatable).")
def query(query: str, store_url: str | None, base: str | None, params: tuple[str, ...], fmt: str, graphs: tuple[str, ...]) -> None:
    """Run a named query, a .rq file, or a SPARQL string.

    QUERY is the name of a named query (see `wsis-graph queries`), a path to a file, or the text of a
    query. Parameters are bound by the engine, never pasted into the text.
    """
    from rdflib import URIRef

    from wsis_graph.namespaces import query_prefixes
    from wsis_graph.problems import Problem
    from wsis_graph.results import render
    from wsis_graph.sparql.prefixes import is_positioned, prepare

    mint = minter(base)
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            fail(f"--param expects NAME=VALUE, got {item!r}", USAGE)
        values[name.strip()] = value
    asked = query_text(query, named_queries())
    text, bindings, ready = asked.text, {}, None
    if asked.named is not None:
        try:
            asked.named.check(values)  # before opening the store: names, required ones, shapes
        except ParameterError as exc:
            fail(str(exc), USAGE)
    else:
        if values:
            fail("--param applies to named queries only", USAGE)
        try:
            ready = prepare(text, query_prefixes(mint.base))
        except Problem as exc:
            fail(exc.message, USAGE)
        text = ready.text
    store = open_for_command(store_url)
    require_data(store, store_url)
    if asked.named is not None:
        try:  # codes and IRIs must name things of this store: C12 is an error, never 0 rows
            bindings = asked.named.bindings(values, mint, Codebook.read(store))
        except ParameterError as exc:
            fail(str(exc), USAGE)
    try:
        result = store.query(text, bindings, default_graphs=[URIRef(g) for g in graphs] or None)
    except QueryError as exc:
        if ready is not None and is_positioned(str(exc)):
            fail(ready.message(str(exc)), USAGE)
        fail(f"query failed: {exc}")
    click.echo(render(result, fmt, base=mint.base).rstrip("\n"))


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_queries(fmt: str) -> None:
    """List the named queries with their parameters."""
    queries = named_queries()
    if fmt == "json":
        click.echo(json.dumps(
            {
                name: {
                    "title": q.title,
                    "description": q.description,
                    "parameters": [p.__dict__ for p in q.parameters],
                }
                for name, q in queries.items()
            },
            indent=1,
        ))
        return
    for name, q in queries.items():
        click.echo(f"{name}\n  {q.title}")
        for p in q.parameters:
            need = "required" if p.required else f"optional, default {p.default}" if p.default else "optional"
            click.echo(f"    --param {p.name}=…  ({p.type}, {need}) {p.description}")
