"""The commands ``wsis-graph export`` and ``wsis-graph stats``: the dataset as a file, and its counts.

``export --format sssom`` writes every curated link of the graph as SSSOM/TSV instead of the dataset
(:mod:`wsis_graph.matching.sssom`).

``stats`` ends with how much of the adopted text of the Global Digital Compact the graph holds
(:mod:`wsis_graph.texts.coverage`), or that it has not been imported and the command that does it;
``--format json`` gives the same as ``gdc_coverage``.

Exit codes: 0 written; 1 the store is empty or cannot be used, or the file cannot be written (nothing
is left half-written); 2 a bad ``--base``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from wsis_graph.cli.errors import fail
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option


@click.command()
@store_option
@base_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nquads", "trig", "turtle", "jsonld", "sssom"]),
    required=True,
    help="A dataset format, or sssom: every curated link as SSSOM/TSV.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export(store_url: str | None, base: str | None, fmt: str, out: Path) -> None:
    """Write the whole dataset to a file (N-Quads and TriG keep the named graphs), or the curated links as SSSOM."""
    from wsis_graph.export import export as write_dataset
    from wsis_graph.matching.sssom import export_curated

    mint = minter(base)
    store = open_for_command(store_url)
    require_data(store, store_url)
    try:
        if fmt == "sssom":
            count = export_curated(store, mint, out)
            click.echo(f"wrote {out} ({count} mappings, sssom)", err=True)
            return
        size = write_dataset(store, fmt, out, base=mint.base)
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
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
