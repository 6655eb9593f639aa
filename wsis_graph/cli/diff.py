"""`wsis-graph diff NAME`: what a proposal set changes in the findings.

Every analysis runs twice through :func:`wsis_graph.proposals.diff.proposal_effect`: on the curated
graphs alone, then with the proposal set added. Findings are compared by their key (kind and the
thing they are about), so the output says which findings the set makes disappear (an orphan
commitment that gains a home, an unserved target that becomes served: a gap closed) and which it
brings (a commitment that now rests on an inferred link only, say), and how the key figures move.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import click
from rdflib import URIRef

from wsis_graph.analysis.findings import AnalysisResult, Finding
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.cli.errors import bad_option
from wsis_graph.cli.options import base_option, minter, open_for_command, store_option
from wsis_graph.cli.proposals import set_failure
from wsis_graph.proposals.diff import proposal_effect
from wsis_graph.build import DESCRIPTION_GRAPH
from wsis_graph.proposals.sets import ProposalSetError
from wsis_graph.store import Store
from wsis_graph.uris import Minter


@dataclass
class AnalysisChange:
    """How one analysis's findings and key figures differ with the proposal set."""

    analysis: str
    title: str
    closed: list[Finding] = field(default_factory=list)  # findings the set makes disappear
    opened: list[Finding] = field(default_factory=list)  # findings that appear with the set
    figures: list[tuple[str, str, float | int, float | int]] = field(default_factory=list)  # name, label, before, after

    @property
    def changed(self) -> bool:
        return bool(self.closed or self.opened or self.figures)

    def to_dict(self) -> dict:
        def brief(f: Finding) -> dict:
            return {"kind": f.kind, "text": f.text, "items": [i.name for i in f.items], "figure": f.figure}

        return {
            "analysis": self.analysis,
            "title": self.title,
            "closed": [brief(f) for f in self.closed],
            "opened": [brief(f) for f in self.opened],
            "figures": [{"name": n, "label": l, "without": a, "with": b} for n, l, a, b in self.figures],
        }


def compare(without: Sequence[AnalysisResult], with_: Sequence[AnalysisResult]) -> list[AnalysisChange]:
    """The change of each analysis, matching results by analysis name and findings by key."""
    after = {r.analysis: r for r in with_}
    changes = []
    for before in without:
        other = after.get(before.analysis)
        if other is None:
            continue
        old = {f.key: f for f in before.findings}
        new = {f.key: f for f in other.findings}
        change = AnalysisChange(before.analysis, before.title)
        change.closed = [old[k] for k in sorted(old.keys() - new.keys())]
        change.opened = [new[k] for k in sorted(new.keys() - old.keys())]
        new_figures = {f.name: f for f in other.figures}
        for figure in before.figures:
            moved = new_figures.get(figure.name)
            if moved is not None and moved.value != figure.value:
                change.figures.append((figure.name, figure.label, figure.value, moved.value))
        changes.append(change)
    return changes


def proposal_changes(
    store: Store,
    name: str,
    *,
    mint: Minter | None = None,
    names: Sequence[str] | None = None,
    records: bool = False,
) -> list[AnalysisChange]:
    """Run the analyses without and with the proposal set ``name`` and compare them.

    Raises:
        ProposalSetError: there is no proposal set of that name.
    """
    from wsis_graph.analysis.registry import run_analyses
    from wsis_graph.records import record_graphs

    mint = mint or Minter()
    skip = {mint.graph(DESCRIPTION_GRAPH)}
    if not records:
        skip |= set(record_graphs(store, mint=mint))

    def analyse(store: Store, graphs: Sequence[URIRef]) -> list[AnalysisResult]:
        # The graphs are named one by one (the curated ones, the records if asked, the one set), so
        # that the projection takes exactly them: no other proposal set comes in.
        options = ProjectionOptions(graphs=tuple(str(g) for g in graphs if g not in skip))
        return run_analyses(store, options, names=names)

    effect = proposal_effect(store, name, analyse, mint=mint)
    return compare(effect.without, effect.with_)


def _text(name: str, changes: list[AnalysisChange]) -> str:
    lines = [f"What the proposal set {name!r} changes in the findings:"]
    if not any(c.changed for c in changes):
        lines.append("  nothing: every finding and key figure is the same with and without it.")
    for change in changes:
        if not change.changed:
            continue
        lines.append("")
        lines.append(f"{change.title} ({change.analysis})")
        for fname, label, a, b in change.figures:
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
