"""SPARQL 1.1 Update at ``/update``, and the change pipeline shared with the Graph Store Protocol.

Updates are off unless the setting ``update_token`` is set (the environment variable
``WSIS_GRAPH_UPDATE_TOKEN``); then every change needs ``Authorization: Bearer <token>``.

How a change is applied (:func:`apply_change`), under one write lock per process:

1. The update text is vetted: ``LOAD`` and ``SERVICE`` are refused before anything runs, so no
   update ever reaches the network or the file system.
2. A worker process (:mod:`wsis_graph.engine.change_worker`) copies the whole dataset into an
   in-memory Oxigraph store, runs the update there under the time limit (the process ends when it
   runs over), and works out the exact difference between before and after.
3. The union of every graph after the change is validated against the SHACL shapes. A change that
   does not conform is refused with the report, grouped by shape; the store was never touched.
4. Only then is the difference written to the real store as one generated SPARQL update (``DELETE
   DATA`` / ``INSERT DATA``, and ``DROP``/``CREATE`` of graphs), which the store applies in one
   transaction. Readers see the dataset before the change or after it, never half of it.

Writing the difference rather than re-running the user's text means that what is committed is
exactly what was validated, even when the update uses ``RAND()``, ``NOW()`` or ``UUID()``. Blank
nodes cannot be named in ``DELETE DATA``, so a graph whose existing blank nodes are touched is
rewritten whole (``DROP`` then ``INSERT DATA``), together with any graph sharing blank nodes with it.

Semantics: the update's default graph is the store's unnamed default graph, as SPARQL 1.1 Update
says (queries at ``/sparql`` see the union of all graphs instead). Name graphs with ``GRAPH``,
``WITH`` or ``USING``, or with the protocol's ``using-graph-uri`` and ``using-named-graph-uri``
parameters, which apply to every ``DELETE``/``INSERT … WHERE`` operation of the request.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from rdflib import Graph

from wsis_graph.store import QueryError, Store, StoreError
from wsis_graph.validation import ValidationReport, validate_graph
from wsis_graph.web.errors import ApiError
from wsis_graph.web.settings import UPDATE_TOKEN_ENV

bp = Blueprint("update", __name__)

#: Seconds a worker may take beyond the time limit to start and copy the dataset.
COPY_ALLOWANCE = 15.0
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
        raise ApiError(
            403,
            "updates_disabled",
            f"updates are disabled on this server; they are switched on by setting {UPDATE_TOKEN_ENV}",
        )
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(
            401,
            "unauthorized",
            "this request changes the store and needs the header 'Authorization: Bearer <update token>'",
            {"WWW-Authenticate": 'Bearer realm="wsis-graph"'},
        )
    if not hmac.compare_digest(token.encode("utf-8"), settings.update_token.encode("utf-8")):
        raise ApiError(
            401,
            "invalid_token",
            "the bearer token is not the update token of this server",
            {"WWW-Authenticate": 'Bearer realm="wsis-graph", error="invalid_token"'},
        )


# -- Reading the update text ---------------------------------------------------------------------

_TOKENS = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<bnode>_:[\w.-]*)
    | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%.-]|\\.)*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class _Token:
    kind: str
    text: str
    start: int
    depth: int


def lex(text: str) -> list[_Token]:
    """The significant tokens of a SPARQL text (no spaces or comments), with their brace depth.

    Strings, IRIs, prefixed names, variables and language tags are single tokens, so a keyword
    is only ever a real keyword.

    >>> [t.text for t in lex('INSERT DATA { <http://x/LOAD> <p:SERVICE> "LOAD" } # LOAD')]
    ['INSERT', 'DATA', '{', '<http://x/LOAD>', '<p:SERVICE>', '"LOAD"', '}']
    """
    tokens: list[_Token] = []
    depth = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth = max(0, depth - 1)
        tokens.append(_Token(kind, value, match.start(), depth))
        if value == "{":
            depth += 1
    return tokens


def vet_update(text: str) -> list[_Token]:
    """Refuse ``LOAD`` and ``SERVICE``; returns the tokens for further use.

    The engine matches keywords without looking for the end of the word (``LOADSILENT<…>`` and
    ``SERVICEex:s{…}`` both run), so any bare word or prefixed name that *starts* with LOAD or
    SERVICE is refused; strings, IRIs, variables, language tags and comments are not looked at.

    >>> vet_update("LOAD <file:///etc/passwd>")
    Traceback (most recent call last):
    ...
    wsis_graph.web.errors.ApiError: LOAD is refused: updates never read from the network or the file system
    """
    tokens = lex(text)
    for token in tokens:
        if token.kind not in ("word", "pname"):
            continue
        word = token.text.upper()
        for keyword, why in (
            ("LOAD", "updates never read from the network or the file system"),
            ("SERVICE", "updates never query other endpoints"),
        ):
            if not word.startswith(keyword):
                continue
            if token.kind == "pname":
                raise ApiError(
                    400,
                    "operation_refused",
                    f"{token.text!r} reads as the {keyword} keyword here, and {keyword} is refused: {why}; "
                    "rename the prefix",
                )
            raise ApiError(400, "operation_refused", f"{keyword} is refused: {why}")
    return tokens


def with_dataset(text: str, tokens: list[_Token], using: list[str], using_named: list[str]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to the update text.

    They act as ``USING``/``USING NAMED`` on every ``DELETE``/``INSERT … WHERE`` operation; the
    protocol forbids them together with ``USING``, ``USING NAMED`` or ``WITH`` in the text (400).

    >>> t = "INSERT { GRAPH <urn:g> { ?s a <urn:C> } } WHERE { ?s ?p ?o }"
    >>> with_dataset(t, lex(t), ["urn:d"], [])
    'INSERT { GRAPH <urn:g> { ?s a <urn:C> } } USING <urn:d> WHERE { ?s ?p ?o }'
    """
    if not using and not using_named:
        return text
    if any(t.kind == "word" and t.depth == 0 and t.text.upper() in ("USING", "WITH") for t in tokens):
        raise ApiError(
            400,
            "dataset_conflict",
            "using-graph-uri/using-named-graph-uri cannot be combined with USING, USING NAMED or WITH in the update",
        )
    clause = "".join(f"USING <{iri}> " for iri in using) + "".join(f"USING NAMED <{iri}> " for iri in using_named)
    cut: list[int] = []
    previous = None
    for token in tokens:
        if token.kind == "word" and token.depth == 0 and token.text.upper() == "WHERE":
            if previous is None or previous.text.upper() != "DELETE":
                cut.append(token.start)
        previous = token
    for position in reversed(cut):
        text = text[:position] + clause + text[position:]
    return text


