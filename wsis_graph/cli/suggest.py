"""`wsis-graph suggest`: explained link suggestions from one kind of the graph to another.

``wsis-graph suggest --from action-lines --to sdg-targets --top 10`` lists, for each Action Line,
the ten SDG targets whose words and graph neighbourhood are closest, each with its score (lexical
+ context + structural), the words matched on each side and the paths of the graph that added to
it (:mod:`wsis_graph.matching.suggest`). Pairs the graph links already are left out unless
``--include-linked`` (then marked). ``--exclude-graph KEY`` keeps a graph (a source folder name such
as ``wsis-sdg-matrix``) out of every input, so that a curated source can measure the matcher.
Suggestions are printed or written to a file, never added to the graph as links; ``--queue [--name RUN]``
puts them into the review queue instead (a candidate set, :mod:`wsis_graph.review.queue`), for
``wsis-graph review``.

Exit codes: 0 written; 1 the store could not be used, or the file not written; 2 a bad option (an
unknown kind, code or graph, the same kind twice, an empty store).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from wsis_graph.cli.errors import USAGE, fail, store_answers
from wsis_graph.cli.options import base_option, chosen_graphs, minter, open_for_command, store_option
from wsis_graph.files import write_atomically
from wsis_graph.matching.corpus import KINDS, cached_index
from wsis_graph.matching.output import csv_text, json_text, sssom_suggestions, table_text
from wsis_graph.matching.suggest import check_kinds, suggest
from wsis_graph.problems import Problem
from wsis_graph.review.queue import queue
from wsis_graph.store import default_store_url


@click.command("suggest")
@click.option("--from", "from_kind", required=True, type=click.Choice(KINDS), help="The kind to suggest links from.")
@click.option("--to", "to_kind", required=True, type=click.Choice(KINDS), help="The kind to suggest links to.")
@click.option("--scope", default=None, metavar="CODE", help="Only this item of the --from kind (C5, GDC-29(b), 9.c …).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000), help="Suggestions per item.")
@click.option("--min-score", default=0.05, show_default=True, type=click.FloatRange(0, None),
              help="Leave out suggestions that score less.")
@click.option("--exclude-graph", "exclude", multiple=True, metavar="KEY",
              help="Keep this graph out of every input: its texts, links and paths (repeatable; a key such as "
                   "wsis-sdg-matrix or an IRI).")
@click.option("--include-linked", is_flag=True, help="Keep the pairs the graph links already (marked linked).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "sssom"]), default="table", show_default=True)
@click.option("--out", default=None, type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option("--queue", "to_queue", is_flag=True, help="Put the suggestions into the review queue (a candidate set) instead of printing them.")
@click.option("--name", "run", default=None, metavar="RUN", help="The run's name in the queue (default: <from>-to-<to>-<date>-<time>).")
@store_option
@base_option
def suggest_command(from_kind: str, to_kind: str, scope: str | None, top: int, min_score: float, exclude: tuple[str, ...],
                    include_linked: bool, fmt: str, out: Path | None, to_queue: bool, run: str | None,
                    store_url: str | None, base: str | None) -> None:
    """Suggest links between two kinds (explained by matched words and graph paths), for review."""
    try:
        check_kinds(from_kind, to_kind)
    except Problem as problem:
        fail(problem.message, USAGE)
    if run is not None and not to_queue:
        fail("--name names a run of the review queue: give --queue with it", USAGE)
    if out is not None and not out.parent.exists():
        fail(f"the folder {out.parent} does not exist (for --out {out})", USAGE)
    mint = minter(base)
    store = open_for_command(store_url, read_only=True)
    with store_answers():
        if len(store) == 0:
            fail(f"the store {store_url or default_store_url()} is empty; run `wsis-graph build` first", USAGE)
        graphs = chosen_graphs(store, exclude, mint.base, option="--exclude-graph") or ()
        index = cached_index(store, graphs)
    suggestions = suggest(index, from_kind, to_kind, scope=scope, top=top, min_score=min_score, include_linked=include_linked)
    if to_queue:
        store.close()
        writable = open_for_command(store_url)
        with store_answers():
            queued = queue(writable, suggestions, from_kind=from_kind, to_kind=to_kind, run=run, mint=mint)
        click.echo(queued.summary())
        return
    if fmt == "csv":
        text = csv_text(suggestions)
    elif fmt == "json":
        text = json_text(suggestions, from_kind, to_kind, index.excluded)
    elif fmt == "sssom":
        text = sssom_suggestions(suggestions, from_kind, to_kind, base=mint.base, date=dt.date.today().isoformat(),
                                 excluded=index.excluded)
    else:
        text = table_text(suggestions)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        write_atomically(out, text)  # whole or not at all
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    click.echo(f"wrote {len(suggestions)} suggestions to {out}", err=True)
