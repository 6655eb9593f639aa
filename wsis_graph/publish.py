"""Build, validate, then write: the dataset reaches the store only when it conforms.

Publishing replaces what the build makes (the curated graphs and the description graph) and keeps
what users added to the store since: the proposal sets (``wsis-graph propose``) and the practice
record sets (``wsis-graph records load``), which the description graph marks with ``dct:type``
(:data:`KEPT_KINDS`). Their description is carried into the new description graph, and the
dataset's triple counts are worked out again over every graph. Any other graph that the build no
longer makes is removed. All of it is one all-or-nothing write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, BNode, URIRef
from rdflib.namespace import DCTERMS, VOID

from wsis_graph.build import BuildResult, add_totals, build_dataset
from wsis_graph.namespaces import WSIS
from wsis_graph.store import Store
from wsis_graph.uris import Minter
from wsis_graph.validation import ValidationReport, validate_graph


class ValidationFailed(Exception):
    """The built data violates the shapes; nothing was written."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report.text())


@dataclass
class PublishReport:
    result: BuildResult
    validation: ValidationReport
    quads: int
    build_seconds: float
    validate_seconds: float
    write_seconds: float


def publish(
    store: Store,
    *,
    sources: Path | None = None,
    mint: Minter | None = None,
    progress: Callable[[str], None] | None = None,
) -> PublishReport:
    """Build the dataset from the tables, validate it, and replace the store's contents with it.

    Raises:
        SourceError: a table is broken (the store is untouched).
        ValidationFailed: the data violates a shape (the store is untouched).
    """
    t0 = time.perf_counter()
    result = build_dataset(sources, mint=mint, progress=progress)
    t1 = time.perf_counter()
    if progress:
        progress("validate")
    report = validate_graph(result.union())
    t2 = time.perf_counter()
    if not report.conforms:
        raise ValidationFailed(report)
    if progress:
        progress("write")
    count = _write(store, result)
    t3 = time.perf_counter()
    return PublishReport(result, report, count, t1 - t0, t2 - t1, t3 - t2)


#: The kinds of graph (``dct:type`` in the description graph) that users add and a build keeps.
KEPT_KINDS = (WSIS.ProposalSet, WSIS.PracticeRecordSet)


def _write(store: Store, result: BuildResult) -> int:
    """Write the built dataset, keeping the user-added graphs; returns the quads now in the store."""
    built = {item.iri for item in result.graphs}
    description_iri = result.description_iri
    old_description = [(s, p, o) for s, p, o, _ in store.quads(description_iri)]
    kept = {
        s for s, p, o in old_description
        if p == DCTERMS.type and o in KEPT_KINDS and s not in built and s != description_iri
    }
    kept &= set(store.graphs())
    if not kept:
        return store.replace(result.quads())
    description = _merged_description(result, old_description, kept)
    graphs: dict[URIRef, object] = {item.iri: item.graph for item in result.graphs}
    graphs[description_iri] = description
    for name in store.graphs():
        if name not in built and name not in kept and name != description_iri:
            graphs[name] = []  # a graph an earlier build made and this one no longer does
    store.replace_graphs(graphs)
    return store.count()


def _merged_description(result: BuildResult, old: list[tuple], kept: set[URIRef]) -> list[tuple]:
    """The new description graph plus the old description of the kept graphs, with fresh totals.

    The description of a kept graph is every old triple whose subject is the graph or a node
    reached from it through the description (its activity, agent, table file …), except the
    dataset and the description graph themselves.
    """
    dataset = result.mint.dataset()
    description_iri = result.description_iri
    fresh = [t for t in result.description if not (t[1] == VOID.triples and t[0] in (dataset, description_iri))]
    fresh_subjects = {t[0] for t in fresh}
    by_subject: dict = {}
    for triple in old:
        by_subject.setdefault(triple[0], []).append(triple)
    carried: list[tuple] = []
    seen: set = set()
    todo = list(kept)
    while todo:
        node = todo.pop()
        if node in seen or node in (dataset, description_iri) or (node in fresh_subjects and node not in kept):
            continue
        seen.add(node)
        for s, p, o in by_subject.get(node, ()):
            carried.append((s, p, o))
            if p not in (RDF.type, DCTERMS.type) and isinstance(o, (URIRef, BNode)):
                todo.append(o)
    carried += [(dataset, VOID.subset, g) for g in sorted(kept)]
    return add_totals(list(dict.fromkeys(fresh + carried)), dataset, description_iri)
