"""The commands ``wsis-graph records load|generate``: load practice records into a store, and
generate synthetic ones.

Exit codes: 0 loaded or written; 1 a record was refused (nothing is written then), the store
holds no build or cannot be used; 2 a bad option (graph name, ``--base``, file not found, both or
neither of ``--records`` and ``--triples``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wsis_graph.cli.errors import USAGE, fail
from wsis_graph.cli.options import base_option, minter, open_for_command
from wsis_graph.records.loader import DEFAULT_SAMPLE, MAX_ERRORS, GraphNameError, RecordsRejected, check_name
from wsis_graph.store import StoreError


class _Bar:
    """A click progress bar on a terminal, nothing otherwise."""

    def __init__(self, length: int, label: str) -> None:
        self.bar = None
        if sys.stderr.isatty() and length:
            self.bar = click.progressbar(length=length, label=label, file=sys.stderr, show_pos=False, show_percent=True)
            self.bar.__enter__()
        self.done = 0

    def to(self, done: int) -> None:
        if self.bar is not None and done > self.done:
            self.bar.update(done - self.done)
            self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group("records")
def records() -> None:
    """Practice records in the shape of the WSIS Stocktaking: load them, or generate synthetic ones.

    \b
    A record file is CSV (one header row; several values in a cell separated by ';') or JSON (an
    array of objects). Columns: id, title, organisation, stakeholder_type, country (ISO 3166-1
    alpha-3), year, action_lines (C4;C7.e-health), sdg_goals (4), sdg_targets (4.4), gdc_objectives
    (1 or GDC-O1), url, synthetic. Required: id, title, organisation, stakeholder_type, year,
    action_lines.
    """


@records.command("load")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store", "store_url", default=None, metavar="URL", help="Store to load into (default oxigraph:var/store, or $WSIS_GRAPH_STORE). It must hold a build.")
@click.option("--graph", "name", default=None, metavar="NAME", help="Graph name: the records go to graph records-NAME (default: from the file name; synthetic records need a name that starts with 'synthetic').")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None, help="File format (default: from the suffix).")
@base_option
@click.option("--shacl-sample", type=click.IntRange(min=0), default=DEFAULT_SAMPLE, show_default=True, help="Validate this many of the first records with SHACL (every record is checked in Python).")
@click.option("--max-errors", type=click.IntRange(min=1), default=MAX_ERRORS, show_default=True, help="Report at most this many errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def load(file: Path, store_url: str | None, name: str | None, fmt: str | None, base: str | None,
         shacl_sample: int, max_errors: int, quiet: bool) -> None:
    """Load a record file into its own named graph, checked row by row; nothing is written on an error.

    The graph records-NAME is replaced as a whole and described in the description graph (file,
    SHA-256, load time, record and triple counts); no other graph changes. Errors name the row (CSV
    line) or item (JSON index, from 0) and the column. Exit status 1 on any error.
    """
    from wsis_graph.records.loader import load_records
    from wsis_graph.records.vocabulary import VocabularyMissing

    mint = minter(base)
    if name is not None:
        try:
            check_name(name)
        except GraphNameError as exc:
            fail(str(exc), USAGE)
    if not file.is_file():
        fail(f"{file}: file not found", USAGE)
    store = open_for_command(store_url)
    bar = _Bar(0 if quiet else file.stat().st_size, f"loading {file.name}")
    try:
        report = load_records(store, file, name=name, fmt=fmt, mint=mint, shacl_sample=shacl_sample,
                              max_errors=max_errors, display=str(file), progress=bar.to)
    except RecordsRejected as exc:
        bar.close()
        click.echo(str(exc), err=True)
        fail(f"{exc.total} error(s) in {file}; nothing was written")
    except (VocabularyMissing, StoreError) as exc:
        fail(str(exc))
    finally:
        bar.close()
    if not quiet:
        kind = "synthetic records" if report.synthetic else "records"
        click.echo(
            f"loaded {report.records} {kind} ({report.triples} triples) into <{report.graph}> in {report.seconds:.1f} s "
            f"(SHACL on the first {report.sample}: {report.shacl_seconds:.1f} s)"
        )


@records.command("generate")
@click.option("--records", "n_records", type=click.IntRange(min=1), default=None, help="How many records to write.")
@click.option("--triples", "n_triples", type=click.IntRange(min=1), default=None, help="Write records until they make this many triples as a records graph.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same bytes.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write: .csv, .json or .nq.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "nq"]), default=None, help="Output format (default: from the suffix).")
@click.option("--graph", "name", default=None, metavar="NAME", help="Graph name for record IRIs and the .nq graph (default: as `records load` would name a file of this name).")
@base_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def generate(n_records: int | None, n_triples: int | None, seed: int, out: Path, fmt: str | None,
             name: str | None, base: str | None, quiet: bool) -> None:
    """Write realistic synthetic records, every one marked synthetic, deterministically.

    Frequencies follow the WSIS-SDG Matrix (see wsis_graph/records/generator.py for how each value
    is drawn). The .nq output is the records graph exactly as `records load` would write it from
    the .csv or .json of the same seed, for loading into other stores.
    """
    from wsis_graph.records.generator import generate as run
    from wsis_graph.records.generator import output_format
    from wsis_graph.records.loader import default_name

    if (n_records is None) == (n_triples is None):
        fail("give one of --records N or --triples N", USAGE)
    mint = minter(base)
    try:
        output_format(out, fmt)
        name = check_name(name) if name is not None else default_name(out, synthetic=True)
    except (ValueError, GraphNameError) as exc:
        fail(str(exc), USAGE)
    if not name.startswith("synthetic"):
        fail(f"synthetic records go to a graph whose name starts with 'synthetic' (got {name!r})", USAGE)
    shown = [0]

    def progress(count: int) -> None:
        if not quiet and sys.stderr.isatty():
            click.echo(f"\r  {count} records", nl=False, err=True)
            shown[0] = count

    report = run(out, records=n_records, triples=n_triples, seed=seed, fmt=fmt, name=name, mint=mint, progress=progress)
    if shown[0]:
        click.echo("", err=True)
    if not quiet:
        click.echo(
            f"wrote {report.records} synthetic records ({report.triples} triples as graph records-{name}) to {out} "
            f"({report.bytes} bytes, {report.format}, seed {seed}) in {report.seconds:.1f} s"
        )
