"""Run the W3C SPARQL 1.1 query-evaluation test suites against the endpoint, over HTTP.

Suites (folders of ``conformance/w3c-sparql11-tests/``): aggregates, bind, bindings, cast,
construct, csv-tsv-res, exists, functions, grouping, json-res, negation, project-expression,
property-path, subquery, syntax-query.

How a test runs:

- Every data file the manifests name is loaded once into one Oxigraph store, each as a named
  graph whose name is the file's W3C IRI (``http://www.w3.org/2009/sparql/docs/tests/
  data-sparql11/<suite>/<file>``), or the ``rdfs:label`` the manifest gives it.
- The query goes to ``/sparql`` by POST (form-encoded) with its dataset as protocol parameters: the
  ``qt:data`` files as ``default-graph-uri`` (an absent graph when there are none, so the default
  graph is empty), the ``qt:graphData`` files as ``named-graph-uri``. A query with its own ``FROM``
  or ``FROM NAMED`` is sent without them. ``BASE <the query file's IRI>`` is put before the query,
  so that its relative IRIs resolve as the test expects.
- The result is asked for in the format of the expected result (``.srx`` XML, ``.srj`` JSON,
  ``.tsv``, ``.csv``; CONSTRUCT results in Turtle) and compared: the variables as a set, the
  solutions as a multiset (in order when the query has a top-level ``ORDER BY``), blank nodes up to
  a one-to-one renaming; graphs up to isomorphism; ASK answers as booleans. Terms are compared
  exactly; when that fails, numeric literals of one datatype are compared by value (TSV writes
  numbers in abbreviated Turtle form, so ``1.0e6`` and ``"1.0E6"^^xsd:double`` are one value).
  Passes that needed it are counted apart ("by value").
- Syntax tests: a positive one must answer 200, a negative one 400 with code ``malformed_query``.
- A test the endpoint refuses by policy (``SERVICE``, or ``FROM`` of a graph it does not hold) is
  counted as "refused", not as a pass.

By default the script serves the application on 127.0.0.1 (a free port, real sockets). Usage::

    python conformance/run_query_eval.py [--suite NAME ...] [--write-doc] [--verbose]

``--write-doc`` records the figures in ``docs/CONFORMANCE.md`` under ``SPARQL 1.1 Query evaluation``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_protocol import Client, Reply, write_doc  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "conformance" / "w3c-sparql11-tests"
DOC = ROOT / "docs" / "CONFORMANCE.md"
HEADING = "## SPARQL 1.1 Query evaluation"
W3C_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
SUITES = (
    "aggregates", "bind", "bindings", "cast", "construct", "csv-tsv-res", "exists", "functions",
    "grouping", "json-res", "negation", "project-expression", "property-path", "subquery", "syntax-query",
)
EMPTY_GRAPH = "urn:x-wsis-graph:conformance:no-such-graph"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
NUMERIC = {XSD + n for n in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "nonPositiveInteger", "negativeInteger", "positiveInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte",
)}
ACCEPT = {
    ".srx": "application/sparql-results+xml",
    ".srj": "application/sparql-results+json",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
}


# -- The tests -----------------------------------------------------------------------------------


@dataclass
class EvalCase:
    suite: str
    name: str
    title: str
    kind: str
    query: Path
    query_iri: str
    data: list[str] = field(default_factory=list)
    graph_data: list[str] = field(default_factory=list)
    result: Path | None = None
    approval: str = ""


def _local(iri: str, suite: str) -> Path:
    return TESTS / suite / iri.rsplit("/", 1)[-1]


def load_suite(suite: str) -> tuple[list[EvalCase], dict[str, Path]]:
    """The tests of one suite, and the data files they name (graph name → file)."""
    manifest = TESTS / suite / "manifest.ttl"
    graph = Graph()
    graph.parse(manifest, format="turtle", publicID=f"{W3C_BASE}{suite}/manifest.ttl")
    root = next(graph.subjects(RDF.type, MF.Manifest))
    cases: list[EvalCase] = []
    files: dict[str, Path] = {}
    for test in Collection(graph, graph.value(root, MF.entries)):
        kind = str(graph.value(test, RDF.type)).rsplit("#", 1)[-1]
        action = graph.value(test, MF.action)
        if kind in ("PositiveSyntaxTest11", "NegativeSyntaxTest11", "PositiveSyntaxTest", "NegativeSyntaxTest"):
            query_iri = str(action)
            data, graph_data = [], []
        else:
            query_iri = str(graph.value(action, QT.query))
            data = [str(d) for d in graph.objects(action, QT.data)]
            graph_data = []
            for item in graph.objects(action, QT.graphData):
                label = graph.value(item, RDFS.label)
                source = graph.value(item, QT.graph)
                if source is not None:
                    name = str(label) if label is not None else str(source)
                    files[name] = _local(str(source), suite)
                    graph_data.append(name)
                else:
                    files[str(item)] = _local(str(item), suite)
                    graph_data.append(str(item))
            for iri in data:
                files[iri] = _local(iri, suite)
        result = graph.value(test, MF.result)
        approval = graph.value(test, DAWGT.approval)
        cases.append(
            EvalCase(
                suite=suite,
                name=str(test).rsplit("#", 1)[-1],
                title=str(graph.value(test, MF.name)),
                kind=kind,
                query=_local(query_iri, suite),
                query_iri=query_iri,
                data=sorted(data),
                graph_data=sorted(graph_data),
                result=_local(str(result), suite) if result is not None else None,
                approval=str(approval).rsplit("#", 1)[-1] if approval is not None else "",
            )
        )
    return cases, files


def read_data(files: dict[str, Path]) -> list[ox.Quad]:
    """Every data file, each in the named graph of its IRI."""
    formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}
    quads: list[ox.Quad] = []
    for name, path in sorted(files.items()):
        iri = f"{W3C_BASE}{path.parent.name}/{path.name}"
        graph = ox.NamedNode(name)
        for quad in ox.parse(path=str(path), format=formats[path.suffix], base_iri=iri):
            quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    return quads


# -- Terms and results ---------------------------------------------------------------------------

# A term is ("uri", iri), ("bnode", label), ("literal", lexical, datatype, language) or,
# from CSV, ("text", value).


@dataclass
class Results:
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, tuple]] = field(default_factory=list)
    boolean: bool | None = None


def literal(lexical: str, datatype: str | None = None, language: str | None = None) -> tuple:
    if language:
        return ("literal", lexical, LANG_STRING, language.lower())
    return ("literal", lexical, datatype or XSD_STRING, "")


def from_ox(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    raise ValueError(f"unexpected term {term!r}")


def parse_json(data: bytes) -> Results:
    doc = json.loads(data)
    if "boolean" in doc:
        return Results(boolean=bool(doc["boolean"]))
    out = Results(variables=list(doc["head"].get("vars", [])))
    for binding in doc["results"]["bindings"]:
        row = {}
        for var, value in binding.items():
            kind = value["type"]
            if kind == "uri":
                row[var] = ("uri", value["value"])
            elif kind == "bnode":
                row[var] = ("bnode", value["value"])
            elif kind in ("literal", "typed-literal"):
                row[var] = literal(value["value"], value.get("datatype"), value.get("xml:lang"))
            else:
                raise ValueError(f"unknown term type {kind!r}")
        out.rows.append(row)
    return out


def _xml_term(node) -> tuple:
    tag = node.tag.replace(RESULTS_NS, "")
    text = node.text or ""
    if tag == "uri":
        return ("uri", text)
    if tag == "bnode":
        return ("bnode", text)
    if tag == "literal":
        return literal(text, node.get("datatype"), node.get("{http://www.w3.org/XML/1998/namespace}lang"))
    raise ValueError(f"unknown term element {tag!r}")


def parse_xml(data: bytes) -> Results:
    root = ET.fromstring(data)
    boolean = root.find(f"{RESULTS_NS}boolean")
    if boolean is not None:
        return Results(boolean=boolean.text.strip() == "true")
    out = Results(variables=[v.get("name") for v in root.iter(f"{RESULTS_NS}variable")])
    results = root.find(f"{RESULTS_NS}results")
    for result in results.findall(f"{RESULTS_NS}result") if results is not None else []:
        row = {}
        for binding in result.findall(f"{RESULTS_NS}binding"):
            row[binding.get("name")] = _xml_term(list(binding)[0])
        out.rows.append(row)
    return out


_TSV_NUMBER = (
    (re.compile(r"^[+-]?[0-9]+$"), XSD + "integer"),
    (re.compile(r"^[+-]?[0-9]*\.[0-9]+$"), XSD + "decimal"),
    (re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+$"), XSD + "double"),
    (re.compile(r"^(?:true|false)$"), XSD + "boolean"),
)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def repl(match):
        item = match.group(1)
        if item[0] in "uU":
            return chr(int(item[1:], 16))
        return _ESCAPES[item]

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", repl, text)


def tsv_term(cell: str) -> tuple | None:
    if cell == "":
        return None
    if cell.startswith("<") and cell.endswith(">"):
        return ("uri", cell[1:-1])
    if cell.startswith("_:"):
        return ("bnode", cell[2:])
    match = re.match(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$', cell)
    if match:
        return literal(_unescape(match.group(1)), match.group(3), match.group(2))
    for pattern, datatype in _TSV_NUMBER:
        if pattern.match(cell):
            return literal(cell, datatype)
    raise ValueError(f"cannot read the TSV term {cell!r}")


def parse_tsv(text: str) -> Results:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    variables = [v[1:] if v.startswith(("?", "$")) else v for v in lines[0].split("\t")]
    out = Results(variables=variables)
    for line in lines[1:]:
        cells = line.split("\t")
        row = {v: t for v, t in zip(variables, (tsv_term(c) for c in cells)) if t is not None}
        out.rows.append(row)
    return out


def parse_csv(text: str) -> Results:
    import csv
    import io

    reader = list(csv.reader(io.StringIO(text)))
    out = Results(variables=reader[0])
    for record in reader[1:]:
        row = {}
        for var, value in zip(out.variables, record):
            if value == "":
                continue
            row[var] = ("bnode", value[2:]) if value.startswith("_:") else ("text", value)
        out.rows.append(row)
    return out


def parse_result_set_graph(quads: list) -> Results:
    """Results written in the DAWG result-set vocabulary (``rs:ResultSet``)."""
    by_subject: dict = {}
    for quad in quads:
        by_subject.setdefault(quad.subject, []).append((quad.predicate.value, quad.object))
    root = next(s for s, pairs in by_subject.items() if (str(RDF.type), ox.NamedNode(RS + "ResultSet")) in pairs)
    out = Results()
    indexed = []
    for predicate, value in by_subject[root]:
        if predicate == RS + "resultVariable":
            out.variables.append(value.value)
        elif predicate == RS + "boolean":
            out.boolean = value.value == "true"
        elif predicate == RS + "solution":
            row, index = {}, None
            for p, o in by_subject.get(value, []):
                if p == RS + "index":
                    index = int(o.value)
                elif p == RS + "binding":
                    pairs = dict(by_subject[o])
                    row[pairs[RS + "variable"].value] = from_ox(pairs[RS + "value"])
            indexed.append((index, row))
    indexed.sort(key=lambda item: (item[0] is None, item[0] or 0))
    out.rows = [row for _, row in indexed]
    return out


# -- Comparing -----------------------------------------------------------------------------------


def _number(term: tuple):
    try:
        return Decimal(term[1].strip())
    except InvalidOperation:
        text = term[1].strip().upper()
        if text in ("INF", "+INF", "-INF", "NAN"):
            return text.lstrip("+")
        raise


def terms_equal(a: tuple, b: tuple, by_value: bool) -> bool:
    if a == b:
        return True
    if not by_value or a[0] != "literal" or b[0] != "literal" or a[2] != b[2] or a[2] not in NUMERIC:
        return False
    try:
        return _number(a) == _number(b)
    except (InvalidOperation, ValueError):
        return False


def _row_match(expected: dict, actual: dict, forward: dict, backward: dict, by_value: bool) -> dict | None:
    """Extend the blank-node bijection so that the rows match, or None."""
    if expected.keys() != actual.keys():
        return None
    added: dict = {}
    for var, term in expected.items():
        other = actual[var]
        if term[0] == "bnode" and other[0] == "bnode":
            mapped = forward.get(term[1], added.get(term[1]))
            if mapped is None:
                if other[1] in backward or other[1] in added.values():
                    return None
                added[term[1]] = other[1]
            elif mapped != other[1]:
                return None
        elif not terms_equal(term, other, by_value):
            return None
    return added


def rows_match(expected: list[dict], actual: list[dict], *, ordered: bool, by_value: bool) -> bool:
    """Whether two solution sequences are equal up to blank-node renaming (as multisets unless ordered)."""
    if len(expected) != len(actual):
        return False
    if ordered:
        forward: dict = {}
        backward: dict = {}
        for e, a in zip(expected, actual):
            added = _row_match(e, a, forward, backward, by_value)
            if added is None:
                return False
            forward.update(added)
            backward.update({v: k for k, v in added.items()})
        return True
    # Rows without blank nodes match exactly (or by value) independently of the others.
    plain_e = [r for r in expected if not any(t[0] == "bnode" for t in r.values())]
    plain_a = [r for r in actual if not any(t[0] == "bnode" for t in r.values())]
    if len(plain_e) != len(plain_a):
        return False
    left = Counter(tuple(sorted(r.items())) for r in plain_e)
    right = Counter(tuple(sorted(r.items())) for r in plain_a)
    common = left & right
    rest_e = list((left - common).elements())
    rest_a = list((right - common).elements())
    used = [False] * len(rest_a)
    for row in rest_e:
        for i, other in enumerate(rest_a):
            if not used[i] and _row_match(dict(row), dict(other), {}, {}, by_value) == {}:
                used[i] = True
                break
        else:
            return False
    bnode_e = [r for r in expected if r not in plain_e]
    bnode_a = [r for r in actual if r not in plain_a]
    return _backtrack(bnode_e, bnode_a, [False] * len(bnode_a), {}, {}, by_value)


def _backtrack(expected, actual, used, forward, backward, by_value) -> bool:
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    for i, candidate in enumerate(actual):
        if used[i]:
            continue
        added = _row_match(first, candidate, forward, backward, by_value)
        if added is None:
            continue
        used[i] = True
        forward.update(added)
        backward.update({v: k for k, v in added.items()})
        if _backtrack(rest, actual, used, forward, backward, by_value):
            return True
        used[i] = False
        for key, value in added.items():
            del forward[key]
            del backward[value]
    return False


def triples_as_rows(quads) -> list[dict]:
    rows = {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads}
    return [{"s": s, "p": p, "o": o} for s, p, o in sorted(rows)]


def has_top_order_by(text: str) -> bool:
    from wsis_graph.sparql.checks import tokens

    toks = tokens(text)
    return any(
        t.kind == "word" and t.text.upper() == "ORDER" and t.depth == 0 and i + 1 < len(toks) and toks[i + 1].text.upper() == "BY"
        for i, t in enumerate(toks)
    )


# -- Running -------------------------------------------------------------------------------------


@dataclass
class EvalOutcome:
    case: EvalCase
    status: str  # pass, fail, refused
    reason: str = ""
    by_value: bool = False


def _send(client: Client, case: EvalCase, text: str, accept: str | None) -> Reply:
    from wsis_graph.sparql.checks import scan

    fields = [("query", text)]
    if not scan(text).mentions_from:
        fields += [("default-graph-uri", iri) for iri in case.data or [EMPTY_GRAPH]]
        fields += [("named-graph-uri", iri) for iri in case.graph_data]
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return client.send("POST", client.query_path, headers, urlencode(fields).encode("utf-8"))


POLICY_CODES = ("service_refused", "unknown_graph")

_STORAGE = (
    "Oxigraph 0.5 stores literals by value: a non-canonical lexical form comes back canonical "
    "(\"0\"^^xsd:boolean as false, \"1.0E6\"^^xsd:double as 1000000) and a derived integer type "
    "becomes xsd:integer, while the expected results keep the data's own forms"
)
#: Why a test that does not pass does not pass, as analysed (engine, store or policy).
KNOWN_CAUSES = {
    "agg-groupconcat-04": "engine: GROUP_CONCAT keeps a language tag shared by every value (\"1 2\"@en); SPARQL 1.1 gives a simple literal",
    "agg-groupconcat-06": "engine: GROUP_CONCAT keeps a language tag shared by every value; SPARQL 1.1 gives a simple literal",
    "agg-empty-group-count-graph": "engine: a sub-SELECT with an aggregate inside GRAPH ?g is not evaluated per graph",
    "graph": "engine: VALUES binding ?g inside GRAPH ?g is not joined with the graph name",
    "graph-minus": "engine: the GRAPH variable is taken into account when MINUS checks that its sides share variables",
    "zero_or_more_set_start": "engine: a zero-length path from a constant is empty when the graph is empty",
    "zero_or_more_set_end": "engine: a zero-length path to a constant is empty when the graph is empty",
    "zero_or_one_set_start": "engine: a zero-length path from a constant is empty when the graph is empty",
    "zero_or_one_set_end": "engine: a zero-length path to a constant is empty when the graph is empty",
    "bnode01": "engine: BNODE(string) gives the same blank node in every solution (the spec wants a new one per solution)",
    "cast-bool": "store: " + _STORAGE,
    "cast-int": "store: " + _STORAGE,
    "cast-float": "store: " + _STORAGE,
    "cast-double": "store: " + _STORAGE,
    "cast-decimal": "store: " + _STORAGE,
    "cast-string": "store: " + _STORAGE,
    "csv03": "store: " + _STORAGE,
    "tsv03": "store: " + _STORAGE,
    "test_4": "engine: a call to an unknown function is an evaluation error, and the endpoint checks syntax only by running the query",
    "test_42": "policy: the relative FROM <file> resolves against the endpoint's URL, a graph this store does not hold; FROM never fetches",
}


def _error_code(reply: Reply) -> str:
    try:
        return json.loads(reply.body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return ""


def run_case(client: Client, case: EvalCase) -> EvalOutcome:
    text = case.query.read_text(encoding="utf-8")
    if "Syntax" in case.kind:
        reply = client.send(
            "POST", client.query_path, {"Content-Type": "application/sparql-query"}, text.encode("utf-8")
        )
        code = _error_code(reply)
        if case.kind.startswith("Positive"):
            if reply.status == 200:
                return EvalOutcome(case, "pass")
            status = "refused" if code in POLICY_CODES else "fail"
            return EvalOutcome(case, status, f"{reply.status} {code}: {_message(reply)}")
        if reply.status == 400 and code == "malformed_query":
            return EvalOutcome(case, "pass")
        return EvalOutcome(case, "fail", f"accepted a query that is not SPARQL ({reply.status} {code})")
    query = f"BASE <{case.query_iri}>\n{text}"
    expected_path = case.result
    suffix = expected_path.suffix if expected_path else ""
    expected_quads = None
    if suffix in (".ttl", ".nt", ".rdf"):
        formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}
        expected_quads = list(ox.parse(path=str(expected_path), format=formats[suffix], base_iri=f"{W3C_BASE}{case.suite}/{expected_path.name}"))
        is_result_set = any(q.object == ox.NamedNode(RS + "ResultSet") for q in expected_quads)
        accept = "application/sparql-results+json" if is_result_set else "application/n-triples"
    else:
        is_result_set = True
        accept = ACCEPT.get(suffix)
    reply = _send(client, case, query, accept)
    if reply.status != 200:
        code = _error_code(reply)
        status = "refused" if code in POLICY_CODES else "fail"
        return EvalOutcome(case, status, f"{reply.status} {code}: {_message(reply)}")
    try:
        if expected_quads is not None and not is_result_set:
            actual = triples_as_rows(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))
            expected = triples_as_rows(expected_quads)
            return _compare(case, expected, actual, ordered=False, what="graph")
        if expected_quads is not None:
            expected_results = parse_result_set_graph(expected_quads)
        else:
            expected_results = _parse_results(expected_path.read_bytes(), suffix)
        actual_results = _parse_results(reply.body, suffix if suffix in (".tsv", ".csv", ".srx") else ".srj")
    except Exception as exc:
        return EvalOutcome(case, "fail", f"cannot read a result: {type(exc).__name__}: {exc}")
    if expected_results.boolean is not None or actual_results.boolean is not None:
        if expected_results.boolean == actual_results.boolean:
            return EvalOutcome(case, "pass")
        return EvalOutcome(case, "fail", f"ASK answered {actual_results.boolean}, expected {expected_results.boolean}")
    if set(expected_results.variables) != set(actual_results.variables):
        return EvalOutcome(case, "fail", f"variables {actual_results.variables}, expected {expected_results.variables}")
    ordered = has_top_order_by(text)
    return _compare(case, expected_results.rows, actual_results.rows, ordered=ordered, what="solutions")


def _parse_results(data: bytes, suffix: str) -> Results:
    if suffix == ".srx":
        return parse_xml(data)
    if suffix == ".tsv":
        return parse_tsv(data.decode("utf-8"))
    if suffix == ".csv":
        return parse_csv(data.decode("utf-8"))
    return parse_json(data)


def _compare(case: EvalCase, expected: list[dict], actual: list[dict], *, ordered: bool, what: str) -> EvalOutcome:
    if rows_match(expected, actual, ordered=ordered, by_value=False):
        return EvalOutcome(case, "pass")
    if rows_match(expected, actual, ordered=ordered, by_value=True):
        return EvalOutcome(case, "pass", by_value=True)
    order = " in order" if ordered else ""
    return EvalOutcome(
        case, "fail", f"{len(actual)} {what}{order} differ from the {len(expected)} expected; {difference(expected, actual)}"
    )


def _show_row(row: dict) -> str:
    def term(t: tuple) -> str:
        if t[0] == "uri":
            return f"<{t[1]}>"
        if t[0] == "bnode":
            return "_:"
        if t[0] == "text":
            return repr(t[1])
        suffix = f"@{t[3]}" if t[3] else ("" if t[2] == XSD_STRING else f"^^{t[2].replace(XSD, 'xsd:')}")
        return f'"{t[1]}"{suffix}'

    return "{" + ", ".join(f"{k}={term(v)}" for k, v in sorted(row.items())) + "}"


def difference(expected: list[dict], actual: list[dict]) -> str:
    """A row expected but missing, and a row answered but not expected (blank nodes blurred)."""
    def key(row: dict) -> tuple:
        return tuple(sorted((k, ("bnode",) if v[0] == "bnode" else v) for k, v in row.items()))

    missing = Counter(map(key, expected)) - Counter(map(key, actual))
    extra = Counter(map(key, actual)) - Counter(map(key, expected))
    parts = []
    if missing:
        parts.append("missing " + _show_row(dict(next(iter(missing)))))
    if extra:
        parts.append("unexpected " + _show_row(dict(next(iter(extra)))))
    return "; ".join(parts) or "same rows, other order or blank-node structure"


def _message(reply: Reply) -> str:
    try:
        return json.loads(reply.body)["error"]["message"][:200]
    except (ValueError, KeyError, TypeError):
        return reply.body[:200].decode("utf-8", "replace")


def run(client: Client, cases: list[EvalCase]) -> list[EvalOutcome]:
    return [run_case(client, case) for case in cases]


def collect(suites: tuple[str, ...] = SUITES) -> tuple[list[EvalCase], dict[str, Path]]:
    cases: list[EvalCase] = []
    files: dict[str, Path] = {}
    for suite in suites:
        suite_cases, suite_files = load_suite(suite)
        cases += suite_cases
        files.update(suite_files)
    return cases, files


def serve_and_run(suites: tuple[str, ...] = SUITES) -> tuple[list[EvalOutcome], float]:
    """Load the suites' data into a fresh Oxigraph store, serve it on 127.0.0.1, run every test."""
    from wsis_graph.store import OxigraphStore
    from wsis_graph.web.app import create_app
    from wsis_graph.web.liveserver import LiveServer
    from wsis_graph.web.settings import Settings

    t0 = time.perf_counter()
    cases, files = collect(suites)
    with tempfile.TemporaryDirectory(prefix="wsis-query-eval-") as folder:
        store = OxigraphStore(Path(folder) / "store")
        native = store.native()
        native.bulk_extend(read_data(files))
        native.flush()
        settings = Settings(store_url=store.url, query_timeout=30, max_rows=1_000_000, update_token=None)
        with LiveServer(create_app(settings, store=store)) as server:
            outcomes = run(Client(server.url), cases)
    return outcomes, time.perf_counter() - t0


