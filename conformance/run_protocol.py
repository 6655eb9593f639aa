"""Run the W3C SPARQL 1.1 Protocol tests, and the Service Description tests, against a live endpoint.

The protocol tests are ``protocol/manifest.ttl`` of ``conformance/w3c-sparql11-tests/``: each test is
a sequence of HTTP requests, each with the expected status class (2xx, 4xx …) and, for queries,
the expected kind of result (``boolean`` with its value, ``tabular``, ``RDF``). The manifest's
paths start with ``/sparql/``; query requests go to the query endpoint (``/sparql``) and update
requests (a ``application/sparql-update`` body, an ``update=`` form field or URL parameter, or
``using-graph-uri`` parameters) to the update endpoint (``/update``), as the manifest allows.
Requests carry exactly the manifest's headers and body (plus ``Authorization`` for updates).

The three Service Description tests of ``service-description/manifest.ttl`` are prose; they are
encoded here as checks on ``GET /sparql`` without a query (:func:`service_description_checks`):
the answer is RDF (Turtle, RDF/XML and JSON-LD, each parsed), it has an ``sd:endpoint`` triple
naming the URL requested, and it conforms to the Service Description vocabulary (every ``sd:``
term exists; the domains and ranges the specification gives hold; the values of
``sd:supportedLanguage`` and ``sd:feature`` are its individuals).

Before each test the dataset is replaced by the test's ``ut:graphData`` graphs (each named by its
``rdfs:label``), or emptied. By default the script serves the application itself on 127.0.0.1 (a
free port, real sockets) over a fresh Oxigraph store with updates on, and loads the data into the
store directly. With ``--url`` it runs against a server that is already up; the data then goes in
through the Graph Store Protocol, which needs ``--token``.

Usage::

    python conformance/run_protocol.py [--url http://127.0.0.1:8000] [--token T] [--write-doc]

Exit status 1 when a test fails. ``--write-doc`` records the results in ``docs/CONFORMANCE.md``
under the heading ``SPARQL 1.1 Protocol``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import secrets
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "conformance" / "w3c-sparql11-tests"
DOC = ROOT / "docs" / "CONFORMANCE.md"
HEADING = "## SPARQL 1.1 Protocol"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


# -- The tests -----------------------------------------------------------------------------------


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[str]
    expected_format: str | None
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = self.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return True
        query = parse_qs(urlsplit(self.path).query)
        if "update" in query or "using-graph-uri" in query or "using-named-graph-uri" in query:
            return True
        if content_type == "application/x-www-form-urlencoded" and self.body is not None:
            return "update" in parse_qs(self.body.decode("latin-1"))
        if not content_type and self.body and self.body.startswith(b"update="):
            return True
        return False


@dataclass
class Case:
    iri: str
    name: str
    graph_data: list[tuple[str, Path]]
    steps: list[Step]

    @property
    def short(self) -> str:
        return self.iri.rsplit("#", 1)[-1]


@dataclass
class Outcome:
    name: str
    title: str
    passed: bool
    reason: str = ""
    requests: int = 0


def _list(graph: Graph, head) -> list:
    return list(Collection(graph, head)) if head is not None else []


def load_cases(folder: Path = TESTS / "protocol") -> list[Case]:
    """Every test of the protocol manifest, in the order of ``mf:entries``."""
    manifest = folder / "manifest.ttl"
    graph = Graph()
    graph.parse(manifest, format="turtle", publicID=manifest.as_uri())
    root = next(graph.subjects(RDF.type, MF.Manifest))
    cases = []
    for test in _list(graph, graph.value(root, MF.entries)):
        data = []
        for item in graph.objects(test, UT.graphData):
            source = str(graph.value(item, UT.graph))
            data.append((str(graph.value(item, RDFS.label)), folder / source.rsplit("/", 1)[-1]))
        steps = []
        for request in _list(graph, graph.value(graph.value(test, MF.action), HT.requests)):
            headers = {
                str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
                for h in _list(graph, graph.value(request, HT.headers))
            }
            body = None
            body_node = graph.value(request, HT.body)
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding)
            response = graph.value(request, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            expected_format = graph.value(response, MF.expectedFormat)
            steps.append(
                Step(
                    method=str(graph.value(request, HT.methodName)),
                    path=str(graph.value(request, HT.absolutePath)),
                    headers=headers,
                    body=body,
                    statuses=sorted(str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus)),
                    expected_format=str(expected_format) if expected_format is not None else None,
                    expected_boolean=boolean.toPython() if boolean is not None else None,
                )
            )
        cases.append(Case(iri=str(test), name=str(graph.value(test, MF.name)), graph_data=sorted(data), steps=steps))
    return cases


# -- HTTP ----------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Client:
    """Plain HTTP/1.1 requests: exactly the headers given, nothing added but Host and Content-Length."""

    def __init__(self, base_url: str, *, query_path: str = "/sparql", update_path: str = "/update", token: str | None = None):
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.query_path = query_path
        self.update_path = update_path
        self.token = token

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{self.prefix}{path}"

    def send(self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Reply:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.putrequest(method, self.prefix + path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()


def _target(client: Client, step: Step) -> str:
    path = step.path
    rest = path[len("/sparql/"):] if path.startswith("/sparql/") else path.lstrip("/")
    rest = rest.split("?", 1)
    suffix = "?" + rest[1] if len(rest) > 1 else ""
    return (client.update_path if step.is_update else client.query_path) + suffix


# -- Loading the test data -----------------------------------------------------------------------


class DirectLoader:
    """Replaces the dataset of a store this process serves."""

    def __init__(self, store) -> None:
        self.store = store

    def load(self, graphs: list[tuple[str, Path]]) -> None:
        from rdflib import URIRef as Ref

        quads = []
        for name, path in graphs:
            data = Graph()
            data.parse(path, format="nt")
            quads += [(s, p, o, Ref(name)) for s, p, o in data]
        self.store.replace(quads)


class ProtocolLoader:
    """Replaces the dataset through the protocols themselves (a server elsewhere; needs the token)."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def load(self, graphs: list[tuple[str, Path]]) -> None:
        auth = {"Authorization": f"Bearer {self.client.token}"} if self.client.token else {}
        reply = self.client.send(
            "POST", self.client.update_path, {"Content-Type": "application/sparql-update", **auth}, b"DROP SILENT ALL"
        )
        if reply.status >= 300:
            raise RuntimeError(f"cannot empty the store through {self.client.update_path}: {reply.status} {reply.body[:200]!r}")
        from urllib.parse import quote

        for name, path in graphs:
            reply = self.client.send(
                "PUT", f"/store?graph={quote(name, safe='')}", {"Content-Type": "application/n-triples", **auth}, path.read_bytes()
            )
            if reply.status >= 300:
                raise RuntimeError(f"cannot load {path.name} into <{name}>: {reply.status} {reply.body[:200]!r}")


