"""A resource's description: what the store says about one IRI, and the qualified links around it.

:func:`describe` gathers the statements with the resource as subject or object (with the named
graphs they are in), the qualified links (``wsis:Alignment``, ``wsis:Facilitation``) that involve
it, and the names of everything one or two steps away. :func:`description_dataset` and
:func:`description_graph` give the same as RDF for content negotiation.

Everything here reads the store through :meth:`Store.query` with the resource passed as a
binding, never pasted into the query text. Every variable that is bound is also projected,
because the Oxigraph backend can only substitute projected variables. The results are plain data
(no HTML, no URLs): :mod:`wsis_graph.web.pages.resource` turns them into pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from wsis_graph.namespaces import WSIS, WSIS_NS, bind_prefixes, sparql_prologue
from wsis_graph.store import Store
from wsis_graph.web.pages.labels import NAME_PROPERTIES, Labels, natural_key, pick_text, vocab_label, vocabulary

DEFINITION_PROPERTIES = (SKOS.definition, DCTERMS.description, RDFS.comment)
#: Properties whose IRI values are web pages to open, not things of the graph.
SOURCE_PROPERTIES = frozenset(
    [WSIS.sourceDocument, WSIS.paragraphSource, WSIS.wikidata]
    + [DCTERMS.source, RDFS.seeAlso, DCTERMS.license, OWL.sameAs, SKOS.closeMatch, SKOS.exactMatch]
)
#: How a qualified node points at the things it links.
QUALIFYING = {
    WSIS.alignmentSubject: "out",
    WSIS.alignmentObject: "in",
    WSIS.actionLine: "out",
    WSIS.scopeDocument: "out",
    WSIS.facilitator: "in",
}
QUALIFIED_TYPES = frozenset({WSIS.Alignment, WSIS.Facilitation})

Q_EXISTS_OUT = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"
Q_EXISTS_IN = "SELECT ?x WHERE { ?s ?p ?x } LIMIT 1"

Q_OUT = "SELECT ?x ?p ?o ?g WHERE { GRAPH ?g { ?x ?p ?o } }"

Q_IN = "SELECT ?x ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?x } }"

Q_QUALIFIED = (
    sparql_prologue()
    + """SELECT DISTINCT ?x ?q ?qp ?qo ?g WHERE {
  ?q wsis:alignmentSubject|wsis:alignmentObject|wsis:actionLine|wsis:facilitator|wsis:scopeDocument ?x .
  GRAPH ?g { ?q ?qp ?qo }
}"""
)

#: Names and types of everything one or two steps away (through a qualified node) from ?x.
Q_NEIGHBOUR_NAMES = (
    sparql_prologue()
    + """SELECT DISTINCT ?x ?n ?np ?nv WHERE {
  {
    { ?x ?p ?n } UNION { ?n ?p ?x }
  } UNION {
    ?q wsis:alignmentSubject|wsis:alignmentObject|wsis:actionLine|wsis:facilitator|wsis:scopeDocument ?x .
    ?q ?qp ?n .
  }
  ?n ?np ?nv .
  FILTER(?np IN (skos:prefLabel, rdfs:label, skos:notation, rdf:type))
}"""
)

Q_GRAPH_TITLES = (
    sparql_prologue()
    + """SELECT ?graph ?title ?key WHERE {
  GRAPH ?d { ?graph a void:Dataset ; dct:title ?title . OPTIONAL { ?graph dct:identifier ?key } }
}"""
)


@dataclass
class Statement:
    """A direct statement about the resource: ``predicate`` to ``value`` (outgoing) or from it (incoming)."""

    predicate: URIRef
    value: Node
    graphs: list[URIRef]
    qualified_by: list[URIRef] = field(default_factory=list)


@dataclass
class Qualified:
    """A qualified link (wsis:Alignment or wsis:Facilitation) that involves the resource."""

    node: URIRef
    kind: str  # "alignment" or "facilitation"
    direction: str  # "out": the resource is the subject (or the Action Line); "in": the object (or facilitator)
    relation: URIRef | None
    other: Node | None
    graphs: list[URIRef]
    props: dict[URIRef, list[Node]]

    def value(self, *props: URIRef) -> Node | None:
        """The first value (in text order) of the first of ``props`` that the link has, or None."""
        for prop in props:
            found = self.props.get(prop)
            if found:
                return sorted(found, key=str)[0]
        return None

    @property
    def confidence(self) -> Node | None:
        """The link's confidence mark."""
        return self.value(WSIS.confidence)

    @property
    def method(self) -> Node | None:
        """How the link was made (official, expert, derived …)."""
        return self.value(WSIS.method)

    @property
    def sources(self) -> list[Node]:
        """The documents the link cites."""
        return sorted(set(self.props.get(WSIS.sourceDocument, [])) | set(self.props.get(DCTERMS.source, [])), key=str)

    @property
    def citations(self) -> list[Node]:
        """Bibliographic citations of the link's sources."""
        return sorted(self.props.get(DCTERMS.bibliographicCitation, []), key=str)


