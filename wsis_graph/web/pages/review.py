"""The review workbench on the web: ``/review`` shows one candidate at a time; ``POST /review/<id>`` decides.

* ``GET /review``: the best-scored candidate of the filter (``run``, ``scope``: a code such as ``C5``,
  ``GDC-29(b)`` or an objective's ``GDC-O1``, ``status``: ``open`` by default, or ``any``), or the one
  ``id`` names, or the next one after ``after`` (the first again after the last). The page sets the two
  texts side by side (subject and object: code, name and the words the matcher compared, the matched
  terms marked in both), the score and its parts, the matcher's evidence paths, the links the graph
  holds between the two now, the decision standing, the progress of that kind of pair ("41 of 220 GDC
  commitment × Action Line pairs reviewed") and a form to decide. A client that prefers JSON gets the
  same as JSON (``candidate`` is null when the filter leaves nothing).
* ``POST /review/<id>``: the field ``action`` is ``accept`` (with ``relation``: contributesTo, linkedTo,
  groundedIn or concerns, by default the one for the two kinds), ``reject``, ``unsure``, ``undo`` (the
  decision standing is taken back), or ``next`` (nothing is written: the page of the next candidate);
  with ``note`` and ``expect``, the revision the decision was made on (the page sends the one it
  showed). Sent as a form (``application/x-www-form-urlencoded`` or ``multipart/form-data``) or as a
  JSON object. A browser's form gets the page back (the next candidate, with what was done and a
  button to undo it); every other client gets JSON: ``outcome``, the pair's ``state`` and the ``next`` id.
  Errors are the usual JSON error (a page for a browser): 400 bad input (an action, relation or
  revision that does not exist, a relation with a verdict other than accept, no reviewer named with the
  update token), 401 no token or a wrong one, 403 updates switched off, or a reviewer token used in
  another person's name, 404 no such candidate, 409 the pair changed since the revision named (the
  error's ``current`` member and the page say where it stands now), 503 the store cannot be written.
  Nothing is written on any error.

**Who decided.** Writes need updates switched on (``WSIS_GRAPH_UPDATE_TOKEN``). A request carries a
token as ``Authorization: Bearer <token>`` or, from a browser form, in the field ``token`` (never in the
URL: a ``token`` query parameter is refused). A **reviewer token** (:mod:`wsis_graph.review.tokens`:
the setting ``reviewer_tokens_file``, ``WSIS_GRAPH_REVIEWER_TOKENS``) records the decision under its
reviewer's name; a ``reviewer`` field naming someone else is refused (403). The **update token** is the
administrator's: it may decide in any reviewer's name, and must give one (``reviewer``).

**The token between decisions.** The page keeps no cookie and writes nothing to the browser's storage.
The reviewer types the token once into a password field; each decision is an ordinary form post, and the
page that answers a post whose token was accepted carries the token back in that field, so that the
next key press posts it again. The answer is marked ``Cache-Control: no-store`` (never kept in a cache
or the back-forward history) and the token only travels in POST bodies, so it never reaches a URL, a
server log or the Referer header. Because every write needs the token in the body, a page on another
site cannot make a reviewer's browser decide (no ambient credential as a cookie would be). The "Next"
key posts the same form (``action=next``) so that skipping keeps the token too; it writes nothing.

**Keys**: ``a`` accept, ``r`` reject, ``u`` unsure, ``n`` next, when the focus is not in a text field
(``/pages-static/review.js``, served from our own origin; the page sends a Content-Security-Policy that
allows no other script). With JavaScript off the buttons do the same.

The page reads the queue with :mod:`wsis_graph.review.triage` (narrow queries, so that it answers
quickly with 10,000 candidates queued) and writes with :func:`wsis_graph.review.decide.decide` and
:func:`~wsis_graph.review.decide.undo`, under the process's write lock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from markupsafe import Markup
from rdflib import RDF

from wsis_graph.namespaces import WSIS
from wsis_graph.problems import Problem
from wsis_graph.reports.tags import highlighted
from wsis_graph.review import tokens, triage
from wsis_graph.review.decide import Outcome, Target, decide, pair_state, undo
from wsis_graph.review.model import DEFAULT_RELATION, RELATIONS, Names, ReviewError, relation_name
from wsis_graph.review.state import resolve
from wsis_graph.store import StoreError
from wsis_graph.uris import Minter
from wsis_graph.web.pages.labels import Labels
from wsis_graph.web.pages.view import View, current_store, render_page, wants_html
from wsis_graph.web.protocol.update import store_error_response, write_lock
from wsis_graph.web.settings import REVIEWER_TOKENS_ENV, UPDATE_TOKEN_ENV

bp = Blueprint("review", __name__)

ACTIONS = ("accept", "reject", "unsure", "undo", "next")
_ID = re.compile(r"^[0-9a-f]{4,10}$")

#: Only our own origin: the page's one script is /pages-static/review.js.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'",
])


class Conflict(Problem):
    """409: the pair changed since the revision the request named; ``current`` says where it stands."""

    def __init__(self, message: str, current: dict) -> None:
        super().__init__(409, "conflict", message)
        self.current = current

    def details(self) -> dict:
        return {"current": self.current}


def _names() -> Names:
    return Names(Minter(current_app.config["SETTINGS"].base))


# -- who is asking -----------------------------------------------------------------------------------


def _reviewer_entries() -> list[tokens.Entry]:
    path = current_app.config["SETTINGS"].reviewer_tokens_file
    return tokens.read(path) if path else []


def _same(a: str, b: str) -> bool:
    """Two secrets compared in constant time (their digests, so that a length says nothing either)."""
    return hmac.compare_digest(hashlib.sha256(a.encode("utf-8")).digest(), hashlib.sha256(b.encode("utf-8")).digest())


def _token(fields: dict) -> str:
    scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
    if request.headers.get("Authorization"):
        if scheme.lower() != "bearer" or not value.strip():
            raise Problem(401, "unauthorized", "send the token as 'Authorization: Bearer <token>'",
                          {"WWW-Authenticate": 'Bearer realm="wsis-graph"'})
        return value.strip()
    return (fields.get("token") or "").strip()


def reviewer(fields: dict) -> str:
    """The name a decision is recorded under, from the request's token and its ``reviewer`` field.

    Raises:
        Problem: updates off (403); no token (401); a token neither the update token nor a reviewer's (401);
            the update token without a reviewer named (400); a reviewer token with another name (403).
    """
    settings = current_app.config["SETTINGS"]
    if not settings.updates_enabled:
        raise Problem(403, "updates_disabled",
                      f"updates are disabled on this server; they are switched on by setting {UPDATE_TOKEN_ENV}")
    token = _token(fields)
    claimed = (fields.get("reviewer") or "").strip()
    if not token:
        raise Problem(401, "unauthorized", "a decision needs your reviewer token: in the form's token field, or as "
                      "'Authorization: Bearer <token>'", {"WWW-Authenticate": 'Bearer realm="wsis-graph"'})
    entries = _reviewer_entries()
    named = tokens.reviewer_of(token, entries)
    if _same(token, settings.update_token):
        if not claimed:
            raise ReviewError("the update token is an administrator's: name the reviewer the decision is made for "
                              "(the field 'reviewer')", code="reviewer_required")
        return tokens.check_name(claimed)
    if named is None:
        raise Problem(401, "invalid_token", "the token is neither a reviewer's token nor the update token of this server",
                      {"WWW-Authenticate": 'Bearer realm="wsis-graph", error="invalid_token"'})
    if claimed and claimed != named:
        raise Problem(403, "not_your_name", f"this token is {named}'s: a decision cannot be made in another person's "
                      f"name ({claimed!r}); leave the reviewer field empty or give your own name")
    return named


# -- what the page shows -------------------------------------------------------------------------------


@dataclass
class Filter:
    run: str = ""
    scope: str = ""
    status: str = "open"

    @classmethod
    def of(cls, fields) -> "Filter":
        return cls((fields.get("run") or "").strip(), (fields.get("scope") or "").strip(),
                   (fields.get("status") or "open").strip() or "open")

    def query(self, **extra: str) -> str:
        params = {k: v for k, v in (("run", self.run), ("scope", self.scope),
                                   ("status", "" if self.status == "open" else self.status), *extra.items()) if v}
        return ("?" + urlencode(params)) if params else ""

    def to_json(self) -> dict:
        return {"run": self.run or None, "scope": self.scope or None, "status": self.status}


def _marked_words(terms: list[str]) -> tuple[set[str], set[str]]:
    """The words of the matched terms (``left = right``): the subject's and the object's, lower case."""
    left: set[str] = set()
    right: set[str] = set()
    for term in terms:
        a, sep, b = term.partition(" = ")
        left.update(a.lower().split())
        right.update((b if sep else a).lower().split())
    return left, right


#: A GDC node by its class (the matcher's kind ``gdc`` takes in all three).
_GDC_CLASSES = {WSIS.GDCCommitment: "GDC commitment", WSIS.GDCParagraph: "GDC paragraph", WSIS.GDCPrinciple: "GDC principle"}


def _side(view: View, c, end: str, marks: set[str], types: dict) -> dict:
    node = getattr(c, end)
    kind = getattr(c, f"{end}_kind")
    texts = triage.words(current_store(), node, kind, view.lang)
    named = next((_GDC_CLASSES[t] for t in types.get(node, ()) if t in _GDC_CLASSES), None) if kind == "gdc" else None
    main = [(w, Markup(highlighted(w.text, marks))) for w in texts if w.main]
    more = [(w, Markup(highlighted(w.text, marks))) for w in texts if not w.main]
    marked_more = sum(1 for _, m in more if "<mark>" in m)
    return {
        "kind": named or triage.kind_name(kind),
        "term": view.term(node),
        "code": getattr(c, f"{end}_code"),
        "iri": str(node),
        "main": main,
        "more": more,
        "marked_more": marked_more,
        # the lighter texts open when the matched words are only there
        "open_more": bool(marked_more) and not any("<mark>" in m for _, m in main),
        "texts": [{"field": w.field, "name": w.name, "text": w.text, "lang": w.lang, "main": w.main} for w in texts],
    }


def _context(flt: Filter, *, ident: str | None = None, after: str | None = None, fresh: bool = False) -> dict:
    """Everything the page (and its JSON) shows for a filter."""
    store = current_store()
    names = _names()
    survey = triage.survey(store, names, fresh=fresh)
    triage.check_filter(survey, run=flt.run or None, status=flt.status)
    within = triage.scope_pairs(store, names, flt.scope, survey.runs) if flt.scope else None
    selection = triage.select(survey, run=flt.run or None, within=within, status=flt.status, ident=ident, after=after)
    every = survey.progress()
    ctx: dict = {"filter": flt, "survey": survey, "selection": selection, "candidate": None, "runs": survey.runs,
                 "progress": None, "all_progress": every}
    if flt.run or flt.scope:  # the progress of the filter too
        every_status = triage.select(survey, run=flt.run or None, within=within, status="any")
        counts = {status: 0 for status in ("open", "accepted", "rejected", "unsure")}
        for pair in every_status.matching:
            counts[survey.status(pair.pid)] += 1
        ctx["filter_progress"] = {"total": len(every_status.matching), "reviewed": len(every_status.matching) - counts["open"],
                                  "statuses": counts}
    if selection.shown is None:
        return ctx
    try:
        c = triage.candidate(store, names, selection.shown.pid, selection.shown.runs)
    except ReviewError:  # the candidate sets changed behind the survey kept (a graph dropped): read them again
        if fresh:
            raise
        return _context(flt, ident=ident, after=after, fresh=True)
    paths = triage.graph_paths(store, c.subject, c.object)
    nodes = {c.subject, c.object, *(step[0] for path in paths for step in path)}
    labels = Labels()
    types: dict = {}
    for s, p, v in triage.node_names(store, nodes):
        labels.add(s, p, v)
        if p == RDF.type:
            types.setdefault(s, set()).add(v)
    view = View.for_request(labels)
    left, right = _marked_words(c.terms)
    state = c.state
    ctx.update(
        view=view,
        candidate=c,
        subject=_side(view, c, "subject", left, types),
        object=_side(view, c, "object", right, types),
        graph_paths=[[(view.term(node), relation_name(rel) if rel is not None else None, forward)
                      for node, rel, forward in path] for path in paths],
        progress=next((p for p in every if (p.subject_kind, p.object_kind) == (c.subject_kind, c.object_kind)), None),
        state=state,
        relation=relation_name(state.relation) if state and state.relation is not None else None,
        decided_at=_when(state.time) if state and state.time else "",
        default_relation=DEFAULT_RELATION.get((c.subject_kind, c.object_kind)),
        relations=list(RELATIONS),
        following=selection.following,
    )
    return ctx


def _when(moment: str) -> str:
    """``2026-03-01T09:05:07.120000+00:00`` → ``2026-03-01 09:05 UTC`` (as the log keeps it, otherwise)."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", moment)
    utc = moment.endswith(("Z", "+00:00"))
    return f"{match.group(1)} {match.group(2)}{' UTC' if utc else ''}" if match else moment