# -- Checking ------------------------------------------------------------------------------------


def _status_ok(status: int, expected: list[str]) -> bool:
    for name in expected:
        match = re.fullmatch(r"StatusCode(\d)xx", name)
        if match and status // 100 == int(match.group(1)):
            return True
    return False


def read_boolean(reply: Reply) -> bool:
    kind = RESULT_TYPES.get(reply.media_type)
    if kind == "json":
        value = json.loads(reply.body)["boolean"]
    elif kind == "xml":
        node = ET.fromstring(reply.body).find(f"{RESULTS_NS}boolean")
        if node is None:
            raise ValueError("no <boolean> element")
        value = {"true": True, "false": False}[node.text.strip()]
    else:
        raise ValueError(f"{reply.media_type or 'no media type'} is not a boolean result format (XML or JSON)")
    if not isinstance(value, bool):
        raise ValueError(f"boolean member is {value!r}")
    return value


def check_tabular(reply: Reply) -> None:
    kind = RESULT_TYPES.get(reply.media_type)
    if kind == "json":
        data = json.loads(reply.body)
        if not isinstance(data["head"]["vars"], list) or not isinstance(data["results"]["bindings"], list):
            raise ValueError("not a SPARQL JSON table")
    elif kind == "xml":
        root = ET.fromstring(reply.body)
        if root.find(f"{RESULTS_NS}results") is None:
            raise ValueError("no <results> element")
    elif kind in ("csv", "tsv"):
        if not reply.body.decode("utf-8").splitlines():
            raise ValueError("an empty table (no header line)")
    else:
        raise ValueError(f"{reply.media_type or 'no media type'} is not a result table format")


