"""Options and helpers that every `wsis-graph` subcommand shares, wherever it is defined."""

from __future__ import annotations

import sys

import click

from wsis_graph.store import StoreError, open_store

store_option = click.option(
    "--store",
    "store_url",
    default=None,
    metavar="URL",
    help=(
        "Store to use: oxigraph:PATH (default oxigraph:var/store, or $WSIS_GRAPH_STORE), memory:, or a "
        "remote SPARQL store (sparql+http://HOST:PORT, fuseki+http://HOST:3030/DATASET, "
        "graphdb+http://HOST:7200/repositories/ID)."
    ),
)
base_option = click.option(
    "--base",
    default=None,
    metavar="IRI",
    help="IRI base for minted identifiers (default $WSIS_GRAPH_BASE or https://w3id.org/wsis-graph/id/).",
)


def fail(message: str, code: int = 1) -> None:
    """Print ``error: message`` on stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def open_for_command(url: str | None, *, read_only: bool = False):
    """Open a store for the running command; it is closed when the command ends."""
    try:
        store = open_store(url, read_only=read_only)
    except StoreError as exc:
        fail(str(exc))
    context = click.get_current_context(silent=True)
    if context is not None:
        # Several commands may run in one process (tests, scripts); each releases its store.
        context.call_on_close(store.close)
    return store


class CommandGroup(click.Group):
    """The command group: a store failing in the middle of any command is an error line, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            click.echo(f"error: the store failed: {exc}", err=True)
            ctx.exit(1)


graph_option = click.option(
    "--graph",
    "graph_names",
    multiple=True,
    metavar="NAME_OR_IRI",
    help="Only this named graph (repeatable): a key such as sdg, wsis-sdg-matrix, gdc-wsis-links, or an IRI. "
    "Default: every curated graph.",
)


def chosen_graphs(store, names, base: str | None = None) -> tuple[str, ...] | None:
    """The IRIs of the graphs named by ``--graph`` (keys or IRIs), checked against the store.

    ``None`` when none was named (the analyses' default). An unknown graph is a usage error that
    lists the graphs there are.
    """
    from wsis_graph.uris import Minter

    if not names:
        return None
    mint = Minter(base)
    present = {str(g) for g in store.graphs()}
    chosen = []
    for name in names:
        iri = name if "://" in name or name.startswith("urn:") else str(mint.graph(name))
        if iri not in present:
            keys = sorted(g.rsplit("/", 1)[-1] for g in present)
            raise click.BadParameter(f"there is no graph {name!r} in the store; there are: {', '.join(keys)}", param_hint="--graph")
        chosen.append(iri)
    return tuple(dict.fromkeys(chosen))
