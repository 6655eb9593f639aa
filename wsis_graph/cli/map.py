"""`wsis-graph map`: the GDC → WSIS mapping view for ODET and UNGIS, in a terminal or a spreadsheet.

``wsis-graph map --gdc GDC-29(b)`` prints each commitment × Action Line × facilitating entity
with the route, the path strength, the weakest confidence on the path and the evidence path;
``--gdc GDC-O3`` does it for every commitment of an objective, and no ``--gdc`` for all of them.
Commitments with no home in an Action Line are listed too. Each commitment is shown with its
paragraph, its words (the adopted text once it has been imported, else our own summary, marked as
such) and its objective's title, and the output says how much of the adopted text the graph holds.
``--suggested`` adds the open candidates of the review queue (``wsis-graph suggest --queue``) as
rows of route ``suggested``; they change no home and no count. Each row says whether its commitment ×
Action Line pair was reviewed, and the period of the facilitation role with whether a recent source
confirms it. ``--format csv|xlsx|json`` writes the same rows for a spreadsheet or a script (xlsx needs ``--out``). See
:mod:`wsis_graph.analysis.mapping` for the columns and :mod:`wsis_graph.analysis.gdc` for the rules.

Exit codes: 0 written; 1 the store could not be used or written to; 2 a bad option (an unknown
objective or commitment, xlsx without ``--out``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from wsis_graph.analysis.gdc_texts import gdc_texts
from wsis_graph.analysis.mapping import build_mapping, csv_text, text_table, write_xlsx
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.analysis.projection import ResolveError, project
from wsis_graph.cli.errors import USAGE, bad_option, fail, store_answers
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option
from wsis_graph.texts.coverage import gdc_coverage


@click.command("map")
@click.option("--gdc", "gdc", default=None, metavar="OBJECTIVE_OR_COMMITMENT",
              help="One GDC objective or commitment (GDC-O3, GDC-29(b), 29(b) or an IRI); all commitments when left out.")
@store_option
@base_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json"]), default="table", show_default=True,
              help="Plain text for a terminal, CSV, an Excel workbook, or JSON.")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output (required for xlsx).")
@click.option("--include-proposals", is_flag=True, help="Include the proposal sets (graphs typed wsis:ProposalSet).")
@click.option("--suggested", is_flag=True,
              help="Also show the open candidates of the review queue (route suggested); they count as no home and no link.")
def map_command(gdc: str | None, store_url: str | None, base: str | None, fmt: str, out: Path | None, include_proposals: bool,
                suggested: bool) -> None:
    """Map GDC commitments onto WSIS Action Lines and their facilitators, with the evidence."""
    mint = minter(base)
    if fmt == "xlsx" and out is None:
        fail("--format xlsx writes a binary workbook: give --out FILE.xlsx", USAGE)
    if out is not None and not out.parent.exists():
        fail(f"the folder {out.parent} does not exist (for --out {out})", USAGE)
    store = open_for_command(store_url, read_only=True)
    with store_answers():
        require_data(store, store_url)
        G = project(store, ProjectionOptions(proposals=include_proposals))
        texts, coverage = gdc_texts(store), gdc_coverage(store, mint)
    try:
        mapping = build_mapping(G, gdc, texts=texts, coverage=coverage, suggested=suggested)
    except ResolveError as exc:
        bad_option("--gdc", str(exc))
    try:
        if fmt == "xlsx":
            write_xlsx(mapping, out)
        else:
            if fmt == "csv":
                text = csv_text(mapping)
            elif fmt == "json":
                text = json.dumps(mapping.to_dict(), ensure_ascii=False, indent=1) + "\n"
            else:
                text = text_table(mapping)
            if out is None:
                sys.stdout.write(text)
            else:
                out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    if out is not None:
        click.echo(f"wrote {len(mapping.rows)} rows for {len(mapping.commitments)} commitments ({len(mapping.homeless)} with no home) to {out}", err=True)
