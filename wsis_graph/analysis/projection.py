"""The store projected into a typed NetworkX graph, and exports of it for other tools.

:func:`project` reads the store with a handful of SPARQL queries (not one per node) and returns a
:class:`networkx.MultiDiGraph`:

- **nodes**: every IRI typed with one of the project's domain classes (Action Lines, SDG goals,
  targets and indicators, GDC objectives, commitments, principles, sections and paragraphs,
  entities, processes, documents, instruments, provisions, submissions, recommendations, emerging
  trends, and with records practice records, stakeholder types and countries). The node id is the
  IRI; attributes ``iri``, ``type`` (the local name of its class; where a thing has several, the
  first in :data:`TYPE_PRIORITY`, so a commitment is a ``GDCCommitment`` rather than a
  ``GDCParagraph`` and UNGIS an ``Entity`` rather than a ``Process``), ``types`` (all of them),
  ``code`` (``skos:notation``), ``label`` (English ``skos:prefLabel``, else ``rdfs:label``, else
  ``dct:title``), ``graph`` (the named graph where it is typed) and ``confidence`` (the node's own
  mark, e.g. a GDC paragraph whose adopted number is not established).
  The qualified-link nodes (``wsis:Alignment``, ``wsis:Facilitation``) and the technical n-ary nodes
  (indicator listings, tier classifications, activities, dataset descriptions) are not nodes: the
  first become edge attributes, the others are left out.
- **edges**: one per direct triple between two nodes (``C5 wsis:contributesTo 16.2``,
  ``C1 wsis:leadFacilitator UNDESA``, ``GDC-29(b) wsis:linkedTo IGF``, ``9.c skos:broader 9`` …),
  except ``rdf:type`` and the concept-scheme bookkeeping (``skos:inScheme``, ``skos:topConceptOf``,
  ``skos:hasTopConcept``). Where a direct triple is qualified, the edge carries the qualified node's
  ``relation``, ``method``, ``confidence`` (skos:notation of the mark), ``strength``, ``source``
  (first source document, sorted; all of them in ``sources``), ``locator``, ``date`` and
  ``alignment`` (the qualified node's IRI). A ``wsis:Alignment`` qualifies the triple
  ``subject relation object``; a ``wsis:Facilitation`` qualifies both its role triple
  (``leadFacilitator``, ``coFacilitator``, ``partner``, ``formerFacilitator``,
  ``overallLeadFacilitator``) and ``facilitatedBy``. A triple with several qualified nodes in its
  graph (several sources or roles) gives one edge per qualified node. Edge keys are the relation's
  local name; the second and later edges of the same relation between the same nodes get
  ``relation#2``, ``relation#3`` … (analyses should read the ``relation`` attribute).
- ``G.graph`` = ``{"graphs": [...], "confidence": [...] or None, "proposals": bool, "records": bool,
  "record_graphs": [...]}`` (the practice-record graphs among ``graphs``).

Filters (:class:`~wsis_graph.analysis.options.ProjectionOptions`): the named graphs (default: every
graph but the description graph, the proposal sets, the practice-record sets, the imported
texts, ``wsis:ImportedText``, and the review queue and log, ``wsis:CandidateSet`` and
``wsis:ReviewLog``, which are never links; the reviewed mappings are read), the confidence
marks of qualified links (a qualified link whose mark is not admitted is dropped, and so is one with
no mark; structural edges such as ``skos:broader`` or ``wsis:objective``, which the sources state
without a mark, are always kept), proposal sets (graphs typed ``wsis:ProposalSet`` in the
description graph) and practice records (``wsis:PracticeRecordSet``).

:func:`resolve` turns what a user types (``C5``, ``GDC-29(b)``, ``ITU``, a label, an IRI) into a
node id. :func:`write_graphml`, :func:`write_gexf` and :func:`write_node_link_json` export the
graph for Gephi, yEd, Cytoscape or a script.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from wsis_graph import paths
from wsis_graph.analysis.gc_pause import gc_paused
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.analysis.reviewed import read_review
from wsis_graph.codes import AmbiguousCode, Entry, UnknownCode, pick
from wsis_graph.graph_kinds import VOCABULARY_KIND, graphs_of_kind
from wsis_graph.namespaces import WSIS, WSIS_NS, sparql_prologue
from wsis_graph.records import record_graphs
from wsis_graph.store import Store
from wsis_graph.uris import Minter

#: Node classes in order of preference when a thing has several (the first one found is ``type``).
TYPE_PRIORITY = (
    "ActionLine",
    "GDCCommitment",
    "GDCObjective",
    "GDCPrinciple",
    "GDCSection",
    "GDCParagraph",
    "SDGGoal",
    "SDGTarget",
    "SDGIndicator",
    "Entity",
    "Process",
    "Instrument",
    "Provision",
    "Submission",
    "Recommendation",
    "EmergingTrend",
    "PracticeRecord",
    "StakeholderType",
    "Document",
    "Location",
)

#: Classes of the ontology that are not nodes: qualified links become edge attributes, the rest are
#: bookkeeping.
NOT_NODES = frozenset(
    {
        "Alignment",
        "Facilitation",
        "FacilitationRole",
        "IndicatorListing",
        "TierClassification",
        "ConfidenceMark",
        "AlignmentMethod",
        "ProposalSet",
        "ProposalActivity",
        "PracticeRecordSet",
        "CandidateSet",
        "Candidate",
        "MatchingRun",
        "ReviewLog",
        "ReviewedMappingSet",
        "ReviewedPair",
        "ReviewDecision",
        "ReviewUndo",
        "ReviewVerdict",
    }
)

#: Classes outside the wsis: namespace that are nodes, by IRI, with the type name they get.
OTHER_NODE_CLASSES = {str(DCTERMS.Location): "Location"}

#: Predicates that are never edges.
NOT_EDGES = frozenset({str(RDF.type), str(SKOS.inScheme), str(SKOS.topConceptOf), str(SKOS.hasTopConcept)})

#: Facilitation roles (``org:role``) and the direct property each one qualifies.
ROLE_PROPERTY = {
    "LeadFacilitator": "leadFacilitator",
    "CoFacilitator": "coFacilitator",
    "Partner": "partner",
    "FormerFacilitator": "formerFacilitator",
    "OverallLeadFacilitator": "overallLeadFacilitator",
}

_PROLOGUE = sparql_prologue()

_Q_TYPES = _PROLOGUE + """SELECT ?g ?s ?t WHERE { GRAPH ?g { ?s a ?t } FILTER(isIRI(?s)) }"""

_Q_NAMES = _PROLOGUE + """SELECT ?s ?p ?v (lang(?v) AS ?lang) WHERE {
  GRAPH ?g { ?s ?p ?v }
  VALUES ?p { skos:notation skos:prefLabel rdfs:label dct:title wsis:confidence }
  FILTER(isIRI(?s) && (?p = wsis:confidence || lang(?v) = "" || langMatches(lang(?v), "en")))
}"""

_Q_TRIPLES = _PROLOGUE + """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o
  FILTER(isIRI(?o) && isIRI(?s) && ?p NOT IN (rdf:type, skos:inScheme, skos:topConceptOf, skos:hasTopConcept,
         wsis:sourceDocument, wsis:confidence, wsis:method, wsis:relation, wsis:alignmentSubject,
         wsis:alignmentObject, wsis:facilitator, org:role, wsis:scopeDocument))
}"""

_Q_ALIGNMENTS = _PROLOGUE + """SELECT ?g ?a ?s ?rel ?o ?method ?confidence ?strength ?locator ?date ?dateWorded WHERE {
  GRAPH ?g {
    ?a a wsis:Alignment ; wsis:alignmentSubject ?s ; wsis:alignmentObject ?o ; wsis:relation ?rel .
    OPTIONAL { ?a wsis:method ?method }
    OPTIONAL { ?a wsis:confidence ?confidence }
    OPTIONAL { ?a wsis:strength ?strength }
    OPTIONAL { ?a wsis:locator ?locator }
    OPTIONAL { ?a dct:date ?date }
    OPTIONAL { ?a wsis:dateAsWorded ?dateWorded }
  }
}"""

_Q_FACILITATIONS = _PROLOGUE + """SELECT ?g ?f ?s ?role ?o ?confidence ?locator ?date ?dateWorded ?start ?end WHERE {
  GRAPH ?g {
    ?f a wsis:Facilitation ; wsis:facilitator ?o ; org:role ?role .
    { ?f wsis:actionLine ?s } UNION { ?f wsis:scopeDocument ?s }
    OPTIONAL { ?f wsis:confidence ?confidence }
    OPTIONAL { ?f wsis:locator ?locator }
    OPTIONAL { ?f dct:date ?date }
    OPTIONAL { ?f wsis:dateAsWorded ?dateWorded }
    OPTIONAL { ?f wsis:periodStart ?start }
    OPTIONAL { ?f wsis:periodEnd ?end }
  }
}"""

_Q_ISSUED = _PROLOGUE + """SELECT ?graph ?issued ?description WHERE { GRAPH ?description { ?graph dct:issued ?issued } }"""

_Q_SOURCES = _PROLOGUE + """SELECT ?g ?a ?src WHERE {
  GRAPH ?g { ?a wsis:sourceDocument ?src . { ?a a wsis:Alignment } UNION { ?a a wsis:Facilitation } }
}"""


class ResolveError(ValueError):
    """A value a user typed names no node of the projection, or names several."""


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/wsis-graph/ontology#contributesTo")
    'contributesTo'
    """
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


