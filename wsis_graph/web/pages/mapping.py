"""The GDC → WSIS mapping view on the web: ``/map``, ``/map.csv`` and ``/map.xlsx``.

* ``GET /map``: an HTML page with a selector (every commitment, one objective or one commitment),
  how much of the adopted text of the Compact the graph holds (or that it has not been imported,
  and the command that imports it), and the rows of
  :func:`wsis_graph.analysis.mapping.build_mapping` grouped by commitment: each commitment with
  its paragraph, its words (the official text in the page's language when imported, else English,
  else our own summary, marked as such) and its objective, then its paths (Action Line ×
  facilitating entity, with the route, the strength, the weakest confidence as the confidence
  badge of the other pages, and the evidence path), each thing linked to its page; then the
  commitments with no home, with their words too. A client that prefers JSON gets the rows as JSON.
* ``GET /map.csv`` and ``GET /map.xlsx``: the same rows as a download, for the same filter.

Query parameters: ``gdc`` (an objective or commitment, by code or IRI; empty for all),
``proposals`` (``1`` to include the proposal sets) and ``suggested`` (``1`` to show the open
candidates of the review queue as rows of route ``suggested``, counted nowhere). An unknown ``gdc`` is a 400 that names it.
The store is projected afresh for each request (about half a second on the real data).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request

from wsis_graph.analysis.common import name, of_type
from wsis_graph.analysis.facilitation import RECENT_YEARS
from wsis_graph.analysis.gdc import ROUTES, objective_of
from wsis_graph.analysis.mapping import COLUMNS, build_mapping, csv_text, xlsx_bytes
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.analysis.projection import ResolveError, project
from wsis_graph.analysis.gdc_texts import shorten
from wsis_graph.web.pages.gdc_text import page_coverage, page_texts, shown_text
from wsis_graph.web.pages.view import View, html_error, render_page, wants_html

bp = Blueprint("mapping", __name__)

_TRUE = ("1", "true", "yes", "on")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters() -> tuple[str, bool, bool]:
    flag = lambda key: (request.args.get(key) or "").lower() in _TRUE  # noqa: E731
    return (request.args.get("gdc") or "").strip(), flag("proposals"), flag("suggested")


@bp.errorhandler(ResolveError)
def _unknown_gdc(exc: ResolveError) -> Response:
    return html_error(400, "bad_request", f"gdc: {exc}")


def _mapping(view: View | None = None):
    """The projection and the mapping for the request's filters; a ``gdc`` it cannot resolve is a 400.

    The commitments' words are in the language of ``view`` (the page's), else in English.
    """
    gdc, proposals, suggested = _filters()
    G = project(current_app.config["STORE"], ProjectionOptions(proposals=proposals))
    texts = page_texts(view or View.for_request())
    mapping = build_mapping(G, gdc or None, texts=texts, coverage=page_coverage(), suggested=suggested)
    return G, mapping, gdc, proposals, texts


def _file_name(gdc: str, ext: str) -> str:
    stem = "gdc-wsis-map" + (f"-{gdc}" if gdc else "")
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in stem)
    return f"{safe}.{ext}"


@bp.get("/map")
def map_page() -> Response:
    view = View.for_request()
    G, mapping, gdc, proposals, every_text = _mapping(view)
    if not wants_html():
        return Response(json.dumps(mapping.to_dict(), ensure_ascii=False), mimetype="application/json")
    texts = {c.code: shown_text(mapping.texts[c.iri], view) for c in mapping.commitments if c.iri in mapping.texts}
    homed: dict[str, list[dict]] = {}  # the rows of each commitment with a home, in the order of the view
    for row in mapping.rows:
        if row["home"] == "yes":
            homed.setdefault(row["commitment"], []).append(row)

    def option_text(node: str) -> str:
        words = every_text.get(G.nodes[node].get("iri") or node)
        said = shorten(words.words, 90) if words and words.words else G.nodes[node].get("label") or ""
        return f"{name(G, node)} {said}".strip()

    options = []  # the selector: every objective, with its commitments under it
    for objective in of_type(G, "GDCObjective"):
        members = [c for c in of_type(G, "GDCCommitment") if objective_of(G, c) == objective]
        options.append(
            {
                "value": name(G, objective),
                "text": f"{name(G, objective)} {G.nodes[objective].get('label') or ''}".strip(),
                "commitments": [{"value": name(G, c), "text": option_text(c)} for c in members],
            }
        )
    iri_of = {name(G, n): n for n in G.nodes}
    links = {code: view.href(iri) for code, iri in iri_of.items()}
    query = {k: v for k, v in (("gdc", gdc), ("proposals", "1" if proposals else ""), ("suggested", "1" if mapping.suggested else "")) if v}
    suffix = ("?" + urlencode(query)) if query else ""
    return render_page(
        "pages/map.html",
        view,
        mapping=mapping,
        columns=COLUMNS,
        texts=texts,
        homed=list(homed.items()),
        coverage=mapping.coverage,
        options=options,
        selected=gdc,
        proposals=proposals,
        suggested=mapping.suggested,
        routes=ROUTES,
        recent_years=RECENT_YEARS,
        links=links,
        csv_url=request.script_root + "/map.csv" + suffix,
        xlsx_url=request.script_root + "/map.xlsx" + suffix,
    )


@bp.get("/map.csv")
def map_csv() -> Response:
    _, mapping, gdc, _, _ = _mapping()
    response = Response(csv_text(mapping), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(gdc, "csv")}"'
    return response


@bp.get("/map.xlsx")
def map_xlsx() -> Response:
    _, mapping, gdc, _, _ = _mapping()
    response = Response(xlsx_bytes(mapping), mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(gdc, "xlsx")}"'
    return response
