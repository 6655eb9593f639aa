"""Linked Data pages: every IRI we mint resolves, with browse lists and a label search.

Routes:

* ``{base path}<local>`` (``/id/…`` for the default base ``https://w3id.org/wsis-graph/id/``, see
  :func:`base_paths`): the resource ``{base}<local>``. ``/resource?iri=…``: any IRI in the store
  (the UN's SDG IRIs …). A browser gets an HTML page; an RDF client gets the description (Turtle,
  N-Triples, JSON-LD, RDF/XML, TriG, N-Quads) by content negotiation, or by ``?format=``; 404 for
  an IRI the store says nothing about, 406 when no format is acceptable.
* ``/browse`` and ``/browse/{action-lines,sdgs,gdc,entities,rights,graphs}``: the frameworks as lists.
* ``/search?q=…&lang=…``: labels, alternative labels and notations that contain the text, in any of
  the six UN languages; JSON when the client asks for it.

Labels come in the language of ``?lang=`` or ``Accept-Language`` (English when there is none), and
each label carries its own ``lang`` and ``dir`` attributes. Templates are autoescaped; nothing needs
JavaScript.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD
from rdflib.term import Node

from wsis_graph import __version__
from wsis_graph.namespaces import PREFIXES, SDG_NS
from wsis_graph.store import Store
from wsis_graph.uris import configured_base
from wsis_graph.web.pages import describe as d
from wsis_graph.web.errors import error_response

#: The web package's folder, which holds the page templates and their static files.
WEB = Path(__file__).resolve().parents[1]

bp = Blueprint(
    "pages",
    __name__,
    template_folder=str(WEB / "templates"),
    static_folder=str(WEB / "static"),
    static_url_path="/pages-static",
)

W = d.W


def _w(name: str) -> URIRef:
    return URIRef(W + name)


#: Media types of the RDF description, with the rdflib format and whether graph names are kept.
RDF_TYPES: dict[str, tuple[str, bool]] = {
    "text/turtle": ("turtle", False),
    "application/ld+json": ("json-ld", False),
    "application/n-triples": ("nt", False),
    "application/rdf+xml": ("xml", False),
    "application/trig": ("trig", True),
    "application/n-quads": ("nquads", True),
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
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
MAX_SEARCH = 200
ROW_CAP = 600

ROLE_ORDER = [_w("OverallLeadFacilitator"), _w("LeadFacilitator"), _w("CoFacilitator"), _w("Partner"), _w("FormerFacilitator")]


# -- mounting the minted IRIs ------------------------------------------------------------------------


#: Hosts of permanent-identifier services whose first path segment names the project: they redirect
#: ``https://w3id.org/wsis-graph/id/…`` to our server as ``/id/…``.
REDIRECT_HOSTS = frozenset({"w3id.org", "purl.org", "www.w3id.org", "purl.archive.org"})


def base_paths(base: str) -> list[str]:
    """The local paths that serve IRIs minted from ``base``, the one to link first.

    The default base ``https://w3id.org/wsis-graph/id/`` is served at ``/id/`` (where the w3id
    redirect lands) and also at ``/wsis-graph/id/`` (behind a proxy that keeps the whole path); a
    base on our own host, ``https://example.org/data/id/``, at ``/data/id/``. A base that ends in
    ``#`` maps to no path: its IRIs resolve through ``/resource?iri=``.

    >>> base_paths("https://w3id.org/wsis-graph/id/")
    ['/id/', '/wsis-graph/id/']
    >>> base_paths("https://example.org/data/id/")
    ['/data/id/']
    >>> base_paths("https://example.org/vocab#")
    []
    """
    if not base.endswith("/"):
        return []
    parts = urlsplit(base)
    path = parts.path or "/"
    if not path.startswith("/"):
        return []
    paths = [path]
    segments = path.strip("/").split("/")
    if parts.hostname in REDIRECT_HOSTS and len(segments) > 1:
        paths.insert(0, "/" + "/".join(segments[1:]) + "/")
    return paths


def base_path(base: str) -> str | None:
    """The local path that our pages link minted IRIs to, or None."""
    paths = base_paths(base)
    return paths[0] if paths else None


@bp.record_once
def _mount(state) -> None:
    settings = state.app.config.get("SETTINGS")
    base = getattr(settings, "base", None) or configured_base()
    for index, path in enumerate(base_paths(base)):
        endpoint = "pages.minted" if index == 0 else f"pages.minted_{index}"
        state.app.add_url_rule(f"{path}<path:local>", endpoint=endpoint, view_func=minted, methods=["GET"])


def _base() -> str:
    settings = current_app.config.get("SETTINGS")
    return getattr(settings, "base", None) or configured_base()


def _store() -> Store:
    return current_app.config["STORE"]


# -- languages ---------------------------------------------------------------------------------------


def page_language() -> tuple[str, bool]:
    """The language to show labels in, and whether the request named it (``?lang=``)."""
    asked = request.args.get("lang")
    if asked:
        return d.normalise_language(asked) or "en", True
    best = request.accept_languages.best_match([*d.LANGUAGES, "zh"])
    return d.normalise_language(best) or "en", False


# -- turning terms into what a page shows --------------------------------------------------------------


@dataclass
class Shown:
    """A term as a page shows it."""

    text: str
    lang: str | None = None
    dir: str | None = None
    href: str | None = None
    external: bool = False
    iri: str | None = None
    badge: str | None = None
    title: str | None = None
    code: str | None = None
    datatype: str | None = None
    fallback: bool = False  # shown in another language than the one asked for


class View:
    """What the templates need to render terms in one request's language."""

    def __init__(self, names: d.Labels, lang: str, explicit: bool) -> None:
        self.names = names
        self.lang = lang
        self.explicit = explicit
        self.base = _base()
        self.path = base_path(self.base)

    # links -------------------------------------------------------------------------------------------

    def href(self, iri: Node) -> str:
        """The URL of our page for ``iri`` (the minted path when the base maps to one)."""
        text = str(iri)
        params = {"lang": self.lang} if self.explicit else {}
        if self.path and text.startswith(self.base) and len(text) > len(self.base):
            local = quote(text[len(self.base):], safe="/._~-!$&'()*+,;=:@")
            url = request.script_root + self.path + local
            return url + ("?" + urlencode(params) if params else "")
        return url_for("pages.resource", iri=text, **params)

    def url(self, endpoint: str, **params: str) -> str:
        if self.explicit and "lang" not in params:
            params["lang"] = self.lang
        return url_for(endpoint, **params)

    # terms -------------------------------------------------------------------------------------------

    def label(self, node: Node) -> Shown:
        """The label of a thing of the graph (no link)."""
        chosen = self.names.pick(node, self.lang)
        if chosen is None:
            return Shown(text=d.local_name(str(node)) if isinstance(node, URIRef) else str(node), iri=str(node))
        return self._literal(chosen, iri=str(node))

    def _literal(self, value: Literal, **extra) -> Shown:
        lang = value.language
        shown = Shown(text=str(value), lang=lang, dir="rtl" if d.is_rtl(lang) else ("ltr" if lang else None), **extra)
        if lang and d.primary(lang) != d.primary(self.lang):
            shown.fallback = True
        if value.datatype is not None and value.datatype != XSD.string:
            shown.datatype = d.vocab_label(value.datatype) if d.is_vocabulary_term(value.datatype) else (
                "xsd:" + d.local_name(str(value.datatype)) if str(value.datatype).startswith(str(XSD)) else str(value.datatype)
            )
        return shown

    def term(self, node: Node | None, *, source: bool = False) -> Shown:
        """Any term: a literal, a confidence badge, a vocabulary term, a thing with a page, or a web page.

        Args:
            source: the term is the value of a source property (a page to open, not a thing).
        """
        if node is None:
            return Shown(text="")
        if isinstance(node, Literal):
            return self._literal(node)
        if isinstance(node, BNode):
            return Shown(text=f"_:{node}")
        text = str(node)
        slug = d.confidence_slug(node)
        if slug:
            return Shown(text=d.vocab_label(node), badge=slug, title=d.vocab_definition(node), iri=text)
        if d.is_vocabulary_term(node) and not self.names.known(node):
            return Shown(text=d.vocab_label(node), title=d.vocab_definition(node) or text, iri=text)
        ours = self.names.known(node) or text.startswith(self.base) or text.startswith(SDG_NS)
        if ours and not (source and not self.names.known(node)):
            shown = self.label(node)
            shown.href = self.href(node)
            code = self.names.notation(node)
            if code and code != shown.text:
                shown.code = code
            return shown
        if text.startswith(("http://", "https://")):
            return Shown(text=text, href=text, external=True, iri=text)
        return Shown(text=text, iri=text)

    def graph(self, graph: URIRef, titles: dict[URIRef, str]) -> Shown:
        return Shown(text=titles.get(graph) or d.local_name(str(graph)), href=self.href(graph), iri=str(graph))

    def types(self, nodes: Iterable[URIRef]) -> list[Shown]:
        return [Shown(text=d.vocab_label(t), title=d.vocab_definition(t) or str(t), iri=str(t)) for t in nodes]

    def prop(self, prop: URIRef) -> Shown:
        return Shown(text=d.vocab_label(prop), title=d.vocab_definition(prop) or str(prop), iri=str(prop))