_Q_NOTATIONS = _PROLOGUE + """SELECT ?s ?n WHERE {
  GRAPH ?d { ?g dct:type wsis:VocabularyGraph }
  GRAPH ?g { ?s skos:notation ?n }
}"""


#: Where :func:`store_notations` found the notations, as ``G.graph["notations_from"]`` records it.
FROM_STORE = "store"
FROM_FILE = "ontology file (the store holds no ontology graph)"


def store_notations(store: Store) -> tuple[dict[str, str], str]:
    """skos:notation of the ontology's terms (confidence marks, methods, roles …) and where they were read.

    They are read from the ontology graph that every build loads into the store, so that the notations
    the analyses print are those a SPARQL query over the same store finds. A store that holds no
    ontology graph (one assembled by hand from a few graphs, or a remote store loaded from an old dump)
    gets those of the packaged ontology file instead, and the answer says so (:data:`FROM_FILE`).
    """
    found = {str(s): str(n) for s, n in store.query(_Q_NOTATIONS).rows if str(s).startswith(WSIS_NS)}
    if found:
        return found, FROM_STORE
    return dict(_file_notations()), FROM_FILE


@lru_cache(maxsize=1)
def _file_notations() -> tuple[tuple[str, str], ...]:
    graph = Graph().parse(paths.ontology_file(), format="turtle")
    return tuple((str(s), str(o)) for s, o in graph.subject_objects(SKOS.notation) if str(s).startswith(WSIS_NS))


