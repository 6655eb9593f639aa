"""The command ``wsis-graph diff NAME``: what a proposal set changes in the findings, printed.

The comparison itself is :func:`wsis_graph.proposals.compare.proposal_changes`; this module reads
the options and prints its :class:`~wsis_graph.proposals.compare.AnalysisChange` list as text or
JSON.

Exit codes: 0 printed; 1 there is no proposal set of that name, or the store cannot be used;
2 a bad option (an unknown analysis, a name that cannot be a set's).
"""

from __future__ import annotations

import json

import click

from wsis_graph.cli.errors import bad_option
from wsis_graph.cli.options import base_option, minter, open_for_command, store_option
from wsis_graph.cli.proposals import set_failure
from wsis_graph.proposals.compare import AnalysisChange, proposal_changes
from wsis_graph.proposals.sets import ProposalSetError


def _text(name: str, changes: list[AnalysisChange]) -> str:
    lines = [f"What the proposal set {name!r} changes in the findings:"]
    if not any(c.changed for c in changes):
        lines.append("  nothing: every finding and key figure is the same with and without it.")
    for change in changes:
        if not change.changed:
            continue
        lines.append("")
        lines.append(f"{change.title} ({change.analysis})")
        for _, label, a, b in change.figures:
            lines.append(f"  {label}: {a} -> {b}")
        for f in change.closed:
            lines.append(f"  - no longer: [{f.kind}] {f.text}")
        for f in change.opened:
            lines.append(f"  + now:       [{f.kind}] {f.text}")
    return "\n".join(lines)


@click.command()
@click.argument("name")
@store_option
@base_option
@click.option("--analysis", "names", multiple=True, metavar="NAME", help="Only this analysis (repeatable).")
@click.option("--include-records", is_flag=True, help="Take the practice records into account as well.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(name: str, store_url: str | None, base: str | None, names: tuple[str, ...], include_records: bool, fmt: str) -> None:
    """Show what the proposal set NAME changes in the gap-analysis findings.

    Lists, per analysis, the findings that disappear with the set (gaps it closes: orphan
    commitments that gain a home, targets that become served …), those that appear, and the key
    figures that move.
    """
    from wsis_graph.analysis.registry import ANALYSES

    unknown = [n for n in names if n not in ANALYSES]
    if unknown:
        bad_option("--analysis", f"no analysis named {', '.join(unknown)}; known: {', '.join(ANALYSES)}")
    mint = minter(base)
    store = open_for_command(store_url)
    try:
        changes = proposal_changes(store, name, mint=mint, names=list(names) or None, records=include_records)
    except ProposalSetError as exc:
        set_failure(exc)
    if fmt == "json":
        click.echo(json.dumps({"set": name, "analyses": [c.to_dict() for c in changes]}, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(name, changes))
