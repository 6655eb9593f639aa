"""The web application: ``create_app()`` wires the settings, the store and the blueprints.

Routes live in one blueprint per concern. The protocol endpoints (:mod:`wsis_graph.web.protocol`):
``sparql`` (the query endpoint and its service description), ``update`` (SPARQL Update) and
``graph_store`` (the Graph Store Protocol). The pages (:mod:`wsis_graph.web.pages`): ``editor``
(the query editor at ``/``), ``view`` (the templates and stylesheet every page shares),
``resource`` (Linked Data pages), ``browse`` (the frameworks as lists), ``search`` (label search),
``proposals`` (proposal sets), ``mapping`` (the GDC → WSIS mapping view), ``roadmap`` (an Action Line's
roadmap sheet, ``/roadmap/<code>``, and its downloads), ``texts`` (the imported official texts),
``text_upload`` (their import from the browser), ``tag`` (tagging a text), ``review`` (the review
workbench: one candidate at a time, decided by a named reviewer) and ``ontology`` (the ontology online:
``/ontology``, a reference of the classes, properties, shapes and notations for a browser and the
ontology in Turtle or JSON-LD for a client, also at ``/ontology.ttl`` and ``/ontology.jsonld``). ``/health`` is answered here. Queries run in the engine's worker processes (:mod:`wsis_graph.engine`), never in
the web process. Every error is answered in the one shape of :mod:`wsis_graph.web.errors`.
"""

from __future__ import annotations

import json
import os

from flask import Flask, Response

from wsis_graph import __version__
from wsis_graph.store import Store, open_store
from wsis_graph.web.errors import register_error_handlers
from wsis_graph.web.pages import (
    browse,
    editor,
    mapping,
    ontology,
    proposals,
    resource,
    review,
    roadmap,
    search,
    tag,
    text_upload,
    texts,
    view,
)
from wsis_graph.web.protocol import graph_store, sparql, update
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
    blueprints = (
        sparql.bp,
        editor.bp,
        update.bp,
        graph_store.bp,
        view.bp,  # the templates and the stylesheet of every page
        resource.bp,
        browse.bp,
        search.bp,
        proposals.bp,
        mapping.bp,
        roadmap.bp,
        texts.bp,
        text_upload.bp,
        tag.bp,
        review.bp,
        ontology.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)

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