def _json(ctx: dict) -> dict:
    c = ctx["candidate"]
    selection = ctx["selection"]
    body = {
        "filter": ctx["filter"].to_json(),
        "matching": len(selection.matching),
        "position": selection.position or None,
        "progress": [p.to_json() for p in ctx["all_progress"]],
        "filter_progress": ctx.get("filter_progress"),
        "candidate": None,
        "next": None,
    }
    if c is not None:
        item = c.to_json()
        for end in ("subject", "object"):
            side = ctx[end]
            item[end].update(label=side["term"].text, kind_name=side["kind"], texts=side["texts"])
        item["graph_paths"] = [[{"node": t.iri, "code": t.code or t.text, "relation": rel, "forward": fwd}
                                for t, rel, fwd in path] for path in ctx["graph_paths"]]
        body["candidate"] = item
        body["scope_progress"] = ctx["progress"].to_json() if ctx["progress"] else None
        body["next"] = ctx["following"].pid if ctx["following"] else None
    return body


def _respond(ctx: dict, status: int = 200, **page) -> Response:
    if not wants_html():
        return _no_store(Response(json.dumps(_json(ctx), ensure_ascii=False), status=status, mimetype="application/json"))
    settings = current_app.config["SETTINGS"]
    ctx = dict(ctx)
    view = ctx.pop("view", None) or View.for_request()
    flt = ctx["filter"]
    response = render_page(
        "pages/review.html", view, status,
        updates=settings.updates_enabled and not settings.read_only,
        reviewer_tokens=bool(settings.reviewer_tokens_file),
        statuses=triage.FILTER_STATUSES,
        kind_name=triage.kind_name,
        tokens_env=REVIEWER_TOKENS_ENV,
        update_env=UPDATE_TOKEN_ENV,
        next_url=request.script_root + "/review" + flt.query(after=ctx["candidate"].pid) if ctx["candidate"] else None,
        **ctx, **page,
    )
    return _no_store(response)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


