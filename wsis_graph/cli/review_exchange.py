"""The commands ``wsis-graph review export --out DIR`` and ``wsis-graph review import FILE``.

``review export`` writes the decision that stands for each reviewed pair as three SSSOM/TSV files in DIR
(positive, negative, unsure; :mod:`wsis_graph.review.exchange`): the review's exchange format and its
backup. ``review import`` records the decisions of such a file: every row is checked before anything is
written; a pair whose current decision differs is a conflict, listed and left as it is.

Exit codes: 0 done (conflicts, if any, are listed on stdout, one a line, beside the decisions imported);
1 the store could not be used or a file could not be written; 2 the user's mistake: a file that does not
parse, names a node the graph lacks or a predicate the review does not use (one line naming the line,
nothing changed), or a file every row of which conflicts with the store (nothing could be imported).
"""

from __future__ import annotations

from pathlib import Path

import click

from wsis_graph.cli.errors import USAGE, fail, store_answers
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option
from wsis_graph.review.exchange import export, import_sssom


@click.command("export")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="The folder for reviewed-positive, reviewed-negative and reviewed-unsure .sssom.tsv.")
@store_option
@base_option
def export_command(out: Path, store_url: str | None, base: str | None) -> None:
    """Write the current decisions as SSSOM/TSV: accepted, rejected (predicate_modifier Not), unsure."""
    store = open_for_command(store_url, read_only=True)
    require_data(store, store_url)
    with store_answers():
        try:
            written = export(store, out, mint=minter(base))
        except OSError as exc:
            fail(f"cannot write into {out}: {exc.strerror or exc}")
    for name, count in written.items():
        click.echo(f"wrote {out / name} ({count} mappings, sssom)")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewer-fallback", default="", metavar="NAME", help="The reviewer of rows without author_label.")
@store_option
@base_option
def import_command(file: Path, reviewer_fallback: str, store_url: str | None, base: str | None) -> None:
    """Record the decisions of an SSSOM/TSV file (as `review export` writes them); conflicts are listed, not overwritten."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}", USAGE)
    store = open_for_command(store_url)
    require_data(store, store_url)
    with store_answers():
        done = import_sssom(store, text, reviewer_fallback=reviewer_fallback, mint=minter(base))
    for line in done.conflicts:
        click.echo(f"conflict: {line}")
    click.echo(done.summary())
    if done.conflicts and not done.decided:
        fail(f"nothing imported from {file}: every decision of the file that is not already in the store conflicts with it",
             USAGE)
