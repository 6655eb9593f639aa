"""The review page ``/review``: what it shows, the filters, deciding through it, who decided (reviewer
tokens), every refusal (with nothing written), and three candidates triaged by keyboard in a real
browser (Debian's Chromium through Playwright, as ``test_editor`` drives the query editor) until the map
shows the accepted link.

The store: the built dataset in a small Oxigraph store, with the matcher's three best Action Lines for
two GDC commitments (one run) and its three best SDG targets for two Action Lines (another run) queued
for review, made once per module and copied for each test that writes.
"""

from __future__ import annotations

import re
import shutil
import threading
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from conftest import TEST_BASE
from test_editor import browser  # noqa: F401  (browser: the Chromium fixture)
from wsis_graph.cli.main import main
from wsis_graph.matching.corpus import read_index
from wsis_graph.matching.suggest import suggest
from wsis_graph.review import tokens
from wsis_graph.review.decide import decide, pair_state
from wsis_graph.review.model import Names
from wsis_graph.review.queue import queue
from wsis_graph.review.state import listing
from wsis_graph.store import OxigraphStore
from wsis_graph.uris import Minter
from wsis_graph.web.app import create_app
from wsis_graph.web.settings import Settings

MINT = Minter(TEST_BASE)
NAMES = Names(MINT)
ADMIN = "admin-update-token-for-tests"
JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}
GDC_RUN, AL_RUN = "web-gdc", "web-al"
COMMITMENTS = ("GDC-29(b)", "GDC-29(a)")
LINES = ("C5", "C7.e-health")
SCREENSHOT = Path("/tmp/review.png")


# -- the store and the application ------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(built, tmp_path_factory):
    """A closed Oxigraph store with the two runs queued; tests copy it."""
    location = tmp_path_factory.mktemp("review-web") / "db"
    store = OxigraphStore(location)
    store.replace(built.quads())
    index = read_index(store)
    gdc = [s for code in COMMITMENTS for s in suggest(index, "gdc", "action-lines", scope=code, top=3)]
    lines = [s for code in LINES for s in suggest(index, "action-lines", "sdg-targets", scope=code, top=3)]
    queue(store, gdc, from_kind="gdc", to_kind="action-lines", run=GDC_RUN, mint=MINT)
    queue(store, lines, from_kind="action-lines", to_kind="sdg-targets", run=AL_RUN, mint=MINT)
    store.close()
    return location


@pytest.fixture(scope="module")
def reviewers(tmp_path_factory):
    """A tokens file with two reviewers; their tokens."""
    path = tmp_path_factory.mktemp("reviewers") / "reviewers.txt"
    ana, _ = tokens.add(path, "Ana Reviewer")
    bo, _ = tokens.add(path, "Bo Curator")
    return path, {"Ana Reviewer": ana, "Bo Curator": bo}


def copy_store(template: Path, folder: Path) -> OxigraphStore:
    shutil.copytree(template, folder / "db")
    return OxigraphStore(folder / "db")


@pytest.fixture
def store(template, tmp_path):
    store = copy_store(template, tmp_path)
    yield store
    store.close()


def make_app(store, reviewers_file=None, update_token=ADMIN):
    settings = Settings(store_url=store.url, base=TEST_BASE, update_token=update_token)
    settings.reviewer_tokens_file = str(reviewers_file) if reviewers_file else None
    return create_app(settings, store=store)


@pytest.fixture
def client(store, reviewers):
    return make_app(store, reviewers[0]).test_client()


@pytest.fixture
def ana(reviewers):
    return {"Authorization": f"Bearer {reviewers[1]['Ana Reviewer']}", **JSON}


def snapshot(store) -> list:
    return sorted(store.quads())