def notation(iri: Any, known: dict[str, str] | None = None) -> str | None:
    """The notation of a confidence mark or method IRI in ``known`` (see :func:`store_notations`), or else
    the IRI's local name in lower case with hyphens (``wsis:SingleSource`` → ``single-source``).

    >>> notation(URIRef(WSIS_NS + "SingleSource"))
    'single-source'
    >>> notation(URIRef(WSIS_NS + "PublishedMapping"), {WSIS_NS + "PublishedMapping": "expert"})
    'expert'
    """
    if iri is None:
        return None
    found = (known or {}).get(str(iri))
    if found:
        return found
    return re.sub(r"(?<!^)(?=[A-Z])", "-", local_name(iri)).lower()


def _graph_selection(
    store: Store, options: ProjectionOptions, mint: Minter
) -> tuple[list[URIRef], list[URIRef], list[URIRef], list[URIRef], URIRef, dict[str, int]]:
    """The graphs to project, the graphs to read node names and types from, the record graphs and the
    proposal sets among the first, the description graph, and how many proposal sets, practice-record
    sets and candidate sets the store holds that are not projected (``G.graph["left_out"]``)."""
    present = set(store.graphs())
    description = mint.graph("description")
    if description not in present:  # a store built with another base: find its description graph
        found = sorted(g for g in present if str(g).endswith("/graph/description"))
        if len(found) == 1:
            description = found[0]
            mint = Minter(str(description)[: -len("graph/description")])
    proposals = set(graphs_of_kind(store, WSIS.ProposalSet, description))
    records = set(record_graphs(store, mint=mint))
    texts = set(graphs_of_kind(store, WSIS.ImportedText, description))
    # The review queue (candidate sets) and the review log state no links; the reviewed mappings
    # (wsis:ReviewedMappingSet) are read like a curated graph.
    review = set(graphs_of_kind(store, WSIS.CandidateSet, description)) | set(graphs_of_kind(store, WSIS.ReviewLog, description))
    # The ontology and the shapes (loaded at every build) are vocabulary, not links to project.
    vocabulary = set(graphs_of_kind(store, VOCABULARY_KIND, description))
    curated = present - proposals - records - texts - review - vocabulary - {description}
    if options.graphs is None:
        chosen = set(curated)
    else:
        chosen = {URIRef(str(g)) for g in options.graphs} & present
    if options.proposals:
        chosen |= proposals
    if options.records:
        chosen |= records
    names = curated | chosen
    candidates = set(graphs_of_kind(store, WSIS.CandidateSet, description))
    left_out = {"proposal sets": len(proposals - chosen), "record sets": len(records - chosen),
                "candidate sets": len(candidates)}
    return sorted(chosen), sorted(names), sorted(chosen & records), sorted(chosen & proposals), description, left_out


