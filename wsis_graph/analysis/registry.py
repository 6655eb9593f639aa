"""The analyses by name, and running them on a store.

:data:`ANALYSES` maps each analysis's name to its title and its function ``(G, scope) ->
AnalysisResult``, in the order a report shows them. :func:`run_analyses` projects the store once
and runs the analyses asked for (all of them by default; ``practice`` only when the practice
records are projected).

>>> list(ANALYSES)
['sdg-coverage', 'gdc-wsis', 'facilitation', 'rights', 'structure', 'evidence', 'submissions', 'practice']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import networkx as nx

from wsis_graph.analysis.common import scope_nodes, without_records
from wsis_graph.analysis.coverage import sdg_coverage
from wsis_graph.analysis.evidence import evidence_strength
from wsis_graph.analysis.facilitation import facilitation
from wsis_graph.analysis.findings import AnalysisResult
from wsis_graph.analysis.gc_pause import gc_paused
from wsis_graph.analysis.gdc import gdc_wsis
from wsis_graph.analysis.options import ProjectionOptions, Scope
from wsis_graph.analysis.practice import practice
from wsis_graph.analysis.projection import project
from wsis_graph.analysis.rights import rights
from wsis_graph.analysis.structure import structure
from wsis_graph.analysis.submissions import submissions

Analysis = Callable[[nx.MultiDiGraph, Scope | None], AnalysisResult]

ANALYSES: dict[str, tuple[str, Analysis]] = {
    "sdg-coverage": ("SDG coverage by the WSIS Action Lines", sdg_coverage),
    "gdc-wsis": ("GDC commitments and the Action Lines and facilitators that can carry them", gdc_wsis),
    "facilitation": ("Facilitation of the Action Lines", facilitation),
    "rights": ("Human-rights grounding", rights),
    "structure": ("Structure of the multi-layer graph", structure),
    "evidence": ("Strength of the evidence", evidence_strength),
    "submissions": ("Submissions: emerging trends and recommendations", submissions),
    "practice": ("Practice evidence from project records", practice),
}

#: Analyses that need something in the projection beyond the curated graphs.
NEEDS_RECORDS = frozenset({"practice"})


class AnalysisError(ValueError):
    """An analysis was asked for that does not exist or cannot run on this projection."""


def select(names: Sequence[str] | None, options: ProjectionOptions) -> list[str]:
    """The analyses to run: the ones named (checked), or every one that can run with these options."""
    if not names:
        return [n for n in ANALYSES if n not in NEEDS_RECORDS or options.records]
    unknown = [n for n in names if n not in ANALYSES]
    if unknown:
        raise AnalysisError(f"no analysis named {', '.join(unknown)}; known: {', '.join(ANALYSES)}")
    if not options.records and any(n in NEEDS_RECORDS for n in names):
        raise AnalysisError("the practice analysis needs the practice records in the projection (--include-records)")
    return list(dict.fromkeys(names))


def run_on_graph(G: nx.MultiDiGraph, names: Sequence[str], scope: Scope | None = None) -> list[AnalysisResult]:
    """Run the named analyses on a projection already made (the scope is checked once, first)."""
    if scope is not None:
        scope_nodes(G, scope)  # an unknown or mistyped scope is an error before anything runs
    curated = None
    results = []
    for name in names:
        graph = G
        if name not in NEEDS_RECORDS and G.graph.get("record_graphs"):
            if curated is None:
                curated = without_records(G)
            graph = curated
        results.append(ANALYSES[name][1](graph, scope))
    return results



def run_analyses(
    store,
    options: ProjectionOptions = ProjectionOptions(),
    names: Sequence[str] | None = None,
    scope: Scope | None = None,
) -> list[AnalysisResult]:
    """Project ``store`` once with ``options`` and run the analyses ``names`` (default: all that can run).

    Raises:
        AnalysisError: an unknown analysis, or ``practice`` without records.
        wsis_graph.analysis.projection.ResolveError: the scope names nothing in the graph.
        ValueError: the scope names a thing of the wrong kind (an entity for ``--action-line``).
    """
    chosen = select(names, options)
    with gc_paused():
        G = project(store, options)
        return run_on_graph(G, chosen, scope)