def page_json(client, query: str = "") -> dict:
    response = client.get("/review" + query, headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


# == What the page shows ================================================================================


def test_the_page_shows_the_best_open_candidate_both_texts_marked_and_the_progress(client, store):
    best = max(listing(store, NAMES, status="open"), key=lambda c: c.score)
    response = client.get("/review", headers=HTML)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert f'action="/review/{best.pid}"' in html
    assert best.subject_code in html and best.object_code in html
    sides = re.findall(r'<section class="review-side".*?</section>', html, re.S)
    assert len(sides) == 2
    for side in sides:  # each text has the matched words marked in it
        assert "<mark>" in side.split("<details")[0], side[:400]
    gdc_total = sum(1 for c in listing(store, NAMES) if c.subject_kind == "gdc")
    assert f"0 of {gdc_total} GDC × Action Line pairs reviewed" in html
    assert "Action Line × SDG target pairs reviewed" in html
    assert '<script src="/pages-static/review.js" defer></script>' in html
    for attr in re.findall(r'\b(?:src|action)="([^"]*)"', html):
        assert not re.match(r"^(?:[a-z]+:)?//", attr), f"external reference: {attr}"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    with client.get("/pages-static/review.js") as script:
        assert script.status_code == 200 and b"keydown" in script.data


def test_the_json_says_the_candidate_its_texts_evidence_and_the_progress_of_each_kind(client, store):
    listed = listing(store, NAMES)
    body = page_json(client)
    c = body["candidate"]
    assert c["score"] == round(max(x.score for x in listed), 4) and c["status"] == "open" and c["revision"] == 0
    assert c["matched_terms"] and c["runs"]
    for end in ("subject", "object"):
        assert c[end]["label"] and c[end]["texts"] and all(t["text"] for t in c[end]["texts"])
    assert body["matching"] == len(listed) and body["position"] == 1
    totals = {(p["subject_kind"], p["object_kind"]): p["total"] for p in body["progress"]}
    expected: dict = {}
    for x in listed:
        expected[(x.subject_kind, x.object_kind)] = expected.get((x.subject_kind, x.object_kind), 0) + 1
    assert totals == expected
    assert body["next"] and body["next"] != c["id"]


def test_next_walks_the_filter_in_score_order_and_comes_back_to_the_first(client, store):
    order = [c.pid for c in sorted(listing(store, NAMES, run=GDC_RUN), key=lambda c: (-c.score, c.pid))]
    seen = [page_json(client, f"?run={GDC_RUN}")["candidate"]["id"]]
    for _ in range(len(order)):
        seen.append(page_json(client, f"?run={GDC_RUN}&after={seen[-1]}")["candidate"]["id"])
    assert seen == order + order[:1]


def test_the_filters_by_run_scope_objective_and_status(client, store):
    assert page_json(client, f"?run={AL_RUN}")["matching"] == len(listing(store, NAMES, run=AL_RUN))
    c5 = page_json(client, "?scope=C5")
    assert c5["matching"] == len(listing(store, NAMES, scope="C5")) > 0
    assert "C5" in (c5["candidate"]["subject"]["code"], c5["candidate"]["object"]["code"])
    objective = page_json(client, "?scope=GDC-O3")  # the objective of GDC-29(a) and (b)
    assert objective["matching"] == len(listing(store, NAMES, run=GDC_RUN))
    chosen = listing(store, NAMES, run=AL_RUN)[-1]
    assert page_json(client, f"?id={chosen.pid[:6]}")["candidate"]["id"] == chosen.pid
    decide(store, chosen.pid, "reject", reviewer="Bo", mint=MINT)
    rejected = page_json(client, "?status=rejected")
    assert rejected["matching"] == 1 and rejected["candidate"]["id"] == chosen.pid
    assert rejected["candidate"]["reviewer"] == "Bo"
    assert page_json(client, "?status=open")["matching"] == len(listing(store, NAMES)) - 1
    empty = page_json(client, f"?status=accepted&run={GDC_RUN}")
    assert empty["candidate"] is None and empty["matching"] == 0


@pytest.mark.parametrize("query, status, code", [
    ("?run=no-such-run", 404, "not_found"),
    ("?scope=C55", 400, "unknown_scope"),
    ("?status=done", 400, "bad_status"),
    ("?id=ffffffffff", 404, "not_found"),
    ("?after=0000", 404, "not_found"),
    ("?token=abc", 400, "token_in_url"),
])
def test_bad_filters_are_json_errors_that_say_what(client, query, status, code):
    response = client.get("/review" + query, headers=JSON)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    page = client.get("/review" + query, headers=HTML)  # a browser gets the page, with what was wrong
    assert page.status_code == status and error["message"] in unescape(page.get_data(as_text=True))


def test_an_empty_queue_says_how_to_fill_it(built, tmp_path):
    store = OxigraphStore(tmp_path / "db")
    store.replace(built.quads())
    client = make_app(store).test_client()
    assert page_json(client)["candidate"] is None
    assert "wsis-graph suggest" in client.get("/review", headers=HTML).get_data(as_text=True)
    store.close()


def test_the_links_the_graph_holds_between_the_two_are_shown(client, store, ana):
    first = page_json(client)["candidate"]
    assert client.post(f"/review/{first['id']}", headers=ana, data={"action": "accept", "expect": "0"}).status_code == 200
    after = page_json(client, f"?id={first['id']}")["candidate"]
    direct = [p for p in after["graph_paths"] if len(p) == 2]
    assert direct and after["relation"].endswith("#" + direct[0][0]["relation"]) and direct[0][0]["forward"] is True
    assert direct[0][1]["node"] == first["object"]["iri"]


# == Deciding ===========================================================================================


def test_a_reviewer_token_decides_in_its_reviewers_name(client, store, ana):
    shown = page_json(client)
    pid = shown["candidate"]["id"]
    response = client.post(f"/review/{pid}", headers=ana, data={"action": "accept", "note": "both speak of it", "expect": "0"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["outcome"]["status"] == "accepted" and body["outcome"]["revision"] == 1
    assert body["reviewer"] == "Ana Reviewer" and body["state"]["reviewer"] == "Ana Reviewer"
    assert body["state"]["note"] == "both speak of it"
    assert body["next"] and body["next"] != pid
    state = pair_state(store, NAMES, pid)
    assert (state.status, state.reviewer) == ("accepted", "Ana Reviewer")
    after = page_json(client)
    assert after["candidate"]["id"] == body["next"]
    assert sum(p["reviewed"] for p in after["progress"]) == 1
    # the same reviewer named in the form is fine; a JSON body works as a form does
    second = client.post(f"/review/{body['next']}", headers=ana, json={"action": "reject", "reviewer": "Ana Reviewer", "expect": 0})
    assert second.status_code == 200 and second.get_json()["state"]["status"] == "rejected"


def test_the_update_token_decides_in_the_name_it_gives_and_undo_takes_it_back(client, store):
    admin = {"Authorization": f"Bearer {ADMIN}", **JSON}
    pid = page_json(client)["candidate"]["id"]
    done = client.post(f"/review/{pid}", headers=admin, data={"action": "unsure", "reviewer": "Carla Admin"})
    assert done.status_code == 200 and pair_state(store, NAMES, pid).reviewer == "Carla Admin"
    undone = client.post(f"/review/{pid}", headers=admin, data={"action": "undo", "reviewer": "Carla Admin", "expect": "1"})
    assert undone.status_code == 200 and undone.get_json()["outcome"]["status"] == "open"
    assert pair_state(store, NAMES, pid).status == "open"


BAD_POSTS = [
    # (headers: who, form, status, code)
    ("none", {"action": "accept"}, 401, "unauthorized"),
    ("wrong", {"action": "accept"}, 401, "invalid_token"),
    ("ana", {"action": "accept", "reviewer": "Bo Curator"}, 403, "not_your_name"),
    ("admin", {"action": "accept"}, 400, "reviewer_required"),
    ("ana", {"action": "approve"}, 400, "bad_action"),
    ("ana", {"action": "accept", "relation": "alignsWith"}, 400, "unknown_relation"),
    ("ana", {"action": "reject", "relation": "linkedTo"}, 400, "relation_not_accept"),
    ("ana", {"action": "accept", "expect": "one"}, 400, "bad_expect"),
    ("ana", {"action": "accept", "expect": "3"}, 409, "conflict"),
    ("ana", {"action": "undo"}, 409, "nothing_to_undo"),
]


@pytest.mark.parametrize("who, form, status, code", BAD_POSTS, ids=[b[3] for b in BAD_POSTS])
def test_a_refused_decision_is_the_usual_json_error_and_writes_nothing(client, store, reviewers, who, form, status, code):
    pid = page_json(client)["candidate"]["id"]
    token = {"none": None, "wrong": "not-a-token", "ana": reviewers[1]["Ana Reviewer"], "admin": ADMIN}[who]
    headers = {**JSON, **({"Authorization": f"Bearer {token}"} if token else {})}
    before = snapshot(store)
    response = client.post(f"/review/{pid}", headers=headers, data=form)
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert snapshot(store) == before


@pytest.mark.parametrize("path, status, code", [
    ("/review/ffffffffff", 404, "not_found"),
    ("/review/zz", 400, "bad_id"),
    ("/review/{pid}?token={token}", 400, "token_in_url"),
])
def test_unknown_ids_and_tokens_in_the_url_are_refused(client, store, ana, reviewers, path, status, code):
    pid = page_json(client)["candidate"]["id"]
    before = snapshot(store)
    url = path.format(pid=pid, token=reviewers[1]["Ana Reviewer"])
    response = client.post(url, headers=ana, data={"action": "accept"})
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)
    assert snapshot(store) == before


def test_a_pair_another_reviewer_decided_meanwhile_is_refused_with_its_state(client, store, reviewers):
    pid = page_json(client)["candidate"]["id"]  # both reviewers are shown the pair open, at revision 0
    ana = {"Authorization": f"Bearer {reviewers[1]['Ana Reviewer']}", **JSON}
    bo = {"Authorization": f"Bearer {reviewers[1]['Bo Curator']}", **JSON}
    assert client.post(f"/review/{pid}", headers=ana, data={"action": "accept", "expect": "0"}).status_code == 200
    before = snapshot(store)
    late = client.post(f"/review/{pid}", headers=bo, data={"action": "reject", "expect": "0"})
    assert late.status_code == 409
    error = late.get_json()["error"]
    assert error["code"] == "conflict" and "accepted by Ana Reviewer" in error["message"]
    assert error["current"]["status"] == "accepted" and error["current"]["reviewer"] == "Ana Reviewer"
    assert error["current"]["revision"] == 1 and error["current"]["id"] == pid
    assert snapshot(store) == before
    page = client.post(f"/review/{pid}", headers={"Authorization": bo["Authorization"], **HTML},
                       data={"action": "reject", "expect": "0", "page": "1", "relation": "linkedTo"})
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "accepted by Ana Reviewer" in html and f'action="/review/{pid}"' in html
    assert snapshot(store) == before


def test_decisions_are_refused_where_updates_are_off(store, reviewers):
    client = make_app(store, reviewers[0], update_token=None).test_client()
    pid = page_json(client)["candidate"]["id"]
    before = snapshot(store)
    response = client.post(f"/review/{pid}", headers={"Authorization": f"Bearer {reviewers[1]['Ana Reviewer']}", **JSON},
                           data={"action": "accept"})
    assert (response.status_code, response.get_json()["error"]["code"]) == (403, "updates_disabled")
    assert "Decisions are switched off on this server" in client.get("/review", headers=HTML).get_data(as_text=True)
    assert snapshot(store) == before


def test_the_browser_form_answers_the_next_page_and_keeps_the_token(client, store, reviewers):
    token = reviewers[1]["Ana Reviewer"]
    first = page_json(client)
    pid, following = first["candidate"]["id"], first["next"]
    form = {"action": "accept", "expect": "0", "page": "1", "relation": "linkedTo", "note": "", "token": token,
            "reviewer": "", "run": "", "scope": "", "status": "open"}
    response = client.post(f"/review/{pid}", headers=HTML, data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Accepted as linkedTo" in html and "Undo this decision" in html
    assert f'action="/review/{following}"' in html  # the next candidate
    assert f'type="password" name="token" value="{token}"' in html
    # "next" writes nothing and keeps the token; a reject sent from the page ignores the relation list
    before = snapshot(store)
    skipped = client.post(f"/review/{following}", headers=HTML, data={**form, "action": "next", "expect": "0"})
    assert skipped.status_code == 200 and snapshot(store) == before
    assert f'value="{token}"' in skipped.get_data(as_text=True)
    rejected = client.post(f"/review/{following}", headers=HTML, data={**form, "action": "reject"})
    assert rejected.status_code == 200 and pair_state(store, NAMES, following).status == "rejected"
    # a wrong token: the page says so with its status, and does not echo it
    wrong = client.post(f"/review/{following}", headers=HTML, data={**form, "action": "unsure", "token": "guess", "expect": "1"})
    body = wrong.get_data(as_text=True)
    assert wrong.status_code == 401 and "neither a reviewer" in body and 'value="guess"' not in body


def test_the_undo_button_after_a_decision_takes_it_back(client, store, reviewers):
    token = reviewers[1]["Bo Curator"]
    pid = page_json(client)["candidate"]["id"]
    answer = client.post(f"/review/{pid}", headers=HTML, data={"action": "reject", "expect": "0", "page": "1",
                                                               "relation": "linkedTo", "token": token})
    assert answer.status_code == 200 and pair_state(store, NAMES, pid).status == "rejected"
    form = re.search(r'<form method="post" action="(/review/[0-9a-f]+)" class="inline">(.*?)</form>',
                     answer.get_data(as_text=True), re.S)
    assert form and form.group(1) == f"/review/{pid}"
    fields = dict(re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)">', form.group(2)))
    assert fields["action"] == "undo" and fields["expect"] == "1" and fields["token"] == token
    undone = client.post(form.group(1), headers=HTML, data=fields)
    assert undone.status_code == 200 and "Undone: open again" in undone.get_data(as_text=True)
    assert pair_state(store, NAMES, pid).status == "open" and pair_state(store, NAMES, pid).revision == 2


def test_a_tokens_file_that_went_bad_refuses_decisions_and_writes_nothing(store, tmp_path, reviewers):
    path = tmp_path / "reviewers.txt"
    shutil.copy(reviewers[0], path)
    client = make_app(store, path).test_client()
    pid = page_json(client)["candidate"]["id"]
    path.write_text(path.read_text(encoding="utf-8") + "a line that is no token\n", encoding="utf-8")
    before = snapshot(store)
    response = client.post(f"/review/{pid}", headers={"Authorization": f"Bearer {reviewers[1]['Ana Reviewer']}", **JSON},
                           data={"action": "accept"})
    assert response.status_code == 500
    error = response.get_json()["error"]
    assert error["code"] == "reviewer_tokens_unusable" and "line 4" in error["message"]
    assert snapshot(store) == before


def test_the_survey_sees_a_run_queued_and_a_candidate_set_dropped(client, store):
    before = page_json(client)["matching"]
    queue(store, suggest(read_index(store), "gdc", "entities", scope="GDC-29(b)", top=2), from_kind="gdc",
          to_kind="entities", run="web-late", mint=MINT)
    assert page_json(client)["matching"] == before + 2  # the description changed: the queue is read again
    dropped = [c.pid for c in listing(store, NAMES, run=GDC_RUN)]
    store.update(f"DROP GRAPH <{NAMES.candidates(GDC_RUN)}>")  # the description still lists the set
    gone = client.get(f"/review?id={dropped[0]}", headers=JSON)
    assert gone.status_code == 404  # found missing when shown: the queue is read again
    assert page_json(client)["matching"] == before + 2 - len(dropped)


# == Reviewer tokens ===================================================================================


def test_the_tokens_file_keeps_only_hashes_and_names(tmp_path):
    path = tmp_path / "reviewers.txt"
    token, _ = tokens.add(path, "Ana Reviewer")
    text = path.read_text(encoding="utf-8")
    assert token not in text and tokens.digest(token) in text
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    entries = tokens.read(path)
    assert tokens.reviewer_of(token, entries) == "Ana Reviewer"
    assert tokens.reviewer_of(token + "x", entries) is None
    with pytest.raises(Exception) as taken:
        tokens.add(path, "Ana Reviewer")
    assert taken.value.status == 409
    fresh, removed = tokens.add(path, "Ana Reviewer", replace=True)
    assert removed == 1 and tokens.reviewer_of(token, tokens.read(path)) is None
    assert tokens.reviewer_of(fresh, tokens.read(path)) == "Ana Reviewer"


@pytest.mark.parametrize("text, message", [
    ("not-a-hash Ana\n", "line 1: expected the SHA-256"),
    ("# reviewers\n" + "a" * 64 + "\n", "line 2: expected the SHA-256"),
    ("a" * 64 + " Ana\n" + "A" * 64 + " Bo\n", "line 2: the same token hash as line 1"),
])
def test_a_bad_tokens_file_is_refused_with_its_line(text, message):
    with pytest.raises(tokens.TokensFileError) as refused:
        tokens.parse(text, "reviewers.txt")
    assert message in refused.value.message


def test_review_token_add_prints_a_token_once_and_serve_checks_the_file(tmp_path):
    path = tmp_path / "t.txt"
    result = CliRunner().invoke(main, ["review", "token", "add", "Bo Curator", "--tokens", str(path)])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert tokens.reviewer_of(token, tokens.read(path)) == "Bo Curator"
    again = CliRunner().invoke(main, ["review", "token", "add", "Bo Curator", "--tokens", str(path)])
    assert again.exit_code == 2 and "has a token already" in again.output
    bad = tmp_path / "bad.txt"
    bad.write_text("nonsense\n", encoding="utf-8")
    served = CliRunner().invoke(main, ["serve", "--store", "memory:", "--no-build", "--reviewer-tokens", str(bad)])
    assert served.exit_code == 2 and "line 1" in served.output


# == In a real browser ===================================================================================

@pytest.fixture(scope="module")
def served(template, reviewers, tmp_path_factory):
    """The application on a real HTTP server on 127.0.0.1 over a copy of the store."""
    store = copy_store(template, tmp_path_factory.mktemp("review-served"))
    app = make_app(store, reviewers[0])
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", store
    httpd.shutdown()
    thread.join(5)
    store.close()


def test_three_candidates_triaged_by_keyboard_change_the_map(browser, served, reviewers):
    server, store = served
    requests, refused, problems = [], [], []
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    context.set_default_timeout(15_000)

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    context.on("request", lambda req: requests.append(req.url))
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    try:
        commitment = COMMITMENTS[0]
        scoped = f"?run={GDC_RUN}&scope={commitment.replace('(', '%28').replace(')', '%29')}"
        order = [c.pid for c in sorted(listing(store, NAMES, run=GDC_RUN, scope=commitment), key=lambda c: (-c.score, c.pid))]
        assert len(order) == 3
        accepted = next(c for c in listing(store, NAMES) if c.pid == order[0])
        link = f"—linkedTo [reviewed]→ {accepted.object_code}"
        page.goto(f"{server}/map?gdc={commitment}")
        assert link not in page.inner_text("main")

        page.goto(f"{server}/review{scoped}")
        assert page.locator("#decide").get_attribute("action") == f"/review/{order[0]}"
        page.keyboard.press("a")  # no token yet: the page asks for it and posts nothing
        assert "Type your reviewer token first" in page.inner_text("#keys-status")
        assert pair_state(store, NAMES, order[0]).status == "open"
        page.fill("#r-token", reviewers[1]["Ana Reviewer"])
        page.locator("h1").click()  # the focus leaves the field: keys are keys again
        for expected in (order[1], order[2], order[0]):  # n skips, writes nothing, and comes back round
            with page.expect_navigation():
                page.keyboard.press("n")
            assert page.locator("#decide").get_attribute("action") == f"/review/{expected}"
            assert page.input_value("#r-token") == reviewers[1]["Ana Reviewer"]
        assert all(pair_state(store, NAMES, pid).status == "open" for pid in order)
        for key, pid, said in (("a", order[0], "Accepted"), ("r", order[1], "Rejected"), ("u", order[2], "Marked unsure")):
            assert page.locator("#decide").get_attribute("action") == f"/review/{pid}"
            with page.expect_navigation():
                page.keyboard.press(key)
            assert said in page.inner_text(".review-message.done")
            if key == "a":
                page.screenshot(path=str(SCREENSHOT), full_page=True)
        assert [pair_state(store, NAMES, pid).status for pid in order] == ["accepted", "rejected", "unsure"]
        assert all(pair_state(store, NAMES, pid).reviewer == "Ana Reviewer" for pid in order)
        assert "No candidate is left in this filter" in page.inner_text("main")
        assert "3 of" in page.inner_text(".review-progress")

        page.goto(f"{server}/map?gdc={commitment}")
        assert link in page.inner_text("main")
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
    assert refused == [] and all(urlsplit(u).hostname == "127.0.0.1" for u in requests if u.startswith("http"))
    assert problems == []
    assert SCREENSHOT.stat().st_size > 10_000
