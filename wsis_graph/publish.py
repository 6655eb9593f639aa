"""Build, validate, then write: the dataset reaches the store only when it conforms.

Publishing replaces what the build makes (the curated graphs and the description graph) and keeps
what users added to the store since: the proposal sets (``wsis-graph propose``), the practice
record sets (``wsis-graph records load``) and the imported texts (``wsis-graph texts import``),
which the description graph marks with ``dct:type`` (:data:`KEPT_KINDS`). Their description is
carried into the new description graph, and the dataset's triple counts are worked out again over
every graph. Any other graph that the build no longer makes is removed. All of it is one
all-or-nothing write.

:func:`ensure_built` publishes only when the store does not hold a build of the current sources
(``wsis-graph serve`` calls it before it serves).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, BNode, URIRef
from rdflib.namespace import DCTERMS, VOID

from wsis_graph.build import DCAT_VERSION, BuildResult, add_totals, build_dataset
from wsis_graph.freshness import is_fresh, write_stamp
from wsis_graph.graph_kinds import USER_KINDS
from wsis_graph.stats import dataset_version
from wsis_graph.store import Store, open_store
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


def ensure_built(url: str, progress: Callable[[str], None] | None = None) -> bool:
    """Build the store when it is missing or older than the sources. Returns True if it built.

    A store kept in a directory (its ``location``: the embedded store) is stale when its stamp
    file differs from the digest of the sources, the ontology and the source modules. Another
    persistent store (a remote one, with no directory for a stamp) is stale when it is empty or
    the data version in its description graph differs from that of the current tables, so a
    change to the ontology or the code alone needs ``wsis-graph build``. A store that does not
    persist (``memory:``) is always built.
    """
    store = open_store(url)
    try:
        if store.location is not None:
            if is_fresh(store.location) and len(store):
                return False
            publish(store, progress=progress)
            write_stamp(store.location)
            return True
        if store.persistent and _holds_current_version(store):
            return False
        publish(store, progress=progress)
        return True
    finally:
        store.close()


def _holds_current_version(store: Store) -> bool:
    """Whether the store holds data and the data version of a build of the current tables.

    Building takes a fraction of a second; validating and writing are skipped when they agree.
    """
    current = next(build_dataset().description.objects(None, DCAT_VERSION), None)
    return current is not None and dataset_version(store) == str(current) and len(store) > 0


#: The kinds of graph (``dct:type`` in the description graph) that users add and a build keeps.
KEPT_KINDS = USER_KINDS


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