# -- responses --------------------------------------------------------------------------------------


def wants_html() -> bool:
    if request.args.get("format") == "html":
        return True
    return request.accept_mimetypes.best_match(["application/json", *HTML_TYPES]) in HTML_TYPES


def html_error(status: int, code: str, message: str, **context) -> Response:
    """An error as an HTML page for browsers, in the JSON shape of :mod:`errors` for everyone else."""
    if wants_html():
        lang, explicit = page_language()
        view = View(d.Labels(), lang, explicit)
        body = render_template(
            "pages/error.html", status=status, code=code, message=message, view=view, **_chrome(view), **context
        )
        return Response(body, status=status, mimetype="text/html")
    return error_response(status, code, message)


def _chrome(view: View) -> dict:
    """What the base layout needs: the language picker and the current query."""
    keep = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return {
        "languages": d.LANGUAGES,
        "keep_args": keep,
        "version": __version__,
        "marks": d.confidence_marks(),
        "lang": view.lang,
    }


def _html(template: str, view: View, status: int = 200, **context) -> Response:
    body = render_template(template, view=view, **_chrome(view), **context)
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


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
    return serve(_base() + local)


@bp.get("/resource")
def resource() -> Response:
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
    mime = negotiate()
    if mime is None:
        offered = ", ".join(["text/html", *RDF_TYPES])
        return error_response(406, "not_acceptable", f"this resource is available as {offered}")
    node = URIRef(iri)
    store = _store()
    if not d.exists(store, node):
        if mime in HTML_TYPES:
            return html_error(404, "not_found", f"nothing in the graph is named {iri}", iri=iri)
        return error_response(404, "not_found", f"nothing in the graph is named {iri}")
    lang, explicit = page_language()
    description = d.describe(store, node, lang)
    if mime in HTML_TYPES:
        return _resource_page(description, lang, explicit)
    return _rdf(description, mime)


