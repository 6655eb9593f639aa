"""The commands ``wsis-graph propose`` and ``wsis-graph proposals list|withdraw``.

Exit codes: 0 when the set was accepted (or, with ``--dry-run``, would be), 1 when a row (or the
SHACL validation) refused it or the store could not be used, 2 for a bad option (name, proposer).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from wsis_graph.proposals.sets import Outcome, ProposalSetError, list_sets, submit, withdraw
from wsis_graph.proposals.table import AGENT_FORMS
from wsis_graph.store import QueryError, StoreError, default_store_url, open_store
from wsis_graph.cli.options import base_option, store_option
from wsis_graph.uris import Minter

_store_option = store_option
_base_option = base_option
_format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _open(url: str | None):
    try:
        store = open_store(url)
    except StoreError as exc:
        _fail(str(exc))
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(store.close)
    return store


def _mint(base: str | None) -> Minter:
    try:
        return Minter(base)
    except ValueError as exc:
        _fail(str(exc), 2)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_store_option
@_base_option
@click.option("--name", default=None, help="Name of the set; its graph is proposals-NAME (default: the file's stem).")
@click.option("--proposer", default=None, metavar="WHO", help=f"Who proposes the set: {AGENT_FORMS}.")
@click.option("--dry-run", is_flag=True, help="Check and validate everything, write nothing.")
@click.option("--replace", is_flag=True, help="Replace an existing set of the same name.")
@_format_option
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
    mint = _mint(base)
    store = _open(store_url)
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
        _fail(str(exc), 2 if exc.code in ("bad_request", "bad_proposer") else 1)
    except (StoreError, QueryError) as exc:
        _fail(f"the store {store_url or default_store_url()} cannot be used: {exc}")
    _report(outcome, fmt)
    sys.exit(0 if outcome.accepted else 1)


def _report(outcome: Outcome, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(outcome.to_json(), indent=1, ensure_ascii=False))
        return
    if outcome.accepted:
        click.echo(outcome.summary())
        return
    for error in outcome.errors:
        click.echo(str(error), err=True)
    if outcome.validation is not None:
        click.echo(outcome.validation.text(), err=True)
    click.echo(f"error: {outcome.summary()}", err=True)


@click.group()
def proposals() -> None:
    """List or withdraw proposal sets (see `wsis-graph propose`)."""


@proposals.command("list")
@_store_option
@_base_option
@_format_option
def list_command(store_url: str | None, base: str | None, fmt: str) -> None:
    """The proposal sets in the store, with their links, proposers and dates."""
    mint = _mint(base)
    store = _open(store_url)
    try:
        sets = list_sets(store, mint)
    except QueryError as exc:
        _fail(f"cannot read the proposal sets: {exc}")
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
@_store_option
@_base_option
@_format_option
def withdraw_command(name: str, store_url: str | None, base: str | None, fmt: str) -> None:
    """Remove the proposal set NAME: its graph and its description; nothing else changes."""
    mint = _mint(base)
    store = _open(store_url)
    try:
        removed = withdraw(store, name, mint=mint)
    except ProposalSetError as exc:
        _fail(str(exc), 1 if exc.status == 404 else 2)
    except StoreError as exc:
        _fail(f"the store {store_url or default_store_url()} cannot be written: {exc}")
    graph = mint.graph(f"proposals-{name}")
    if fmt == "json":
        click.echo(json.dumps({"status": "withdrawn", "name": name, "graph": str(graph), "triples": removed}))
    else:
        click.echo(f"withdrew the proposal set {name}: graph <{graph}> ({removed} triples) and its description")


__all__ = ["proposals", "propose"]