def check_iri(value: str, what: str) -> str:
    """An absolute IRI, or a 400 naming the parameter."""
    try:
        ox.NamedNode(value)
    except ValueError:
        raise ApiError(400, "bad_iri", f"{what} is not a valid IRI: {value!r}") from None
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        raise ApiError(400, "bad_iri", f"{what} must be an absolute IRI: {value!r}")
    return value


# -- Applying a change ---------------------------------------------------------------------------


class ShaclRefused(Exception):
    """The change would leave the data violating the shapes; nothing was written."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report.text())
        self.report = report


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


def _run_worker(nquads: bytes, graphs: list[str], update: str, base_iri: str | None, limit: float) -> dict:
    header = json.dumps({"update": update, "base": base_iri, "graphs": graphs, "timeout": limit})
    package_root = str(Path(__file__).resolve().parents[3])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wsis_graph.engine.change_worker"],
            input=header.encode("utf-8") + b"\n" + nquads,
            capture_output=True,
            timeout=limit + COPY_ALLOWANCE,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "kind": "timeout", "message": f"ran over {limit:g} s"}
    try:
        return json.loads(done.stdout)
    except ValueError:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(f"update worker failed (exit {done.returncode}): {' / '.join(tail)}") from None


def apply_change(store: Store, update: str, *, base_iri: str | None = None, time_limit: float = 10.0) -> ChangeSummary:
    """Validate, then commit, one SPARQL update; see the module docstring.

    The caller holds no lock; one is taken here (it is re-entrant, so a caller that must check
    the store before the change, as the Graph Store Protocol does, may hold it around the call).

    Raises:
        ApiError: a malformed or failing update (400), a time-out (503), a busy store (503).
        ShaclRefused: the result would violate the shapes.
        StoreError: the store cannot be written.
    """
    t0 = time.perf_counter()
    if getattr(store, "read_only", False):
        raise StoreError("it is open read-only in this process")
    with write_lock():
        nquads, graphs = snapshot(store)
        result = _run_worker(nquads, graphs, update, base_iri, time_limit)
        if not result["ok"]:
            raise _worker_error(result["kind"], result["message"])
        summary = ChangeSummary(result["added"], result["removed"], result["graphs"])
        if result["commit"]:
            union = Graph()
            union.parse(data=result["union"], format="nt")
            report = validate_graph(union)
            if not report.conforms:
                raise ShaclRefused(report)
            summary.warnings = len(report.violations)
            try:
                store.update(result["commit"])
            except QueryError as exc:  # the generated update is ours: this is a bug, not a client error
                raise RuntimeError(f"the store refused a generated update: {exc}") from None
    summary.milliseconds = (time.perf_counter() - t0) * 1000
    return summary


def _worker_error(kind: str, message: str) -> ApiError:
    if kind == "syntax":
        return ApiError(400, "malformed_update", f"the update does not parse: {message}")
    if kind == "timeout":
        return ApiError(503, "timeout", f"the update {message} and was stopped; nothing was changed")
    if kind == "unsupported":
        return ApiError(400, "unsupported_data", f"{message}; nothing was changed")
    return ApiError(400, "update_failed", f"the update failed: {message}; nothing was changed")

@contextmanager
def write_lock() -> Iterator[None]:
    """Hold the process-wide lock that serialises changes (re-entrant); 503 when it stays busy."""
    if not _WRITE_LOCK.acquire(timeout=LOCK_WAIT):
        raise ApiError(503, "busy", "another change is being applied; try again", {"Retry-After": "5"})
    try:
        yield
    finally:
        _WRITE_LOCK.release()


def refusal_response(exc: ShaclRefused) -> Response:
    """422 in the one error shape, with the SHACL report grouped by shape."""
    report = exc.report.to_json()
    shown = {}
    for shape, results in report["shapes"].items():
        shown[shape] = {"count": len(results), "results": results[:REPORT_LIMIT]}
    body = {
        "error": {
            "code": "shacl_violation",
            "message": (
                f"the change was refused: the data would violate {len(shown)} shape(s) "
                f"({report['results']} result(s)); the store is unchanged"
            ),
            "report": {"conforms": False, "results": report["results"], "shapes": shown},
        }
    }
    return Response(json.dumps(body, ensure_ascii=False), status=422, mimetype="application/json")


def store_error_response(exc: StoreError) -> Response:
    body = {"error": {"code": "store_read_only", "message": f"the store cannot be written here: {exc}"}}
    return Response(json.dumps(body, ensure_ascii=False), status=503, mimetype="application/json")


@bp.errorhandler(ShaclRefused)
def _refused(exc: ShaclRefused) -> Response:
    return refusal_response(exc)


@bp.errorhandler(StoreError)
def _store_error(exc: StoreError) -> Response:
    return store_error_response(exc)


# -- The endpoint --------------------------------------------------------------------------------


@bp.route("/update", methods=["GET", "POST"])
def update_endpoint() -> Response:
    """SPARQL 1.1 Protocol update operation: POST form (``update=``) or POST application/sparql-update."""
    require_write_access()
    if request.method != "POST":
        raise ApiError(
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
            raise ApiError(415, "unsupported_media_type", f"application/sparql-update bodies are UTF-8, not {charset}")
        try:
            updates = [request.get_data().decode("utf-8")]
        except UnicodeDecodeError as exc:
            raise ApiError(400, "bad_encoding", f"the update is not valid UTF-8 (byte {exc.start})") from None
        using = request.args.getlist("using-graph-uri")
        using_named = request.args.getlist("using-named-graph-uri")
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"an update is sent as application/x-www-form-urlencoded or application/sparql-update, not {mimetype or 'no media type'}",
        )
    if len(updates) != 1:
        raise ApiError(400, "bad_request", f"give exactly one 'update' parameter (got {len(updates)})")
    text = updates[0]
    if len(text) > settings.max_query_length:
        raise ApiError(413, "request_too_large", f"the update is longer than {settings.max_query_length} characters")
    using = [check_iri(i, "using-graph-uri") for i in using]
    using_named = [check_iri(i, "using-named-graph-uri") for i in using_named]
    tokens = vet_update(text)
    text = with_dataset(text, tokens, using, using_named)
    summary = apply_change(current_app.config["STORE"], text, base_iri=request.base_url, time_limit=settings.query_timeout)
    current_app.logger.info(
        "update +%d -%d quads in %s (%.1f ms)", summary.added, summary.removed, summary.graphs, summary.milliseconds
    )
    return Response(json.dumps(summary.to_json()), status=200, mimetype="application/json")
