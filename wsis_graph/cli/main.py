"""The ``wsis-graph`` command: build, validate, query, export, stats, serve."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from wsis_graph import __version__
from wsis_graph.queries.registry import ParameterError, get_query, named_queries
from wsis_graph.store import QueryError, default_store_url
from wsis_graph.tables import SourceError
from wsis_graph.uris import Minter

from wsis_graph.cli.options import CommandGroup, base_option, fail as _fail, open_for_command as _open, store_option


def _require_data(store, url: str | None) -> None:
    if len(store) == 0:
        _fail(f"the store {url or default_store_url()} is empty; run `wsis-graph build` first")


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wsis-graph")
def main() -> None:
    """A knowledge graph of WSIS Action Lines, SDGs, the Global Digital Compact, their facilitators
    and human-rights instruments."""


@main.command()
@store_option
@base_option
@click.option("--sources", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of source tables (default data/sources).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(store_url: str | None, base: str | None, sources: Path | None, quiet: bool) -> None:
    """Build the dataset from the source tables, validate it, and write it to the store.

    Nothing is written when a table is broken or the data violates a shape.
    """
    from wsis_graph.publish import ValidationFailed, publish

    store = _open(store_url)
    say = (lambda s: None) if quiet else (lambda s: click.echo(f"  {s}", err=True))
    try:
        mint = Minter(base)
    except ValueError as exc:
        _fail(str(exc), 2)
    try:
        report = publish(store, sources=sources, mint=mint, progress=say)
    except SourceError as exc:
        _fail(f"build stopped, nothing written: {exc}")
    except ValidationFailed as exc:
        click.echo(exc.report.text(), err=True)
        _fail("build stopped, nothing written: the data violates the shapes")
    if not quiet:
        graphs = len(report.result.graphs) + 1
        click.echo(
            f"built {report.quads} quads in {graphs} named graphs into {store.url} "
            f"(build {report.build_seconds:.2f} s, validate {report.validate_seconds:.2f} s, "
            f"write {report.write_seconds:.2f} s)"
        )


@main.command()
@store_option
@click.option("--sources", type=click.Path(file_okay=False, path_type=Path), default=None, help="Validate a fresh build of these tables instead of the store.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(store_url: str | None, sources: Path | None, fmt: str) -> None:
    """Check the data against the SHACL shapes; exit 1 on a violation."""
    from rdflib import Graph

    from wsis_graph.build import build_dataset
    from wsis_graph.validation import validate_graph

    t0 = time.perf_counter()
    if sources is not None:
        try:
            data = build_dataset(sources).union()
        except SourceError as exc:
            _fail(str(exc))
    else:
        store = _open(store_url, read_only=False)
        _require_data(store, store_url)
        data = Graph()
        for s, p, o, _ in store.quads():
            data.add((s, p, o))
    report = validate_graph(data)
    elapsed = time.perf_counter() - t0
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=1))
    else:
        click.echo(report.text())
        click.echo(f"({len(data)} triples checked in {elapsed:.2f} s)", err=True)
    sys.exit(0 if report.conforms else 1)


@main.command()
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

    mint = Minter(base)
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            _fail(f"--param expects NAME=VALUE, got {item!r}", 2)
        values[name.strip()] = value
    bindings = {}
    if query in named_queries():
        named = get_query(query)
        text = named.text
        try:
            bindings = named.bindings(values, mint)
        except ParameterError as exc:
            _fail(str(exc), 2)
    else:
        path = Path(query)
        if path.suffix in (".rq", ".sparql") or (len(query) < 256 and path.is_file()):
            if not path.is_file():
                _fail(f"no named query and no file called {query!r}; see `wsis-graph queries`", 2)
            text = path.read_text(encoding="utf-8")
        elif any(word in query.upper() for word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
            text = query
        else:
            _fail(f"no named query, file or SPARQL text {query!r}; see `wsis-graph queries`", 2)
        if values:
            _fail("--param applies to named queries only", 2)
        if "PREFIX" not in text.upper():
            text = sparql_prologue() + text
    store = _open(store_url, read_only=False)
    _require_data(store, store_url)
    try:
        result = store.query(text, bindings, default_graphs=[URIRef(g) for g in graphs] or None)
    except QueryError as exc:
        _fail(f"query failed: {exc}")
    click.echo(render(result, fmt, base=mint.base).rstrip("\n"))


@main.command("queries")
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


@main.command()
@store_option
@base_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "jsonld"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export(store_url: str | None, base: str | None, fmt: str, out: Path) -> None:
    """Write the whole dataset to a file (N-Quads and TriG keep the named graphs)."""
    from wsis_graph.export import export as do_export

    store = _open(store_url)
    _require_data(store, store_url)
    size = do_export(store, fmt, out, base=Minter(base).base)
    click.echo(f"wrote {out} ({size} bytes, {len(store)} quads, {fmt})", err=True)


@main.command()
@store_option
@base_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(store_url: str | None, base: str | None, fmt: str) -> None:
    """Counts per class and per named graph."""
    from wsis_graph.stats import compute

    store = _open(store_url)
    _require_data(store, store_url)
    result = compute(store, base=Minter(base).base)
    click.echo(json.dumps(result.to_json(), indent=1) if fmt == "json" else result.text())


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-build", is_flag=True, help="Do not build the store when it is missing or stale.")
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    metavar="SECONDS",
    help="Stop a query after this many seconds (default 10).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With 2 or more, serve through gunicorn with that many processes reading the store read-only.",
)
def serve(store_url: str | None, host: str, port: int, no_build: bool, query_timeout: float | None, workers: int) -> None:
    """Serve the SPARQL endpoint on the store, building it first when needed."""
    import logging

    from wsis_graph.publish import ensure_built
    from wsis_graph.web.app import create_app
    from wsis_graph.web.settings import Settings
    from wsis_graph.web.protocol.sparql import warm_up

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    url = store_url or default_store_url()
    if not no_build:
        try:
            ensure_built(url, progress=lambda s: click.echo(f"  {s}", err=True))
        except Exception as exc:  # report any build failure and stop
            _fail(f"cannot build the store: {exc}")
    settings = Settings(store_url=url)
    if query_timeout is not None:
        settings.query_timeout = query_timeout
    if workers > 1:
        from wsis_graph.web.production import ProductionServer

        if url.startswith("memory"):
            _fail("several worker processes cannot share an in-memory store; use an oxigraph: store")

        click.echo(
            f"SPARQL endpoint on http://{host}:{port}/sparql (store {url}, read-only; {workers} gunicorn workers; "
            f"query time limit {settings.query_timeout:g} s)",
            err=True,
        )
        ProductionServer(settings, host=host, port=port, workers=workers).run()
        return
    app = create_app(settings)
    try:
        warm_up(app)
    except Exception as exc:  # the endpoint still starts; workers are retried on the first query
        click.echo(f"warning: the query workers did not start: {exc}", err=True)
    click.echo(
        f"SPARQL endpoint on http://{host}:{port}/sparql (store {url}; query time limit {settings.query_timeout:g} s)",
        err=True,
    )
    app.run(host=host, port=port, threaded=True)


# -- Commands defined in their own modules (one import and one add_command line each) -----------
from wsis_graph.cli.proposals import proposals, propose  # noqa: E402

main.add_command(propose)
main.add_command(proposals)

from wsis_graph.cli.records import records  # noqa: E402

main.add_command(records)

from wsis_graph.cli.diff import diff  # noqa: E402

main.add_command(diff)

from wsis_graph.cli.report import report  # noqa: E402

main.add_command(report)

from wsis_graph.cli.map import map_command  # noqa: E402

main.add_command(map_command)

from wsis_graph.cli.gaps import gaps  # noqa: E402

main.add_command(gaps)


if __name__ == "__main__":  # pragma: no cover
    main()
