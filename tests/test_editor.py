"""The query editor at ``/``: YASGUI from our own origin, the named queries as examples.

Two parts. The first asks the application directly (the page, the degraded page when the bundle is
missing, the named queries' text with parameters written in as VALUES rows, and that those rows
give the same answers as the engine's own bindings on the built dataset). The second drives the
page in a real headless Chromium (Debian's ``/usr/bin/chromium``, through Playwright) against the
application served by a real server on 127.0.0.1 over a small Oxigraph store: every request the
browser makes is recorded, and any to another host is refused and fails the test.

Setup: ``make setup-test`` installs the editor bundle (``npm ci``), Chromium and Playwright.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SKOS
from werkzeug.serving import make_server

from conftest import TEST_BASE
from wsis_graph.namespaces import PREFIXES, WSIS
from wsis_graph.queries.registry import ParameterError, get_query, named_queries, parse_query_file
from wsis_graph.store import MemoryStore, OxigraphStore
from wsis_graph.uris import Minter
from wsis_graph.web.pages import editor
from wsis_graph.web.app import create_app
from wsis_graph.web.settings import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = Path("/tmp/editor.png")
MINT = Minter(TEST_BASE)
GRAPH = MINT.graph("editor-test")

#: Three Action Lines with English and French names: what the browser tests query.
ACTION_LINES = {
    "C1": ("The role of governments and all stakeholders", "Le rôle des gouvernements et de toutes les parties prenantes"),
    "C2": ("Information and communication infrastructure", "Infrastructure de l'information et de la communication"),
    "C3": ("Access to information and knowledge", "Accès à l'information et au savoir"),
}


def fixture_quads():
    for code, (en, fr) in ACTION_LINES.items():
        line = MINT.action_line(code)
        yield (line, RDF.type, WSIS.ActionLine, GRAPH)
        yield (line, SKOS.notation, Literal(code), GRAPH)
        yield (line, SKOS.prefLabel, Literal(en, lang="en"), GRAPH)
        yield (line, SKOS.prefLabel, Literal(fr, lang="fr"), GRAPH)


def settings(**kw) -> Settings:
    return Settings(store_url="memory:", base=TEST_BASE, **kw)


@pytest.fixture
def client():
    store = MemoryStore()
    store.replace(fixture_quads())
    return create_app(settings(), store=store).test_client()


def require_bundle() -> None:
    if not editor.bundle_installed(editor.YASGUI_BUILD):
        pytest.fail(f"the editor bundle is not installed in {editor.YASGUI_BUILD}: run `make setup` (npm ci)")


# == 1. The application, asked directly ============================================================


def test_page_serves_yasgui_from_our_own_origin(client):
    require_bundle()
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert '<script src="/editor/yasgui/yasgui.min.js"></script>' in html
    assert '<link rel="stylesheet" href="/editor/yasgui/yasgui.min.css">' in html
    # Every script, style sheet, image and form target is on our origin (a relative URL).
    for attr in re.findall(r'\b(?:src|href|action)="([^"]*)"', html):
        assert not re.match(r"^(?:[a-z]+:)?//", attr), f"external reference in the page: {attr}"
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "script-src 'self'" in csp
    assert "Loading the query editor" in html  # replaced by the editor once the script runs
    for name in ("yasgui.min.js", "yasgui.min.css"):
        with client.get(f"/editor/yasgui/{name}") as asset:
            assert asset.status_code == 200 and len(asset.data) > 10_000
    with client.get("/editor/static/editor.js") as script:
        assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert client.get("/editor/yasgui/../package.json").status_code == 404
    assert client.get("/editor/yasgui/yasgui.esm.js").status_code == 404  # only what the page needs


def test_page_config_names_our_endpoint_prefixes_and_every_named_query(client):
    html = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', html, re.S)[1])
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"]["id"] == TEST_BASE
    assert {k: v for k, v in config["prefixes"].items() if k != "id"} == PREFIXES
    assert client.get(config["prefixesUrl"]).get_json() == config["prefixes"]
    # The very map the endpoint and `wsis-graph query` add to a query that does not declare them.
    from wsis_graph.namespaces import query_prefixes

    assert config["prefixes"] == query_prefixes(TEST_BASE)
    queries = named_queries()
    assert [q["name"] for q in config["queries"]] == list(queries)
    for q in config["queries"]:
        named = queries[q["name"]]
        assert q["title"] == named.title and q["description"] == named.description
        assert [p["name"] for p in q["parameters"]] == [p.name for p in named.parameters]
        assert f'data-query="{q["name"]}"' in html  # listed, with a form
        assert f'action="/editor/queries/{q["name"]}.rq"' in html


def test_page_without_the_bundle_says_how_to_install_it(tmp_path):
    app = create_app(settings(editor_bundle=str(tmp_path / "nothing-here")), store=MemoryStore())
    c = app.test_client()
    r = c.get("/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "The query editor is not installed on this server" in html
    assert "make setup" in html and "npm ci" in html
    assert "yasgui.min.js" not in html.split("</header>")[1].split('id="editor-config"')[0]
    assert "<script src=\"/editor/yasgui" not in html
    # The example queries are still there, as plain links to their text.
    for name in named_queries():
        assert f'action="/editor/queries/{name}.rq"' in html
    assert "Show the query text" in html and "Open in editor" not in html
    missing = c.get("/editor/yasgui/yasgui.min.js")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "editor_not_installed"


def test_named_query_text_for_the_editor_parses_and_runs_for_every_query():
    store = ox.Store()
    for q in named_queries().values():
        text = editor.editor_text(q)
        store.query(text)  # raises SyntaxError if the VALUES rows broke the query
        if not q.parameters:
            assert text == q.text
        for p in q.parameters:
            if p.default is None:
                assert f"# VALUES ?{p.name} {{" in text
            else:
                assert re.search(rf"^\s*VALUES \?{p.name} \{{", text, re.M)


def test_parameters_become_values_rows_as_the_registry_reads_them(client):
    r = client.get("/editor/queries/labels-in-language.rq?lang=zh&class=wsis:SDGGoal")
    assert r.status_code == 200 and r.mimetype == "text/plain"
    text = r.get_data(as_text=True)
    assert text.startswith(get_query("labels-in-language").text.split("WHERE {")[0])
    assert 'VALUES ?lang { "zh" }' in text
    assert f"VALUES ?class {{ <{PREFIXES['wsis']}SDGGoal> }}" in text
    # The VALUES rows open the outermost WHERE group, ahead of the patterns.
    body = text.split("WHERE {", 1)[1]
    assert body.index("VALUES ?lang") < body.index("?concept a ?class")

    text = client.get("/editor/queries/action-line-facilitators.rq?actionLine=c2").get_data(as_text=True)
    assert f"VALUES ?actionLine {{ <{TEST_BASE}action-line/C2> }}" in text
    open_text = client.get("/editor/queries/action-line-facilitators.rq").get_data(as_text=True)
    assert "# VALUES ?actionLine { <…> }" in open_text and "\n  VALUES" not in open_text
    # An empty field is a parameter left open (or given its default).
    empty = client.get("/editor/queries/labels-in-language.rq?lang=&class=").get_data(as_text=True)
    assert empty == client.get("/editor/queries/labels-in-language.rq").get_data(as_text=True)
    assert 'VALUES ?lang { "fr" }' in empty and "# VALUES ?class { <…> }" in empty


@pytest.mark.parametrize(
    "url, code, words",
    [
        ("/editor/queries/indicators-of-target.rq?target=banana", "bad_parameter", "expects an SDG goal or target"),
        ("/editor/queries/labels-in-language.rq?colour=red", "bad_parameter", "has no parameter 'colour'"),
        # a code must name a thing of the served store (C1-C3 here), with the nearest ones suggested
        ("/editor/queries/action-line-facilitators.rq?actionLine=C12", "bad_parameter", "did you mean C1, C2"),
        ("/editor/queries/dataset-graphs.rq?lang=fr", "bad_parameter", "takes none"),
        ("/editor/queries/no-such-query.rq", "unknown_query", "no named query 'no-such-query'"),
    ],
)
def test_bad_parameters_and_unknown_queries_are_json_errors(client, url, code, words):
    r = client.get(url)
    assert r.status_code == (404 if code == "unknown_query" else 400)
    error = r.get_json()["error"]
    assert error["code"] == code and words in error["message"]


def test_where_group_start_skips_comments_strings_iris_and_templates():
    q = 'PREFIX a: <http://x/#WHERE>\n# WHERE { not this\nSELECT ("{" AS ?w) WHERE { ?s ?p """}""" }'
    at = editor.where_group_start(q)
    assert q[at - 1] == "{" and q[:at].endswith('?w) WHERE {')
    q = "CONSTRUCT { ?s a ?o } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    assert q[: editor.where_group_start(q)] == "CONSTRUCT { ?s a ?o } WHERE {"
    assert editor.where_group_start("SELECT ?x { ?x ?y ?z }") == len("SELECT ?x {")
    assert editor.where_group_start("DESCRIBE <http://x>") is None


NESTED = """\
# title: Labels of an Action Line in one language
# description: A test query whose parameters are used in an inner group and in a sub-SELECT.
# param: lang literal optional=fr  The language tag.
# param: line action-line optional  The Action Line.
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?line ?lang ?label ?names
WHERE {
  {
    ?line skos:prefLabel ?label .
    FILTER(LANG(?label) = ?lang)
  }
  { SELECT ?line (COUNT(?name) AS ?names) WHERE { ?line skos:prefLabel ?name } GROUP BY ?line }
}
"""


def test_values_rows_reach_inner_groups_and_sub_selects(tmp_path):
    """A FILTER in an inner group runs before the outer join: a VALUES row at the top alone would
    leave ?lang unbound there, so the row is repeated in every group that uses the variable."""
    (tmp_path / "nested.rq").write_text(NESTED, encoding="utf-8")
    query = parse_query_file(tmp_path / "nested.rq")
    store = OxigraphStore(tmp_path / "db")
    store.replace(fixture_quads())
    try:
        for values in ({}, {"line": "C2"}, {"lang": "en", "line": "C3"}):
            text = editor.editor_text(query, values, MINT)
            expected = store.query(query.text, query.bindings(values, MINT))
            assert expected.rows
            assert Counter(store.query(text).rows) == Counter(expected.rows), text
        text = editor.editor_text(query, {"line": "C2"}, MINT)
        assert text.count('VALUES ?lang { "fr" }') == 2  # at the top and in the inner group
        assert text.count(f"VALUES ?line {{ <{MINT.action_line('C2')}> }}") == 3  # and in the sub-SELECT
        assert "WHERE { VALUES ?line" in text  # a one-line group keeps its row on its line
        # The naive placement (one row at the top of the WHERE group) gives nothing here.
        at = editor.where_group_start(query.text)
        naive = query.text[:at] + ' VALUES ?lang { "fr" } ' + query.text[at:]
        assert store.query(naive).rows == []
    finally:
        store.close()


#: Parameter values for the equivalence check: each must give rows on the built dataset.
EQUIVALENCE = [
    ("action-line-facilitators", {"actionLine": "C4"}),
    ("action-line-sdg-targets", {"actionLine": "C2"}),
    ("entities-by-action-lines", {"role": "wsis:CoFacilitator"}),
    ("gdc-objective-commitments", {"objective": "GDC-O1"}),
    ("indicators-of-target", {"target": "17.6"}),
    ("labels-in-language", {"lang": "zh", "class": "wsis:SDGGoal"}),
    ("labels-in-language", {}),
    ("rights-grounding", {"subject": "sdg:16.10"}),
    ("sdg-action-lines", {"sdg": "9.c"}),
    ("submission-recommendations", {}),
    # over the two hand-written practice records that built_store holds beside the curated build
    ("records-of-country-action-line", {"country": "KEN", "actionLine": "C8"}),
    ("records-per-action-line-goal", {}),
    ("records-least-practice-action-lines", {}),
]


@pytest.fixture(scope="module")
def built_store(built, tmp_path_factory):
    from test_record_queries import HANDMADE_CSV
    from wsis_graph.records import Vocabulary, load_records

    folder = tmp_path_factory.mktemp("editor")
    store = OxigraphStore(folder / "db")
    store.replace(built.quads())
    records = folder / "handmade.csv"
    records.write_text(HANDMADE_CSV, encoding="utf-8")
    load_records(store, records, mint=MINT, vocabulary=Vocabulary.from_store(store), last_year=2026)
    yield store
    store.close()


def test_every_parameterised_query_is_covered_by_the_equivalence_check():
    missing = {n for n, q in named_queries().items() if q.parameters} - {name for name, _ in EQUIVALENCE}
    assert not missing, f"add parameter values for {sorted(missing)} to EQUIVALENCE"


@pytest.mark.parametrize("name, values", EQUIVALENCE, ids=[f"{n}-{'-'.join(v.values()) or 'defaults'}" for n, v in EQUIVALENCE])
def test_values_rows_answer_as_the_engines_bindings(built_store, name, values):
    """What the editor runs gives the rows the CLI and the API give (parameters bound by the engine)."""
    query = get_query(name)
    expected = built_store.query(query.text, query.bindings(values, MINT))
    got = built_store.query(editor.editor_text(query, values, MINT))
    assert got.variables == expected.variables
    assert expected.rows, f"{name} {values} gives no rows: not a useful check"
    assert Counter(got.rows) == Counter(expected.rows)


def test_a_bad_value_is_refused_as_the_registry_refuses_it():
    with pytest.raises(ParameterError, match="must be an integer|expects an SDG"):
        editor.editor_text(get_query("indicators-of-target"), {"target": "seventeen"}, MINT)


# == 2. In a real browser ==========================================================================


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The application on a real HTTP server on 127.0.0.1 (a free port), over a small Oxigraph store."""
    require_bundle()
    store = OxigraphStore(tmp_path_factory.mktemp("editor-server") / "db")
    store.replace(fixture_quads())
    app = create_app(settings(), store=store)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)
    store.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup-test` (scripts/install-test-deps.sh installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run `make setup-test` (pip install -e '.[test]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=30_000)
        yield chromium
        chromium.close()


class Recorder:
    """Every request a page makes, and whatever went wrong: requests elsewhere are refused."""

    def __init__(self, context) -> None:
        self.requests: list[tuple[str, str]] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        self.bad_responses: list[str] = []
        self.console_errors: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda req: self.requests.append((req.method, req.url)))
        context.on("requestfailed", lambda req: self.failed.append(f"{req.url} ({req.failure})"))
        context.on("response", self._response)

    def _route(self, route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("blob:", "data:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort("blockedbyclient")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))

    def assert_clean(self, *, allowed_bad: tuple[str, ...] = ()) -> None:
        assert self.external == [], f"requests to other hosts: {self.external}"
        assert all(urlsplit(url).hostname == "127.0.0.1" for _m, url in self.requests if url.startswith("http"))
        failed = [r for r in self.failed if not any(a in r for a in allowed_bad)]
        assert failed == [], f"failed requests: {failed}"
        bad = [r for r in self.bad_responses if not any(a in r for a in allowed_bad)]
        assert bad == [], f"error responses: {bad}"
        errors = [e for e in self.console_errors if not any(a in e for a in allowed_bad)]
        assert errors == [], f"console errors: {errors}"


@pytest.fixture
def session(browser, server):
    """A fresh browser context (empty local storage) with its recorder, and a page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    context.set_default_timeout(10_000)
    recorder = Recorder(context)
    page = context.new_page()
    recorder.watch(page)
    yield page, recorder
    context.close()


def open_editor(page, server: str) -> None:
    page.goto(server + "/", wait_until="load")
    page.wait_for_selector(".yasgui .CodeMirror", state="visible")
    page.wait_for_load_state("networkidle")


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def editor_value(page) -> str:
    return page.evaluate("window.wsisEditor.yasgui.getTab().getQuery()")


def run_and_wait_for_table(page, before: int = 0) -> list[list[str]]:
    """Click YASQE's run button; the rows of the result table once the answer is drawn."""
    with page.expect_response(lambda r: r.url.endswith("/sparql") and r.request.method == "POST") as answer:
        page.locator(".tabPanel.active .yasqe_queryButton").click()
    assert answer.value.status == 200, answer.value.text()
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
    return page.locator(".tabPanel.active .yasr table.dataTable tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(td => td.innerText.trim()))"
    )


def test_page_loads_with_nothing_from_outside(session, server):
    page, rec = session
    open_editor(page, server)
    assert page.locator("#editor-status").is_hidden()  # the "loading" notice is gone
    assert "?actionLine a wsis:ActionLine" in editor_value(page)  # our default query
    assert page.locator(".tabPanel.active .yasqe .cm-keyword").count() > 0  # highlighted SPARQL
    # The endpoint field names our endpoint; prefixes are completed from our list, not prefix.cc.
    assert page.locator(".tabPanel.active .autocomplete").first.input_value() == server + "/sparql"
    assert ("GET", server + "/editor/prefixes.json") in rec.requests
    assert page.evaluate("window.__csp") == []
    rec.assert_clean()


def test_a_typed_query_runs_by_post_and_the_table_shows_its_rows(session, server):
    page, rec = session
    open_editor(page, server)
    page.locator(".tabPanel.active .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    # Typing a prefixed name adds its PREFIX line from our prefixes (YASQE's prefix completion).
    page.keyboard.type("SELECT ?code ?name WHERE { ?line skos:notation ?code ; skos:prefLabel ?name . ")
    page.keyboard.type('FILTER(LANG(?name) = "en") } ORDER BY ?code')
    assert editor_value(page).startswith("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>")
    rows = run_and_wait_for_table(page)
    # YASR shows a language-tagged literal as in Turtle; the first column numbers the rows.
    assert rows == [[str(i), code, f'"{en}"@en'] for i, (code, (en, _fr)) in enumerate(ACTION_LINES.items(), 1)]
    posts = [url for method, url in rec.requests if method == "POST"]
    assert posts == [server + "/sparql"]
    rec.assert_clean()


def test_results_download_as_csv(session, server):
    page, rec = session
    open_editor(page, server)
    rows = run_and_wait_for_table(page)  # the default query: the Action Lines
    assert [r[2] for r in rows] == ["C1", "C2", "C3"]
    button = page.locator(".tabPanel.active .yasr_downloadIcon")
    assert button.get_attribute("title") == "Download result"
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    table = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert table[0] == ["actionLine", "code", "name"]
    assert table[1:] == [[str(MINT.action_line(c)), c, en] for c, (en, _fr) in ACTION_LINES.items()]
    rec.assert_clean()


def test_an_example_query_opens_with_its_parameters_and_runs(session, server):
    page, rec = session
    open_editor(page, server)
    example = page.locator('details.example[data-query="labels-in-language"]')
    example.locator("summary").click()
    assert get_query("labels-in-language").description[:40] in example.locator(".description").inner_text()
    lang = example.locator('input[name="lang"]')
    assert lang.input_value() == "fr"  # the parameter's default
    example.locator('input[name="class"]').fill("wsis:ActionLine")
    example.get_by_role("button", name="Open in editor").click()
    # (not wait_for_function: it evaluates a string, which the page's CSP rightly refuses)
    wait_until(lambda: page.evaluate("window.wsisEditor.yasgui.getTab().getName()") == "labels-in-language")
    text = editor_value(page)
    assert text.startswith(get_query("labels-in-language").text.splitlines()[0])  # "# title: …"
    assert 'VALUES ?lang { "fr" }' in text
    assert f"VALUES ?class {{ <{PREFIXES['wsis']}ActionLine> }}" in text
    get = [url for method, url in rec.requests if "/editor/queries/" in url]
    assert parse_qs(urlsplit(get[-1]).query) == {"lang": ["fr"], "class": ["wsis:ActionLine"]}
    rows = run_and_wait_for_table(page)
    header = page.locator(".tabPanel.active .yasr table.dataTable thead th").all_inner_texts()
    label = [h.strip() for h in header].index("label")
    print("DEBUG", header, rows)
    assert sorted(row[label] for row in rows) == sorted(f'"{fr}"@fr' for _en, fr in ACTION_LINES.values())
    example.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    rec.assert_clean()


def test_a_bad_parameter_is_shown_beside_the_form(session, server):
    page, rec = session
    open_editor(page, server)
    example = page.locator('details.example[data-query="indicators-of-target"]')
    example.locator("summary").click()
    example.locator('input[name="target"]').fill("banana")
    example.get_by_role("button", name="Open in editor").click()
    error = example.locator(".example-error")
    error.wait_for(state="visible")
    assert "expects an SDG goal or target code" in error.inner_text()
    assert page.evaluate("window.wsisEditor.yasgui.getTab().getName()") == "Query"  # no tab opened
    rec.assert_clean(allowed_bad=("/editor/queries/indicators-of-target.rq", "400"))


def test_a_malformed_query_shows_the_endpoints_message(session, server):
    page, rec = session
    open_editor(page, server)
    page.evaluate("() => { window.wsisEditor.yasgui.getTab().setQuery('SELECT * WHERE { ?s ?p }'); }")
    with page.expect_response(lambda r: r.url.endswith("/sparql")) as answer:
        page.locator(".tabPanel.active .yasqe_queryButton").click()
    assert answer.value.status == 400
    message = page.locator(".tabPanel.active .query-error")
    message.wait_for(state="visible")
    assert "malformed_query" in message.inner_text()
    rec.assert_clean(allowed_bad=("/sparql", "400"))


def test_the_page_says_so_when_the_bundle_does_not_load(session, server):
    page, rec = session
    page.route("**/editor/yasgui/yasgui.min.js", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(server + "/", wait_until="load")
    status = page.locator("#editor-status")
    status.get_by_text("The query editor could not be loaded").wait_for()
    assert "make setup" in status.inner_text()
    assert page.locator("details.example").count() == len(named_queries())  # never a blank page
    assert page.locator(".CodeMirror").count() == 0
    rec.assert_clean(allowed_bad=("yasgui.min.js", "status of 404"))
