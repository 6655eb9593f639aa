"""The command ``wsis-graph serve`` (also ``python server.py``): the SPARQL endpoint on the store.

It builds the store first when it is missing or stale (unless ``--no-build``), then serves with
flask's threaded server, or with gunicorn and ``--workers`` processes reading the store read-only.

Exit codes: 1 the store could not be built, or several workers were asked for an in-memory store.
"""

from __future__ import annotations

import click

from wsis_graph.cli.errors import fail
from wsis_graph.cli.options import store_option
from wsis_graph.store import default_store_url


@click.command()
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
    "--reviewer-tokens",
    "reviewer_tokens",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    metavar="FILE",
    help="The reviewer tokens file for /review (wsis-graph review token add); default: $WSIS_GRAPH_REVIEWER_TOKENS.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With 2 or more, serve through gunicorn with that many processes reading the store read-only.",
)
def serve(store_url: str | None, host: str, port: int, no_build: bool, query_timeout: float | None,
          reviewer_tokens: str | None, workers: int) -> None:
    """Serve the SPARQL endpoint on the store, building it first when needed."""
    import logging

    from wsis_graph.publish import ensure_built
    from wsis_graph.web.app import create_app
    from wsis_graph.web.protocol.sparql import warm_up
    from wsis_graph.web.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    url = store_url or default_store_url()
    if workers > 1 and url.startswith("memory"):  # said before a build that would be thrown away
        fail("several worker processes cannot share an in-memory store; use an oxigraph: store")
    if not no_build:
        try:
            ensure_built(url, progress=lambda s: click.echo(f"  {s}", err=True))
        except Exception as exc:  # report any build failure and stop
            fail(f"cannot build the store: {exc}")
    settings = Settings(store_url=url)
    if query_timeout is not None:
        settings.query_timeout = query_timeout
    if reviewer_tokens is not None:
        settings.reviewer_tokens_file = reviewer_tokens
    if settings.reviewer_tokens_file:
        from wsis_graph.problems import Problem
        from wsis_graph.review.tokens import read

        try:
            found = read(settings.reviewer_tokens_file)
        except Problem as exc:
            fail(exc.message, 2)
        click.echo(f"reviewer tokens: {len(found)} in {settings.reviewer_tokens_file}"
                   + ("" if settings.updates_enabled else " (decisions stay off until WSIS_GRAPH_UPDATE_TOKEN is set)"), err=True)
    if workers > 1:
        from wsis_graph.web.production import ProductionServer

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