def read_rdf(reply: Reply, base: str) -> Graph:
    fmt = RDF_TYPES.get(reply.media_type)
    if fmt is None:
        raise ValueError(f"{reply.media_type or 'no media type'} is not an RDF format")
    graph = Graph()
    graph.parse(data=reply.body, format=fmt, publicID=base)
    return graph


def run_case(client: Client, loader, case: Case) -> Outcome:
    outcome = Outcome(case.short, case.name, passed=False)
    try:
        loader.load(case.graph_data)
    except Exception as exc:  # a harness problem, reported as the test's failure
        outcome.reason = f"setting up the data failed: {exc}"
        return outcome
    for number, step in enumerate(case.steps, 1):
        headers = dict(step.headers)
        if step.is_update and client.token:
            headers["Authorization"] = f"Bearer {client.token}"
        path = _target(client, step)
        reply = client.send(step.method, path, headers, step.body)
        outcome.requests += 1
        where = f"request {number} ({step.method} {path[:60]})"
        if not _status_ok(reply.status, step.statuses):
            outcome.reason = f"{where}: status {reply.status}, expected {' or '.join(step.statuses)}: {reply.body[:300]!r}"
            return outcome
        try:
            if step.expected_format == "boolean" or step.expected_boolean is not None:
                value = read_boolean(reply)
                if step.expected_boolean is not None and value != step.expected_boolean:
                    outcome.reason = f"{where}: answered {value}, expected {step.expected_boolean}"
                    return outcome
            elif step.expected_format == "tabular":
                check_tabular(reply)
            elif step.expected_format == "RDF":
                read_rdf(reply, client.url(path))
        except Exception as exc:
            outcome.reason = f"{where}: the answer does not read as {step.expected_format}: {exc}"
            return outcome
    outcome.passed = True
    return outcome


# -- The Service Description tests ---------------------------------------------------------------

SD_CLASSES = {
    "Service", "Language", "Function", "Aggregate", "EntailmentRegime", "EntailmentProfile",
    "GraphCollection", "Dataset", "Graph", "NamedGraph", "Feature",
}
SD_PROPERTIES = {
    "endpoint", "feature", "defaultEntailmentRegime", "defaultSupportedEntailmentProfile",
    "supportedEntailmentProfile", "entailmentRegime", "extensionFunction", "extensionAggregate",
    "languageExtension", "supportedLanguage", "propertyFeature", "defaultDataset", "availableGraphs",
    "resultFormat", "inputFormat", "defaultGraph", "namedGraph", "name", "graph",
}
SD_LANGUAGES = {"SPARQL10Query", "SPARQL11Query", "SPARQL11Update"}
SD_FEATURES = {"DereferencesURIs", "UnionDefaultGraph", "RequiresDataset", "EmptyGraphs", "BasicFederatedQuery"}
#: property → (domain, class the object must have, or "iri" / "any"), from the specification.
SD_SHAPES = {
    "endpoint": ("Service", "iri"),
    "supportedLanguage": ("Service", "Language"),
    "feature": ("Service", "Feature"),
    "resultFormat": ("Service", "iri"),
    "inputFormat": ("Service", "iri"),
    "defaultDataset": ("Service", "Dataset"),
    "availableGraphs": ("Service", "GraphCollection"),
    "defaultEntailmentRegime": ("Service", "iri"),
    "defaultGraph": ("Dataset", "Graph"),
    "namedGraph": ("GraphCollection", "NamedGraph"),
    "name": ("NamedGraph", "iri"),
    "graph": ("NamedGraph", "Graph"),
}


def _classes(graph: Graph, node) -> set[str]:
    types = {str(t) for t in graph.objects(node, RDF.type)}
    inferred = set(types)
    # Subclasses in the vocabulary: Dataset ⊑ GraphCollection; individuals of Language and Feature.
    if str(SD.Dataset) in types:
        inferred.add(str(SD.GraphCollection))
    if isinstance(node, URIRef) and str(node).startswith(str(SD)):
        local = str(node)[len(str(SD)):]
        if local in SD_LANGUAGES:
            inferred.add(str(SD.Language))
        if local in SD_FEATURES:
            inferred.add(str(SD.Feature))
    return inferred


