"""The commands ``wsis-graph query`` and ``wsis-graph queries``: run a query, list the named ones.

Exit codes: 0 answered; 1 the store is empty, cannot be used, or refused the query; 2 a bad
argument or parameter (no such named query or file, a missing or bad ``--param``).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from wsis_graph.cli.errors import USAGE, fail
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option
from wsis_graph.queries.registry import ParameterError, get_query, named_queries
from wsis_graph.store import QueryError


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

    from wsis_graph.namespaces import sparql_prologue
    from wsis_graph.results import render

    mint = minter(base)
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            fail(f"--param expects NAME=VALUE, got {item!r}", USAGE)
        values[name.strip()] = value
    bindings = {}
    if query in named_queries():
        named = get_query(query)
        text = named.text
        try:
            bindings = named.bindings(values, mint)
        except ParameterError as exc:
            fail(str(exc), USAGE)
    else:
        path = Path(query)
        if path.suffix in (".rq", ".sparql") or (len(query) < 256 and path.is_file()):
            if not path.is_file():
                fail(f"no named query and no file called {query!r}; see `wsis-graph queries`", USAGE)
            text = path.read_text(encoding="utf-8")
        elif any(word in query.upper() for word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
            text = query
        else:
            fail(f"no named query, file or SPARQL text {query!r}; see `wsis-graph queries`", USAGE)
        if values:
            fail("--param applies to named queries only", USAGE)
        if "PREFIX" not in text.upper():
            text = sparql_prologue() + text
    store = open_for_command(store_url)
    require_data(store, store_url)
    try:
        result = store.query(text, bindings, default_graphs=[URIRef(g) for g in graphs] or None)
    except QueryError as exc:
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