# -- Reporting -----------------------------------------------------------------------------------


def tally(outcomes: list[EvalOutcome]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for outcome in outcomes:
        row = table.setdefault(outcome.case.suite, {"tests": 0, "pass": 0, "by_value": 0, "fail": 0, "refused": 0})
        row["tests"] += 1
        row[outcome.status] += 1
        if outcome.by_value:
            row["by_value"] += 1
    return table


def markdown(outcomes: list[EvalOutcome], seconds: float) -> str:
    table = tally(outcomes)
    total = {k: sum(r[k] for r in table.values()) for k in ("tests", "pass", "by_value", "fail", "refused")}
    figures = {suite: row["pass"] for suite, row in table.items()}
    lines = [
        HEADING,
        "",
        "The W3C SPARQL 1.1 query-evaluation and syntax test suites, run over real HTTP by",
        "`python conformance/run_query_eval.py --write-doc` against the application served on 127.0.0.1",
        "(Oxigraph store holding every test's data as named graphs; each test's dataset sent as",
        "`default-graph-uri`/`named-graph-uri`). See the script's docstring for how results are compared.",
        "",
        f"**{total['pass']} of {total['tests']} tests pass** ({total['by_value']} of them with numeric",
        f"literals compared by value), {total['fail']} fail, {total['refused']} refused by policy ({seconds:.1f} s).",
        "",
        "| suite | tests | pass | of which by value | fail | refused |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for suite in SUITES:
        if suite in table:
            r = table[suite]
            lines.append(f"| {suite} | {r['tests']} | {r['pass']} | {r['by_value']} | {r['fail']} | {r['refused']} |")
    lines.append(f"| **all** | {total['tests']} | {total['pass']} | {total['by_value']} | {total['fail']} | {total['refused']} |")
    others = [o for o in outcomes if o.status != "pass"]
    if others:
        lines += [
            "",
            "Tests that do not pass, with the cause as analysed (engine: Oxigraph's evaluator; store: how",
            "Oxigraph keeps literals; policy: this endpoint's rules). Approval is the test's status in the W3C",
            "manifest (blank: the manifest records none).",
            "",
            "| suite | test | approval | result | cause |",
            "| --- | --- | --- | --- | --- |",
        ]
        for outcome in others:
            reason = re.sub(r"http://127\.0\.0\.1:\d+", "http://127.0.0.1:PORT", outcome.reason)
            reason = reason.replace("|", "/").replace("\n", " ")[:200]
            cause = KNOWN_CAUSES.get(outcome.case.name, "not analysed").replace("|", "/")
            lines.append(
                f"| {outcome.case.suite} | `{outcome.case.name}` | {outcome.case.approval} | {outcome.status}: {reason} | {cause} |"
            )
    lines += ["", f"<!-- query-eval-passes: {json.dumps(figures, sort_keys=True)} -->"]
    return "\n".join(lines) + "\n"


def recorded_passes(doc: Path = DOC) -> dict[str, int]:
    """The pass counts per suite last written by ``--write-doc`` (the regression floor of the tests)."""
    match = re.search(r"<!-- query-eval-passes: (\{.*?\}) -->", doc.read_text(encoding="utf-8"))
    if not match:
        raise LookupError(f"no recorded query-evaluation figures in {doc}")
    return json.loads(match.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", action="append", choices=SUITES, help="run only these suites (repeatable)")
    parser.add_argument("--write-doc", action="store_true", help="record the figures in docs/CONFORMANCE.md")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every test")
    args = parser.parse_args(argv)
    suites = tuple(args.suite) if args.suite else SUITES
    outcomes, seconds = serve_and_run(suites)
    for outcome in outcomes:
        if args.verbose or outcome.status != "pass":
            extra = " (by value)" if outcome.by_value else ""
            print(f"{outcome.status:7} {outcome.case.suite}/{outcome.case.name}{extra} {outcome.reason}")
    table = tally(outcomes)
    for suite, row in table.items():
        print(f"{suite:20} {row['pass']:4} of {row['tests']:4} pass  ({row['fail']} fail, {row['refused']} refused, {row['by_value']} by value)")
    total = sum(r["pass"] for r in table.values())
    print(f"{'all':20} {total:4} of {len(outcomes):4} pass ({seconds:.1f} s)")
    if args.write_doc:
        if suites != SUITES:
            parser.error("--write-doc records the full run; drop --suite")
        write_doc(markdown(outcomes, seconds), DOC, HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
