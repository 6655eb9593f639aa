"""The query editor page at ``/`` (minimal for now: the list of named queries)."""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response

from wsis_graph.queries.registry import named_queries

bp = Blueprint("editor", __name__)


@bp.get("/")
def index() -> Response:
    items = "".join(f"<li><b>{escape(q.name)}</b>: {escape(q.title)}</li>" for q in named_queries().values())
    html = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>wsis-graph</title>"
        "<h1>wsis-graph SPARQL endpoint</h1><p>Send queries to <code>/sparql</code>.</p>"
        f"<h2>Named queries</h2><ul>{items}</ul></html>"
    )
    return Response(html, mimetype="text/html")
