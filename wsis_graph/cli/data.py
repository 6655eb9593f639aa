"""The commands ``wsis-graph export`` and ``wsis-graph stats``: the dataset as a file, and its counts.

Exit codes: 0 written; 1 the store is empty or cannot be used; 2 a bad ``--base``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option


@click.command()
@store_option
@base_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "jsonld"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export(store_url: str | None, base: str | None, fmt: str, out: Path) -> None:
    """Write the whole dataset to a file (N-Quads and TriG keep the named graphs)."""
    from wsis_graph.export import export as write_dataset

    mint = minter(base)
    store = open_for_command(store_url)
    require_data(store, store_url)
    size = write_dataset(store, fmt, out, base=mint.base)
    click.echo(f"wrote {out} ({size} bytes, {len(store)} quads, {fmt})", err=True)


@click.command()
@store_option
@base_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(store_url: str | None, base: str | None, fmt: str) -> None:
    """Counts per class and per named graph."""
    from wsis_graph.stats import compute

    mint = minter(base)
    store = open_for_command(store_url)
    require_data(store, store_url)
    result = compute(store, base=mint.base)
    click.echo(json.dumps(result.to_json(), indent=1) if fmt == "json" else result.text())