def _rdf(description: d.Description, mime: str) -> Response:
    base = _base()
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


def _resource_page(description: d.Description, lang: str, explicit: bool) -> Response:
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
        start = own.value("alignmentSubject", "actionLine", "scopeDocument")
        own_from = view.term(start) if start is not None else None
        if description.names.pick(iri, lang) is None and own_from is not None:
            ends = [own_from.code or own_from.text, own_row.other.code or own_row.other.text]
            title = Shown(text=f"{ends[0]} {own_row.relation.text} {ends[1]}", iri=str(iri))
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
    }
    response = _html("pages/resource.html", view, **context)
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
    prop: Shown
    value: Shown
    graphs: list[Shown]
    qualified: list[str] = field(default_factory=list)


@dataclass
class QualifiedRow:
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
    period = q.value("dateAsWorded")
    start, end = q.value("periodStart"), q.value("periodEnd")
    if period is None and (start is not None or end is not None):
        period = f"{start or '?'}–{end or ''}"
    summary = q.value(DCTERMS.description, SKOS.note)
    return QualifiedRow(
        node=q.node,
        anchor=f"q{index}",
        kind=q.kind,
        direction=q.direction,
        relation=relation,
        relation_as_worded=_text(q.value("relationAsWorded") or q.value("roleAsWorded")),
        other=view.term(q.other),
        link=view.term(q.node),
        method=view.term(q.method) if q.method is not None else None,
        confidence=view.term(q.confidence) if q.confidence is not None else None,
        confidence_note=_text(q.value("confidenceNote")),
        locator=_text(q.value("locator")),
        period=_text(period),
        sources=[view.term(s, source=True) for s in q.sources],
        citations=[str(c) for c in q.citations],
        summary=view.term(summary) if isinstance(summary, Literal) else None,
        graphs=[view.graph(g, titles) for g in q.graphs],
    )


def _text(node: Node | str | None) -> str | None:
    return None if node is None else str(node)


# -- browse ------------------------------------------------------------------------------------------


@dataclass
class Item:
    """One row of a browse list: a thing, its code and label, and what hangs below it."""

    node: URIRef
    shown: Shown
    code: str | None
    children: list["Item"] = field(default_factory=list)
    notes: list[Shown] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _item(view: View, node: URIRef, **extra) -> Item:
    shown = view.label(node)
    shown.href = view.href(node)
    return Item(node=node, shown=shown, code=view.names.notation(node), extra=extra)


