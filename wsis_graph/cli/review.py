"""The commands ``wsis-graph review list|decide|undo|token`` (and ``export|import``, :mod:`.review_exchange`).

``review list`` shows the queue (``wsis-graph suggest … --queue``) with each candidate's id, ends, score,
status and reviewer; ``review decide ID accept|reject|unsure --reviewer NAME [--relation R] [--note TEXT]
[--expect REVISION]`` records a decision; ``review undo ID`` takes the standing decision back. Every change
is kept in the review log (:mod:`wsis_graph.review.decide`). ``review token add NAME --tokens FILE`` gives a
reviewer a token for the web page ``/review`` (:mod:`wsis_graph.review.tokens`): it adds the token's SHA-256
and the name to the file and prints the token, once.

Exit codes: 0 done; 1 the store could not be used; 2 the user's mistake: an unknown id or run, a relation
the ontology does not have, no reviewer, a pair that changed since the revision named (nothing written).
"""

from __future__ import annotations

import json

import click

from wsis_graph.cli.errors import USAGE, fail, store_answers
from wsis_graph.cli.options import base_option, minter, open_for_command, store_option
from wsis_graph.review.decide import decide, undo
from wsis_graph.review.model import STATUSES, Names
from wsis_graph.review.state import listing
from wsis_graph.store import default_store_url


@click.group("review")
def review() -> None:
    """Review the matcher's queued suggestions: list, decide, undo, export, import."""


@review.command("list")
@click.option("--run", default=None, metavar="RUN", help="Only the candidates of this run.")
@click.option("--scope", default=None, metavar="CODE", help="Only the candidates from or to this code (C5, GDC-29(b), 16.2 …).")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only the candidates in this state.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@base_option
def list_command(run: str | None, scope: str | None, status: str | None, fmt: str, store_url: str | None, base: str | None) -> None:
    """The candidates in the review queue, best score first, each with its id and state."""
    store = open_for_command(store_url, read_only=True)
    with store_answers():
        if len(store) == 0:
            fail(f"the store {store_url or default_store_url()} is empty; run `wsis-graph build` first", USAGE)
        items = listing(store, Names(minter(base)), run=run, scope=scope, status=status)
    if fmt == "json":
        click.echo(json.dumps({"candidates": [c.to_json() for c in items], "count": len(items)}, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("no candidates" + (" of that kind" if (run or scope or status) else " in the review queue; queue some with "
                                      "`wsis-graph suggest … --queue`"))
        return
    click.echo(f"{'id':<10}  {'subject':<12} {'object':<12} {'score':>6}  {'status':<9} {'rev':>3}  reviewer / runs")
    for c in items:
        who = c.state.reviewer if c.state and c.state.current is not None else ""
        click.echo(f"{c.pid:<10}  {c.subject_code[:12]:<12} {c.object_code[:12]:<12} {c.score:>6.3f}  {c.status:<9} "
                   f"{(c.state.revision if c.state else 0):>3}  {who or ', '.join(c.runs)}")


@review.command("decide")
@click.argument("ident", metavar="ID")
@click.argument("verdict", type=click.Choice(["accept", "reject", "unsure"]))
@click.option("--relation", default=None, metavar="R", help="The relation of an accepted link (contributesTo, linkedTo, groundedIn, concerns); by default the one for the two kinds.")
@click.option("--reviewer", default=None, metavar="NAME", help="Who judged it (required).")
@click.option("--note", default="", metavar="TEXT", help="Why, in a few words.")
@click.option("--expect", type=click.IntRange(0, None), default=None, metavar="REVISION",
              help="The revision the decision was made on (as `review list` showed it); refused if the candidate changed since.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
@base_option
def decide_command(ident: str, verdict: str, relation: str | None, reviewer: str | None, note: str, expect: int | None,
                   fmt: str, store_url: str | None, base: str | None) -> None:
    """Accept, reject or mark unsure a candidate, as a named reviewer."""
    if not (reviewer or "").strip():
        fail("a decision needs a reviewer: say who judged it (--reviewer NAME)", USAGE)
    store = open_for_command(store_url)
    with store_answers():
        outcome = decide(store, ident, verdict, reviewer=reviewer or "", relation=relation, note=note, expect=expect,
                         mint=minter(base))
    click.echo(json.dumps(outcome.to_json()) if fmt == "json" else outcome.summary())


@review.command("undo")
@click.argument("ident", metavar="ID")
@click.option("--reviewer", default="", metavar="NAME", help="Who undoes it (recorded).")
@click.option("--expect", type=click.IntRange(0, None), default=None, metavar="REVISION",
              help="The revision the undo was asked on; refused if the candidate changed since.")
@store_option
@base_option
def undo_command(ident: str, reviewer: str, expect: int | None, store_url: str | None, base: str | None) -> None:
    """Take back the decision that stands for a candidate (the one before it stands again, or none)."""
    store = open_for_command(store_url)
    with store_answers():
        outcome = undo(store, ident, reviewer=reviewer, expect=expect, mint=minter(base))
    click.echo(outcome.summary())


@review.group("token")
def token_group() -> None:
    """Reviewer tokens for the web page /review (the server's --reviewer-tokens file)."""


@token_group.command("add")
@click.argument("name", metavar="NAME")
@click.option("--tokens", "tokens_file", required=True, type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="The reviewer tokens file (created when missing; it keeps only each token's SHA-256).")
@click.option("--replace", is_flag=True, help="Replace NAME's tokens: the old ones stop working.")
def token_add_command(name: str, tokens_file: str, replace: bool) -> None:
    """Give the reviewer NAME a fresh token: prints it once; the file keeps only its SHA-256."""
    from wsis_graph.review import tokens

    try:
        token, removed = tokens.add(tokens_file, name, replace=replace)  # a Problem is reported by the group
    except OSError as exc:
        fail(f"cannot write the reviewer tokens file {tokens_file}: {exc}")
    click.echo(token)
    note = f"; {removed} earlier token(s) of {name.strip()} removed" if removed else ""
    click.echo(f"added a token for {name.strip()!r} to {tokens_file}{note}. Hand it to the reviewer now: it is shown "
               "only this once. The server reads the file at each decision (wsis-graph serve --reviewer-tokens FILE).",
               err=True)


from wsis_graph.cli.review_exchange import export_command, import_command  # noqa: E402 (registered on the group)

review.add_command(export_command)
review.add_command(import_command)