def conformance_problems(graph: Graph, endpoint: str) -> list[str]:
    """What keeps a service description from conforming to the vocabulary (empty when it conforms)."""
    problems = []
    sd = str(SD)
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(sd):
                local = str(term)[len(sd):]
                if local not in SD_CLASSES | SD_PROPERTIES | SD_LANGUAGES | SD_FEATURES:
                    problems.append(f"sd:{local} is not a term of the Service Description vocabulary")
        if str(p) == str(RDF.type) and isinstance(o, URIRef) and str(o).startswith(sd) and str(o)[len(sd):] not in SD_CLASSES:
            problems.append(f"{o} is used as a class but is not one")
    for prop, (domain, range_) in SD_SHAPES.items():
        for s, o in graph.subject_objects(SD[prop]):
            if str(SD[domain]) not in _classes(graph, s):
                problems.append(f"the subject of sd:{prop} is not an sd:{domain}")
            if range_ == "iri":
                if not isinstance(o, URIRef):
                    problems.append(f"sd:{prop} has a value that is not an IRI: {o!r}")
            elif str(SD[range_]) not in _classes(graph, o):
                problems.append(f"the value of sd:{prop} ({o}) is not an sd:{range_}")
    for value in graph.objects(None, SD.supportedLanguage):
        if not (isinstance(value, URIRef) and str(value)[len(sd):] in SD_LANGUAGES):
            problems.append(f"sd:supportedLanguage {value} is not a SPARQL language of the vocabulary")
    services = set(graph.subjects(RDF.type, SD.Service))
    if not services:
        problems.append("no sd:Service")
    for service in services:
        if not list(graph.objects(service, SD.endpoint)):
            problems.append("an sd:Service without sd:endpoint")
        if not list(graph.objects(service, SD.supportedLanguage)):
            problems.append("an sd:Service without sd:supportedLanguage")
    for named in graph.subjects(RDF.type, SD.NamedGraph):
        if len(list(graph.objects(named, SD.name))) != 1:
            problems.append("an sd:NamedGraph without exactly one sd:name")
    return sorted(set(problems))


def service_description_checks(client: Client) -> list[Outcome]:
    """The three tests of the Service Description manifest, encoded."""
    endpoint = client.url(client.query_path)
    graphs: dict[str, Graph] = {}
    returns_rdf = Outcome("returns-rdf", "GET on endpoint returns RDF", passed=True)
    for accept in ("text/turtle", "application/rdf+xml", "application/ld+json"):
        reply = client.send("GET", client.query_path, {"Accept": accept})
        returns_rdf.requests += 1
        try:
            if reply.status != 200:
                raise ValueError(f"status {reply.status}")
            if reply.media_type != accept:
                raise ValueError(f"answered {reply.media_type}")
            graphs[accept] = read_rdf(reply, endpoint)
        except Exception as exc:
            returns_rdf.passed = False
            returns_rdf.reason = f"Accept: {accept}: {exc}"
            break
    if returns_rdf.passed:
        first = graphs["text/turtle"]
        for accept, graph in graphs.items():
            if not isomorphic(first, graph):
                returns_rdf.passed = False
                returns_rdf.reason = f"the {accept} description differs from the Turtle one"
    turtle = graphs.get("text/turtle")
    has_endpoint = Outcome("has-endpoint-triple", "Service description contains a matching sd:endpoint triple", passed=False)
    conforms = Outcome("conforms-to-schema", "Service description conforms to schema", passed=False)
    if turtle is None:
        has_endpoint.reason = conforms.reason = "no description to check"
        return [has_endpoint, returns_rdf, conforms]
    if (None, SD.endpoint, URIRef(endpoint)) in turtle:
        has_endpoint.passed = True
    else:
        found = [str(o) for o in turtle.objects(None, SD.endpoint)]
        has_endpoint.reason = f"sd:endpoint is {found}, not <{endpoint}>"
    problems = conformance_problems(turtle, endpoint)
    conforms.passed = not problems
    conforms.reason = "; ".join(problems[:5])
    return [has_endpoint, returns_rdf, conforms]