def _sorted(items: list[Item], key=None) -> list[Item]:
    return sorted(items, key=key or (lambda i: (d.natural_key(i.code or i.shown.text), str(i.node))))


def _browse_view(*classes: URIRef) -> View:
    lang, explicit = page_language()
    names = d.Labels()
    for cls in classes:
        d.names_of_class(_store(), cls, names)
    return View(names, lang, explicit)


BROWSE_PAGES = [
    ("pages.browse_action_lines", "Action Lines", "The WSIS Action Lines C1–C11 and the C7 e-application sub-lines, with their facilitators."),
    ("pages.browse_sdgs", "Sustainable Development Goals", "Goals, their targets and the indicators that measure them, with the Action Lines linked to each."),
    ("pages.browse_gdc", "Global Digital Compact", "The five objectives and the paragraphs and commitments under each; the principles."),
    ("pages.browse_entities", "Entities", "UN entities and the Action Lines they facilitate; the processes and bodies around them."),
    ("pages.browse_rights", "Human-rights instruments", "Instruments and their provisions (articles)."),
    ("pages.browse_graphs", "Named graphs", "Where the statements come from: one graph per source, described in the description graph."),
]


@bp.get("/browse")
def browse_index() -> Response:
    lang, explicit = page_language()
    view = View(d.Labels(), lang, explicit)
    pages = [(view.url(endpoint), title, blurb) for endpoint, title, blurb in BROWSE_PAGES]
    return _html("pages/browse_index.html", view, pages=pages)


def _facilitators_by_line(view: View, rows: list[d.FacilitationRow]) -> dict[Node, list[dict]]:
    titles = d.graph_titles(_store())
    by_line: dict[Node, list[dict]] = defaultdict(list)
    for row in rows:
        by_line[row.line].append(
            {
                "entity": view.term(row.entity),
                "line": view.term(row.line) if row.line is not None else None,
                "role": view.term(row.role) if row.role is not None else Shown(text="role not stated"),
                "period": row.period,
                "confidence": view.term(row.confidence) if row.confidence is not None else None,
                "statement": view.href(row.node),
                "graph": view.graph(row.graph, titles),
                "sort": (
                    ROLE_ORDER.index(row.role) if row.role in ROLE_ORDER else len(ROLE_ORDER),
                    d.natural_key(view.names.notation(row.entity) or str(row.entity)),
                    row.period or "",
                ),
            }
        )
    for items in by_line.values():
        items.sort(key=lambda f: f["sort"])
    return by_line


@bp.get("/browse/action-lines")
def browse_action_lines() -> Response:
    store = _store()
    view = _browse_view(_w("ActionLine"), _w("Entity"), _w("Document"), _w("Process"))
    lines = d.members(store, _w("ActionLine"))
    line_set = set(lines)
    parent = {n: p for n, p in d.pairs(store, _w("ActionLine"), SKOS.broader) if p in line_set}
    paragraph = {n: str(p) for n, p in d.pairs(store, _w("ActionLine"), _w("paragraph"))}
    facs = d.facilitations(store)
    by_line = _facilitators_by_line(view, facs)
    items = {n: _item(view, n, facilitators=by_line.get(n, [])) for n in lines}
    top = []
    for n, item in items.items():
        if n in parent:
            items[parent[n]].children.append(item)
        else:
            top.append(item)

    def line_key(i: Item) -> tuple:
        return (d.natural_key(paragraph.get(i.node, "")), d.natural_key(i.code or ""), str(i.node))

    top = _sorted(top)
    for item in top:
        item.children = sorted(item.children, key=line_key)
    overall = [f for key, fs in by_line.items() if key not in line_set for f in fs]
    return _html(
        "pages/browse_action_lines.html", view, top=top, count=len(lines), overall=overall, statements=len(facs)
    )


