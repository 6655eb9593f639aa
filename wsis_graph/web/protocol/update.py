"""SPARQL 1.1 Update at ``/update``, and the change pipeline shared with the Graph Store Protocol.

Updates are off unless the setting ``update_token`` is set (the environment variable
``WSIS_GRAPH_UPDATE_TOKEN``); then every change needs ``Authorization: Bearer <token>``.

How a change is applied (:func:`apply_change`), under one write lock per process:

1. The update text is vetted (:func:`wsis_graph.sparql.checks.vet_update`): ``LOAD`` and
   ``SERVICE`` are refused before anything runs, so no update ever reaches the network or the
   file system.
2. A worker process (:func:`wsis_graph.engine.change_worker.run_change`) copies the whole dataset
   into an in-memory Oxigraph store, runs the update there under the time limit (the process
   ends when it runs over), and works out the exact difference between before and after.
3. The union of every graph after the change is validated against the SHACL shapes. A change that
   does not conform is refused with the report, grouped by shape; the store was never touched.
4. Only then is the difference written to the real store as one generated SPARQL update (``DELETE
   DATA`` / ``INSERT DATA``, and ``DROP``/``CREATE`` of graphs), which the store applies in one
   transaction. Readers see the dataset before the change or after it, never half of it.

Every refusal is a :class:`~wsis_graph.problems.Problem`; a change that would violate the
shapes is a :class:`ShaclRefused`, which carries the report (422).

Writing the difference rather than re-running the user's text means that what is committed is
exactly what was validated, even when the update uses ``RAND()``, ``NOW()`` or ``UUID()``. Blank
nodes cannot be named in ``DELETE DATA``, so a graph whose existing blank nodes are touched is
rewritten whole (``DROP`` then ``INSERT DATA``), together with any graph sharing blank nodes with it.

Prefixes: an update may use the prefixes of :func:`wsis_graph.namespaces.query_prefixes` without
declaring them, as a query may at ``/sparql``; one neither declared nor known is a 400
``malformed_update``, and a syntax error gives its line and column in the text the client sent
(:mod:`wsis_graph.sparql.prefixes`).

Semantics: the update's default graph is the store's unnamed default graph, as SPARQL 1.1 Update
says (queries at ``/sparql`` see the union of all graphs instead). Name graphs with ``GRAPH``,
``WITH`` or ``USING``, or with the protocol's ``using-graph-uri`` and ``using-named-graph-uri``
parameters, which apply to every ``DELETE``/``INSERT … WHERE`` operation of the request.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app, request
from rdflib import Graph

from wsis_graph.engine.change_worker import run_change
from wsis_graph.problems import Problem
from wsis_graph.namespaces import query_prefixes
from wsis_graph.sparql.checks import check_iri, vet_update, with_dataset
from wsis_graph.sparql.prefixes import prepare
from wsis_graph.store import QueryError, Store, StoreError
from wsis_graph.validation import ValidationReport, validate_graph
from wsis_graph.web.errors import problem_response
from wsis_graph.web.settings import UPDATE_TOKEN_ENV

bp = Blueprint("update", __name__)

#: Seconds a change waits for the one before it to finish before it is answered 503.
LOCK_WAIT = 60.0
#: SHACL results shown per shape in a refusal (the count is always complete).
REPORT_LIMIT = 50

_WRITE_LOCK = threading.RLock()

NO_CHANGE_NOTE = (
    "nothing changed; note that an update's default graph is the store's unnamed default graph, "
    "while the data lives in named graphs: match with GRAPH ?g { … } or name graphs with USING"
)


# -- Access --------------------------------------------------------------------------------------


def require_write_access() -> None:
    """Refuse the request unless updates are on and it carries the configured bearer token."""
    settings = current_app.config["SETTINGS"]
    if not settings.updates_enabled:
        raise Problem(
            403,
            "updates_disabled",
            f"updates are disabled on this server; they are switched on by setting {UPDATE_TOKEN_ENV}",
        )
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Problem(
            401,
            "unauthorized",
            "this request changes the store and needs the header 'Authorization: Bearer <update token>'",
            {"WWW-Authenticate": 'Bearer realm="wsis-graph"'},
        )
    if not hmac.compare_digest(token.encode("utf-8"), settings.update_token.encode("utf-8")):
        raise Problem(
            401,
            "invalid_token",
            "the bearer token is not the update token of this server",
            {"WWW-Authenticate": 'Bearer realm="wsis-graph", error="invalid_token"'},
        )


def require_write_access_or_form_token() -> None:
    """:func:`require_write_access`, with an upload form's ``token`` field standing in for the header.

    A browser form cannot send ``Authorization``, so a ``multipart/form-data`` body may carry the
    update token in a field named ``token`` instead (the upload forms of ``/proposals`` and
    ``/texts`` do). A token is never read from the URL. The token is also what protects these
    forms from cross-site requests: a page elsewhere cannot post them without knowing it.
    """
    form_token = request.form.get("token", "") if request.mimetype == "multipart/form-data" else ""
    if request.headers.get("Authorization") or not form_token:
        require_write_access()
        return
    settings = current_app.config["SETTINGS"]
    if not settings.updates_enabled:
        raise Problem(403, "updates_disabled", f"updates are disabled on this server; they are switched on by setting {UPDATE_TOKEN_ENV}")
    if not hmac.compare_digest(form_token.strip().encode("utf-8"), settings.update_token.encode("utf-8")):
        raise Problem(401, "invalid_token", "the token is not the update token of this server")


# -- Applying a change ---------------------------------------------------------------------------


class ShaclRefused(Problem):
    """The change would leave the data violating the shapes; nothing was written.

    A 422 whose error object also carries the SHACL report, grouped by shape (at most
    :data:`REPORT_LIMIT` results shown per shape; the counts are complete).
    """

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        self._shown = {}
        summary = report.to_json()
        for shape, results in summary["shapes"].items():
            self._shown[shape] = {"count": len(results), "results": results[:REPORT_LIMIT]}
        self._results = summary["results"]
        super().__init__(
            422,
            "shacl_violation",
            f"the change was refused: the data would violate {len(self._shown)} shape(s) "
            f"({self._results} result(s)); the store is unchanged",
        )

    def details(self) -> dict:
        return {"report": {"conforms": False, "results": self._results, "shapes": self._shown}}


@dataclass
class ChangeSummary:
    added: int = 0
    removed: int = 0
    graphs: list[str | None] = field(default_factory=list)
    warnings: int = 0
    milliseconds: float = 0.0

    def to_json(self) -> dict:
        return {
            "status": "ok",
            "added": self.added,
            "removed": self.removed,
            "graphs": ["default" if g is None else g for g in self.graphs],
            "warnings": self.warnings,
            "milliseconds": round(self.milliseconds, 1),
        } | ({} if self.added or self.removed else {"note": NO_CHANGE_NOTE})


def snapshot(store: Store) -> tuple[bytes, list[str]]:
    """The whole dataset, default graph included, as N-Quads, and the names of its graphs."""
    return store.nquads(), [str(g) for g in store.graphs()]


def apply_change(store: Store, update: str, *, base_iri: str | None = None, time_limit: float = 10.0) -> ChangeSummary:
    """Validate, then commit, one SPARQL update; see the module docstring.

    The caller holds no lock; one is taken here (it is re-entrant, so a caller that must check
    the store before the change, as the Graph Store Protocol does, may hold it around the call).

    Raises:
        Problem: a malformed or failing update (400), a time-out (503), a busy store (503).
        ShaclRefused: the result would violate the shapes (a Problem too: 422).
        StoreError: the store cannot be written.
    """
    t0 = time.perf_counter()
    if getattr(store, "read_only", False):
        raise StoreError("it is open read-only in this process")
    with write_lock():
        nquads, graphs = snapshot(store)
        plan = run_change(nquads, graphs, update, base_iri, time_limit)
        summary = ChangeSummary(plan.added, plan.removed, plan.graphs)
        if plan.commit:
            union = Graph()
            union.parse(data=plan.union.decode("utf-8"), format="nt")
            report = validate_graph(union)
            if not report.conforms:
                raise ShaclRefused(report)
            summary.warnings = len(report.violations)
            try:
                store.update(plan.commit)
            except QueryError as exc:  # the generated update is ours: this is a bug, not a client error
                raise RuntimeError(f"the store refused a generated update: {exc}") from None
    summary.milliseconds = (time.perf_counter() - t0) * 1000
    return summary


@contextmanager
def write_lock() -> Iterator[None]:
    """Hold the process-wide lock that serialises changes (re-entrant); 503 when it stays busy."""
    if not _WRITE_LOCK.acquire(timeout=LOCK_WAIT):
        raise Problem(503, "busy", "another change is being applied; try again", {"Retry-After": "5"})
    try:
        yield
    finally:
        _WRITE_LOCK.release()


def store_error_response(exc: StoreError) -> Response:
    """503 for a store that cannot be written (open read-only, or gone)."""
    return problem_response(Problem(503, "store_read_only", f"the store cannot be written here: {exc}"))


@bp.errorhandler(StoreError)
def _store_error(exc: StoreError) -> Response:
    return store_error_response(exc)


# -- The endpoint --------------------------------------------------------------------------------


@bp.route("/update", methods=["GET", "POST"])
def update_endpoint() -> Response:
    """SPARQL 1.1 Protocol update operation: POST form (``update=``) or POST application/sparql-update."""
    require_write_access()
    if request.method != "POST":
        raise Problem(
            405,
            "method_not_allowed",
            "send updates by POST, as the form field 'update' or as an application/sparql-update body",
            {"Allow": "POST"},
        )
    settings = current_app.config["SETTINGS"]
    mimetype = request.mimetype
    if mimetype == "application/x-www-form-urlencoded":
        updates = request.form.getlist("update")
        using = request.form.getlist("using-graph-uri") + request.args.getlist("using-graph-uri")
        using_named = request.form.getlist("using-named-graph-uri") + request.args.getlist("using-named-graph-uri")
    elif mimetype == "application/sparql-update":
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise Problem(415, "unsupported_media_type", f"application/sparql-update bodies are UTF-8, not {charset}")
        try:
            updates = [request.get_data().decode("utf-8")]
        except UnicodeDecodeError as exc:
            raise Problem(400, "bad_encoding", f"the update is not valid UTF-8 (byte {exc.start})") from None
        using = request.args.getlist("using-graph-uri")
        using_named = request.args.getlist("using-named-graph-uri")
    else:
        raise Problem(
            415,
            "unsupported_media_type",
            f"an update is sent as application/x-www-form-urlencoded or application/sparql-update, not {mimetype or 'no media type'}",
        )
    if len(updates) != 1:
        raise Problem(400, "bad_request", f"give exactly one 'update' parameter (got {len(updates)})")
    text = updates[0]
    if len(text) > settings.max_query_length:
        raise Problem(413, "request_too_large", f"the update is longer than {settings.max_query_length} characters")
    using = [check_iri(i, "using-graph-uri") for i in using]
    using_named = [check_iri(i, "using-named-graph-uri") for i in using_named]
    tokens = vet_update(text)
    text = with_dataset(text, tokens, using, using_named)
    ready = prepare(text, query_prefixes(settings.base), "malformed_update")
    try:
        summary = apply_change(current_app.config["STORE"], ready.text, base_iri=request.base_url, time_limit=settings.query_timeout)
    except Problem as exc:
        if exc.code != "malformed_update":
            raise
        raise Problem(exc.status, exc.code, ready.message(exc.message)) from None
    current_app.logger.info(
        "update +%d -%d quads in %s (%.1f ms)", summary.added, summary.removed, summary.graphs, summary.milliseconds
    )
    return Response(json.dumps(summary.to_json()), status=200, mimetype="application/json")
