"""Queue the matcher's suggestions for review: one candidate set (a named graph) per run.

:func:`queue` writes the set's graph and the description graph together with one
:meth:`~wsis_graph.store.Store.replace_graphs` (all or nothing). A candidate
(``{base}candidate/<run>/<pair id>``, a ``wsis:Candidate``) keeps its subject and object, their kinds,
the matcher's method, its score and the score's parts, the terms matched (``left = right``) and the paths
of the graph that added to it, and the run (``prov:wasGeneratedBy``, a ``wsis:MatchingRun``). It states no
link: no direct triple, no ``wsis:Alignment``. The description graph marks the set ``dct:type
wsis:CandidateSet`` (so a rebuild keeps it and the analyses leave it out) and describes the review log and
the reviewed mappings too, once, so that they are kept as well from the first decision on.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID, XSD

from wsis_graph.graph_kinds import graphs_of_kind
from wsis_graph.matching.suggest import Suggestion
from wsis_graph.namespaces import WSIS
from wsis_graph.review.model import Names, ReviewError, check_run_name, default_run_name, pair_id
from wsis_graph.store import Store
from wsis_graph.uris import Minter


@dataclass(frozen=True)
class Queued:
    run: str
    graph: URIRef
    candidates: int
    triples: int
    seconds: float

    def summary(self) -> str:
        return (f"queued {self.candidates} candidate(s) for review as run {self.run!r}: graph <{self.graph}> "
                f"({self.triples} triples, {self.seconds:.2f} s); see them with `wsis-graph review list --run {self.run}`")


def _moment(moment: dt.datetime) -> Literal:
    moment = moment.astimezone(dt.timezone.utc).replace(microsecond=(moment.microsecond // 1000) * 1000)
    return Literal(moment.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)


def _decimal(value: float) -> Literal:
    return Literal(f"{max(value, 0.0):.4f}", datatype=XSD.decimal)


def candidate_triples(names: Names, run: str, s: Suggestion) -> list[tuple]:
    """The triples of one candidate of a run."""
    pid = pair_id(s.subject_iri, s.object_iri)
    node = names.candidate(run, pid)
    triples = [
        (node, RDF.type, WSIS.Candidate),
        (node, DCTERMS.identifier, Literal(pid)),
        (node, RDFS.label, Literal(f"{s.subject_code} → {s.object_code} (candidate {pid} of run {run})", lang="en")),
        (node, WSIS.candidateSubject, URIRef(s.subject_iri)),
        (node, WSIS.candidateObject, URIRef(s.object_iri)),
        (node, WSIS.subjectKind, Literal(s.subject_kind)),
        (node, WSIS.objectKind, Literal(s.object_kind)),
        (node, WSIS.matchMethod, Literal(s.method)),
        (node, WSIS.score, _decimal(s.score)),
        (node, WSIS.lexicalScore, _decimal(s.lexical)),
        (node, WSIS.contextScore, _decimal(s.context)),
        (node, WSIS.structuralScore, _decimal(s.structural)),
        (node, PROV.wasGeneratedBy, names.run(run)),
    ]
    triples += [(node, WSIS.matchedTerm, Literal(f"{t.left} = {t.right}")) for t in s.terms]
    triples += [(node, WSIS.evidencePath, Literal(p)) for p in s.paths]
    return triples


def review_graph_descriptions(names: Names) -> list[tuple]:
    """The description of the review log and of the reviewed mappings (no counts: they change with
    every decision; the same triples every time, so writing them again changes nothing)."""
    dataset = names.mint.dataset()
    triples = []
    for graph, kind, title in (
        (names.decisions, WSIS.ReviewLog, "Review decisions and their undoing (the audit trail)"),
        (names.mappings, WSIS.ReviewedMappingSet, "Reviewed mappings: the links reviewers accepted"),
    ):
        triples += [
            (graph, RDF.type, VOID.Dataset),
            (graph, RDF.type, DCAT.Dataset),
            (graph, DCTERMS.type, kind),
            (graph, DCTERMS.identifier, Literal("review/" + str(graph).rsplit("/", 1)[-1])),
            (graph, DCTERMS.title, Literal(title, lang="en")),
            (dataset, VOID.subset, graph),
        ]
    return triples


def _set_description(names: Names, run: str, graph: URIRef, count: int, triples: int, from_kind: str, to_kind: str,
                     ended: dt.datetime) -> list[tuple]:
    return [
        (graph, RDF.type, VOID.Dataset),
        (graph, RDF.type, DCAT.Dataset),
        (graph, DCTERMS.type, WSIS.CandidateSet),
        (graph, DCTERMS.identifier, Literal(f"candidates/{run}")),
        (graph, DCTERMS.title, Literal(f"Candidates for review: {from_kind} → {to_kind}, run {run}", lang="en")),
        (graph, DCTERMS.issued, Literal(ended.date().isoformat(), datatype=XSD.date)),
        (graph, PROV.wasGeneratedBy, names.run(run)),
        (graph, VOID.entities, Literal(count)),
        (graph, VOID.triples, Literal(triples)),
        (names.mint.dataset(), VOID.subset, graph),
    ]


def candidate_sets(store: Store, mint: Minter | None = None) -> list[URIRef]:
    """The graphs the description graph marks as candidate sets."""
    names = Names(mint or Minter())
    return graphs_of_kind(store, WSIS.CandidateSet, names.description)


def queue(
    store: Store,
    suggestions: Sequence[Suggestion],
    *,
    from_kind: str,
    to_kind: str,
    run: str | None = None,
    mint: Minter | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    extra: Iterable[tuple] = (),
) -> Queued:
    """Write ``suggestions`` as the candidate set of a new run (see the module docstring).

    Raises:
        ReviewError: a bad run name, a run of that name exists (409), or the store is empty (409).
        StoreError: the store cannot be written.
    """
    t0 = time.perf_counter()
    clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    started = clock()
    names = Names(mint or Minter())
    run = check_run_name(run if run is not None else default_run_name(from_kind, to_kind, started))
    graph = names.candidates(run)
    if len(store) == 0:
        raise ReviewError("the store holds no data; build it first (wsis-graph build)", code="store_empty", status=409)
    if graph in set(store.graphs()):
        raise ReviewError(f"a run named {run!r} is queued already (graph <{graph}>); choose another --name",
                          code="run_exists", status=409)
    activity = names.run(run)
    data: dict[tuple, None] = {}
    pairs: set[str] = set()
    for s in suggestions:
        pid = pair_id(s.subject_iri, s.object_iri)
        if pid in pairs:
            continue
        pairs.add(pid)
        data.update(dict.fromkeys(candidate_triples(names, run, s)))
    ended = clock()
    methods = sorted({s.method for s in suggestions})
    data.update(dict.fromkeys([
        (activity, RDF.type, PROV.Activity),
        (activity, RDF.type, WSIS.MatchingRun),
        (activity, RDFS.label, Literal(f"Matching run {run}: {from_kind} → {to_kind}", lang="en")),
        (activity, PROV.startedAtTime, _moment(started)),
        (activity, PROV.endedAtTime, _moment(ended)),
        (activity, WSIS.subjectKind, Literal(from_kind)),
        (activity, WSIS.objectKind, Literal(to_kind)),
        *[(activity, WSIS.matchMethod, Literal(m)) for m in methods[:1]],
    ]))
    data.update(dict.fromkeys(extra))
    description = [(s, p, o) for s, p, o, _ in store.quads(names.description)]
    description += _set_description(names, run, graph, len(pairs), len(data), from_kind, to_kind, ended)
    description += review_graph_descriptions(names)
    store.replace_graphs({graph: list(data), names.description: list(dict.fromkeys(description))})
    return Queued(run, graph, len(pairs), len(data), time.perf_counter() - t0)


__all__ = ["Queued", "candidate_sets", "candidate_triples", "queue", "review_graph_descriptions"]
