"""What a proposal set changes in the gap-analysis findings: every analysis without it and with it.

:func:`proposal_changes` runs the analyses of :mod:`wsis_graph.analysis.registry` twice through
:func:`wsis_graph.proposals.diff.proposal_effect`: on the curated graphs alone, then with the
proposal set added. :func:`compare` matches the two runs by analysis and their findings by key
(kind and the thing they are about), so each :class:`AnalysisChange` says which findings the set
makes disappear (an orphan commitment that gains a home, an unserved target that becomes served:
a gap closed), which it brings (a commitment that now rests on an inferred link only, say), and
how the key figures move. ``wsis-graph diff`` prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from wsis_graph.analysis.findings import AnalysisResult, Finding
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.analysis.registry import run_analyses
from wsis_graph.build import DESCRIPTION_GRAPH
from wsis_graph.proposals.diff import proposal_effect
from wsis_graph.records import record_graphs
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

    Args:
        names: only these analyses (all when ``None``).
        records: take the practice records into account as well.

    Raises:
        ProposalSetError: there is no proposal set of that name.
    """
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


__all__ = ["AnalysisChange", "compare", "proposal_changes"]
