"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``.

Graphs are named indirectly (``/store?graph=<IRI>``, ``/store?default``) or directly (the request
URL ``/store/<path>`` is itself the graph IRI).

- ``GET``/``HEAD`` always work: the graph in Turtle, N-Triples, RDF/XML, JSON-LD, TriG or N-Quads
  by content negotiation (406 when none is acceptable), 404 for a graph the store does not hold.
  ``GET /store`` with no graph gives the whole dataset in TriG or N-Quads.
- ``PUT`` (replace), ``POST`` (merge; to ``/store`` itself: create a new graph, answered
  ``201 Created`` with its IRI in ``Location``) and ``DELETE`` change the store only when updates
  are switched on, with the bearer token (see :mod:`wsis_graph.web.protocol.update`). ``201 Created`` when
  a graph comes into being, ``204 No Content`` when an existing one changes. Bodies are read by
  :mod:`wsis_graph.web.protocol.rdf_input`; ``multipart/form-data`` bodies are merged part by part.

Every write goes through :func:`wsis_graph.web.protocol.update.apply_change`: the change is validated
against the SHACL shapes on a copy first and refused (422, with the report) if the data would
not conform; otherwise it is committed in one transaction.

The default graph here is the store's unnamed default graph (empty after a build; every source
has its own named graph), not the union of all graphs that ``/sparql`` queries by default.
"""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from rdflib import URIRef

from wsis_graph.problems import Problem
from wsis_graph.namespaces import PREFIXES
from wsis_graph.sparql.checks import check_iri
from wsis_graph.store import Store, StoreError
from wsis_graph.store.terms import to_ox
from wsis_graph.uris import Minter
from wsis_graph.web.protocol.rdf_input import EXTENSIONS, parse_graph
from wsis_graph.web.protocol.update import ChangeSummary, apply_change, require_write_access, store_error_response, write_lock

bp = Blueprint("graph_store", __name__)

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]

#: What a graph can be served as: media type → (format, Content-Type sent). JSON-LD is UTF-8
#: by definition and takes no charset parameter.
GRAPH_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    fmt.media_type: (fmt, fmt.media_type if fmt == ox.RdfFormat.JSON_LD else f"{fmt.media_type}; charset=utf-8")
    for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD, ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
}
#: What the whole dataset can be served as.
DATASET_FORMATS = ("application/trig", "application/n-quads")
_QUAD_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Target:
    """The graph a request is about: a named graph, the default graph, or the store itself."""

    def __init__(self, iri: str | None, default: bool = False) -> None:
        self.iri = iri
        self.default = default

    @property
    def is_store(self) -> bool:
        return self.iri is None and not self.default

    def sparql(self) -> str:
        return "DEFAULT" if self.default else f"GRAPH <{self.iri}>"

    def describe(self) -> str:
        return "the default graph" if self.default else f"graph <{self.iri}>"


def _target(rest: str | None) -> _Target:
    args = request.args
    named = args.getlist("graph")
    default = "default" in args
    if rest is not None:
        if named or default:
            raise Problem(400, "bad_request", "a graph named by the request URL takes no ?graph or ?default")
        return _Target(check_iri(request.base_url, "the request URL"))
    if named and default:
        raise Problem(400, "bad_request", "give either ?graph=IRI or ?default, not both")
    if len(named) > 1:
        raise Problem(400, "bad_request", "give one ?graph parameter")
    if named:
        if not named[0]:
            raise Problem(400, "bad_request", "?graph needs an IRI")
        return _Target(check_iri(named[0], "?graph"))
    return _Target(None, default)


def _exists(store: Store, target: _Target) -> bool:
    return target.default or URIRef(target.iri) in store.graphs()


# -- Reading -------------------------------------------------------------------------------------


def accept_ranges(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values; other parameters are ignored.

    >>> accept_ranges("text/turtle; charset=utf-8, application/rdf+xml;q=0.5, */*;q=0")
    [('text/turtle', 1.0), ('application/rdf+xml', 0.5), ('*/*', 0.0)]
    """
    ranges = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers: highest q of its most specific matching range; ties go
    to the order of ``offered``. No header means anything. ``None`` when nothing is acceptable.

    >>> negotiate("application/n-triples;q=0.9, text/*;q=0.2", ["text/turtle", "application/n-triples"])
    'application/n-triples'
    >>> negotiate("image/png", ["text/turtle"]) is None
    True
    """
    if not header or not header.strip():
        return offered[0]
    ranges = accept_ranges(header)
    best, best_q = None, 0.0
    for media in offered:
        kind = media.split("/")[0]
        specificity, q = -1, 0.0
        for pattern, weight in ranges:
            level = 2 if pattern == media else 1 if pattern == f"{kind}/*" else 0 if pattern == "*/*" else -1
            if level > specificity:
                specificity, q = level, weight
        if specificity >= 0 and q > best_q:
            best, best_q = media, q
    return best


def _negotiate(offered: list[str]) -> str:
    best = negotiate(request.headers.get("Accept"), offered)
    if best is None:
        raise Problem(406, "not_acceptable", f"none of the Accept header's types can be served; offered: {', '.join(offered)}")
    return best


def _read(store: Store, target: _Target) -> Response:
    if target.is_store:
        media = _negotiate(list(DATASET_FORMATS))
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in store.quads()]
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in store.default_triples()]
        fmt, content_type = GRAPH_FORMATS[media]
        prefixes = _prefixes(quads) if fmt == ox.RdfFormat.TRIG else None
        return _rdf_response(ox.serialize(quads, format=fmt, prefixes=prefixes), content_type)
    if not _exists(store, target):
        raise Problem(404, "graph_not_found", f"the store holds no {target.describe()}")
    media = _negotiate(list(GRAPH_FORMATS))
    fmt, content_type = GRAPH_FORMATS[media]
    if target.default:
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in store.default_triples()]
    else:
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, _g in store.quads(URIRef(target.iri))]
    if fmt in _QUAD_FORMATS:
        name = ox.DefaultGraph() if target.default else ox.NamedNode(target.iri)
        items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    else:
        items = triples
    prefixes = _prefixes(items) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    return _rdf_response(ox.serialize(items, format=fmt, prefixes=prefixes), content_type)


def _prefixes(items: list) -> dict[str, str]:
    """The project's prefixes (and ``id:`` for minted IRIs) that the serialization will use."""
    candidates = dict(PREFIXES)
    candidates["id"] = current_app.config["SETTINGS"].base
    iris = set()
    for item in items:
        for term in (item.subject, item.predicate, item.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and not term.language and term.datatype.value != _XSD_STRING:
                iris.add(term.datatype.value)
    return {p: ns for p, ns in candidates.items() if any(iri.startswith(ns) for iri in iris)}


def _rdf_response(body: bytes, content_type: str) -> Response:
    response = Response(body, status=200, content_type=content_type)
    response.headers["Vary"] = "Accept"
    return response


# -- Writing -------------------------------------------------------------------------------------


def _body_triples(base_iri: str) -> list[ox.Triple]:
    """The triples of the request body, from one RDF document or a multipart/form-data set of them.

    Raises:
        Problem: the body (or a part of it) was refused.
    """
    if request.mimetype != "multipart/form-data":
        charset = request.mimetype_params.get("charset")
        return parse_graph(request.get_data(), request.mimetype, charset=charset, base_iri=base_iri)
    if request.form:
        name = next(iter(request.form))
        raise Problem(400, "bad_request", f"multipart part {name!r} is not a file with an RDF media type")
    triples: list[ox.Triple] = []
    for part in request.files.values():
        media = part.mimetype
        if not media or media == "application/octet-stream":
            suffix = "." + (part.filename or "").rsplit(".", 1)[-1].lower()
            media = EXTENSIONS.get(suffix, media)
        charset = part.mimetype_params.get("charset")
        triples += parse_graph(part.read(), media, charset=charset, base_iri=base_iri)
    return triples


def _insert_data(target: _Target, triples: list[ox.Triple]) -> str:
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    if target.default:
        return f"INSERT DATA {{\n{lines}\n}}"
    return f"INSERT DATA {{ GRAPH <{target.iri}> {{\n{lines}\n}} }}"


def _write(store: Store, target: _Target) -> Response:
    settings = current_app.config["SETTINGS"]
    method = request.method
    if method == "DELETE" and target.is_store:
        raise Problem(400, "bad_request", "DELETE needs ?graph=IRI or ?default")
    if method == "PUT" and target.is_store:
        raise Problem(400, "bad_request", "PUT needs ?graph=IRI or ?default")
    created_iri = None
    if method == "POST" and target.is_store:
        created_iri = str(Minter(settings.base).iri("graph", f"upload-{uuid.uuid4().hex}"))
        target = _Target(created_iri)
    triples = [] if method == "DELETE" else _body_triples(target.iri or request.base_url)
    with write_lock():
        existed = _exists(store, target)
        if method == "DELETE":
            if not existed:
                raise Problem(404, "graph_not_found", f"the store holds no {target.describe()}")
            change = f"DROP {target.sparql()}"
        elif method == "PUT":
            change = f"DROP SILENT {target.sparql()}"
            if not target.default:
                change += f" ;\nCREATE SILENT GRAPH <{target.iri}>"
            if triples:
                change += " ;\n" + _insert_data(target, triples)
        else:
            change = "" if target.default else f"CREATE SILENT GRAPH <{target.iri}>"
            if triples:
                change += (" ;\n" if change else "") + _insert_data(target, triples)
        summary = apply_change(store, change, time_limit=settings.query_timeout) if change else ChangeSummary()
    current_app.logger.info(
        "graph store %s %s: +%d -%d quads (%.1f ms)",
        method, target.describe(), summary.added, summary.removed, summary.milliseconds,
    )
    response = Response(status=201 if created_iri or not existed else 204)
    del response.headers["Content-Type"]
    if created_iri is not None:
        response.headers["Location"] = created_iri
    return response


@bp.route("/store", methods=METHODS)
@bp.route("/store/<path:rest>", methods=METHODS)
def graph_store(rest: str | None = None) -> Response:
    store: Store = current_app.config["STORE"]
    if request.method in ("GET", "HEAD"):
        return _read(store, _target(rest))
    require_write_access()
    return _write(store, _target(rest))


@bp.errorhandler(StoreError)
def _store_error(exc: StoreError) -> Response:
    return store_error_response(exc)
