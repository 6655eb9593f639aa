"""The SPARQL 1.1 Protocol query operation at ``/sparql`` (https://www.w3.org/TR/sparql11-protocol/).

Requests (section 2.1):

- ``GET /sparql?query=…`` (2.1.1), ``POST`` ``application/x-www-form-urlencoded`` with ``query=…``
  in the body (2.1.2), ``POST`` ``application/sparql-query`` with the query as the body (2.1.3;
  UTF-8, as the media type's registration requires: another declared charset is 415).
- ``default-graph-uri`` and ``named-graph-uri`` (repeatable; in the URL, or in the form body) give
  the dataset (2.1.4): the default graph is the RDF merge of the first, the named graphs are the
  second; given only one kind, the other is empty. They override ``FROM``/``FROM NAMED`` in the
  query. A graph the store does not hold is an empty graph (the W3C tests name such graphs).
  With no dataset in the request and none in the query, the default graph is the union of all
  graphs (the service description says ``sd:UnionDefaultGraph``) and every named graph is there.
  ``FROM``/``FROM NAMED`` in a query may name graphs of this store only (400 otherwise):
  nothing is ever fetched.
- ``format`` (or ``output``) picks the result format and wins over ``Accept``
  (:mod:`wsis_graph.web.protocol.negotiation`).

Prefixes: a query may use the prefixes of :func:`wsis_graph.namespaces.query_prefixes` without
declaring them, as ``wsis-graph query`` and the editor do (the service description lists them);
a prefix the query declares keeps the query's IRI. A prefix neither declared nor known is a 400
``malformed_query`` (SPARQL makes it a syntax error) naming its line and column; a syntax error
gives its line and column in the text the client sent, not in the text with the added prologue
(:mod:`wsis_graph.sparql.prefixes`).

Answers (2.1.5, 2.1.6): 200 with the result; 400 for a malformed query, a missing query, two
queries, an update (updates go to ``/update``), ``SERVICE``, or ``FROM`` of a graph the store does
not hold; 405 for another method (with ``Allow``); 406 when no acceptable format exists (the
message lists those available); 413/414 for a query or body over the limits; 415 for a body of
another media type; 503 when the query runs out of time (``query_timeout``; its worker is
killed), when every worker stays busy (``busy``), or when the worker died (``query_aborted``).
Every refusal is a :class:`~wsis_graph.problems.Problem`, answered in the one JSON shape of
:mod:`wsis_graph.web.errors`; the executor's own (``busy``, ``query_timeout``, ``query_aborted``)
reach the client as the executor raises them.

A GET without a query answers the service description (:mod:`wsis_graph.web.protocol.service_description`),
or redirects a browser that prefers HTML to the query editor at ``/``.

Responses carry ``Access-Control-Allow-Origin: *`` (reads are public; ``OPTIONS`` answers CORS
preflight requests), ``Vary: Accept``, ``X-Result-Rows`` and, when a cap cut the result,
``X-Result-Truncated: true`` (and a ``truncated`` member in SPARQL JSON). One log line per query
gives its status, duration, rows, bytes and format.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import logging
import threading
import time
import weakref
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, g, redirect, request

from wsis_graph.engine.executor import QueryExecutor, QueryJob
from wsis_graph.problems import Problem
from wsis_graph.namespaces import query_prefixes
from wsis_graph.sparql.checks import Scan, check_iri, scan
from wsis_graph.sparql.prefixes import Prepared, prepare
from wsis_graph.web.protocol import service_description
from wsis_graph.web.protocol.negotiation import (
    DESCRIPTION_FORMATS,
    FORMAT_NAMES,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Choice,
    Format,
    UnknownFormat,
    choose,
    from_parameter,
    media_type_list,
)

log = logging.getLogger("wsis_graph.sparql")

bp = Blueprint("sparql", __name__)

ALLOWED = "GET, HEAD, POST, OPTIONS"
#: The deepest nesting of braces, parentheses and brackets a query may have (the engine's parser
#: recurses on nesting and would overflow its stack some thousands of levels down).
MAX_NESTING = 256
EXECUTOR_KEY = "wsis_graph.query_executor"
_EXECUTOR_LOCK = threading.Lock()
_HTML = Format("html", "text/html", ("application/xhtml+xml",), "HTML")
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}


# -- The executor --------------------------------------------------------------------------------


def get_executor(app: Flask | None = None) -> QueryExecutor:
    """The application's pool of query workers (made on first use)."""
    app = app or current_app._get_current_object()
    executor = app.extensions.get(EXECUTOR_KEY)
    if executor is None:
        with _EXECUTOR_LOCK:
            executor = app.extensions.get(EXECUTOR_KEY)
            if executor is None:
                settings = app.config["SETTINGS"]
                executor = QueryExecutor(
                    settings.query_workers,
                    memory_mb=settings.query_memory_mb,
                    queue_wait=settings.query_timeout,
                )
                app.extensions[EXECUTOR_KEY] = executor
                weakref.finalize(app, executor.close)
    return executor


