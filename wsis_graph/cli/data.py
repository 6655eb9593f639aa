"""The commands ``wsis-graph export`` and ``wsis-graph stats``: the dataset as a file, and its counts.

``stats`` ends with how much of the adopted text of the Global Digital Compact the graph holds
(:mod:`wsis_graph.texts.coverage`), or that it has not been imported and the command that does it;
``--format json`` gives the same as ``gdc_coverage``.

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
    """Counts per class and per named graph, and how much of the adopted GDC the graph holds."""
    import textwrap

    from wsis_graph.stats import compute
    from wsis_graph.texts.coverage import gdc_coverage

    mint = minter(base)
    store = open_for_command(store_url)
    require_data(store, store_url)
    result = compute(store, base=mint.base)
    coverage = gdc_coverage(store, mint)
    if fmt == "json":
        click.echo(json.dumps({**result.to_json(), "gdc_coverage": coverage.to_json()}, indent=1))
        return
    wrapped = textwrap.wrap(coverage.text(), 100, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False, break_long_words=False)
    click.echo("\n".join([result.text(), "", "Global Digital Compact, adopted text", *wrapped]))