# -- A local server ------------------------------------------------------------------------------


@contextmanager
def local_server():
    """The application on 127.0.0.1 (a free port) over a fresh Oxigraph store, updates on.

    Yields:
        (base URL, update token, store)
    """
    from wsis_graph.store import OxigraphStore
    from wsis_graph.web.app import create_app
    from wsis_graph.web.liveserver import LiveServer
    from wsis_graph.web.settings import Settings

    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="wsis-protocol-") as folder:
        store = OxigraphStore(Path(folder) / "store")
        settings = Settings(store_url=store.url, update_token=token, query_timeout=30)
        server = LiveServer(create_app(settings, store=store))
        try:
            yield server.url, token, store
        finally:
            server.stop()
            store.close()


def run(client: Client, loader) -> list[Outcome]:
    outcomes = [run_case(client, loader, case) for case in load_cases()]
    loader.load([])
    outcomes += service_description_checks(client)
    return outcomes


# -- Reporting -----------------------------------------------------------------------------------


def markdown(outcomes: list[Outcome], where: str, seconds: float) -> str:
    protocol = [o for o in outcomes if o.name not in ("returns-rdf", "has-endpoint-triple", "conforms-to-schema")]
    description = [o for o in outcomes if o not in protocol]
    passed = sum(o.passed for o in protocol)
    sd_passed = sum(o.passed for o in description)
    lines = [
        HEADING,
        "",
        "The W3C SPARQL 1.1 Protocol tests (`protocol/manifest.ttl`) and the three Service Description",
        "tests (`service-description/manifest.ttl`, encoded as checks), run over real HTTP by",
        f"`python conformance/run_protocol.py --write-doc` against {where}.",
        "",
        f"**Protocol: {passed} of {len(protocol)} tests pass. Service Description: {sd_passed} of "
        f"{len(description)} pass.** ({sum(o.requests for o in outcomes)} requests, {seconds:.1f} s)",
        "",
        "| test | result |",
        "| --- | --- |",
    ]
    for outcome in outcomes:
        result = "pass" if outcome.passed else f"FAIL: {outcome.reason}"
        lines.append(f"| `{outcome.name}`: {outcome.title} | {result.replace('|', '/')} |")
    lines += [
        "",
        "Notes: requests go to `/sparql` where the manifest says `/sparql/`, updates to `/update`",
        "(the manifest allows separate query and update endpoints). Before each test the dataset is",
        "replaced by the test's `ut:graphData` graphs, or emptied. `bad_query_non_utf8` expects a 4xx",
        "for a UTF-16 `application/sparql-query` body: the endpoint answers 415, because the media",
        "type's registration fixes the encoding to UTF-8.",
    ]
    return "\n".join(lines) + "\n"


def write_doc(section: str, doc: Path = DOC, heading: str = HEADING) -> None:
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Conformance\n"
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: serve one here on a fresh store)")
    parser.add_argument("--token", help="its update token (needed with --url to load the test data)")
    parser.add_argument("--query-path", default="/sparql")
    parser.add_argument("--update-path", default="/update")
    parser.add_argument("--write-doc", action="store_true", help="record the results in docs/CONFORMANCE.md")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    if args.url:
        client = Client(args.url, query_path=args.query_path, update_path=args.update_path, token=args.token)
        outcomes = run(client, ProtocolLoader(client))
        where = f"the server at {args.url}"
    else:
        with local_server() as (url, token, store):
            client = Client(url, query_path=args.query_path, update_path=args.update_path, token=token)
            outcomes = run(client, DirectLoader(store))
        where = "the application served on 127.0.0.1 over a fresh Oxigraph store (updates on)"
    seconds = time.perf_counter() - t0
    for outcome in outcomes:
        mark = "pass" if outcome.passed else "FAIL"
        print(f"{mark}  {outcome.name}" + ("" if outcome.passed else f": {outcome.reason}"))
    failed = [o for o in outcomes if not o.passed]
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} pass ({seconds:.1f} s)")
    if args.write_doc:
        write_doc(markdown(outcomes, where, seconds))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
