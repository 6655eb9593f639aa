"""The commands ``wsis-graph propose`` and ``wsis-graph proposals list|withdraw``.

Exit codes: 0 when the set was accepted (or, with ``--dry-run``, would be), 1 when a row (or the
SHACL validation) refused it, the set exists already or does not exist, or the store could not be
used; 2 for a bad option (name, proposer).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from wsis_graph.cli.errors import FAILURE, USAGE, fail
from wsis_graph.cli.options import base_option, minter, open_for_command, store_option, text_or_json
from wsis_graph.proposals.sets import Outcome, ProposalSetError, list_sets, submit, withdraw
from wsis_graph.proposals.table import AGENT_FORMS
from wsis_graph.store import QueryError, StoreError, default_store_url


def set_failure(exc: ProposalSetError) -> NoReturn:
    """Stop a command that a proposal set refused: 2 for a bad request (a name, a proposer), 1 else.

    A set that exists already, or does not exist, is not a usage mistake here: exit status 1.
    """
    fail(str(exc), USAGE if exc.status == 400 else FAILURE)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@base_option
@click.option("--name", default=None, help="Name of the set; its graph is proposals-NAME (default: the file's stem).")
@click.option("--proposer", default=None, metavar="WHO", help=f"Who proposes the set: {AGENT_FORMS}.")
@click.option("--dry-run", is_flag=True, help="Check and validate everything, write nothing.")
@click.option("--replace", is_flag=True, help="Replace an existing set of the same name.")
@text_or_json
def propose(
    file: Path,
    store_url: str | None,
    base: str | None,
    name: str | None,
    proposer: str | None,
    dry_run: bool,
    replace: bool,
    fmt: str,
) -> None:
    """Check a table of proposed links and write it as a proposal set of its own.

    FILE is a CSV table with the columns proposal_id, subject, relation, object, justification,
    source, locator, confidence, proposed_by, date, strength, note (see
    data/examples/proposals-example.csv). Every problem is reported by row and column and then
    nothing is written; when every row is good the set is validated with the SHACL shapes and
    written to the named graph proposals-NAME, with who proposed it, when and from which file.
    """
    mint = minter(base)
    store = open_for_command(store_url)
    try:
        outcome = submit(
            store,
            file.read_bytes(),
            file_name=file.name,
            name=name,
            proposer=proposer,
            dry_run=dry_run,
            replace=replace,
            mint=mint,
        )
    except ProposalSetError as exc:
        set_failure(exc)
    except (StoreError, QueryError) as exc:
        fail(f"the store {store_url or default_store_url()} cannot be used: {exc}")
    _report(outcome, fmt)


def _report(outcome: Outcome, fmt: str) -> None:
    """Print the outcome; a refused set ends with its error line (or, in JSON, only its exit status 1)."""
    if fmt == "json":
        click.echo(json.dumps(outcome.to_json(), indent=1, ensure_ascii=False))
        sys.exit(0 if outcome.accepted else 1)
    if outcome.accepted:
        click.echo(outcome.summary())
        return
    for error in outcome.errors:
        click.echo(str(error), err=True)
    if outcome.validation is not None:
        click.echo(outcome.validation.text(), err=True)
    fail(outcome.summary())


@click.group()
def proposals() -> None:
    """List or withdraw proposal sets (see `wsis-graph propose`)."""


@proposals.command("list")
@store_option
@base_option
@text_or_json
def list_command(store_url: str | None, base: str | None, fmt: str) -> None:
    """The proposal sets in the store, with their links, proposers and dates."""
    mint = minter(base)
    store = open_for_command(store_url)
    try:
        sets = list_sets(store, mint)
    except QueryError as exc:
        fail(f"cannot read the proposal sets: {exc}")
    if fmt == "json":
        click.echo(json.dumps([s.to_json() for s in sets], indent=1, ensure_ascii=False))
        return
    if not sets:
        click.echo("no proposal sets")
        return
    for info in sets:
        click.echo(f"{info.name}  <{info.graph}>")
        click.echo(f"  {info.links} link(s), {info.triples} triples, accepted {info.issued} from {info.file_name or '?'}")
        for who in info.proposers:
            click.echo(f"  proposed by {who}")


@proposals.command("withdraw")
@click.argument("name")
@store_option
@base_option
@text_or_json
def withdraw_command(name: str, store_url: str | None, base: str | None, fmt: str) -> None:
    """Remove the proposal set NAME: its graph and its description; nothing else changes."""
    mint = minter(base)
    store = open_for_command(store_url)
    try:
        removed = withdraw(store, name, mint=mint)
    except ProposalSetError as exc:
        set_failure(exc)
    except StoreError as exc:
        fail(f"the store {store_url or default_store_url()} cannot be written: {exc}")
    graph = mint.graph(f"proposals-{name}")
    if fmt == "json":
        click.echo(json.dumps({"status": "withdrawn", "name": name, "graph": str(graph), "triples": removed}))
    else:
        click.echo(f"withdrew the proposal set {name}: graph <{graph}> ({removed} triples) and its description")


__all__ = ["proposals", "propose", "set_failure"]