def _str(node: Any) -> str | None:
    return None if node is None else str(node)


def _year(node: Any) -> int | None:
    """The year of an ``xsd:gYear`` (or a date) literal, or None."""
    text = _str(node)
    return int(text[:4]) if text and text[:4].isdigit() else None


def project(store: Store, options: ProjectionOptions = ProjectionOptions(), *, mint: Minter | None = None) -> nx.MultiDiGraph:
    """Project the store into a typed NetworkX multigraph (see the module docstring).

    Args:
        store: the store to read.
        options: which graphs, confidence marks, proposal sets and record sets to take.
        mint: the minter whose base names the description graph (default: the configured base; a
            store built with another base is recognised by its one ``…/graph/description`` graph).

    Returns:
        The graph, with the filters applied recorded in ``G.graph``.
    """
    with gc_paused():
        return _project(store, options, mint or Minter())


def _project(store: Store, options: ProjectionOptions, mint: Minter) -> nx.MultiDiGraph:
    graphs, name_graphs, record_sets, proposal_sets, description, left_out = _graph_selection(store, options, mint)
    G = nx.MultiDiGraph()
    G.graph.update(
        {
            "graphs": [str(g) for g in graphs],
            "confidence": sorted(options.confidence) if options.confidence is not None else None,
            "proposals": bool(options.proposals),
            "records": bool(options.records),
            "record_graphs": [str(g) for g in record_sets],
            "proposal_graphs": [str(g) for g in proposal_sets],
            "left_out": left_out,
        }
    )
    if not graphs:
        return G
    chosen = {str(g) for g in graphs}
    G.graph["issued"] = {str(g): str(d) for g, d, _ in store.query(_Q_ISSUED, {"description": description}).rows if str(g) in chosen}
    G.graph["review"] = read_review(store, description)
    notations, G.graph["notations_from"] = store_notations(store)

    # Nodes: typed things, with their type and the graph where they are typed.
    types: dict[str, dict[str, str]] = defaultdict(dict)  # iri -> {type name: graph}
    for g, s, t in store.select_values(_Q_TYPES, named_graphs=name_graphs):
        if t.startswith(WSIS_NS):
            name = t[len(WSIS_NS):]
            if name in NOT_NODES:
                continue
        elif t in OTHER_NODE_CLASSES:
            name = OTHER_NODE_CLASSES[t]
        else:
            continue
        known = types[s]
        # prefer the graph among those projected, then the first by name
        if name not in known or (known[name] not in chosen and str(g) in chosen) or (
            (known[name] in chosen) == (str(g) in chosen) and str(g) < known[name]
        ):
            known[name] = str(g)
    codes: dict[str, str] = {}
    labels: dict[str, tuple[int, str]] = {}
    marks: dict[str, str] = {}
    label_rank = {str(SKOS.prefLabel): 0, str(RDFS.label): 2, str(DCTERMS.title): 4}
    for s, p, v, lang in store.select_values(_Q_NAMES, named_graphs=name_graphs):
        if s not in types:
            continue
        if p == str(SKOS.notation):
            if s not in codes or str(v) < codes[s]:
                codes[s] = str(v)
        elif p == WSIS_NS + "confidence":
            marks[s] = notation(v, notations) or ""
        else:
            rank = label_rank[p] + (0 if lang else 1)
            if s not in labels or (rank, str(v)) < labels[s]:
                labels[s] = (rank, str(v))
    order = {name: i for i, name in enumerate(TYPE_PRIORITY)}
    for iri, found in types.items():
        ranked = sorted(found, key=lambda n: (order.get(n, len(order)), n))
        G.add_node(
            iri,
            iri=iri,
            type=ranked[0],
            types=tuple(ranked),
            code=codes.get(iri),
            label=labels[iri][1] if iri in labels else None,
            graph=found[ranked[0]],
            confidence=marks.get(iri) or None,
        )

    # Qualified links, by the direct triple they qualify and the graph they are in.
    sources: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g, a, src in store.select_values(_Q_SOURCES, named_graphs=graphs):
        sources[(g, a)].append(src)
    qualified: dict[tuple[str, str, str, str], dict[str, dict]] = defaultdict(dict)

    def qualify(g, node, s, relation, o, *, method, confidence, strength, locator, date, period=(None, None)) -> None:
        key = (str(g), str(s), relation, str(o))
        if str(node) in qualified[key]:
            return
        found = sorted(set(sources.get((str(g), str(node)), ())))
        qualified[key][str(node)] = {
            "relation": relation,
            "strength": float(strength) if strength is not None else None,
            "method": notation(method, notations),
            "confidence": notation(confidence, notations),
            "source": found[0] if found else None,
            "sources": tuple(found),
            "locator": _str(locator),
            "graph": str(g),
            "alignment": str(node),
            "date": date,
            **({"period_start": _year(period[0]), "period_end": _year(period[1])} if relation in ROLE_PROPERTY.values() else {}),
        }

    for g, a, s, rel, o, method, confidence, strength, locator, date, worded in store.query(
        _Q_ALIGNMENTS, named_graphs=graphs
    ).rows:
        qualify(g, a, s, local_name(rel), o, method=method, confidence=confidence, strength=strength,
                locator=locator, date=_str(date) or _str(worded))
    for g, f, s, role, o, confidence, locator, date, worded, begun, ended in store.query(_Q_FACILITATIONS, named_graphs=graphs).rows:
        common = dict(method=None, confidence=confidence, strength=None, locator=locator, date=_str(date) or _str(worded),
                      period=(begun, ended))
        role_property = ROLE_PROPERTY.get(local_name(role))
        if role_property:
            qualify(g, f, s, role_property, o, **common)
        qualify(g, f, s, "facilitatedBy", o, **common)

    # Edges: direct triples between nodes, one per qualified node where there are some.
    admitted = options.confidence
    relations: dict[str, str] = {}  # predicate IRI -> local name, worked out once per predicate
    not_edges = NOT_EDGES
    for graph in graphs:  # one graph at a time, so that rows need not carry the graph
        g = str(graph)
        for s, p, o in store.select_values(_Q_TRIPLES, default_graphs=[graph]):
            if s not in G or o not in G or p in not_edges:
                continue
            relation = relations.get(p)
            if relation is None:
                relation = relations[p] = local_name(p)
            _add_edges(G, g, s, relation, o, qualified.get((g, s, relation, o)), admitted)
    return G