@bp.get("/browse/sdgs")
def browse_sdgs() -> Response:
    store = _store()
    view = _browse_view(_w("SDGGoal"), _w("SDGTarget"), _w("SDGIndicator"), _w("ActionLine"))
    goals = {n: _item(view, n) for n in d.members(store, _w("SDGGoal"))}
    targets = {n: _item(view, n) for n in d.members(store, _w("SDGTarget"))}
    indicators = d.members(store, _w("SDGIndicator"))
    for target, goal in d.pairs(store, _w("SDGTarget"), _w("goal")):
        if target in targets and goal in goals:
            goals[goal].children.append(targets[target])
    listings = 0
    for indicator, target in d.pairs(store, _w("SDGIndicator"), _w("measures")):
        if target in targets:
            targets[target].children.append(_item(view, indicator))
            listings += 1
    contributes: dict[Node, set[Node]] = defaultdict(set)
    for line, sdg in d.direct(store, _w("contributesTo")):
        contributes[sdg].add(line)
    for item in list(goals.values()) + list(targets.values()):
        item.notes = [view.term(line) for line in sorted(contributes.get(item.node, ()), key=lambda n: d.natural_key(view.names.notation(n) or str(n)))]
    ordered = _sorted(list(goals.values()))
    for goal in ordered:
        goal.children = _sorted(goal.children)
        for target in goal.children:
            target.children = _sorted(target.children)
    opened = request.args.get("goal", "")
    return _html(
        "pages/browse_sdgs.html",
        view,
        goals=ordered,
        counts={"goals": len(goals), "targets": len(targets), "indicators": len(indicators), "listings": listings},
        opened=opened,
        open_all=opened == "all",
    )


@bp.get("/browse/gdc")
def browse_gdc() -> Response:
    store = _store()
    view = _browse_view(_w("GDCObjective"), _w("GDCParagraph"), _w("GDCPrinciple"))
    objectives = {n: _item(view, n) for n in d.members(store, _w("GDCObjective"))}
    commitments = set(d.members(store, _w("GDCCommitment")))
    paragraphs = d.members(store, _w("GDCParagraph"))
    number = {n: str(p) for n, p in d.pairs(store, _w("GDCParagraph"), _w("paragraph"))}
    summary = defaultdict(list)
    for n, text in d.pairs(store, _w("GDCParagraph"), DCTERMS.description):
        summary[n].append(text)
    placed = set()
    for paragraph, objective in d.pairs(store, _w("GDCParagraph"), _w("objective")):
        if objective in objectives:
            item = _item(view, paragraph, commitment=paragraph in commitments)
            chosen = d.pick_text(summary.get(paragraph, []), view.lang)
            item.notes = [view.term(chosen)] if chosen is not None else []
            objectives[objective].children.append(item)
            placed.add(paragraph)

    def paragraph_key(i: Item) -> tuple:
        return (number.get(i.node) is None, d.natural_key(number.get(i.node, "")), d.natural_key(i.code or ""))

    ordered = _sorted(list(objectives.values()))
    for objective in ordered:
        objective.children = sorted(objective.children, key=paragraph_key)
    others = []
    for paragraph in paragraphs:
        if paragraph not in placed:
            item = _item(view, paragraph, commitment=paragraph in commitments)
            chosen = d.pick_text(summary.get(paragraph, []), view.lang)
            item.notes = [view.term(chosen)] if chosen is not None else []
            others.append(item)
    others.sort(key=paragraph_key)
    principles = _sorted([_item(view, n) for n in d.members(store, _w("GDCPrinciple"))])
    return _html(
        "pages/browse_gdc.html",
        view,
        objectives=ordered,
        others=others,
        principles=principles,
        counts={
            "objectives": len(objectives),
            "paragraphs": len(paragraphs),
            "commitments": len(commitments),
            "principles": len(principles),
            "placed": len(placed),
        },
    )


@bp.get("/browse/entities")
def browse_entities() -> Response:
    store = _store()
    view = _browse_view(_w("Entity"), _w("ActionLine"), _w("Process"), _w("Document"))
    entities = {n: _item(view, n) for n in d.members(store, _w("Entity"))}
    kinds = {n: str(v) for n, v in d.pairs(store, _w("Entity"), _w("entityType"))}
    facs = d.facilitations(store)
    by_entity: dict[Node, list[dict]] = defaultdict(list)
    for line, items in _facilitators_by_line(view, facs).items():
        for f in items:
            by_entity[URIRef(f["entity"].iri)].append(f)
    for n, item in entities.items():
        item.extra["kind"] = kinds.get(n)
        rows = by_entity.get(n, [])
        rows.sort(key=lambda f: (d.natural_key(f["line"].code or f["line"].text) if f["line"] else (), f["sort"]))
        item.extra["facilitations"] = rows
        item.extra["lines"] = len({f["line"].iri for f in rows if f["line"] is not None})
    processes = {n: _item(view, n) for n in d.members(store, _w("Process"))}
    process_kinds = {n: str(v) for n, v in d.pairs(store, _w("Process"), _w("processType"))}
    for n, item in processes.items():
        item.extra["kind"] = process_kinds.get(n)
    return _html(
        "pages/browse_entities.html",
        view,
        entities=_sorted(list(entities.values())),
        processes=_sorted([p for n, p in processes.items() if n not in entities]),
        counts={"entities": len(entities), "processes": len([n for n in processes if n not in entities])},
    )


