"""Linked Data pages: every IRI we mint resolves, to a page for a browser and to RDF for a client.

Routes:

* ``{base path}<local>`` (``/id/…`` for the default base ``https://w3id.org/wsis-graph/id/``, see
  :func:`~wsis_graph.web.pages.view.base_paths`): the resource ``{base}<local>``.
  ``/resource?iri=…``: any IRI in the store (the UN's SDG IRIs …).

A browser gets an HTML page; an RDF client gets the description (Turtle, N-Triples, JSON-LD,
RDF/XML, TriG, N-Quads) by content negotiation, or by ``?format=``; 404 for an IRI the store says
nothing about, 406 when no format is acceptable. The description comes from
:mod:`wsis_graph.web.pages.describe`; labels come in the language of ``?lang=`` or
``Accept-Language`` (see :class:`~wsis_graph.web.pages.view.View`). The page of an imported
document or of one of its parts first shows it as text (:func:`~wsis_graph.web.pages.texts.reading`).
Nothing needs JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Blueprint, Response, request
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from wsis_graph.namespaces import PREFIXES, WSIS
from wsis_graph.uris import Minter, configured_base
from wsis_graph.web.errors import error_response
from wsis_graph.web.pages import describe as d
from wsis_graph.web.pages.texts import Reading, reading
from wsis_graph.web.pages.view import (
    HTML_TYPES,
    Shown,
    View,
    base_paths,
    current_store,
    html_error,
    optional_text,
    page_language,
    render_page,
    site_base,
)

bp = Blueprint("resource", __name__)


#: Media types of the RDF description, with the rdflib format and whether graph names are kept.
RDF_TYPES: dict[str, tuple[str, bool]] = {
    "text/turtle": ("turtle", False),
    "application/ld+json": ("json-ld", False),
    "application/n-triples": ("nt", False),
    "application/rdf+xml": ("xml", False),
    "application/trig": ("trig", True),
    "application/n-quads": ("nquads", True),
}
#: What a resource can be had as, in the order that breaks ties (``*/*`` gets Turtle).
OFFERS = ["text/turtle", *HTML_TYPES, "application/ld+json", "application/json", *list(RDF_TYPES)[2:]]
#: ``?format=`` values.
FORMAT_PARAMS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "json": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
}
#: The formats linked from each page, as (label, format parameter).
ALTERNATES = [("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdf"), ("TriG", "trig")]

MAX_IRI = 4000
ROW_CAP = 600


# -- mounting the minted IRIs ------------------------------------------------------------------------


@bp.record_once
def _mount(state) -> None:
    settings = state.app.config.get("SETTINGS")
    base = getattr(settings, "base", None) or configured_base()
    for index, path in enumerate(base_paths(base)):
        endpoint = "resource.minted" if index == 0 else f"resource.minted_{index}"
        state.app.add_url_rule(f"{path}<path:local>", endpoint=endpoint, view_func=minted, methods=["GET"])


def negotiate() -> str | None:
    """The media type to answer with, or None when the client accepts none we have."""
    asked = request.args.get("format")
    if asked is not None:
        return FORMAT_PARAMS.get(asked.strip().lower())
    if not request.accept_mimetypes:
        return "text/turtle"
    return request.accept_mimetypes.best_match(OFFERS)


# -- resource pages -----------------------------------------------------------------------------------


def minted(local: str) -> Response:
    """The resource ``{base}<local>`` at the path its base is served at."""
    return serve(site_base() + local)


@bp.get("/resource")
def resource() -> Response:
    """Any IRI in the store, given as ``?iri=``."""
    iri = request.args.get("iri", "").strip()
    if not iri:
        return html_error(400, "bad_request", "give the IRI of a resource: /resource?iri=…")
    if len(iri) > MAX_IRI or not _plausible_iri(iri):
        return html_error(400, "bad_request", "the 'iri' parameter is not an absolute IRI")
    return serve(iri)


def _plausible_iri(text: str) -> bool:
    scheme, _, rest = text.partition(":")
    if not scheme or not rest or not scheme[0].isalpha():
        return False
    if not all(c.isalnum() or c in "+.-" for c in scheme):
        return False
    return not any(c in text for c in ' <>"{}|\\^`') and all(ord(c) > 0x20 for c in text)


def serve(iri: str) -> Response:
    """The resource ``iri`` as a page or as RDF, whichever the client asked for."""
    mime = negotiate()
    if mime is None:
        offered = ", ".join(["text/html", *RDF_TYPES])
        return error_response(406, "not_acceptable", f"this resource is available as {offered}")
    node = URIRef(iri)
    store = current_store()
    if not d.exists(store, node):
        if mime in HTML_TYPES:
            return html_error(404, "not_found", f"nothing in the graph is named {iri}", iri=iri)
        return error_response(404, "not_found", f"nothing in the graph is named {iri}")
    lang, explicit = page_language()
    description = d.describe(store, node, lang)
    if mime in HTML_TYPES:
        return _resource_page(description, lang, explicit, reading(store, node, lang, Minter(site_base())))
    return _rdf(description, mime)


def _rdf(description: d.Description, mime: str) -> Response:
    base = site_base()
    if mime == "application/json":
        fmt, keep_graphs, answer = "json-ld", False, "application/json"
    else:
        (fmt, keep_graphs), answer = RDF_TYPES[mime], mime
    if keep_graphs:
        data = d.description_dataset(description, base).serialize(format=fmt)
    elif fmt == "json-ld":
        context = {**PREFIXES, "id": base}
        data = d.description_graph(description, base).serialize(format=fmt, context=context, auto_compact=True)
    else:
        data = d.description_graph(description, base).serialize(format=fmt)
    response = Response(data, content_type=f"{answer}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def _resource_page(description: d.Description, lang: str, explicit: bool, text: Reading | None = None) -> Response:
    view = View(description.names, lang, explicit)
    titles = description.graph_titles
    iri = description.iri

    qualified_rows = [_qualified_row(q, view, titles, i) for i, q in enumerate(description.qualified, 1)]
    anchors = {row.node: row.anchor for row in qualified_rows}
    groups: dict[str, list[QualifiedRow]] = {}
    for row in qualified_rows:
        if row.kind == "facilitation":
            title = "Facilitation statements"
        elif row.direction == "in":
            title = f"Links in: {row.relation.text.lstrip('← ')}"
        else:
            title = row.relation.text
        groups.setdefault(title, []).append(row)

    def statements(items: list[d.Statement]) -> list[StatementRow]:
        rows = []
        for s in items:
            rows.append(
                StatementRow(
                    prop=view.prop(s.predicate),
                    value=view.term(s.value, source=s.predicate in d.SOURCE_PROPERTIES),
                    graphs=[view.graph(g, titles) for g in s.graphs],
                    qualified=sorted((anchors[q] for q in s.qualified_by if q in anchors), key=lambda a: int(a[1:])),
                )
            )
        return rows

    names = statements(description.name_statements)
    for row in names:
        row.value.fallback = False  # the table has a language column
    literals = statements(description.literal_statements)
    links_out = statements(description.link_statements)
    links_in = statements(description.inc)
    own = description.own_qualification
    own_row = _qualified_row(own, view, titles, 0) if own else None
    title = view.label(iri)
    own_from = None
    if own is not None:
        start = own.value(WSIS.alignmentSubject, WSIS.actionLine, WSIS.scopeDocument)
        own_from = view.term(start) if start is not None else None
        if description.names.pick(iri, lang) is None and own_from is not None:
            ends = [own_from.code or own_from.text, own_row.other.code or own_row.other.text]
            title = Shown(text=f"{ends[0]} {own_row.relation.text} {ends[1]}", iri=str(iri))
    if text is not None and text.part is None and text.title:
        title = Shown(text=text.title, lang=text.language, dir=text.dir, iri=str(iri))  # a document by its title
    definition = description.definition()
    context = {
        "iri": str(iri),
        "title": title,
        "types": view.types(description.types),
        "notations": description.notations,
        "definition": (view.prop(definition[0]), view.term(definition[1])) if definition else None,
        "qualified": qualified_rows,
        "qualified_groups": list(groups.items()),
        "own": own_row,
        "own_from": own_from,
        "names": names,
        "literals": literals,
        "links_out": links_out[:ROW_CAP],
        "links_out_total": len(links_out),
        "links_in": links_in[:ROW_CAP],
        "links_in_total": len(links_in),
        "qualifying_incoming": description.qualifying_incoming,
        "alternates": [(label, _self_url(format=fmt)) for label, fmt in ALTERNATES],
        "row_cap": ROW_CAP,
        "text": text,
    }
    response = render_page("pages/resource.html", view, **context)
    response.headers["Link"] = ", ".join(
        f'<{_self_url(format=fmt)}>; rel="alternate"; type="{FORMAT_PARAMS[fmt]}"' for _, fmt in ALTERNATES
    )
    return response


def _self_url(**params: str) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in params]
    args += list(params.items())
    return request.path + ("?" + urlencode(args) if args else "")


@dataclass
class StatementRow:
    """A row of a statements table: property, value, graphs, and the anchors of the links that qualify it."""

    prop: Shown
    value: Shown
    graphs: list[Shown]
    qualified: list[str] = field(default_factory=list)


@dataclass
class QualifiedRow:
    """A qualified link (alignment or facilitation) as the resource page shows it."""

    node: URIRef
    anchor: str
    kind: str
    direction: str
    relation: Shown
    relation_as_worded: str | None
    other: Shown
    link: Shown
    method: Shown | None
    confidence: Shown | None
    confidence_note: str | None
    locator: str | None
    period: str | None
    sources: list[Shown]
    citations: list[str]
    summary: Shown | None
    graphs: list[Shown]


def _qualified_row(q: d.Qualified, view: View, titles: dict[URIRef, str], index: int) -> QualifiedRow:
    if q.kind == "facilitation":
        role = view.term(q.relation) if q.relation is not None else Shown(text="facilitation")
        relation = Shown(
            text=("facilitated by" if q.direction == "out" else "facilitates") + f" — {role.text}",
            title=role.title,
        )
    else:
        relation = view.prop(q.relation) if q.relation is not None else Shown(text="linked")
        if q.direction == "in":
            relation = Shown(text=f"← {relation.text}", title=relation.title, iri=relation.iri)
    period = q.value(WSIS.dateAsWorded)
    start, end = q.value(WSIS.periodStart), q.value(WSIS.periodEnd)
    if period is None and (start is not None or end is not None):
        period = f"{start or '?'}–{end or ''}"
    summary = q.value(DCTERMS.description, SKOS.note)
    return QualifiedRow(
        node=q.node,
        anchor=f"q{index}",
        kind=q.kind,
        direction=q.direction,
        relation=relation,
        relation_as_worded=optional_text(q.value(WSIS.relationAsWorded) or q.value(WSIS.roleAsWorded)),
        other=view.term(q.other),
        link=view.term(q.node),
        method=view.term(q.method) if q.method is not None else None,
        confidence=view.term(q.confidence) if q.confidence is not None else None,
        confidence_note=optional_text(q.value(WSIS.confidenceNote)),
        locator=optional_text(q.value(WSIS.locator)),
        period=optional_text(period),
        sources=[view.term(s, source=True) for s in q.sources],
        citations=[str(c) for c in q.citations],
        summary=view.term(summary) if isinstance(summary, Literal) else None,
        graphs=[view.graph(g, titles) for g in q.graphs],
    )


__all__ = ["bp", "negotiate", "serve"]
