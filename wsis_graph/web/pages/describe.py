"""The queries behind the Linked Data pages: a resource's description, the browse lists, label search.

Everything here reads the store through :meth:`Store.query` with the resource (or the search text)
passed as a binding, never pasted into the query text. Every variable that is bound is also
projected, because the Oxigraph backend can only substitute projected variables.

The results are plain data (no HTML, no URLs): :mod:`wsis_graph.web.pages.resource` turns them into pages
and :func:`description_dataset` into RDF for content negotiation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID
from rdflib.term import Node

from wsis_graph import paths
from wsis_graph.namespaces import WSIS_NS, bind_prefixes
from wsis_graph.store import Store

W = WSIS_NS

PROLOGUE = f"""PREFIX wsis: <{W}>
PREFIX skos: <{SKOS}>
PREFIX rdfs: <{RDFS}>
PREFIX rdf:  <{RDF}>
PREFIX dct:  <{DCTERMS}>
PREFIX org:  <{ORG}>
PREFIX void: <{VOID}>
"""

#: The six official languages of the UN, as the SDG labels tag them, with their own names.
LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "zh-Hans": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"})

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label)
NAME_PROPERTIES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.notation)
DEFINITION_PROPERTIES = (SKOS.definition, DCTERMS.description, RDFS.comment)

WSIS_ALIGNMENT = URIRef(W + "Alignment")
WSIS_FACILITATION = URIRef(W + "Facilitation")
CONFIDENCE_MARK = URIRef(W + "ConfidenceMark")
#: Properties whose values are confidence marks; pages show them as badges.
CONFIDENCE_PROPERTIES = frozenset(URIRef(W + n) for n in ("confidence", "paragraphConfidence", "wikidataConfidence"))
#: Properties whose IRI values are web pages to open, not things of the graph.
SOURCE_PROPERTIES = frozenset(
    [URIRef(W + n) for n in ("sourceDocument", "paragraphSource", "wikidata")]
    + [DCTERMS.source, RDFS.seeAlso, DCTERMS.license, OWL.sameAs, SKOS.closeMatch, SKOS.exactMatch]
)
#: How a qualified node points at the things it links.
QUALIFYING = {
    URIRef(W + "alignmentSubject"): "out",
    URIRef(W + "alignmentObject"): "in",
    URIRef(W + "actionLine"): "out",
    URIRef(W + "scopeDocument"): "out",
    URIRef(W + "facilitator"): "in",
}

# -- vocabulary labels ---------------------------------------------------------------------------------

#: Labels for the terms of vocabularies we reuse (the wsis terms come from the ontology file).
_BUILTIN_LABELS: dict[URIRef, str] = {
    RDF.type: "type",
    RDFS.label: "label",
    RDFS.comment: "comment",
    RDFS.seeAlso: "see also",
    RDFS.isDefinedBy: "is defined by",
    SKOS.prefLabel: "preferred label",
    SKOS.altLabel: "alternative label",
    SKOS.notation: "notation",
    SKOS.definition: "definition",
    SKOS.note: "note",
    SKOS.scopeNote: "scope note",
    SKOS.broader: "broader",
    SKOS.narrower: "narrower",
    SKOS.related: "related",
    SKOS.inScheme: "in scheme",
    SKOS.topConceptOf: "top concept of",
    SKOS.hasTopConcept: "has top concept",
    SKOS.member: "member",
    SKOS.closeMatch: "close match",
    SKOS.exactMatch: "exact match",
    SKOS.Concept: "Concept",
    SKOS.ConceptScheme: "Concept Scheme",
    SKOS.Collection: "Collection",
    DCTERMS.title: "title",
    DCTERMS.description: "description",
    DCTERMS.source: "source",
    DCTERMS.bibliographicCitation: "citation",
    DCTERMS.publisher: "publisher",
    DCTERMS.identifier: "identifier",
    DCTERMS.isPartOf: "is part of",
    DCTERMS.hasPart: "has part",
    DCTERMS.date: "date",
    DCTERMS.issued: "issued",
    DCTERMS.modified: "modified",
    DCTERMS.created: "created",
    DCTERMS.license: "licence",
    DCTERMS.rights: "rights",
    DCTERMS.conformsTo: "conforms to",
    DCTERMS.relation: "relation",
    DCTERMS.creator: "creator",
    ORG.role: "role",
    ORG.Organization: "Organization",
    PROV.wasAttributedTo: "attributed to",
    PROV.wasDerivedFrom: "derived from",
    PROV.Entity: "Entity (PROV)",
    VOID.subset: "subset",
    VOID.triples: "triples",
    VOID.vocabulary: "vocabulary",
    VOID.Dataset: "Dataset (VoID)",
    DCAT.Dataset: "Dataset (DCAT)",
    OWL.versionInfo: "version",
    OWL.sameAs: "same as",
    FOAF.Document: "Document (FOAF)",
}


@lru_cache(maxsize=1)
def vocabulary() -> Graph:
    """The project ontology, read once: labels and definitions of classes, properties and marks."""
    graph = Graph()
    graph.parse(paths.ontology_file(), format="turtle")
    return graph


def _english(values: Iterable[Node]) -> str | None:
    found = [v for v in values if isinstance(v, Literal)]
    for value in found:
        if value.language and value.language.lower().startswith("en"):
            return str(value)
    return str(found[0]) if found else None


def local_name(iri: str) -> str:
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return tail or iri


@lru_cache(maxsize=4096)
def vocab_label(iri: URIRef) -> str:
    """A short English name for a class, property or scheme concept of a vocabulary."""
    if iri in _BUILTIN_LABELS:
        return _BUILTIN_LABELS[iri]
    label = _english(vocabulary().objects(iri, RDFS.label))
    if label:
        return label
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local_name(str(iri)))
    return words.replace("-", " ").replace("_", " ")


@lru_cache(maxsize=4096)
def vocab_definition(iri: URIRef) -> str | None:
    return _english(vocabulary().objects(iri, SKOS.definition))


def is_vocabulary_term(iri: Node) -> bool:
    return isinstance(iri, URIRef) and (iri in _BUILTIN_LABELS or (iri, None, None) in vocabulary())


@lru_cache(maxsize=1)
def confidence_marks() -> list[tuple[URIRef, str, str, str]]:
    """Every confidence mark of the ontology, strongest first: (IRI, notation, label, definition)."""
    g = vocabulary()
    marks = []
    for mark in g.subjects(RDF.type, CONFIDENCE_MARK):
        rank = g.value(mark, URIRef(W + "rank"))
        notation = g.value(mark, SKOS.notation)
        marks.append((int(rank) if rank is not None else 99, mark, str(notation or local_name(mark))))
    return [(m, n, vocab_label(m), vocab_definition(m) or "") for _, m, n in sorted(marks)]


def confidence_slug(mark: Node) -> str | None:
    """The notation of a confidence mark (``verified``, ``single-source`` …), or None if it is not one."""
    for iri, notation, _, _ in confidence_marks():
        if iri == mark:
            return notation
    return None


# -- languages and labels -------------------------------------------------------------------------------


def primary(tag: str | None) -> str:
    return (tag or "").split("-")[0].lower()


def is_rtl(tag: str | None) -> bool:
    return primary(tag) in RTL_LANGUAGES


def normalise_language(tag: str | None) -> str | None:
    """One of the six UN language tags for a requested tag (``zh`` → ``zh-Hans``), or None."""
    if not tag:
        return None
    tag = tag.strip()
    for known in LANGUAGES:
        if known.lower() == tag.lower():
            return known
    for known in LANGUAGES:
        if primary(known) == primary(tag):
            return known
    return None


class Labels:
    """The names of many nodes, from which one is picked per language."""

    def __init__(self) -> None:
        self._names: dict[Node, list[tuple[URIRef, Literal]]] = defaultdict(list)
        self._types: dict[Node, set[URIRef]] = defaultdict(set)

    def add(self, node: Node, prop: Node, value: Node) -> None:
        if prop == RDF.type and isinstance(value, URIRef):
            self._types[node].add(value)
        elif isinstance(value, Literal) and (prop, value) not in self._names[node]:
            self._names[node].append((prop, value))

    def known(self, node: Node) -> bool:
        return bool(self._names.get(node) or self._types.get(node))

    def types(self, node: Node) -> list[URIRef]:
        return sorted(self._types.get(node, ()))

    def names(self, node: Node) -> list[tuple[URIRef, Literal]]:
        return list(self._names.get(node, ()))

    def notation(self, node: Node) -> str | None:
        for prop, value in self._names.get(node, ()):
            if prop == SKOS.notation:
                return str(value)
        return None

    def pick(self, node: Node, lang: str) -> Literal | None:
        """The best label of ``node`` for ``lang``: preferred then plain label, in the language, else in
        English, else untagged, else any; the notation when there is no label at all."""
        return pick_label(self._names.get(node, ()), lang)


def pick_label(names: Iterable[tuple[URIRef, Literal]], lang: str) -> Literal | None:
    names = list(names)
    labels = [(p, v) for p, v in names if p in LABEL_PROPERTIES]

    def first(match) -> Literal | None:
        for prop in LABEL_PROPERTIES:
            hits = sorted((str(v.language or ""), str(v)) for p, v in labels if p == prop and match(v.language))
            if hits:
                for p, v in labels:
                    if p == prop and (str(v.language or ""), str(v)) == hits[0]:
                        return v
        return None

    wanted = (lang or "en").lower()
    return (
        first(lambda tag: (tag or "").lower() == wanted)
        or first(lambda tag: tag is not None and primary(tag) == primary(wanted))
        or first(lambda tag: primary(tag) == "en")
        or first(lambda tag: not tag)
        or first(lambda tag: True)
        or next((v for p, v in names if p == SKOS.notation), None)
    )


def pick_text(values: Iterable[Literal], lang: str) -> Literal | None:
    """The value of a text property in the language, else English, else untagged, else any."""
    return pick_label(((RDFS.label, v) for v in values if isinstance(v, Literal)), lang)


# -- a resource's description --------------------------------------------------------------------------

Q_EXISTS_OUT = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"
Q_EXISTS_IN = "SELECT ?x WHERE { ?s ?p ?x } LIMIT 1"

Q_OUT = "SELECT ?x ?p ?o ?g WHERE { GRAPH ?g { ?x ?p ?o } }"

Q_IN = "SELECT ?x ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?x } }"

Q_QUALIFIED = (
    PROLOGUE
    + """SELECT DISTINCT ?x ?q ?qp ?qo ?g WHERE {
  ?q wsis:alignmentSubject|wsis:alignmentObject|wsis:actionLine|wsis:facilitator|wsis:scopeDocument ?x .
  GRAPH ?g { ?q ?qp ?qo }
}"""
)

#: Names and types of everything one or two steps away (through a qualified node) from ?x.
Q_NEIGHBOUR_NAMES = (
    PROLOGUE
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
    PROLOGUE
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

    def values(self, name: str) -> list[Node]:
        return sorted(self.props.get(URIRef(W + name), []), key=str)

    def value(self, *names: URIRef | str) -> Node | None:
        for name in names:
            key = name if isinstance(name, URIRef) else URIRef(W + name)
            found = self.props.get(key)
            if found:
                return sorted(found, key=str)[0]
        return None

    @property
    def confidence(self) -> Node | None:
        return self.value("confidence")

    @property
    def method(self) -> Node | None:
        return self.value("method")

    @property
    def sources(self) -> list[Node]:
        return sorted(set(self.props.get(URIRef(W + "sourceDocument"), [])) | set(self.props.get(DCTERMS.source, [])), key=str)

    @property
    def citations(self) -> list[Node]:
        return sorted(self.props.get(DCTERMS.bibliographicCitation, []), key=str)


@dataclass
class Description:
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
        return sorted({s.value for s in self.out if s.predicate == RDF.type and isinstance(s.value, URIRef)})

    @property
    def label(self) -> Literal | None:
        return self.names.pick(self.iri, self.lang)

    @property
    def notations(self) -> list[str]:
        return sorted({str(s.value) for s in self.out if s.predicate == SKOS.notation})

    def texts(self, prop: URIRef) -> list[Literal]:
        return [s.value for s in self.out if s.predicate == prop and isinstance(s.value, Literal)]

    def definition(self) -> tuple[URIRef, Literal] | None:
        for prop in DEFINITION_PROPERTIES:
            chosen = pick_text(self.texts(prop), self.lang)
            if chosen is not None:
                return prop, chosen
        return None

    @property
    def name_statements(self) -> list[Statement]:
        return [s for s in self.out if s.predicate in NAME_PROPERTIES and isinstance(s.value, Literal)]

    @property
    def literal_statements(self) -> list[Statement]:
        return [s for s in self.out if isinstance(s.value, Literal) and s.predicate not in NAME_PROPERTIES]

    @property
    def link_statements(self) -> list[Statement]:
        return [s for s in self.out if not isinstance(s.value, Literal)]

    @property
    def own_qualification(self) -> Qualified | None:
        """When the resource is itself a qualified link: its own reading, as for the things it links."""
        kinds = set(self.types)
        if WSIS_ALIGNMENT not in kinds and WSIS_FACILITATION not in kinds:
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
    if WSIS_FACILITATION in types:
        line = (props.get(URIRef(W + "actionLine")) or props.get(URIRef(W + "scopeDocument")) or [None])[0]
        entity = (props.get(URIRef(W + "facilitator")) or [None])[0]
        role = (props.get(ORG.role) or [None])[0]
        if about is not None and about == entity:
            direction, other = "in", line
        else:
            direction, other = "out", entity
        return Qualified(node, "facilitation", direction, role, other, graphs, dict(props))
    subject = (props.get(URIRef(W + "alignmentSubject")) or [None])[0]
    obj = (props.get(URIRef(W + "alignmentObject")) or [None])[0]
    relation = (props.get(URIRef(W + "relation")) or [None])[0]
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
        if q != iri and {WSIS_ALIGNMENT, WSIS_FACILITATION} & set(props.get(RDF.type, []))
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
    if isinstance(role, URIRef) and str(role).startswith(W):
        name = str(role)[len(W):]
        prop = URIRef(W + name[:1].lower() + name[1:])
        if (prop, RDF.type, None) in g:
            found.add(prop)
            found.update(o for o in g.transitive_objects(prop, RDFS.subPropertyOf) if isinstance(o, URIRef))
    if not found:
        found.add(URIRef(W + "facilitatedBy"))
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


# -- browse lists ------------------------------------------------------------------------------------


def natural_key(text: str) -> tuple:
    """Sort ``C2`` before ``C10`` and ``9.2`` before ``9.10``; letters after numbers (``9.a``)."""
    parts = re.split(r"(\d+)", text)
    key: list[tuple[int, int | str]] = []
    for part in parts:
        if not part:
            continue
        key.append((0, int(part)) if part.isdigit() else (1, part.lower()))
    return tuple(key)


Q_NAMES_OF_CLASS = (
    PROLOGUE
    + """SELECT ?class ?n ?np ?nv WHERE {
  ?n a ?class ; ?np ?nv .
  FILTER(?np IN (skos:prefLabel, rdfs:label, skos:notation))
}"""
)


def names_of_class(store: Store, cls: URIRef, names: Labels | None = None) -> Labels:
    names = names or Labels()
    for _, n, np_, nv in store.query(Q_NAMES_OF_CLASS, {"class": cls}).rows:
        names.add(n, np_, nv)
    return names


def members(store: Store, cls: URIRef) -> list[URIRef]:
    rows = store.query("SELECT DISTINCT ?class ?n WHERE { ?n a ?class }", {"class": cls}).rows
    return [n for _, n in rows if isinstance(n, URIRef)]


def pairs(store: Store, cls: URIRef, prop: URIRef) -> list[tuple[URIRef, Node]]:
    """(member of ``cls``, value of ``prop``) for every member that has the property."""
    rows = store.query(
        "SELECT DISTINCT ?class ?prop ?n ?v WHERE { ?n a ?class ; ?prop ?v }", {"class": cls, "prop": prop}
    ).rows
    return [(n, v) for _, _, n, v in rows]


Q_FACILITATIONS = (
    PROLOGUE
    + """SELECT DISTINCT ?f ?line ?entity ?role ?period ?confidence ?g WHERE {
  GRAPH ?g {
    ?f a wsis:Facilitation ; wsis:facilitator ?entity .
    OPTIONAL { ?f wsis:actionLine ?al }
    OPTIONAL { ?f wsis:scopeDocument ?doc }
    OPTIONAL { ?f org:role ?role }
    OPTIONAL { ?f wsis:dateAsWorded ?period }
    OPTIONAL { ?f wsis:confidence ?confidence }
  }
  BIND(COALESCE(?al, ?doc) AS ?line)
}"""
)


@dataclass
class FacilitationRow:
    node: URIRef
    line: URIRef | None
    entity: URIRef
    role: URIRef | None
    period: str | None
    confidence: URIRef | None
    graph: URIRef


def facilitations(store: Store) -> list[FacilitationRow]:
    rows = store.query(Q_FACILITATIONS).rows
    return [
        FacilitationRow(f, line, entity, role, str(period) if period is not None else None, conf, g)
        for f, line, entity, role, period, conf, g in rows
    ]


Q_DIRECT = "SELECT DISTINCT ?prop ?s ?o WHERE { ?s ?prop ?o }"


def direct(store: Store, prop: URIRef) -> list[tuple[Node, Node]]:
    return [(s, o) for _, s, o in store.query(Q_DIRECT, {"prop": prop}).rows]


Q_NAMES_OF_OBJECTS = (
    PROLOGUE
    + """SELECT DISTINCT ?prop ?n ?np ?nv WHERE {
  ?s ?prop ?n .
  ?n ?np ?nv .
  FILTER(?np IN (skos:prefLabel, rdfs:label, skos:notation))
}"""
)


def names_of_objects(store: Store, prop: URIRef, names: Labels | None = None) -> Labels:
    """Names of everything that is the object of ``prop`` (for the ends of a browse list's links)."""
    names = names or Labels()
    for _, n, np_, nv in store.query(Q_NAMES_OF_OBJECTS, {"prop": prop}).rows:
        names.add(n, np_, nv)
    return names


Q_GRAPHS = (
    PROLOGUE
    + """SELECT ?graph ?title ?key ?publisher ?triples ?description WHERE {
  GRAPH ?d { ?graph a void:Dataset ; dct:title ?title .
    OPTIONAL { ?graph dct:identifier ?key }
    OPTIONAL { ?graph dct:publisher ?publisher }
    OPTIONAL { ?graph void:triples ?triples }
    OPTIONAL { ?graph dct:description ?description } }
}"""
)


def dataset_graphs(store: Store) -> list[dict[str, Node | None]]:
    """The named graphs as the description graph describes them, one dict each."""
    seen: dict[Node, dict[str, Node | None]] = {}
    for row in store.query(Q_GRAPHS).dicts():
        seen.setdefault(row["graph"], row)
    return sorted(seen.values(), key=lambda r: (r["key"] is None, str(r["key"] or r["graph"])))


# -- label search ------------------------------------------------------------------------------------

_MATCH = """FILTER(isLiteral(?label))
    FILTER(?lang = "" || LANG(?label) = "" || LANGMATCHES(LANG(?label), ?lang))
    FILTER(CONTAINS(LCASE(STR(?label)), ?needle))"""

#: One branch per naming property (the engines run this faster than one pattern with a property
#: variable), with the thing's types joined on.
Q_SEARCH = (
    PROLOGUE
    + "SELECT DISTINCT ?needle ?lang ?s ?np ?label ?type ?code WHERE {\n"
    + "\n  UNION\n".join(
        f"  {{ ?s {prop} ?label BIND({prop} AS ?np)\n    {_MATCH} }}"
        for prop in ("skos:prefLabel", "rdfs:label", "skos:altLabel", "skos:notation")
    )
    + "\n  OPTIONAL { ?s a ?type }\n  OPTIONAL { ?s skos:notation ?code }\n}\nLIMIT 5000"
)

#: The order in which kinds of thing come in search results (frameworks first, qualified links last).
_TYPE_ORDER = [
    URIRef(W + n)
    for n in (
        "SDGGoal",
        "ActionLine",
        "GDCObjective",
        "SDGTarget",
        "Instrument",
        "Entity",
        "Process",
        "GDCPrinciple",
        "GDCCommitment",
        "GDCParagraph",
        "SDGIndicator",
        "Provision",
        "Document",
        "GDCSection",
        "Submission",
        "Recommendation",
        "EmergingTrend",
    )
]


@dataclass
class SearchHit:
    iri: Node
    prop: URIRef
    label: Literal
    types: list[URIRef]
    names: list[tuple[URIRef, Literal]]
    rank: tuple


def search(store: Store, text: str, lang: str | None = None, limit: int = 100) -> tuple[list[SearchHit], int]:
    """Things whose label, alternative label or notation contains ``text`` (any case).

    Args:
        text: the search text, bound as a parameter.
        lang: only labels in this language (and untagged notations); all languages when None.
        limit: the most hits returned.

    Returns:
        The best hit per thing (exact match first, then prefix, then substring; frameworks before
        qualified links), and how many things matched in all.
    """
    needle = text.strip().lower()
    if not needle:
        return [], 0
    bindings = {"needle": Literal(needle), "lang": Literal(lang or "")}
    types: dict[Node, set[URIRef]] = defaultdict(set)
    by_thing: dict[Node, list[tuple[URIRef, Literal]]] = defaultdict(list)
    codes: dict[Node, set[Literal]] = defaultdict(set)
    for _, _, s, prop, label, kind, code in store.query(Q_SEARCH, bindings).rows:
        if (prop, label) not in by_thing[s]:
            by_thing[s].append((prop, label))
        if isinstance(kind, URIRef):
            types[s].add(kind)
        if isinstance(code, Literal):
            codes[s].add(code)
    hits = []
    for thing, found in by_thing.items():
        kinds = sorted(types.get(thing, ()))
        type_rank = min((_TYPE_ORDER.index(t) for t in kinds if t in _TYPE_ORDER), default=len(_TYPE_ORDER))
        qualified = WSIS_ALIGNMENT in kinds or WSIS_FACILITATION in kinds

        def match_rank(item: tuple[URIRef, Literal]) -> tuple:
            value = str(item[1]).lower()
            how = 0 if value == needle else 1 if value.startswith(needle) else 2
            prop_rank = NAME_PROPERTIES.index(item[0]) if item[0] in NAME_PROPERTIES else 9
            return (how, prop_rank, len(value), str(item[1]))

        best = min(found, key=match_rank)
        rank = (match_rank(best)[0], qualified, type_rank, natural_key(str(best[1])), str(thing))
        names = found + [(SKOS.notation, c) for c in sorted(codes.get(thing, ())) if (SKOS.notation, c) not in found]
        hits.append(SearchHit(thing, best[0], best[1], kinds, names, rank))
    hits.sort(key=lambda h: h.rank)
    return hits[:limit], len(hits)


__all__ = [
    "LANGUAGES",
    "Description",
    "Labels",
    "Qualified",
    "Statement",
    "describe",
    "description_dataset",
    "description_graph",
    "exists",
    "search",
]