@dataclass
class Description:
    """What the store says about one resource, in and out, with the names of its neighbours."""

    iri: URIRef
    lang: str
    out: list[Statement]
    inc: list[Statement]
    qualified: list[Qualified]
    names: Labels
    graph_titles: dict[URIRef, str]
    quads: list[tuple[Node, Node, Node, URIRef]]
    #: incoming statements left out of ``inc`` because they are the qualified nodes' own pointers
    qualifying_incoming: int = 0

    @property
    def types(self) -> list[URIRef]:
        """The resource's classes."""
        return sorted({s.value for s in self.out if s.predicate == RDF.type and isinstance(s.value, URIRef)})

    @property
    def notations(self) -> list[str]:
        """The resource's codes."""
        return sorted({str(s.value) for s in self.out if s.predicate == SKOS.notation})

    def texts(self, prop: URIRef) -> list[Literal]:
        """The literal values of ``prop``, in every language."""
        return [s.value for s in self.out if s.predicate == prop and isinstance(s.value, Literal)]

    def definition(self) -> tuple[URIRef, Literal] | None:
        """The first of the definition properties the resource has, with its text in the language."""
        for prop in DEFINITION_PROPERTIES:
            chosen = pick_text(self.texts(prop), self.lang)
            if chosen is not None:
                return prop, chosen
        return None

    @property
    def name_statements(self) -> list[Statement]:
        """Labels, alternative labels and codes."""
        return [s for s in self.out if s.predicate in NAME_PROPERTIES and isinstance(s.value, Literal)]

    @property
    def literal_statements(self) -> list[Statement]:
        """The other statements whose value is a literal."""
        return [s for s in self.out if isinstance(s.value, Literal) and s.predicate not in NAME_PROPERTIES]

    @property
    def link_statements(self) -> list[Statement]:
        """The outgoing statements whose value is a thing (IRI or blank node)."""
        return [s for s in self.out if not isinstance(s.value, Literal)]

    @property
    def own_qualification(self) -> Qualified | None:
        """When the resource is itself a qualified link: its own reading, as for the things it links."""
        kinds = set(self.types)
        if not QUALIFIED_TYPES & kinds:
            return None
        props: dict[URIRef, list[Node]] = defaultdict(list)
        graphs: set[URIRef] = set()
        for s in self.out:
            props[s.predicate].append(s.value)
            graphs.update(s.graphs)
        return _qualified(self.iri, props, sorted(graphs), None)


def exists(store: Store, iri: URIRef) -> bool:
    """Whether the store says anything with ``iri`` as subject or object."""
    return bool(store.query(Q_EXISTS_OUT, {"x": iri}).rows or store.query(Q_EXISTS_IN, {"x": iri}).rows)


def graph_titles(store: Store) -> dict[URIRef, str]:
    """The title of each named graph, as the description graph gives it."""
    titles: dict[URIRef, str] = {}
    for graph, title, key in store.query(Q_GRAPH_TITLES).rows:
        if isinstance(graph, URIRef) and title is not None and graph not in titles:
            titles[graph] = str(title)
    return titles


def _group(rows: Iterable[tuple[Node, Node, Node]]) -> list[Statement]:
    grouped: dict[tuple[Node, Node], set[URIRef]] = defaultdict(set)
    for pred, value, graph in rows:
        grouped[(pred, value)].add(graph)
    return [Statement(p, v, sorted(gs)) for (p, v), gs in grouped.items()]


def _qualified(node: URIRef, props: dict[URIRef, list[Node]], graphs: list[URIRef], about: URIRef | None) -> Qualified:
    types = set(props.get(RDF.type, []))
    if WSIS.Facilitation in types:
        line = (props.get(WSIS.actionLine) or props.get(WSIS.scopeDocument) or [None])[0]
        entity = (props.get(WSIS.facilitator) or [None])[0]
        role = (props.get(ORG.role) or [None])[0]
        if about is not None and about == entity:
            direction, other = "in", line
        else:
            direction, other = "out", entity
        return Qualified(node, "facilitation", direction, role, other, graphs, dict(props))
    subject = (props.get(WSIS.alignmentSubject) or [None])[0]
    obj = (props.get(WSIS.alignmentObject) or [None])[0]
    relation = (props.get(WSIS.relation) or [None])[0]
    if about is not None and about == obj and about != subject:
        direction, other = "in", subject
    else:
        direction, other = "out", obj
    return Qualified(node, "alignment", direction, relation, other, graphs, dict(props))


def _sort_key(value: Node, names: Labels, lang: str) -> tuple:
    label = names.pick(value, lang) if not isinstance(value, Literal) else value
    return natural_key(str(names.notation(value) or label or value))