def _refuse_token_in_url() -> None:
    if "token" in request.args:
        raise Problem(400, "token_in_url", "a token is never sent in the URL (it would be kept in logs and history): "
                      "send it as 'Authorization: Bearer <token>' or in the form's body")


@bp.get("/review")
def review_page() -> Response:
    _refuse_token_in_url()
    flt = Filter.of(request.args)
    ident = (request.args.get("id") or "").strip() or None
    after = (request.args.get("after") or "").strip() or None
    try:
        ctx = _context(flt, ident=ident, after=after)
    except Problem as err:
        if not wants_html():
            raise
        return _respond(_context(Filter()), err.status, problem=err.message)  # the whole queue, and what was wrong
    return _respond(ctx)


# -- deciding -------------------------------------------------------------------------------------------


def _fields() -> dict:
    if request.mimetype == "application/json":
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise Problem(400, "bad_request", "the body is not a JSON object (give action, and relation, note, expect …)")
        return {k: "" if v is None else (v if isinstance(v, str) else json.dumps(v)) for k, v in data.items()}
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.to_dict()
    raise Problem(415, "unsupported_media_type", "send the decision as a form or as application/json, "
                  f"not {request.mimetype or 'no media type'}")


def _expect(fields: dict) -> int | None:
    raw = (fields.get("expect") or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ReviewError(f"expect: {raw!r} is not a revision (a whole number, 0 for a pair never decided)", code="bad_expect")
    return int(raw)


def _current(pid: str) -> dict:
    try:
        return triage.candidate(current_store(), _names(), pid).to_json()
    except ReviewError:
        return pair_state(current_store(), _names(), pid).to_json()


@bp.post("/review/<ident>")
def review_decide(ident: str) -> Response:
    html = wants_html()
    fields: dict = {}
    try:
        _refuse_token_in_url()
        fields = _fields()
        flt = Filter.of(fields)
        action = (fields.get("action") or "").strip()
        if action not in ACTIONS:
            raise ReviewError(f"action: {action!r} is not an action; say {', '.join(ACTIONS)}", code="bad_action")
        if action == "next":
            ctx = _context(flt, after=ident)
            return _respond(ctx, token=_token_if_good(fields), reviewer_field=fields.get("reviewer", ""))
        name = reviewer(fields)
        expect = _expect(fields)
        relation = (fields.get("relation") or "").strip() or None
        if fields.get("page") and action != "accept":
            relation = None  # the page's relation list belongs to its Accept button
        with write_lock():
            outcome = _write(ident, action, name, relation, (fields.get("note") or "").strip(), expect)
    except ReviewError as err:
        if err.status == 409 and err.code == "conflict":
            err = Conflict(err.message, _current(ident))
        return _failed(err, html, fields, ident)
    except Problem as err:
        return _failed(err, html, fields, ident)
    except StoreError as exc:
        if html:
            return _failed(Problem(503, "store_read_only", f"the store cannot be written here: {exc}"), html, fields, ident)
        return store_error_response(exc)
    current_app.logger.info("review %s %s by %s: %s", outcome.pid, action, name, outcome.summary())
    if not html:
        after = _context(flt, after=outcome.pid)
        body = {"outcome": outcome.to_json(), "reviewer": name, "state": pair_state(current_store(), _names(), outcome.pid).to_json(),
                "next": after["selection"].shown.pid if after["selection"].shown else None}
        return _no_store(Response(json.dumps(body, ensure_ascii=False), mimetype="application/json"))
    ctx = _context(flt, after=outcome.pid)
    return _respond(ctx, outcome=outcome, done=_done(outcome, name, ctx["survey"]), token=_token(fields),
                    reviewer_field=fields.get("reviewer", ""))


def _write(ident: str, action: str, name: str, relation: str | None, note: str, expect: int | None) -> Outcome:
    mint = Minter(current_app.config["SETTINGS"].base)
    store = current_store()
    key = (ident or "").strip().lower()
    if not _ID.match(key):
        raise ReviewError(f"{ident!r} is not a candidate id: the ids are ten hexadecimal digits (a unique prefix of "
                          "four or more will do)", code="bad_id")
    if action == "undo":
        if relation or note:
            raise ReviewError("an undo takes no relation and no note", code="bad_request")
        return undo(store, key, reviewer=name, expect=expect, mint=mint)
    # The candidate found through the survey (its runs known): decide() need not look through every
    # candidate set for the id (a scan: about 50 ms with 10,000 candidates queued).
    names = Names(mint)
    survey = triage.survey(store, names)
    pair = resolve(survey.pairs, key)  # type: ignore[arg-type]  (only the keys are read)
    try:
        c = triage.candidate(store, names, pair.pid, pair.runs)
    except ReviewError:
        c = triage.candidate(store, names, pair.pid)  # the candidate sets changed since the survey was kept
    target = Target(c.pid, c.nodes[0], c.subject, c.object, c.subject_kind, c.object_kind)
    return decide(store, c.pid, action, reviewer=name, relation=relation, note=note, expect=expect, mint=mint,
                  target=target)


def _done(outcome: Outcome, name: str, survey: triage.Survey) -> dict:
    """What the page says about the decision just made (and how to undo it)."""
    pair = survey.pairs.get(outcome.pid)
    c = triage.candidate(current_store(), _names(), outcome.pid, pair.runs if pair else None)
    verb = {"accepted": "Accepted", "rejected": "Rejected", "unsure": "Marked unsure", "open": "Undone: open again"}
    said = "Undone: now " + outcome.status if outcome.action == "undo" and outcome.status != "open" else verb[outcome.status]
    relation = f" as {relation_name(outcome.relation)}" if outcome.relation is not None and outcome.action == "decide" else ""
    return {"text": f"{said}{relation}: {c.subject_code} → {c.object_code} (candidate {outcome.pid}, by {name}, "
                    f"revision {outcome.revision}, {outcome.seconds * 1000:.0f} ms)",
            "pid": outcome.pid, "revision": outcome.revision, "undoable": outcome.status != "open"}


def _token_if_good(fields: dict) -> str:
    """The token of the request when it is one this server accepts (to keep it in the page), else ''."""
    try:
        token = _token(fields)
        settings = current_app.config["SETTINGS"]
        if token and settings.updates_enabled and (_same(token, settings.update_token)
                                                   or tokens.reviewer_of(token, _reviewer_entries())):
            return token
    except Problem:
        pass
    return ""


def _failed(err: Problem, html: bool, fields: dict, ident: str) -> Response:
    if not html:
        from wsis_graph.web.errors import problem_response

        return _no_store(problem_response(err))
    flt = Filter.of(fields)
    try:
        ctx = _context(flt, ident=ident)
    except Problem:
        try:
            ctx = _context(flt)
        except Problem:
            ctx = _context(Filter())
    keep = _token_if_good(fields) if err.status not in (401, 403) else ""
    response = _respond(ctx, err.status, problem=err.message, token=keep, reviewer_field=fields.get("reviewer", ""),
                        note_field=fields.get("note", ""))
    for key, value in err.headers.items():
        response.headers[key] = value
    return response


__all__ = ["ACTIONS", "CONTENT_SECURITY_POLICY", "Conflict", "Filter", "bp", "reviewer"]
