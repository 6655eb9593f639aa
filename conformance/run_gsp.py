"""Run the W3C SPARQL 1.1 Graph Store HTTP Protocol tests against a live server.

The tests are the manifests in ``conformance/w3c-sparql11-tests/graph-store-protocol/`` (direct and
indirect graph identification). Each test is a sequence of HTTP requests; every response must have
one of the expected status codes, the expected Content-Type, a ``Location`` when one is expected
(its value then replaces ``$LOCATION$`` in later requests), and a body isomorphic to the expected
graph.

By default the script serves the application itself on 127.0.0.1 (a free port, real sockets) over
a fresh, empty Oxigraph store with updates switched on, so the tests never touch real data. With
``--url`` it runs against a server that is already up (``--token`` gives its update token).

Before each test the graphs it names, and the default graph, are deleted through the protocol,
since every test expects to start from a store that does not hold them. The manifests say
``/gsp``; requests go to ``/store``.

Usage::

    python conformance/run_gsp.py [--url http://127.0.0.1:8000] [--token T] [--write-doc]

``--write-doc`` records the results in ``docs/CONFORMANCE.md`` under the heading
``Graph Store HTTP Protocol`` (replacing that section, or appending it). Exit status 1 when a test fails.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import re
import secrets
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "conformance" / "w3c-sparql11-tests" / "graph-store-protocol"
DOC = ROOT / "docs" / "CONFORMANCE.md"
HEADING = "## Graph Store HTTP Protocol"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#"

RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: list[str]
    location_var: str | None
    response_headers: dict[str, str]
    response_body: str | None


@dataclass
class Case:
    iri: str
    name: str
    requires: list[str]
    steps: list[Step]


@dataclass
class Outcome:
    case: Case
    passed: bool
    reason: str = ""
    requests: int = 0
    details: list[str] = field(default_factory=list)


# -- Reading the manifests -----------------------------------------------------------------------


def _list(graph: Graph, head) -> list:
    return list(Collection(graph, head)) if head is not None else []


def _headers(graph: Graph, node) -> dict[str, str]:
    return {
        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
        for h in _list(graph, graph.value(node, HT.headers))
    }


def _body(graph: Graph, node) -> str | None:
    body = graph.value(node, HT.body)
    return None if body is None else str(graph.value(body, CNT.chars))


def load_cases(suite: Path = SUITE) -> list[Case]:
    """Every test listed in the manifests' ``mf:entries``, in order."""
    cases: list[Case] = []
    top = Graph()
    top.parse(suite / "manifest.ttl", format="turtle")
    for include in _list(top, top.value(URIRef((suite / "manifest.ttl").as_uri()), MF.include)):
        graph = Graph()
        path = suite / Path(str(include)).name
        graph.parse(path, format="turtle")
        manifest = next(graph.subjects(RDF.type, MF.Manifest))
        for test in _list(graph, graph.value(manifest, MF.entries)):
            action = graph.value(test, MF.action)
            steps = []
            for req in _list(graph, graph.value(action, HT.requests)):
                resp = graph.value(req, HT.resp)
                location = graph.value(resp, MF.expectedLocation)
                steps.append(
                    Step(
                        method=str(graph.value(req, HT.methodName)),
                        path=str(graph.value(req, HT.absolutePath)),
                        headers=_headers(graph, req),
                        body=_body(graph, req),
                        statuses=sorted(str(s)[len(HTS):] for s in graph.objects(resp, MF.expectedStatus)),
                        location_var=str(location) if location is not None else None,
                        response_headers=_headers(graph, resp),
                        response_body=_body(graph, resp),
                    )
                )
            cases.append(
                Case(
                    iri=str(test),
                    name=str(graph.value(test, MF.name)),
                    requires=sorted(str(r).rsplit("#", 1)[-1] for r in graph.objects(test, MF.requires)),
                    steps=steps,
                )
            )
    return cases