def warm_up(app: Flask) -> int:
    """Start the query workers and load the data into them, so that the first queries are quick."""
    return get_executor(app).warm(app.config["STORE"])


# -- Reading the request -------------------------------------------------------------------------


@dataclass
class ProtocolRequest:
    """The protocol parameters of a request, wherever they came from."""

    queries: list[str] = field(default_factory=list)
    updates: int = 0
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    via: str = "GET"

    def take(self, pairs: list[tuple[str, str]]) -> None:
        for name, value in pairs:
            if name == "query":
                self.queries.append(value)
            elif name == "update":
                self.updates += 1
            elif name == "default-graph-uri":
                self.default_graphs.append(value)
            elif name == "named-graph-uri":
                self.named_graphs.append(value)
            elif name in ("format", "output"):
                self.formats.append(value)


def _pairs(text: str, charset: str, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict")
    except UnicodeDecodeError as exc:
        raise Problem(400, "bad_encoding", f"{where} holds percent-encoded bytes that are not {charset} ({exc.reason})") from None


def _url_pairs() -> list[tuple[str, str]]:
    try:
        text = request.query_string.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(400, "bad_encoding", "the request URL's query string is not UTF-8") from None
    return _pairs(text, "utf-8", "the request URL's query string")


def _charset(default: str = "utf-8") -> str:
    name = (request.mimetype_params.get("charset") or default).strip().strip('"')
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise Problem(415, "unsupported_charset", f"unknown charset {name!r} in the Content-Type") from None


def read_protocol_request() -> ProtocolRequest:
    """The query, dataset and format parameters, from the URL and, for POST, the body."""
    params = ProtocolRequest(via=request.method)
    params.take(_url_pairs())
    if request.method != "POST":
        return params
    mimetype = request.mimetype
    if mimetype == "application/x-www-form-urlencoded":
        params.via = "POST form"
        charset = _charset()
        try:
            text = request.get_data(cache=True).decode(charset)
        except UnicodeDecodeError as exc:
            raise Problem(400, "bad_encoding", f"the form body is not valid {charset} (byte {exc.start})") from None
        params.take(_pairs(text, charset, "the form body"))
    elif mimetype == "application/sparql-query":
        params.via = "POST direct"
        charset = _charset()
        if charset not in ("utf-8", "ascii"):
            raise Problem(
                415,
                "unsupported_charset",
                f"an application/sparql-query body is UTF-8 (the media type's registration says so), not {charset}; "
                "send the query in UTF-8, or as a form field",
            )
        body = request.get_data(cache=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Problem(400, "bad_encoding", f"the query body is not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
        params.queries.append(text[1:] if text.startswith("\ufeff") else text)
    elif mimetype == "application/sparql-update":
        raise Problem(400, "update_not_allowed", "this is the query endpoint: send SPARQL updates to /update")
    else:
        shown = mimetype or "none"
        raise Problem(
            415,
            "unsupported_media_type",
            f"a query is sent by POST as application/x-www-form-urlencoded (query=…) or as application/sparql-query, "
            f"not with the media type {shown}",
        )
    return params


#: Query texts up to this length have their scan kept (clients repeat the same queries).
SCAN_CACHE_TEXT = 20_000


@functools.lru_cache(maxsize=512)
def _cached_scan(text: str) -> Scan:
    return dataclasses.replace(scan(text), tokens=[])  # the tokens are not needed here; keep it small


def _scan(text: str) -> Scan:
    """The :func:`~wsis_graph.sparql.checks.scan` of a query text, kept for texts seen before.

    A scan depends on the text alone, and is read only here, never changed; the Python
    tokenizer costs a tenth of a millisecond or more on a named query's text, on every request.
    The kept scans leave out the token list (this module reads the form and the flags only).
    """
    return _cached_scan(text) if len(text) <= SCAN_CACHE_TEXT else scan(text)


@functools.lru_cache(maxsize=512)
def _cached_prepare(text: str, base: str) -> Prepared:
    return prepare(text, query_prefixes(base))


def prepared(text: str, base: str) -> Prepared:
    """The query as the engine runs it: with the known prefixes it does not declare
    (:func:`~wsis_graph.sparql.prefixes.prepare`; kept for texts seen before, like the scan).

    Raises:
        Problem: 400 ``malformed_query`` for an unknown prefix.
    """
    return _cached_prepare(text, base) if len(text) <= SCAN_CACHE_TEXT else prepare(text, query_prefixes(base))


def _negotiate(offered: tuple[Format, ...], kind: str, formats: list[str]) -> Choice | None:
    if formats:
        try:
            return from_parameter(formats[-1], offered, kind)
        except UnknownFormat:
            raise Problem(
                400,
                "unknown_format",
                f"format={formats[-1]!r} names no format; use one of {', '.join(FORMAT_NAMES)} or a media type",
            ) from None
    return choose(request.headers.get("Accept"), offered)


def _not_acceptable(offered: tuple[Format, ...], what: str, formats: list[str] | None = None) -> Problem:
    types = media_type_list(offered)
    asked = f"format={formats[-1]}" if formats else f"Accept: {request.headers.get('Accept') or '(none)'}"
    return Problem(
        406,
        "not_acceptable",
        f"the format asked for ({asked}) cannot carry {what}; available: {', '.join(types)} "
        "(or the format parameter: " + ", ".join(sorted({f.key for f in offered})) + ")",
    )


# -- The endpoint --------------------------------------------------------------------------------


@bp.after_request
def _finish(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "X-Result-Rows, X-Result-Truncated"
    info = g.pop("sparql_log", None)
    if info is not None:
        info["status"] = response.status_code
        info["ms"] = (time.perf_counter() - info.pop("t0")) * 1000
        if response.status_code >= 400 and not info.get("code"):
            info["code"] = _error_code(response)
        log.info(
            "query %(via)s status=%(status)d ms=%(ms).1f rows=%(rows)s bytes=%(bytes)s format=%(format)s "
            "truncated=%(truncated)s code=%(code)s chars=%(chars)s client=%(client)s",
            info,
        )
    return response


def _error_code(response: Response) -> str:
    try:
        return (response.get_json(silent=True) or {}).get("error", {}).get("code", "")
    except Exception:  # a body that is not ours
        return ""


_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]


@bp.route("/sparql", methods=_METHODS)
def sparql() -> Response:
    if request.method == "OPTIONS":
        return _preflight()
    if request.method not in ("GET", "HEAD", "POST"):
        raise Problem(
            405,
            "method_not_allowed",
            f"the query endpoint answers GET and POST, not {request.method}; updates go to /update, graphs to /store",
            {"Allow": ALLOWED},
        )
    g.sparql_log = {
        "t0": time.perf_counter(),
        "via": request.method,
        "rows": "-",
        "bytes": "-",
        "format": "-",
        "truncated": "-",
        "code": "",
        "chars": "-",
        "client": request.remote_addr or "-",
    }
    params = read_protocol_request()
    g.sparql_log["via"] = params.via.replace(" ", "-")
    if params.updates:
        raise Problem(
            400, "update_not_allowed", "this is the query endpoint: send SPARQL updates by POST to /update (update=…)"
        )
    if not params.queries:
        if request.method == "POST":
            raise Problem(400, "missing_query", "the request has no query: send it as query=… or as an application/sparql-query body")
        g.pop("sparql_log", None)
        return _service_description(params)
    if len(params.queries) > 1:
        raise Problem(400, "multiple_queries", f"the request has {len(params.queries)} queries; send exactly one")
    return _query(params)


# The W3C tests write the endpoint as /sparql/; url_for("sparql.sparql") stays /sparql.
bp.add_url_rule("/sparql/", endpoint="sparql_slash", view_func=sparql, methods=_METHODS)


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Allow"] = ALLOWED
    response.headers["Access-Control-Allow-Methods"] = ALLOWED
    requested = request.headers.get("Access-Control-Request-Headers")
    response.headers["Access-Control-Allow-Headers"] = requested or "Accept, Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    return response


def _query(params: ProtocolRequest) -> Response:
    settings = current_app.config["SETTINGS"]
    text = params.queries[0]
    g.sparql_log["chars"] = len(text)
    if not text.strip():
        raise Problem(400, "missing_query", "the query is empty")
    if len(text) > settings.max_query_length:
        status = 414 if request.method in ("GET", "HEAD") else 413
        raise Problem(
            status,
            "query_too_long",
            f"the query has {len(text)} characters; this server takes at most {settings.max_query_length}",
        )
    default_graphs = [check_iri(iri, "default-graph-uri") for iri in params.default_graphs]
    named_graphs = [check_iri(iri, "named-graph-uri") for iri in params.named_graphs]
    found = _scan(text)
    if found.nesting > MAX_NESTING:
        raise Problem(
            400,
            "query_too_deep",
            f"the query nests braces, parentheses or brackets {found.nesting} levels deep; this server takes at most {MAX_NESTING}",
        )
    if found.form == "update":
        raise Problem(
            400,
            "update_not_allowed",
            f"{found.keyword.upper()} is an update; this is the query endpoint: send updates by POST to /update",
        )
    if found.service_risk:
        raise Problem(
            400,
            "service_refused",
            "SERVICE is refused: this endpoint never queries other endpoints or reads files; federated queries "
            "must run on your side",
        )
    ready = prepared(text, settings.base)
    results = _negotiate(RESULT_FORMATS, "results", params.formats)
    graph = _negotiate(GRAPH_FORMATS, "graph", params.formats)
    if found.form in ("select", "ask") and results is None:
        raise _not_acceptable(RESULT_FORMATS, f"{found.form.upper()} results", params.formats)
    if found.form in ("construct", "describe") and graph is None:
        raise _not_acceptable(GRAPH_FORMATS, f"{found.form.upper()} results (an RDF graph)", params.formats)
    protocol_dataset = bool(default_graphs or named_graphs)
    job = QueryJob(
        query=ready.text,
        base=request.base_url,
        default_graphs=default_graphs if protocol_dataset else None,
        named_graphs=named_graphs if protocol_dataset else None,
        formats={"results": results.key if results else None, "graph": graph.key if graph else None},
        analyse=found.needs_algebra,
        mentions_service=found.mentions_service,
        max_rows=settings.max_rows,
        max_bytes=settings.max_result_bytes,
        prefixes=query_prefixes(settings.base),
    )
    # Busy, QueryTimeout and WorkerDied are Problems: they reach the client as they are.
    outcome = get_executor().run(current_app.config["STORE"], job, settings.query_timeout)
    if not outcome.ok:
        if outcome.code == "not_acceptable":
            offered = GRAPH_FORMATS if outcome.kind == "graph" else RESULT_FORMATS
            raise _not_acceptable(offered, "this query's results", params.formats)
        message = ready.message(outcome.message) if outcome.code == "malformed_query" else outcome.message
        raise Problem(outcome.status, outcome.code, message)
    choice = graph if outcome.kind == "graph" else results
    response = Response(outcome.body, status=200, content_type=choice.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-Result-Rows"] = str(outcome.rows)
    if outcome.truncated:
        response.headers["X-Result-Truncated"] = "true"
    g.sparql_log.update(
        rows=outcome.rows,
        bytes=len(outcome.body),
        format=choice.key,
        truncated="yes" if outcome.truncated else "no",
    )
    return response


def _service_description(params: ProtocolRequest) -> Response:
    settings = current_app.config["SETTINGS"]
    offered = DESCRIPTION_FORMATS + (_HTML,)
    choice = _negotiate(DESCRIPTION_FORMATS, "graph", params.formats) if params.formats else choose(request.headers.get("Accept"), offered)
    if choice is None:
        raise _not_acceptable(DESCRIPTION_FORMATS, "the service description", params.formats)
    if choice.key == "html":
        response = redirect(request.script_root + "/", code=303)
        response.headers["Vary"] = "Accept"
        return response
    triples = service_description.describe(current_app.config["STORE"], request.base_url, settings.base)
    body = service_description.serialize(triples, _RDF_FORMATS[choice.key])
    response = Response(body, status=200, content_type=choice.content_type)
    response.headers["Vary"] = "Accept"
    return response