def describe(store: Store, iri: URIRef, lang: str = "en") -> Description:
    """Everything the store says about ``iri``, and the qualified links that involve it."""
    binding = {"x": iri}
    out_rows = [(p, o, g) for _, p, o, g in store.query(Q_OUT, binding).rows]
    in_rows = [(p, s, g) for _, s, p, g in store.query(Q_IN, binding).rows]

    qual_props: dict[URIRef, dict[URIRef, list[Node]]] = defaultdict(lambda: defaultdict(list))
    qual_graphs: dict[URIRef, set[URIRef]] = defaultdict(set)
    quads: list[tuple[Node, Node, Node, URIRef]] = []
    for _, q, qp, qo, g in store.query(Q_QUALIFIED, binding).rows:
        if qo not in qual_props[q][qp]:
            qual_props[q][qp].append(qo)
        qual_graphs[q].add(g)
        quads.append((q, qp, qo, g))
    qualified = [
        _qualified(q, props, sorted(qual_graphs[q]), iri)
        for q, props in qual_props.items()
        if q != iri and QUALIFIED_TYPES & set(props.get(RDF.type, []))
    ]
    kept = {q.node for q in qualified}
    quads = [quad for quad in quads if quad[0] in kept]

    names = Labels()
    for _, n, np_, nv in store.query(Q_NEIGHBOUR_NAMES, binding).rows:
        names.add(n, np_, nv)
    for p, o, _ in out_rows:
        if p in NAME_PROPERTIES or p == RDF.type:
            names.add(iri, p, o)

    out = _group(out_rows)
    qualifying = {q.node for q in qualified}
    incoming = [(p, s, g) for p, s, g in in_rows if not (s in qualifying and p in QUALIFYING)]
    inc = _group(incoming)

    # Mark the direct statements that a qualified link qualifies.
    for q in qualified:
        for statement, direction in [(s, "out") for s in out] + [(s, "in") for s in inc]:
            if statement.value != q.other or direction != q.direction:
                continue
            if q.kind == "alignment" and statement.predicate == q.relation:
                statement.qualified_by.append(q.node)
            elif q.kind == "facilitation" and statement.predicate in role_properties(q.relation):
                statement.qualified_by.append(q.node)

    def order(statement: Statement) -> tuple:
        return (vocab_label(statement.predicate).lower(), _sort_key(statement.value, names, lang))

    out.sort(key=order)
    inc.sort(key=order)
    qualified.sort(
        key=lambda q: (
            q.kind != "facilitation",
            vocab_label(q.relation).lower() if q.relation else "",
            _sort_key(q.other, names, lang) if q.other is not None else (),
            str(q.node),
        )
    )
    quads = [(iri, p, o, g) for p, o, g in out_rows] + [(s, p, iri, g) for p, s, g in in_rows] + quads
    return Description(
        iri=iri,
        lang=lang,
        out=out,
        inc=inc,
        qualified=qualified,
        names=names,
        graph_titles=graph_titles(store),
        quads=quads,
        qualifying_incoming=len(in_rows) - len(incoming),
    )


@lru_cache(maxsize=64)
def role_properties(role: Node | None) -> frozenset[URIRef]:
    """The direct properties that a facilitation in ``role`` qualifies: the property named after the
    role (wsis:LeadFacilitator → wsis:leadFacilitator, when the ontology has it) and the properties
    it specialises (wsis:facilitatedBy)."""
    g = vocabulary()
    found: set[URIRef] = set()
    if isinstance(role, URIRef) and str(role).startswith(WSIS_NS):
        name = str(role)[len(WSIS_NS):]
        try:
            prop = WSIS[name[:1].lower() + name[1:]]
        except KeyError:  # the ontology has no property named after this role
            prop = None
        if prop is not None and (prop, RDF.type, None) in g:
            found.add(prop)
            found.update(o for o in g.transitive_objects(prop, RDFS.subPropertyOf) if isinstance(o, URIRef))
    if not found:
        found.add(WSIS.facilitatedBy)
    return frozenset(found)


def description_dataset(description: Description, base: str | None = None) -> Dataset:
    """The description as RDF: the resource's statements in and out, and its qualified links, each
    quad in the named graph it comes from."""
    ds = Dataset()
    bind_prefixes(ds, base)
    for s, p, o, g in description.quads:
        ds.graph(g).add((s, p, o))
    return ds


def description_graph(description: Description, base: str | None = None) -> Graph:
    """The description as triples (graph names dropped), for formats without named graphs."""
    g = Graph()
    bind_prefixes(g, base)
    for s, p, o, _ in description.quads:
        g.add((s, p, o))
    return g


__all__ = [
    "Description",
    "Qualified",
    "Statement",
    "describe",
    "description_dataset",
    "description_graph",
    "exists",
    "graph_titles",
]
