"""The web application: ``create_app()`` wires the settings, the store and the blueprints.

Routes live in one blueprint per concern: ``sparql`` (the query endpoint), ``editor`` (the query
editor page). Every error is answered in the shape of :mod:`wsis_graph.web.errors`.
"""

from __future__ import annotations

import json
import os

from flask import Flask, Response

from wsis_graph import __version__
from wsis_graph.store import Store, open_store
from wsis_graph.web.pages import editor
from wsis_graph.web.protocol import sparql
from wsis_graph.web.errors import register_error_handlers
from wsis_graph.web.settings import Settings


def create_app(settings: Settings | str | None = None, *, store: Store | None = None) -> Flask:
    """The Flask application.

    Args:
        settings: the settings, or just a store URL.
        store: an already open store to serve (tests); opened from the settings otherwise.
    """
    if not isinstance(settings, Settings):
        settings = Settings(store_url=settings) if settings else Settings()
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.config["STORE"] = store if store is not None else open_store(settings.store_url, read_only=settings.read_only)
    register_error_handlers(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(editor.bp)
    from wsis_graph.web.protocol import graph_store
    from wsis_graph.web.protocol import update  # updates and the Graph Store Protocol

    app.register_blueprint(update.bp)
    app.register_blueprint(graph_store.bp)
    from wsis_graph.web.pages import browse, resource, search, view  # Linked Data pages, browse lists, label search

    app.register_blueprint(view.bp)  # the templates and the stylesheet of every page
    app.register_blueprint(resource.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(search.bp)
    from wsis_graph.web.pages import proposals  # proposal sets: list, authorised upload, withdraw

    app.register_blueprint(proposals.bp)
    from wsis_graph.web.pages import mapping  # the GDC → WSIS mapping view: /map, /map.csv, /map.xlsx

    app.register_blueprint(mapping.bp)

    @app.get("/health")
    def health() -> Response:
        from wsis_graph.stats import dataset_version

        st: Store = app.config["STORE"]
        body = {
            "status": "ok",
            "store": st.url,
            "software_version": __version__,
            "dataset_version": dataset_version(st),
            "triples": len(st),
            "updates": settings.updates_enabled and not settings.read_only,
            "process": os.getpid(),
        }
        return Response(json.dumps(body), mimetype="application/json")

    return app