def _add_edges(G: nx.MultiDiGraph, g: str, s: str, relation: str, o: str, found: dict | None, admitted) -> None:
    """The edges of one direct triple: one per qualified node, or one plain edge when it has none."""
    if not found:
        attributes = [
            {"relation": relation, "strength": None, "method": None, "confidence": None, "source": None,
             "sources": (), "locator": None, "graph": g, "alignment": None, "date": None}
        ]
    else:
        attributes = [found[k] for k in sorted(found)]
        if admitted is not None:
            attributes = [a for a in attributes if a["confidence"] in admitted]
    for attrs in attributes:
        key, n = relation, 1
        while G.has_edge(s, o, key):
            n += 1
            key = f"{relation}#{n}"
        G.add_edge(s, o, key=key, **attrs)


# -- Resolving what a user types --------------------------------------------------------------------


def resolve(G: nx.MultiDiGraph, value: str, *, types: Iterable[str] | None = None) -> str:
    """The node id for a code, label or IRI a user typed.

    The rules are those of :func:`wsis_graph.codes.pick`, shared with the named-query parameters:
    the node id (IRI) itself; the code (``skos:notation``) or the IRI's last segment, compared
    loosely (``GDC-29(b)``, ``gdc-29-b``, ``29(b)`` with the ``GDC-`` prefix added; ``1`` or ``O1``
    for objective GDC-O1 where ``types`` admits objectives); then the English label,
    case-insensitive. ``types`` narrows the candidates to some node types.

    Raises:
        ResolveError: nothing matches (the message suggests the nearest codes), or several nodes
            do (the message lists them).
    """
    value = (value or "").strip()
    if not value:
        raise ResolveError("nothing to look up: give a code, a label or an IRI")
    wanted = set(types) if types is not None else None
    entries = [Entry(n, d.get("code"), d.get("type"), d.get("label")) for n, d in G.nodes(data=True)]
    try:
        return pick(entries, value, types=wanted, labels=True).iri
    except UnknownCode as exc:
        hint = "" if exc.suggestions else ": give a code (C5, GDC-29(b), GDC-O3, ITU, 9.c), an English label or an IRI"
        raise ResolveError(str(exc) + hint) from None
    except AmbiguousCode as exc:
        raise ResolveError(str(exc)) from None


