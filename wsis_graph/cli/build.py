"""The commands ``wsis-graph build`` and ``wsis-graph validate``: the dataset from the source tables, checked.

Exit codes: ``build`` 0 written; 1 a table is broken or the data violates a shape (nothing is
written then), or the store cannot be used; 2 a bad ``--base``. ``validate`` 0 the data conforms;
1 a violation (the report says which), or the store is empty or cannot be used.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from wsis_graph.cli.errors import fail
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option
from wsis_graph.tables import SourceError


@click.command()
@store_option
@base_option
@click.option("--sources", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of source tables (default data/sources).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(store_url: str | None, base: str | None, sources: Path | None, quiet: bool) -> None:
    """Build the dataset from the source tables, validate it, and write it to the store.

    Nothing is written when a table is broken or the data violates a shape. The imported official
    texts are kept, and each is reconciled again with the tables just built.
    """
    from wsis_graph.publish import ValidationFailed, publish

    store = open_for_command(store_url)
    say = (lambda s: None) if quiet else (lambda s: click.echo(f"  {s}", err=True))
    mint = minter(base)
    try:
        report = publish(store, sources=sources, mint=mint, progress=say)
    except SourceError as exc:
        fail(f"build stopped, nothing written: {exc}")
    except ValidationFailed as exc:
        click.echo(exc.report.text(), err=True)
        fail("build stopped, nothing written: the data violates the shapes")
    if not quiet:
        graphs = len(report.result.graphs) + 1
        click.echo(
            f"built {report.quads} quads in {graphs} named graphs into {store.url} "
            f"(build {report.build_seconds:.2f} s, validate {report.validate_seconds:.2f} s, "
            f"write {report.write_seconds:.2f} s)"
        )
    _reconcile_texts(store, mint, say)


def _reconcile_texts(store, mint, say) -> None:
    """Reconcile each imported official text again with the curated graphs just written (English first: the
    other languages follow the nodes it links)."""
    from wsis_graph.texts.editions import editions
    from wsis_graph.texts.reconcile import RECONCILERS
    from wsis_graph.texts.write import TextRejected, reconcile_again

    todo = sorted((e for e in editions(store, mint) if e.current and e.key in RECONCILERS),
                  key=lambda e: (e.key, e.language != "en", e.language))
    for edition in todo:
        try:
            found = reconcile_again(store, edition.key, edition.language, mint=mint)
        except TextRejected as exc:
            click.echo(exc.report.text(), err=True)
            fail(f"the build was written, but the imported text {edition.key} ({edition.language}) could not be "
                 "reconciled with it again: its reconciliation is the one made before")
        say(f"reconciled the imported text {edition.key} ({edition.language}) again: {found.counts_text()}")


@click.command()
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
            fail(str(exc))
    else:
        store = open_for_command(store_url)
        require_data(store, store_url)
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
