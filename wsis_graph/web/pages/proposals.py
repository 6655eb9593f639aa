"""Proposal sets on the web: ``/proposals`` lists them and takes authorised uploads.

* ``GET /proposals``: the proposal sets in the store, as an HTML page (with an upload form and
  the columns of a proposal table) or, for a client that prefers it, as JSON.
* ``POST /proposals``: a proposal table, as a ``text/csv`` body (the set's ``name``, the
  ``proposer``, ``replace`` and ``dry_run`` as query parameters) or as ``multipart/form-data``
  (the table in the field ``file``, the same options as fields). Answers 201 with the accepted
  summary and the graph IRI (also in ``Location``), 200 for a dry run, 400 with every error by
  row and column, 409 when a set of that name exists (unless ``replace``), 422 when the SHACL
  validation refuses the set. Nothing is written unless every row is good.
* ``DELETE /proposals/<name>``: withdraw a set (404 when there is none).

Writes need updates to be switched on (``WSIS_GRAPH_UPDATE_TOKEN``) and the header
``Authorization: Bearer <token>``, exactly as ``/update`` does (403 when updates are off, 401
without the right token). A browser form cannot send that header, so a ``multipart/form-data``
upload may carry the token in a ``token`` field instead; a token is never read from the URL.
A browser that posts the form gets the page back with the outcome; every other client gets JSON.
"""

from __future__ import annotations

import json
from pathlib import PurePath

from flask import Blueprint, Response, current_app, request

from wsis_graph.proposals.sets import Outcome, error_json, list_sets, submit, withdraw
from wsis_graph.proposals.table import COLUMNS
from wsis_graph.store import Store, StoreError
from wsis_graph.uris import Minter
from wsis_graph.problems import Problem
from wsis_graph.web.pages.view import View, current_store, render_page, wants_html
from wsis_graph.web.protocol.update import (
    require_write_access,
    require_write_access_or_form_token,
    store_error_response,
    write_lock,
)

bp = Blueprint("proposals", __name__)

_TRUE = ("1", "true", "yes", "on")


def _mint() -> Minter:
    return Minter(current_app.config["SETTINGS"].base)


def _flag(name: str) -> bool:
    value = request.form.get(name) if request.mimetype == "multipart/form-data" else request.args.get(name)
    return (value or "").strip().lower() in _TRUE


def _option(name: str) -> str | None:
    value = request.form.get(name) if request.mimetype == "multipart/form-data" else request.args.get(name)
    return value.strip() if value and value.strip() else None


def _table() -> tuple[bytes, str]:
    """The uploaded table's bytes (as UTF-8) and its file name."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise Problem(400, "bad_request", "send the proposal table in the form field 'file'")
        return upload.read(), PurePath(upload.filename).name
    if request.mimetype == "text/csv":
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        body = request.get_data()
        if charset not in ("utf-8", "utf8"):
            try:
                body = body.decode(charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError) as exc:
                raise Problem(400, "bad_encoding", f"the body is not valid {charset}: {exc}") from None
        name = _option("name") or "proposals"
        return body, f"{name}.csv"
    raise Problem(
        415,
        "unsupported_media_type",
        f"send a proposal table as text/csv or as multipart/form-data, not {request.mimetype or 'no media type'}",
    )


def _sets_json(store: Store) -> list[dict]:
    return [info.to_json() for info in list_sets(store, _mint())]


def _page(status: int = 200, *, outcome: Outcome | None = None, problem: str | None = None) -> Response:
    view = View.for_request()
    settings = current_app.config["SETTINGS"]
    return render_page(
        "pages/proposals.html",
        view,
        status,
        sets=list_sets(current_store(), _mint()),
        columns=COLUMNS,
        updates=settings.updates_enabled and not settings.read_only,
        outcome=outcome,
        problem=problem,
    )


@bp.get("/proposals")
def proposals_page() -> Response:
    if wants_html():
        return _page()
    return Response(json.dumps({"sets": _sets_json(current_store())}, ensure_ascii=False), mimetype="application/json")


@bp.post("/proposals")
def upload() -> Response:
    html = request.mimetype == "multipart/form-data" and wants_html()
    try:
        require_write_access_or_form_token()
        data, file_name = _table()
        name = _option("name")
        if name is None and request.mimetype == "text/csv":
            raise Problem(400, "bad_request", "give the set a name: POST /proposals?name=<name> (lower-case letters, digits, hyphens)")
        with write_lock():
            outcome = submit(
                current_store(),
                data,
                file_name=file_name,
                name=name,
                proposer=_option("proposer"),
                dry_run=_flag("dry_run"),
                replace=_flag("replace"),
                mint=_mint(),
            )
    except Problem as err:
        if html:
            return _page(err.status, problem=err.message)
        raise
    except StoreError as exc:
        if html:
            return _page(503, problem=f"the store cannot be written here: {exc}")
        return store_error_response(exc)
    status = (200 if outcome.dry_run else 201) if outcome.accepted else (422 if outcome.validation is not None else 400)
    current_app.logger.info("proposals %s: %s", outcome.name, outcome.summary())
    if html:
        return _page(status, outcome=outcome)
    if outcome.accepted:
        response = Response(json.dumps(outcome.to_json(), ensure_ascii=False), status=status, mimetype="application/json")
        if not outcome.dry_run:
            response.headers["Location"] = str(outcome.graph)
        return response
    code = "shacl_violation" if outcome.validation is not None else "invalid_proposals"
    body = {
        "error": {
            "code": code,
            "message": outcome.summary(),
            "errors": [error_json(e) for e in outcome.errors],
        }
    }
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


@bp.delete("/proposals/<name>")
def remove(name: str) -> Response:
    require_write_access()
    try:
        with write_lock():
            removed = withdraw(current_store(), name, mint=_mint())
    except StoreError as exc:  # a ProposalSetError is a Problem: the error handler answers it
        return store_error_response(exc)
    graph = _mint().graph(f"proposals-{name}")
    body = {"status": "withdrawn", "name": name, "graph": str(graph), "triples": removed}
    return Response(json.dumps(body), status=200, mimetype="application/json")