# -- Running -------------------------------------------------------------------------------------


def _status_ok(status: int, expected: list[str]) -> bool:
    for name in expected:
        match = re.fullmatch(r"StatusCode(\d)xx", name)
        if match and status // 100 == int(match.group(1)):
            return True
        code = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).upper()
        if code in HTTPStatus.__members__ and HTTPStatus[code] == status:
            return True
    return False


def _media(value: str) -> tuple[str, str]:
    parts = [p.strip().lower() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip('"') for p in parts[1:] if p.startswith("charset=")), "")
    return parts[0], charset


class Client:
    def __init__(self, base_url: str, token: str | None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.token = token

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{self.prefix}{path}"

    def send(self, method: str, path: str, headers: dict[str, str], body: bytes | None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            all_headers = dict(headers)
            if self.token:
                all_headers["Authorization"] = f"Bearer {self.token}"
            conn.request(method, self.prefix + path, body=body, headers=all_headers)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


def _store_path(path: str) -> str:
    return "/store" + path[len("/gsp"):] if path.startswith("/gsp") else path


def _graphs_named(client: Client, case: Case) -> list[str]:
    """The request targets a test touches, as paths to DELETE before it runs."""
    targets = {"/store?default"}
    for step in case.steps:
        path = _store_path(step.path)
        if "$" in path:
            continue
        if "?" in path:
            query = parse_qs(urlsplit(path).query, keep_blank_values=True)
            if "graph" in query:
                targets.add(path.split("?", 1)[0] + "?" + path.split("?", 1)[1])
        elif path != "/store":
            targets.add(path)
    return sorted(targets)


def run_case(client: Client, case: Case) -> Outcome:
    outcome = Outcome(case, passed=True)
    for target in _graphs_named(client, case):
        client.send("DELETE", target, {}, None)
    variables: dict[str, str] = {}
    for index, step in enumerate(case.steps, 1):
        path, body = _store_path(step.path), step.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name, value) if body is not None else None
        data = body.encode("utf-8") if body is not None else None
        status, headers, payload = client.send(step.method, path, step.headers, data)
        outcome.requests += 1
        where = f"request {index} ({step.method} {path})"
        if not _status_ok(status, step.statuses):
            return _fail(outcome, f"{where}: status {status}, expected {' or '.join(step.statuses)}")
        if step.location_var:
            if "location" not in headers:
                return _fail(outcome, f"{where}: no Location header")
            variables[step.location_var] = headers["location"]
        expected_type = step.response_headers.get("content-type")
        if expected_type:
            got = _media(headers.get("content-type", ""))
            want = _media(expected_type)
            if got[0] != want[0] or (want[1] and got[1] != want[1]):
                return _fail(outcome, f"{where}: Content-Type {headers.get('content-type')!r}, expected {expected_type!r}")
        if step.response_body is not None and step.method != "HEAD":
            fmt = RDF_FORMATS.get(_media(headers.get("content-type", ""))[0])
            if fmt is None:
                return _fail(outcome, f"{where}: cannot compare a body of type {headers.get('content-type')!r}")
            got_graph, want_graph = Graph(), Graph()
            try:
                got_graph.parse(data=payload.decode("utf-8"), format=fmt, publicID=client.url(path))
            except Exception as exc:  # any parser failure is a failed test, reported as such
                return _fail(outcome, f"{where}: response body does not parse as {fmt}: {exc}")
            want_graph.parse(data=step.response_body, format="turtle", publicID=client.url(path))
            if not isomorphic(got_graph, want_graph):
                return _fail(
                    outcome,
                    f"{where}: graph not isomorphic to the expected one ({len(got_graph)} vs {len(want_graph)} triples)",
                )
    return outcome


def _fail(outcome: Outcome, reason: str) -> Outcome:
    outcome.passed = False
    outcome.reason = reason
    return outcome


# -- A server of our own -------------------------------------------------------------------------


class LocalServer:
    """The application on 127.0.0.1 (free port) over an empty temporary Oxigraph store, updates on."""

    def __init__(self) -> None:
        from werkzeug.serving import make_server

        from wsis_graph.store import OxigraphStore
        from wsis_graph.web.app import create_app
        from wsis_graph.web.settings import Settings

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.token = secrets.token_urlsafe(16)
        self._dir = tempfile.TemporaryDirectory(prefix="wsis-gsp-")
        store = OxigraphStore(Path(self._dir.name) / "store")
        settings = Settings(store_url=store.url, update_token=self.token)
        self._server = make_server("127.0.0.1", 0, create_app(settings, store=store), threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join()
        self._dir.cleanup()


# -- Reporting -----------------------------------------------------------------------------------


def markdown(outcomes: list[Outcome], server: str, seconds: float) -> str:
    passed = sum(o.passed for o in outcomes)
    lines = [
        HEADING,
        "",
        "The W3C SPARQL 1.1 Graph Store HTTP Protocol tests (`graph-store-protocol/manifest.ttl`, which",
        "includes the direct and the indirect graph identification manifests), run over real HTTP by",
        "`python conformance/run_gsp.py --write-doc` against " + server + ".",
        "",
        f"**{passed} of {len(outcomes)} tests pass** ({sum(o.requests for o in outcomes)} requests, {seconds:.1f} s).",
        "",
        "| test | requires | result |",
        "| --- | --- | --- |",
    ]
    for o in outcomes:
        name = o.case.iri.rsplit("#", 1)[-1]
        result = "pass" if o.passed else f"FAIL: {o.reason}"
        lines.append(f"| `{name}`: {o.case.name} | {', '.join(o.case.requires) or '—'} | {result} |")
    lines += [
        "",
        "Notes: before each test the runner deletes, through the protocol, the graphs the test names",
        "and the default graph, because each test expects to start without them. Requests go to",
        "`/store` where the manifests say `/gsp`; direct identification uses `/store/<path>`, whose",
        "graph IRI is the request URL. `head_non_existing_direct` is defined in the direct manifest but",
        "not listed in its `mf:entries`, so it is not run.",
        "",
    ]
    return "\n".join(lines)


def write_doc(section: str, doc: Path = DOC) -> None:
    """Replace the GSP section of the conformance document, or append it (creating the file)."""
    doc.parent.mkdir(parents=True, exist_ok=True)
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Conformance\n\n"
    start = text.find(HEADING + "\n")
    if start >= 0:
        following = text.find("\n## ", start + len(HEADING))
        end = following + 1 if following >= 0 else len(text)
        text = text[:start] + section + ("\n" if following >= 0 else "") + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="base URL of a running server (default: serve one on a temporary store)")
    parser.add_argument("--token", help="its update token")
    parser.add_argument("--write-doc", action="store_true", help=f"record the results in {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    cases = load_cases()
    t0 = time.perf_counter()
    if args.url:
        client = Client(args.url, args.token)
        outcomes = [run_case(client, case) for case in cases]
        server = f"the server at `{args.url}`"
    else:
        with LocalServer() as local:
            client = Client(local.url, local.token)
            outcomes = [run_case(client, case) for case in cases]
        server = "the application served on 127.0.0.1 over an empty temporary Oxigraph store, updates on"
    seconds = time.perf_counter() - t0
    for o in outcomes:
        print(f"{'PASS' if o.passed else 'FAIL'}  {o.case.iri.rsplit('#', 1)[-1]}" + ("" if o.passed else f"  {o.reason}"))
    passed = sum(o.passed for o in outcomes)
    print(f"{passed}/{len(outcomes)} passed in {seconds:.1f} s")
    if args.write_doc:
        write_doc(markdown(outcomes, server, seconds))
        print(f"wrote {DOC}")
    return 0 if passed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
