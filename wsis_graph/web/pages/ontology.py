"""The ontology online: ``/ontology``, a readable reference of the vocabulary a query needs, and the
ontology itself as RDF.

Routes:

* ``/ontology``: for a browser, one page with every class (its definition, its properties with their
  ranges, how many instances the data holds and two of them, the shapes that constrain it), every
  property, the concept schemes with their notations and a diagram of the main classes; for an RDF
  client (``Accept: text/turtle`` or ``application/ld+json``, or ``?format=ttl|jsonld``) the ontology.
  Each term ``https://w3id.org/wsis-graph/ontology#Name`` is the anchor ``#Name`` of the page, so the
  namespace resolves once the w3id redirect sends ``/wsis-graph/ontology`` here.
* ``/ontology.ttl`` and ``/ontology.jsonld``: the ontology as a file.
* ``/ontology/diagram.svg``: the diagram alone.

Everything is read from the store: the ontology and the shapes graphs that every build loads
(:func:`wsis_graph.build.vocabulary_graphs`), and the counts and examples from the data graphs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from flask import Blueprint, Response, request
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from wsis_graph.namespaces import ONTOLOGY_IRI, PREFIXES, SH, WSIS_NS, bind_prefixes, sparql_prologue
from wsis_graph.store import Store
from wsis_graph.web.errors import error_response
from wsis_graph.web.pages.labels import local_name
from wsis_graph.web.pages.view import HTML_TYPES, View, current_store, html_error, render_page, site_base

bp = Blueprint("ontology", __name__)

#: The classes the diagram draws, with their place (x, y) on a 1000 × 500 canvas: the SDG framework on
#: the left, the WSIS Action Lines and their facilitators in the middle, the Digital Compact on the right,
#: human rights below. A commitment is also a wsis:GDCParagraph, so its links are drawn from GDC Paragraph. (Documents, submissions and their recommendations link to nearly everything: their
#: arrows would hide the others; their entries list their properties.)
DIAGRAM = {
    "SDGGoal": (110, 50),
    "SDGTarget": (110, 250),
    "SDGIndicator": (110, 450),
    "Entity": (500, 50),
    "ActionLine": (500, 250),
    "GDCObjective": (890, 50),
    "GDCPrinciple": (700, 150),
    "GDCParagraph": (890, 300),
    "Provision": (500, 450),
    "Instrument": (890, 450),
}

Q_VOCABULARY = sparql_prologue() + """SELECT ?g ?key WHERE {
  GRAPH ?d { ?g dct:type wsis:VocabularyGraph ; dct:identifier ?key }
}"""

# Typed things of every graph but the shapes (the ontology's own marks, methods and roles are instances too).
# In the three queries below, {skip} is the list of graphs left out (the vocabulary graphs).
Q_INSTANCES = sparql_prologue() + """SELECT ?c ?s ?label WHERE {
  GRAPH ?g { ?s a ?c }
  FILTER (STRSTARTS(STR(?c), "%s") && ?g NOT IN ({skip}))
  OPTIONAL { ?s skos:prefLabel|rdfs:label ?label }
}""" % WSIS_NS

Q_PROPERTY_USE = sparql_prologue() + """SELECT ?p (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?p), "%s") && ?g NOT IN ({skip}))
} GROUP BY ?p""" % WSIS_NS

# The links between the diagram's classes that the data holds, by property.
Q_CLASS_LINKS = sparql_prologue() + """SELECT ?c1 ?p ?c2 (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?p), "%s") && ?g NOT IN ({skip}))
  ?s a ?c1 . ?o a ?c2 .
  VALUES ?c1 { %s } VALUES ?c2 { %s }
} GROUP BY ?c1 ?p ?c2""" % (WSIS_NS, " ".join(f"wsis:{c}" for c in DIAGRAM), " ".join(f"wsis:{c}" for c in DIAGRAM))


class NoOntology(LookupError):
    """The store holds no ontology graph."""


# -- reading the vocabulary -------------------------------------------------------------------------------


@dataclass
class ShapeRow:
    """One property shape: what a node of the class must or may carry."""

    path: str
    name: str | None
    count: str
    value: str
    note: str | None


@dataclass
class Shape:
    iri: str
    label: str
    comment: str | None
    target: str
    rows: list[ShapeRow] = field(default_factory=list)
    sparql: list[str] = field(default_factory=list)


@dataclass
class Term:
    """A class, a property or a concept of the ontology, as the reference shows it."""

    iri: URIRef
    name: str
    label: str
    definition: str | None
    kind: str
    parents: list[URIRef] = field(default_factory=list)
    domain: list[URIRef] = field(default_factory=list)
    range: list[URIRef] = field(default_factory=list)
    notation: str | None = None
    uses: int = 0
    instances: int = 0
    examples: list[tuple[URIRef, str]] = field(default_factory=list)
    properties: list["Term"] = field(default_factory=list)  # of a class: those whose domain it is
    incoming: list["Term"] = field(default_factory=list)  # of a class: those whose range it is
    shapes: list[Shape] = field(default_factory=list)
    members: list["Term"] = field(default_factory=list)  # of a concept scheme


@dataclass
class Reference:
    ontology: Graph
    title: str
    description: str | None
    version: str | None
    classes: list[Term]
    properties: list[Term]
    schemes: list[Term]
    other_shapes: list[Shape]
    links: list[tuple[str, str, str, int]]  # (class, property, class, count) for the diagram
    graph_iri: URIRef
    shapes_iri: URIRef | None


def vocabulary_graph_iris(store: Store) -> dict[str, URIRef]:
    """The vocabulary graphs of the store by key (``ontology``, ``shapes``): those described and present."""
    present = set(store.graphs())
    return {str(key): g for g, key in store.query(Q_VOCABULARY).rows if isinstance(g, URIRef) and g in present}


def load_graph(store: Store, name: URIRef) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    for s, p, o, _ in store.quads(name):
        graph.add((s, p, o))
    return graph


def ontology_graph(store: Store) -> tuple[Graph, URIRef]:
    """The ontology as the store holds it.

    Raises:
        NoOntology: the store holds no ontology graph.
    """
    found = vocabulary_graph_iris(store).get("ontology")
    if found is None:
        raise NoOntology("the store holds no ontology graph; rebuild it with 'wsis-graph build'")
    return load_graph(store, found), found


def _english(graph: Graph, node: Node, *props: URIRef) -> str | None:
    values = [v for p in props for v in graph.objects(node, p) if isinstance(v, Literal)]
    for value in values:
        if (value.language or "en").startswith("en"):
            return str(value)
    return str(values[0]) if values else None


#: The prefixes of the command line, and those of the shapes.
_CURIE_PREFIXES = {**PREFIXES, "sh": str(SH), "wsh": "https://w3id.org/wsis-graph/shapes#"}


def curie(iri: Node) -> str:
    """``wsis:ActionLine`` for an IRI in a known namespace, else the IRI.

    >>> curie(URIRef("https://w3id.org/wsis-graph/ontology#ActionLine"))
    'wsis:ActionLine'
    >>> curie(URIRef("http://www.w3.org/2001/XMLSchema#string"))
    'xsd:string'
    >>> curie(URIRef("https://w3id.org/wsis-graph/shapes#AlignmentShape"))
    'wsh:AlignmentShape'
    """
    text = str(iri)
    best = max(((p, ns) for p, ns in _CURIE_PREFIXES.items() if text.startswith(ns)), key=lambda pn: len(pn[1]), default=None)
    if best is None:
        return text
    return f"{best[0]}:{text[len(best[1]):]}"


def _path(shapes: Graph, path: Node) -> str:
    """A SHACL property path written as in SPARQL."""
    if isinstance(path, URIRef) and not str(path).count("/.well-known/genid/"):
        return curie(path)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(_path(shapes, p) for p in Collection(shapes, alternatives))
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(shapes, inverse)
    if shapes.value(path, RDF.first) is not None:
        return " / ".join(_path(shapes, p) for p in Collection(shapes, path))
    for prop, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, prop)
        if inner is not None:
            return f"({_path(shapes, inner)}){mark}"
    return str(path)


def _shape(shapes: Graph, node: URIRef, target: str) -> Shape:
    shape = Shape(
        iri=str(node),
        label=_english(shapes, node, RDFS.label) or local_name(str(node)),
        comment=_english(shapes, node, RDFS.comment),
        target=target,
    )
    for prop in shapes.objects(node, SH.property):
        path = shapes.value(prop, SH.path)
        if path is None:
            continue
        low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
        count = f"{low if low is not None else 0}..{high if high is not None else '*'}"
        values = []
        for key, word in ((SH.datatype, ""), (SH["class"], "a "), (SH.nodeKind, ""), (SH.node, "shape ")):
            for v in shapes.objects(prop, key):
                shown = curie(v)
                values.append(word + (shown[3:] if shown.startswith("sh:") else shown))
        for listed in shapes.objects(prop, SH["in"]):
            values.append("one of " + ", ".join(curie(v) if isinstance(v, URIRef) else str(v) for v in Collection(shapes, listed)))
        for key, word in ((SH.pattern, "matches "), (SH.minInclusive, "≥ "), (SH.maxInclusive, "≤ ")):
            for v in shapes.objects(prop, key):
                values.append(f"{word}{v}")
        if shapes.value(prop, SH.uniqueLang) == Literal(True):
            values.append("one per language")
        shape.rows.append(ShapeRow(
            path=_path(shapes, path),
            name=_english(shapes, prop, SH.name),
            count=count,
            value="; ".join(values),
            note=_english(shapes, prop, SH.description, SH.message),
        ))
    shape.rows.sort(key=lambda r: (r.path, r.count))
    for constraint in shapes.objects(node, SH.sparql):
        message = _english(shapes, constraint, SH.message)
        if message:
            shape.sparql.append(message)
    return shape


def _shapes_by_class(shapes: Graph | None) -> tuple[dict[URIRef, list[Shape]], list[Shape]]:
    by_class: dict[URIRef, list[Shape]] = defaultdict(list)
    others: list[Shape] = []
    if shapes is None:
        return by_class, others
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if not isinstance(node, URIRef) or "/.well-known/genid/" in str(node):
            continue
        classes = list(shapes.objects(node, SH.targetClass))
        for cls in classes:
            by_class[cls].append(_shape(shapes, node, f"every {curie(cls)}"))
        if classes:
            continue
        targets = [f"subjects of {curie(p)}" for p in shapes.objects(node, SH.targetSubjectsOf)]
        targets += [f"objects of {curie(p)}" for p in shapes.objects(node, SH.targetObjectsOf)]
        targets += [f"the node {curie(n)}" for n in shapes.objects(node, SH.targetNode)]
        others.append(_shape(shapes, node, ", ".join(targets) or "nodes that other shapes point to (sh:node)"))
    return by_class, others


def read_reference(store: Store) -> Reference:
    """Everything ``/ontology`` shows, read from the store.

    Raises:
        NoOntology: the store holds no ontology graph.
    """
    iris = vocabulary_graph_iris(store)
    if "ontology" not in iris:
        raise NoOntology("the store holds no ontology graph; rebuild it with 'wsis-graph build'")
    onto = load_graph(store, iris["ontology"])
    shapes_iri = iris.get("shapes")
    shapes = load_graph(store, shapes_iri) if shapes_iri is not None else None
    vocabulary = ", ".join(g.n3() for g in iris.values())
    # The ontology's own marks, methods and roles are instances too: only the shapes are left out of them.
    instances_skip = shapes_iri.n3() if shapes_iri is not None else "<urn:x-wsis-graph:none>"

    def term(node: URIRef, kind: str) -> Term:
        return Term(
            iri=node,
            name=str(node)[len(WSIS_NS):],
            label=_english(onto, node, RDFS.label, SKOS.prefLabel) or local_name(str(node)),
            definition=_english(onto, node, SKOS.definition, RDFS.comment),
            kind=kind,
            parents=sorted(onto.objects(node, RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf), key=str),
            domain=sorted(onto.objects(node, RDFS.domain), key=str),
            range=sorted(onto.objects(node, RDFS.range), key=str),
            notation=next((str(n) for n in onto.objects(node, SKOS.notation)), None),
        )

    ours = lambda n: isinstance(n, URIRef) and str(n).startswith(WSIS_NS)  # noqa: E731
    classes = {n: term(n, "class") for n in onto.subjects(RDF.type, OWL.Class) if ours(n)}
    properties = {}
    for kind, cls in (("object property", OWL.ObjectProperty), ("datatype property", OWL.DatatypeProperty),
                      ("property", RDF.Property), ("annotation property", OWL.AnnotationProperty)):
        for n in onto.subjects(RDF.type, cls):
            if ours(n) and n not in properties:
                properties[n] = term(n, kind)
    schemes = {n: term(n, "concept scheme") for n in onto.subjects(RDF.type, SKOS.ConceptScheme) if ours(n)}
    for concept, scheme in onto.subject_objects(SKOS.inScheme):
        if scheme in schemes and ours(concept):
            schemes[scheme].members.append(term(concept, "concept"))
    for scheme in schemes.values():
        rank = {m.iri: onto.value(m.iri, URIRef(WSIS_NS + "rank")) for m in scheme.members}
        scheme.members.sort(key=lambda m: (int(rank[m.iri]) if rank[m.iri] is not None else 99, m.notation or m.name))

    for prop in properties.values():
        for d in prop.domain:
            if d in classes:
                classes[d].properties.append(prop)
        for r in prop.range:
            if r in classes:
                classes[r].incoming.append(prop)
    for p, n in store.query(Q_PROPERTY_USE.replace("{skip}", vocabulary)).rows:
        if p in properties:
            properties[p].uses = int(n)

    # Instances and two examples per class: those with a label first, then by IRI.
    found: dict[URIRef, dict[URIRef, str | None]] = defaultdict(dict)
    for c, s, label in store.query(Q_INSTANCES.replace("{skip}", instances_skip)).rows:
        if c in classes and isinstance(s, URIRef):
            known = found[c].get(s)
            if known is None or (label is not None and getattr(label, "language", None) in (None, "en")):
                found[c][s] = str(label) if label is not None else known
    for c, members in found.items():
        classes[c].instances = len(members)
        ranked = sorted(members.items(), key=lambda kv: (kv[1] is None, len(str(kv[0])), str(kv[0])))
        classes[c].examples = [(s, label or local_name(str(s))) for s, label in ranked[:2]]

    by_class, other_shapes = _shapes_by_class(shapes)
    for c, items in by_class.items():
        if c in classes:
            classes[c].shapes = items
    for c in classes.values():
        c.properties.sort(key=lambda t: t.name.lower())
        c.incoming.sort(key=lambda t: t.name.lower())

    links = []
    rows = store.query(Q_CLASS_LINKS.replace("{skip}", vocabulary)).rows
    for c1, p, c2, n in rows:
        links.append((str(c1)[len(WSIS_NS):], str(p)[len(WSIS_NS):], str(c2)[len(WSIS_NS):], int(n)))

    return Reference(
        ontology=onto,
        title=_english(onto, ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/title")) or "wsis-graph ontology",
        description=_english(onto, ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/description")),
        version=next((str(v) for v in onto.objects(ONTOLOGY_IRI, OWL.versionInfo)), None),
        classes=sorted(classes.values(), key=lambda t: t.name.lower()),
        properties=sorted(properties.values(), key=lambda t: t.name.lower()),
        schemes=sorted(schemes.values(), key=lambda t: t.name.lower()),
        other_shapes=other_shapes,
        links=sorted(links),
        graph_iri=iris["ontology"],
        shapes_iri=shapes_iri,
    )


# -- the diagram -----------------------------------------------------------------------------------------


def diagram_svg(links: list[tuple[str, str, str, int]], labels: dict[str, str] | None = None) -> str:
    """The main classes and the links the data holds between them, as a standalone SVG.

    Each arrow is one or more properties from instances of one class to instances of another (their
    names on the arrow, the number of triples in its tooltip); the boxes link to the class's entry.
    """
    labels = labels or {}
    width, height, box_w, box_h = 1000, 500, 150, 38
    pairs: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for c1, prop, c2, n in links:
        if c1 in DIAGRAM and c2 in DIAGRAM and c1 != c2:
            pairs[(c1, c2)].append((prop, n))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="diagram-title" class="onto-diagram" font-family="system-ui, sans-serif" font-size="12">',
        '<title id="diagram-title">The main classes of the ontology and the properties that link their instances in the data</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]

    def border(x: float, y: float, dx: float, dy: float) -> tuple[float, float]:
        """Where the line from the centre (x, y) in direction (dx, dy) leaves the box."""
        if dx == 0 and dy == 0:
            return x, y
        scale = min((box_w / 2 + 4) / abs(dx) if dx else math.inf, (box_h / 2 + 4) / abs(dy) if dy else math.inf)
        return x + dx * scale, y + dy * scale

    for (c1, c2), props in sorted(pairs.items()):
        (x1, y1), (x2, y2) = DIAGRAM[c1], DIAGRAM[c2]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        # Two arrows between the same classes are drawn side by side.
        shift = 7 if (c2, c1) in pairs else 0
        ox, oy = -dy / length * shift, dx / length * shift
        sx, sy = border(x1 + ox, y1 + oy, dx, dy)
        ex, ey = border(x2 + ox, y2 + oy, -dx, -dy)
        tip = "; ".join(f"wsis:{p}: {n} triples" for p, n in sorted(props))
        out.append(f'<g class="link"><title>{escape(labels.get(c1, c1))} → {escape(labels.get(c2, c2))}: {escape(tip)}</title>'
                   f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" stroke="#777" stroke-width="1.3" marker-end="url(#arrow)"/>')
        mx, my = (sx + ex) / 2 + ox * 1.6, (sy + ey) / 2 + oy * 1.6
        lines = "".join(
            f'<tspan x="{mx:.1f}" dy="{0 if i == 0 else 13}">{escape(p)}</tspan>' for i, (p, _) in enumerate(sorted(props))
        )
        top = my - 6.5 * (len(props) - 1)
        out.append(f'<text x="{mx:.1f}" y="{top:.1f}" text-anchor="middle" fill="#234" stroke="#fff" stroke-width="3" '
                   f'paint-order="stroke" font-size="11">{lines}</text></g>')
    for name, (x, y) in DIAGRAM.items():
        out.append(
            f'<a href="#{name}"><g class="class"><rect x="{x - box_w / 2}" y="{y - box_h / 2}" width="{box_w}" height="{box_h}" '
            f'rx="6" fill="#eef4fb" stroke="#2a5d8f" stroke-width="1.4"/>'
            f'<text x="{x}" y="{y + 4}" text-anchor="middle" fill="#123" font-weight="600" font-size="13">'
            f'{escape(labels.get(name, name))}</text></g></a>'
        )
    out.append("</svg>")
    return "\n".join(out)


# -- routes ------------------------------------------------------------------------------------------------


RDF_OFFERS = {"text/turtle": "turtle", "application/ld+json": "json-ld"}
FORMATS = {"ttl": "text/turtle", "turtle": "text/turtle", "jsonld": "application/ld+json", "json-ld": "application/ld+json",
           "html": "text/html"}


def _rdf(mime: str) -> Response:
    try:
        graph, _ = ontology_graph(current_store())
    except NoOntology as exc:
        return error_response(404, "not_found", str(exc))
    if mime == "application/ld+json":
        data = graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    else:
        data = graph.serialize(format="turtle")
    response = Response(data, content_type=f"{mime}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/ontology")
@bp.get("/wsis-graph/ontology")  # behind a proxy that keeps the w3id path, as /wsis-graph/id/ is served
def ontology_page() -> Response:
    """The reference for a browser; the ontology for an RDF client."""
    asked = request.args.get("format")
    if asked is not None:
        mime = FORMATS.get(asked.strip().lower())
    elif not request.accept_mimetypes:
        mime = "text/html"
    else:
        mime = request.accept_mimetypes.best_match([*HTML_TYPES, *RDF_OFFERS])
    if mime is None:
        return error_response(406, "not_acceptable", "the ontology is available as text/html, text/turtle and application/ld+json")
    if mime in RDF_OFFERS:
        return _rdf(mime)
    view = View.for_request()
    try:
        ref = read_reference(current_store())
    except NoOntology as exc:
        return html_error(404, "not_found", str(exc))
    labels = {c.name: c.label for c in ref.classes}
    entries = {str(t.iri) for t in [*ref.classes, *ref.properties, *ref.schemes]}
    response = render_page(
        "pages/ontology.html",
        view,
        ref=ref,
        curie=curie,
        diagram=diagram_svg(ref.links, labels),
        ns=WSIS_NS,
        anchor=lambda iri: str(iri)[len(WSIS_NS):] if str(iri) in entries else None,
        base=site_base(),
        prefixes=PREFIXES,
        link=lambda iri: view.href(iri),
    )
    response.headers["Vary"] = "Accept, Accept-Language"
    response.headers["Link"] = '</ontology.ttl>; rel="alternate"; type="text/turtle", </ontology.jsonld>; rel="alternate"; type="application/ld+json"'
    return response


@bp.get("/ontology.ttl")
def ontology_turtle() -> Response:
    return _rdf("text/turtle")


@bp.get("/ontology.jsonld")
def ontology_jsonld() -> Response:
    return _rdf("application/ld+json")


@bp.get("/ontology/diagram.svg")
def ontology_diagram() -> Response:
    try:
        ref = read_reference(current_store())
    except NoOntology as exc:
        return html_error(404, "not_found", str(exc))
    svg = diagram_svg(ref.links, {c.name: c.label for c in ref.classes})
    return Response(svg, content_type="image/svg+xml; charset=utf-8")


__all__ = ["NoOntology", "Reference", "bp", "curie", "diagram_svg", "ontology_graph", "read_reference"]