@bp.get("/browse/rights")
def browse_rights() -> Response:
    store = _store()
    view = _browse_view(_w("Instrument"), _w("Provision"))
    instruments = {n: _item(view, n) for n in d.members(store, _w("Instrument"))}
    kinds = {n: str(v) for n, v in d.pairs(store, _w("Instrument"), _w("instrumentKind"))}
    provisions = d.members(store, _w("Provision"))
    placed = 0
    for provision, instrument in d.pairs(store, _w("Provision"), _w("instrument")):
        if instrument in instruments:
            instruments[instrument].children.append(_item(view, provision))
            placed += 1
    ordered = _sorted(list(instruments.values()))
    for item in ordered:
        item.extra["kind"] = kinds.get(item.node)
        item.children = _sorted(item.children)
    return _html(
        "pages/browse_rights.html",
        view,
        instruments=ordered,
        counts={"instruments": len(instruments), "provisions": len(provisions), "placed": placed},
    )


@bp.get("/browse/graphs")
def browse_graphs() -> Response:
    lang, explicit = page_language()
    view = View(d.Labels(), lang, explicit)
    rows = []
    for row in d.dataset_graphs(_store()):
        rows.append(
            {
                "graph": Shown(text=str(row["title"]), href=view.href(row["graph"]), iri=str(row["graph"])),
                "key": _text(row["key"]),
                "publisher": _text(row["publisher"]),
                "triples": _text(row["triples"]),
                "description": view.term(row["description"]) if row["description"] is not None else None,
            }
        )
    return _html("pages/browse_graphs.html", view, graphs=rows)


# -- search ------------------------------------------------------------------------------------------


@bp.get("/search")
def search() -> Response:
    text = request.args.get("q", "")
    asked_lang = request.args.get("lang", "")
    filter_lang = None if asked_lang in ("", "all", "*") else d.normalise_language(asked_lang)
    as_json = request.args.get("format") == "json" or (
        request.args.get("format") is None
        and request.accept_mimetypes.best_match(["application/json", *HTML_TYPES]) == "application/json"
        and not wants_html()
    )
    if asked_lang not in ("", "all", "*") and filter_lang is None:
        message = f"unknown language {asked_lang!r}; use one of {', '.join(d.LANGUAGES)} or all"
        return html_error(400, "bad_request", message) if not as_json else error_response(400, "bad_request", message)
    if len(text) > MAX_SEARCH:
        message = f"the search text is longer than {MAX_SEARCH} characters"
        return html_error(400, "bad_request", message) if not as_json else error_response(400, "bad_request", message)
    hits, total = d.search(_store(), text, filter_lang) if text.strip() else ([], 0)
    display_lang = filter_lang or page_language()[0]
    explicit = bool(filter_lang) or page_language()[1]
    names = d.Labels()
    for hit in hits:
        for prop, value in hit.names:
            names.add(hit.iri, prop, value)
    view = View(names, display_lang, explicit)
    if as_json:
        body = {
            "query": text,
            "lang": filter_lang or "all",
            "total": total,
            "results": [
                {
                    "iri": str(hit.iri),
                    "page": view.href(hit.iri),
                    "label": str(hit.label),
                    "lang": hit.label.language,
                    "property": str(hit.prop),
                    "types": [str(t) for t in hit.types],
                }
                for hit in hits
            ],
        }
        return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    results = []
    for hit in hits:
        match = view._literal(hit.label)
        match.fallback = False
        shown = view.label(hit.iri) if hit.prop == SKOS.notation else None
        results.append(
            {
                "href": view.href(hit.iri),
                "match": match,
                "property": view.prop(hit.prop),
                "types": view.types(t for t in hit.types),
                "name": shown,
                "code": view.names.notation(hit.iri),
                "iri": str(hit.iri),
                "language": d.LANGUAGES.get(hit.label.language or "", hit.label.language or "no language (code)"),
            }
        )
    return _html(
        "pages/search.html",
        view,
        q=text,
        search_lang=filter_lang or "all",
        results=results,
        total=total,
        shown=len(results),
    )


__all__ = ["bp", "base_path"]
