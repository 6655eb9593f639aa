"""Roadmap sheets on the web: ``/roadmap`` (the Action Lines) and ``/roadmap/<code>`` (one sheet).

* ``GET /roadmap``: every Action Line with a link to its sheet; a client that prefers JSON gets the
  list as JSON.
* ``GET /roadmap/<code>``: the roadmap sheet of one Action Line (:func:`wsis_graph.reports.roadmap.build_sheet`):
  its facilitators and their roles with periods, the GDC commitments linked to it (reviewed, curated,
  then suggested by the review queue, each with its words), where other commitments meet it, the SDG
  targets it serves, the rights provisions it touches, its open gaps and the candidates waiting for
  review; every list whole (the printed sheet cuts them), each row with its confidence mark and
  source. A client that prefers JSON gets the sheet's JSON (``wsis-graph-roadmap/1``).
  ``?format=pdf|md|xlsx|json`` downloads the sheet in that format, the same bytes as ``wsis-graph
  roadmap --format …``. An unknown code is a 404 in the usual error shape (a page for a browser)
  that lists the codes.

The review queue is read for each request (:func:`wsis_graph.review.state.candidates`), so a decision
made on ``/review`` shows at the next request.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from wsis_graph.analysis.common import of_type
from wsis_graph.analysis.projection import ResolveError, project
from wsis_graph.analysis.roadmap import resolve_action_line
from wsis_graph.reports import render
from wsis_graph.reports.roadmap import SHOWN, build_sheet, source_label
from wsis_graph.review.model import Names
from wsis_graph.review.state import candidates
from wsis_graph.texts.coverage import gdc_coverage
from wsis_graph.uris import Minter
from wsis_graph.web.pages.gdc_text import shown_text
from wsis_graph.web.pages.view import View, current_store, html_error, render_page, site_base, wants_html

bp = Blueprint("roadmap", __name__)

#: The downloads: ``?format=`` value → (media type, file suffix).
DOWNLOADS = {
    "pdf": ("application/pdf", "pdf"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}


@bp.get("/roadmap")
def roadmap_index() -> Response:
    view = View.for_request()
    G = project(current_store())
    lines = [{"code": G.nodes[n].get("code"), "label": G.nodes[n].get("label"), "iri": n,
              "sub": "." in (G.nodes[n].get("code") or ""), "url": view.url("roadmap.roadmap_page", code=G.nodes[n].get("code"))}
             for n in of_type(G, "ActionLine")]
    if not wants_html():
        body = [{k: line[k] for k in ("code", "label", "iri", "url")} for line in lines]
        return Response(json.dumps({"action_lines": body}, ensure_ascii=False), mimetype="application/json")
    return render_page("pages/roadmap_index.html", view, lines=lines)


@bp.get("/roadmap/<path:code>")
def roadmap_page(code: str) -> Response:
    fmt = (request.args.get("format") or "").lower()
    if fmt and fmt != "html" and fmt not in DOWNLOADS:
        return html_error(400, "bad_request", f"format: {fmt!r} is not a format of the sheet; use one of html, {', '.join(DOWNLOADS)}")
    store = current_store()
    mint = Minter(site_base())
    G = project(store)
    try:
        resolve_action_line(G, code)
    except ResolveError as exc:
        return html_error(404, "not_found", str(exc))
    queue = list(candidates(store, Names(mint)).values())
    sheet = build_sheet(store, code, queue=queue, gdc_coverage=gdc_coverage(store, mint), G=G,
                        full_lists=f"the web page {request.script_root}/roadmap/{code} and the workbook list all")
    if fmt in DOWNLOADS:
        media, suffix = DOWNLOADS[fmt]
        response = Response(render(sheet, fmt), mimetype=media)
        safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in sheet.roadmap.action_line.code or "sheet")
        response.headers["Content-Disposition"] = f'attachment; filename="roadmap-{safe}.{suffix}"'
        return response
    if not wants_html():
        return Response(json.dumps(sheet.to_dict(), ensure_ascii=False, default=str), mimetype="application/json")
    view = View.for_request()
    r = sheet.roadmap
    texts = {c.item.iri: shown_text(c.text, view) for c in r.commitments if c.text is not None}
    base = f"{request.script_root}/roadmap/{code}"
    return render_page(
        "pages/roadmap.html",
        view,
        sheet=sheet,
        r=r,
        texts=texts,
        source=source_label,
        downloads={fmt: f"{base}?format={fmt}" for fmt in DOWNLOADS},
        printed=SHOWN,
    )
