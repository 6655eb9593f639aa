"""A minimal read-only SPARQL endpoint (query by GET, POST form and POST direct).

The full SPARQL 1.1 Protocol, the editor and the Linked Data pages come in the endpoint issue;
this serves the SELECT/ASK result formats by content negotiation and answers errors in one JSON
shape.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, request

from wsis_graph import __version__
from wsis_graph.freshness import is_fresh, write_stamp
from wsis_graph.queries.registry import named_queries
from wsis_graph.results import render
from wsis_graph.store import OxigraphStore, QueryError, Store, open_store

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


def ensure_built(url: str, progress: Callable[[str], None] | None = None) -> bool:
    """Build the store when it is missing or older than the sources. Returns True if it built."""
    from wsis_graph.publish import publish

    store = open_store(url)
    if isinstance(store, OxigraphStore):
        if is_fresh(store.path) and len(store):
            return False
        publish(store, progress=progress)
        write_stamp(store.path)
        store.close()
        return True
    publish(store, progress=progress)
    return True


def _error(status: int, code: str, message: str) -> Response:
    body = json.dumps({"error": {"code": code, "message": message}})
    return Response(body, status=status, mimetype="application/json")


def create_app(store: str | Store | None = None) -> Flask:
    """The Flask application, serving one store."""
    app = Flask(__name__)
    app.config["STORE"] = store if isinstance(store, Store) else open_store(store)

    @app.get("/health")
    def health() -> Response:
        st: Store = app.config["STORE"]
        return Response(
            json.dumps({"status": "ok", "store": st.url, "version": __version__, "quads": len(st)}),
            mimetype="application/json",
        )

    @app.get("/")
    def index() -> Response:
        items = "".join(
            f"<li><b>{q.name}</b>: {q.title}</li>" for q in named_queries().values()
        )
        html = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>wsis-graph</title>"
            "<h1>wsis-graph SPARQL endpoint</h1><p>Send queries to <code>/sparql</code>.</p>"
            f"<h2>Named queries</h2><ul>{items}</ul></html>"
        )
        return Response(html, mimetype="text/html")

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        if request.method == "GET":
            queries = request.args.getlist("query")
        elif request.mimetype == "application/x-www-form-urlencoded":
            queries = request.form.getlist("query")
        elif request.mimetype == "application/sparql-query":
            queries = [request.get_data(as_text=True)]
        else:
            return _error(415, "unsupported_media_type", f"POST body of type {request.mimetype or 'none'} is not a query")
        if len(queries) != 1:
            return _error(400, "bad_request", "give exactly one 'query' parameter")
        fmt = "json"
        for mime, _q in request.accept_mimetypes:
            if mime in RESULT_TYPES:
                fmt = RESULT_TYPES[mime]
                break
        t0 = time.perf_counter()
        try:
            result = app.config["STORE"].query(queries[0])
        except QueryError as exc:
            return _error(400, "malformed_query", str(exc))
        body = render(result, fmt)
        mimetype = {"json": "application/sparql-results+json", "csv": "text/csv", "tsv": "text/tab-separated-values"}[fmt]
        if result.kind == "graph":
            mimetype = "text/turtle"
        app.logger.info("query %.1f ms", (time.perf_counter() - t0) * 1000)
        return Response(body, mimetype=mimetype)

    return app
