"""The options and helpers that the `wsis-graph` commands share, wherever they are defined.

Options: ``--store`` (:data:`store_option`), ``--base`` (:data:`base_option`), ``--graph`` for the
analyses (:data:`graph_option`), ``--format text|json`` (:data:`text_or_json`). Helpers: open the
store for the running command (:func:`open_for_command`), insist that it holds a build
(:func:`require_data`), read ``--base`` (:func:`minter`), narrow the analyses to the graphs of
``--graph`` (:func:`on_graphs`) and to the one scope of ``--action-line``, ``--gdc`` or
``--entity`` (:func:`scope_of`). Each reports a problem in the one error style of
:mod:`wsis_graph.cli.errors`.
"""

from __future__ import annotations

from dataclasses import replace

import click

from wsis_graph.analysis.options import ProjectionOptions, Scope
from wsis_graph.cli.errors import USAGE, bad_option, fail
from wsis_graph.store import Store, StoreError, default_store_url, open_store
from wsis_graph.uris import Minter

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
graph_option = click.option(
    "--graph",
    "graph_names",
    multiple=True,
    metavar="NAME_OR_IRI",
    help="Only this named graph (repeatable): a key such as sdg, wsis-sdg-matrix, gdc-wsis-links, or an IRI. "
    "Default: every curated graph.",
)
text_or_json = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def open_for_command(url: str | None, *, read_only: bool = False) -> Store:
    """Open a store for the running command; it is closed when the command ends.

    A store that cannot be opened (no store at the path, a server that does not answer) stops
    the command with its message, exit status 1.
    """
    try:
        store = open_store(url, read_only=read_only)
    except StoreError as exc:
        fail(str(exc))
    context = click.get_current_context(silent=True)
    if context is not None:
        # Several commands may run in one process (tests, scripts); each releases its store.
        context.call_on_close(store.close)
    return store


def require_data(store: Store, url: str | None) -> None:
    """Stop the command when the store holds nothing: it must be built first."""
    if len(store) == 0:
        fail(f"the store {url or default_store_url()} is empty; run `wsis-graph build` first")


def minter(base: str | None) -> Minter:
    """The minter for ``--base``; a base that is no IRI is the user's mistake (exit status 2)."""
    try:
        return Minter(base)
    except ValueError as exc:
        fail(str(exc), USAGE)


def chosen_graphs(store: Store, names, base: str | None = None, *, option: str = "--graph") -> tuple[str, ...] | None:
    """The IRIs of the graphs named by ``option`` (keys or IRIs), checked against the store.

    ``None`` when none was named (the analyses' default). An unknown graph is a usage error that
    lists the graphs there are, by their keys (the IRI after ``graph/``).
    """
    if not names:
        return None
    mint = Minter(base)
    present = {str(g) for g in store.graphs()}
    chosen = []
    for name in names:
        iri = name if "://" in name or name.startswith("urn:") else str(mint.graph(name))
        if iri not in present:
            keys = sorted(g.split("/graph/", 1)[-1] for g in present)
            bad_option(option, f"there is no graph {name!r} in the store; there are: {', '.join(keys)}")
        chosen.append(iri)
    return tuple(dict.fromkeys(chosen))


def on_graphs(store: Store, options: ProjectionOptions, names) -> ProjectionOptions:
    """``options`` narrowed to the graphs that ``--graph`` names, or as they are when it names none."""
    graphs = chosen_graphs(store, names)
    return options if graphs is None else replace(options, graphs=graphs)


def scope_of(action_line: str | None, gdc: str | None, entity: str | None) -> Scope | None:
    """The one scope that ``--action-line``, ``--gdc`` or ``--entity`` gives, or ``None``.

    More than one is the user's mistake (exit status 2).
    """
    given = [Scope(kind, value) for kind, value in (("action-line", action_line), ("gdc", gdc), ("entity", entity)) if value]
    if len(given) > 1:
        got = " and ".join(f"--{s.kind}" for s in given)
        fail(f"one scope at most: give at most one of --action-line, --gdc, --entity (got {got})", USAGE)
    return given[0] if given else None


__all__ = [
    "base_option",
    "chosen_graphs",
    "graph_option",
    "minter",
    "on_graphs",
    "open_for_command",
    "require_data",
    "scope_of",
    "store_option",
    "text_or_json",
]