# -- Exports ----------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value GraphML and GEXF accept: None dropped (by the caller), sequences joined with ' | '."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return " | ".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


#: Graph attributes that describe what the projection was read with rather than the graph itself: the
#: review queue's pairs, the graphs' issue dates and the count of sets left out stay out of the exports.
NOT_EXPORTED = frozenset({"review", "issued", "left_out"})


def _flat_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings or numbers, without None values."""
    H = nx.MultiDiGraph()
    for key, value in G.graph.items():
        if value is not None and key not in NOT_EXPORTED:
            H.graph[key] = _plain(value)
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _plain(v) for k, v in data.items() if v is not None and v != ()})
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **{k: _plain(x) for k, x in data.items() if x is not None and x != ()})
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GraphML (yEd, Cytoscape, Gephi); None attributes are dropped, lists joined with ' | '."""
    path = Path(path)
    nx.write_graphml(_flat_copy(G), path)
    return path


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GEXF (Gephi); node labels are the codes, or the labels where there is no code."""
    path = Path(path)
    H = _flat_copy(G)
    for node, data in H.nodes(data=True):
        data["label"] = str(G.nodes[node].get("code") or G.nodes[node].get("label") or node)
        if G.nodes[node].get("label"):
            data["name"] = G.nodes[node]["label"]
    nx.write_gexf(H, path)
    return path


def write_node_link_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write NetworkX node-link JSON (``nodes``, ``edges``), keeping None as null."""
    path = Path(path)
    data = nx.node_link_data(G, edges="edges")
    data["graph"] = {k: v for k, v in data["graph"].items() if k not in NOT_EXPORTED}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=list), encoding="utf-8")
    return path


__all__ = [
    "NOT_NODES",
    "ROLE_PROPERTY",
    "ResolveError",
    "TYPE_PRIORITY",
    "local_name",
    "notation",
    "store_notations",
    "project",
    "resolve",
    "write_gexf",
    "write_graphml",
    "write_node_link_json",
]
