"""Label search: ``/search?q=…&lang=…``.

Labels, alternative labels and notations that contain the text, in any of the six UN languages
(or in the one ``lang`` names), best first (see :func:`wsis_graph.web.pages.lookup.search`). A
page for a browser; JSON when the client asks for it (``?format=json`` or ``Accept``). A 400
names an unknown language or a text longer than :data:`MAX_SEARCH` characters.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request
from rdflib.namespace import SKOS

from wsis_graph.web.errors import error_response
from wsis_graph.web.pages import lookup
from wsis_graph.web.pages.labels import LANGUAGES, Labels, normalise_language
from wsis_graph.web.pages.view import HTML_TYPES, View, current_store, html_error, page_language, render_page, wants_html

bp = Blueprint("search", __name__)

MAX_SEARCH = 200


@bp.get("/search")
def search() -> Response:
    """The search page, or the hits as JSON."""
    text = request.args.get("q", "")
    asked_lang = request.args.get("lang", "")
    filter_lang = None if asked_lang in ("", "all", "*") else normalise_language(asked_lang)
    as_json = request.args.get("format") == "json" or (
        request.args.get("format") is None
        and request.accept_mimetypes.best_match(["application/json", *HTML_TYPES]) == "application/json"
        and not wants_html()
    )
    if asked_lang not in ("", "all", "*") and filter_lang is None:
        message = f"unknown language {asked_lang!r}; use one of {', '.join(LANGUAGES)} or all"
        return html_error(400, "bad_request", message) if not as_json else error_response(400, "bad_request", message)
    if len(text) > MAX_SEARCH:
        message = f"the search text is longer than {MAX_SEARCH} characters"
        return html_error(400, "bad_request", message) if not as_json else error_response(400, "bad_request", message)
    hits, total = lookup.search(current_store(), text, filter_lang) if text.strip() else ([], 0)
    display_lang = filter_lang or page_language()[0]
    explicit = bool(filter_lang) or page_language()[1]
    names = Labels()
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
        match = view.literal(hit.label)
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
                "language": LANGUAGES.get(hit.label.language or "", hit.label.language or "no language (code)"),
            }
        )
    return render_page(
        "pages/search.html",
        view,
        q=text,
        search_lang=filter_lang or "all",
        results=results,
        total=total,
        shown=len(results),
    )



__all__ = ["bp"]
