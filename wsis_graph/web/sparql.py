"""The SPARQL 1.1 Protocol query endpoint at ``/sparql`` (minimal for now)."""

from __future__ import annotations

import time

from flask import Blueprint, Response, current_app, request

from wsis_graph.results import render
from wsis_graph.store import QueryError
from wsis_graph.web.errors import ApiError

bp = Blueprint("sparql", __name__)

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    if request.method == "GET":
        queries = request.args.getlist("query")
    elif request.mimetype == "application/x-www-form-urlencoded":
        queries = request.form.getlist("query")
    elif request.mimetype == "application/sparql-query":
        queries = [request.get_data(as_text=True)]
    else:
        raise ApiError(415, "unsupported_media_type", f"POST body of type {request.mimetype or 'none'} is not a query")
    if len(queries) != 1:
        raise ApiError(400, "bad_request", "give exactly one 'query' parameter")
    fmt = "json"
    for mime, _q in request.accept_mimetypes:
        if mime in RESULT_TYPES:
            fmt = RESULT_TYPES[mime]
            break
    t0 = time.perf_counter()
    try:
        result = current_app.config["STORE"].query(queries[0])
    except QueryError as exc:
        raise ApiError(400, "malformed_query", str(exc)) from None
    body = render(result, fmt)
    mimetype = {"json": "application/sparql-results+json", "csv": "text/csv", "tsv": "text/tab-separated-values"}[fmt]
    if result.kind == "graph":
        mimetype = "text/turtle"
    current_app.logger.info("query %.1f ms", (time.perf_counter() - t0) * 1000)
    return Response(body, mimetype=mimetype)
