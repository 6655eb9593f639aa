"""Proposed links: every bad row reported by row and column, good sets written apart with PROV,
atomic writes, the diff seam, and the authorised upload over real HTTP."""

from __future__ import annotations

import hashlib
import http.client
import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from wsis_graph import paths
from wsis_graph.cli import main
from wsis_graph.namespaces import WSIS
from wsis_graph.proposals import ProposalSetError, list_sets, parse_agent, proposal_graphs, submit, withdraw
from wsis_graph.proposals.catalogue import Catalogue
from wsis_graph.proposals.checks import check_proposals
from wsis_graph.proposals.diff import curated_graphs, proposal_effect
from wsis_graph.proposals.table import COLUMN_NAMES, read_proposal_table
from wsis_graph.store import MemoryStore, OxigraphStore, StoreError
from wsis_graph.uris import Minter
from wsis_graph.web.app import create_app
from wsis_graph.web.liveserver import LiveServer
from wsis_graph.web.settings import Settings

BASE = "https://w3id.org/wsis-graph/id/"
MINT = Minter(BASE)
EXAMPLE = paths.sources_dir().parent / "examples" / "proposals-example.csv"
HEADER = ",".join(COLUMN_NAMES)
TOKEN = "proposals-token-5e1d"
DESCRIPTION = MINT.graph("description")
PREFIXES = """PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
GOOD_ROW = {
    "proposal_id": "G1",
    "subject": "GDC-O3",
    "relation": "wsis:linkedTo",
    "object": "C5",
    "justification": "Objective 3 asks for a safe and secure digital space; C5 is the Action Line on security.",
    "source": "https://www.itu.int/net/wsis/docs/geneva/official/poa.html",
    "locator": "para 12",
    "confidence": "single-source",
    "proposed_by": "Ada Tester <ada@example.org>",
    "date": "2026-01-15",
    "strength": "",
    "note": "",
}


def csv_text(*rows: dict, header: str = HEADER) -> str:
    """A proposal table: the header, then each row (a dict over GOOD_ROW's columns), quoted."""
    columns = header.split(",")
    lines = [header]
    for row in rows:
        cells = [str(row.get(c, "")) for c in columns]
        lines.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    return "\n".join(lines) + "\n"


def row(**changes) -> dict:
    return {**GOOD_ROW, **changes}


@pytest.fixture(scope="module")
def catalogue(built) -> Catalogue:
    store = MemoryStore()
    store.replace(built.quads())
    return Catalogue.load(store)


@pytest.fixture
def memory(built) -> MemoryStore:
    store = MemoryStore()
    store.replace(built.quads())
    return store


@pytest.fixture(scope="module")
def written(built, tmp_path_factory):
    """An on-disk store with the example set written through the command line, and the listing."""
    location = tmp_path_factory.mktemp("proposals") / "db"
    store = OxigraphStore(location)
    store.replace(built.quads())
    before = {g: store.count(g) for g in store.graphs()}
    store.close()
    result = CliRunner().invoke(
        main, ["propose", str(EXAMPLE), "--store", f"oxigraph:{location}", "--base", BASE, "--format", "json"]
    )
    listing = CliRunner().invoke(main, ["proposals", "list", "--store", f"oxigraph:{location}", "--base", BASE, "--format", "json"])
    store = OxigraphStore(location)
    yield store, before, result, listing
    store.close()


def check(text: str, catalogue: Catalogue, **options):
    table = read_proposal_table(text.encode("utf-8"), "p.csv")
    return check_proposals(table, catalogue, **options)


def located(errors) -> set[tuple]:
    return {(e.row, e.column) for e in errors}


# -- Bad rows: each kind of problem, by row and column ---------------------------------------------

BAD_ROWS = [
    ("unknown code", row(subject="C44"), "subject", "unknown identifier 'C44'"),
    ("near miss suggested", row(subject="o3"), "subject", "did you mean 'GDC-O3'"),
    ("unknown IRI", row(object="https://w3id.org/wsis-graph/id/action-line/C99"), "object", "has the IRI"),
    ("not a relation", row(relation="wsis:concerns"), "relation", "not a relation a proposal may add"),
    ("relation not for these kinds", row(subject="C4", object="4.a"), "relation", "use wsis:contributesTo"),
    ("reversed", row(subject="UDHR:19", relation="wsis:groundedIn", object="C3"), "relation", "swap subject and object"),
    ("goal instead of target", row(subject="C4", relation="wsis:contributesTo", object="SDG 4"), "object", "name one of the goal's targets"),
    ("instrument instead of article", row(subject="C3", relation="wsis:groundedIn", object="UDHR"), "object", "name the article"),
    ("process", row(object="IGF"), "object", "processes"),
    ("no justification", row(justification=""), "justification", "required value is empty"),
    ("short justification", row(justification="obvious"), "justification", "too short"),
    ("no source", row(source=""), "source", "required value is empty"),
    ("bad URL", row(source="https://"), "source", "not a well-formed http(s) URL"),
    ("other scheme", row(source="file:///etc/passwd"), "source", "http(s) URL or a citation"),
    ("no locator for a sourced claim", row(locator=""), "locator", "required"),
    ("verified", row(confidence="verified"), "confidence", "cannot be marked 'verified'"),
    ("unknown mark", row(confidence="pretty sure"), "confidence", "not a mark a proposal may carry"),
    ("no proposer", row(proposed_by=""), "proposed_by", "no proposer was given"),
    ("unreadable proposer", row(proposed_by="Ada"), "proposed_by", "is not a proposer"),
    ("bad ORCID", row(proposed_by="0000-0002-1825-0096"), "proposed_by", "check digit"),
    ("future date", row(date="2999-01-01"), "date", "in the future"),
    ("impossible date", row(date="2026-02-30"), "date", "not a calendar date"),
    ("strength out of range", row(strength="1.5"), "strength", "outside 0 to 1"),
    ("bad proposal id", row(proposal_id="P#1"), "proposal_id", "not a valid proposal id"),
    ("already in a curated graph", row(subject="C4", relation="wsis:contributesTo", object="4.4"), None, "already stated in"),
]


@pytest.mark.parametrize("what,bad,column,message", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_each_kind_of_bad_row_is_reported_at_its_row_and_column(catalogue, what, bad, column, message):
    text = csv_text(row(proposal_id="OK1"), bad)
    result = check(text, catalogue)
    assert result.proposals == []  # one bad row and nothing is accepted
    mine = [e for e in result.errors if e.row == 3 and e.column == column]
    assert mine, f"no error at row 3, column {column}: {[str(e) for e in result.errors]}"
    assert any(message in e.message for e in mine), [e.message for e in mine]
    assert all(e.row == 3 for e in result.errors), "the good row 2 was blamed"


def test_the_good_row_alone_is_accepted(catalogue):
    result = check(csv_text(row()), catalogue)
    assert result.errors == []
    [proposal] = result.proposals
    assert proposal.relation == WSIS.linkedTo
    assert proposal.subject == MINT.iri("gdc-objective", "GDC-O3")
    assert proposal.obj == MINT.action_line("C5")


def test_duplicates_in_the_file_name_the_first_row(catalogue):
    text = csv_text(row(proposal_id="A"), row(proposal_id="A", object="C2"), row(proposal_id="B"))
    result = check(text, catalogue)
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "already used in row 2" in messages[(3, "proposal_id")]
    assert "already proposed in row 2" in messages[(4, None)]


def test_every_error_of_a_row_is_reported_not_just_the_first(catalogue):
    text = csv_text(row(), row(proposal_id="X", subject="C44", justification="no", confidence="verified", date="tomorrow"))
    result = check(text, catalogue)
    assert {(3, "subject"), (3, "justification"), (3, "confidence"), (3, "date")} <= located(result.errors)


def test_codes_are_read_in_their_usual_spellings(catalogue):
    text = csv_text(
        row(proposal_id="a", subject="C7.e-learning", relation="contributes to", object="SDG 4.a"),
        row(proposal_id="b", subject="<https://w3id.org/wsis-graph/id/gdc-paragraph/GDC-29-d>", relation="grounded_in", object="ICCPR:19"),
        row(proposal_id="c", subject="GDC-11(d)", relation="https://w3id.org/wsis-graph/ontology#linkedTo", object="ITU",
            proposed_by="https://orcid.org/0000-0002-1825-0097", confidence="inferred", locator=""),
    )
    result = check(text, catalogue)
    assert result.errors == [], [str(e) for e in result.errors]
    assert [p.obj for p in result.proposals] == [
        URIRef("http://metadata.un.org/sdg/4.a"),
        MINT.iri("provision", "ICCPR:19"),
        MINT.entity("ITU"),
    ]
    assert result.proposals[2].agent.iri == "https://orcid.org/0000-0002-1825-0097"


def test_a_code_shared_by_two_things_asks_for_the_iri():
    store = MemoryStore()
    g = URIRef("https://example.org/g")
    skos = "http://www.w3.org/2004/02/skos/core#notation"
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    store.replace([
        (a, rdf_type, WSIS.ActionLine, g), (a, URIRef(skos), Literal("X1"), g),
        (b, rdf_type, WSIS.Entity, g), (b, URIRef(skos), Literal("X1"), g),
    ])
    with pytest.raises(LookupError, match="code of several things"):
        Catalogue.load(store).resolve("X1")


@pytest.mark.parametrize(
    "text,column,message",
    [
        ("proposal_id,subject\nP1,C4\n", "relation", "required column is missing"),
        (HEADER + ",justifcation\n", "justifcation", "unknown column"),
        ("proposal_id,proposal_id," + HEADER[len("proposal_id,"):] + "\n", "proposal_id", "more than once"),
        (HEADER + "\n", None, "no proposed links"),
        ("", None, "the file is empty"),
    ],
)
def test_header_problems_are_located(catalogue, text, column, message):
    result = check(text, catalogue)
    assert any(e.column == column and message in e.message for e in result.errors), [str(e) for e in result.errors]


def test_a_row_with_too_many_fields_and_bad_bytes_are_located(catalogue):
    text = csv_text(row()) + "X,GDC-O3,wsis:linkedTo,C5,a,b,c,d,e,f,g,h,i\n"
    result = check(text, catalogue)
    assert (3, None) in located(result.errors)
    table = read_proposal_table(csv_text(row()).encode("utf-8") + b"\xff\n", "p.csv")
    assert table.errors[0].row == 3 and "UTF-8" in table.errors[0].message


def test_a_file_without_proposers_is_told_once(catalogue):
    header = ",".join(c for c in COLUMN_NAMES if c != "proposed_by")
    result = check(csv_text(row(), row(proposal_id="B", object="C2"), header=header), catalogue)
    assert [(e.row, e.column) for e in result.errors] == [(1, "proposed_by")]


def test_proposers_are_read_in_each_form():
    assert parse_agent("Ada <ada@example.org>").email == "ada@example.org"
    assert parse_agent("Ada <https://orcid.org/0000-0002-1825-0097>").iri == "https://orcid.org/0000-0002-1825-0097"
    assert parse_agent("https://example.org/people/ada").iri == "https://example.org/people/ada"
    for bad in ("ada@example.org", "Ada", "0000-0002-1825-009X", "Ada <mailto:x>"):
        with pytest.raises(ValueError):
            parse_agent(bad)


# -- A bad file through the command line: exit 1, every error, nothing written ---------------------


def test_command_reports_errors_as_json_and_writes_nothing(built, tmp_path):
    location = tmp_path / "db"
    store = OxigraphStore(location)
    store.replace(built.quads())
    before = store.native().dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    store.close()
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(row(), row(proposal_id="B", subject="C44", confidence="verified")), encoding="utf-8")
    result = CliRunner().invoke(main, ["propose", str(bad), "--store", f"oxigraph:{location}", "--base", BASE, "--format", "json"])
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["status"] == "rejected"
    assert {(e["row"], e["column"]) for e in body["errors"]} == {(3, "subject"), (3, "confidence")}
    assert all(e["file"] == "bad.csv" for e in body["errors"])
    store = OxigraphStore(location)
    assert store.native().dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS) == before
    store.close()


def test_bad_options_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["propose", str(EXAMPLE), "--store", "memory:", "--name", "Bad Name"])
    assert result.exit_code == 2 and "not a proposal set name" in result.stderr
    result = CliRunner().invoke(main, ["propose", str(EXAMPLE), "--store", "memory:", "--proposer", "nobody"])
    assert result.exit_code == 2 and "proposer" in result.stderr


# -- A good file: its own graph, PROV, queryable, nothing else touched ----------------------------


def test_a_good_file_lands_in_its_own_graph(written):
    store, before, result, _ = written
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    graph = MINT.graph("proposals-example")
    assert body["status"] == "accepted" and body["graph"] == str(graph) and body["links"] == 6
    assert graph in store.graphs()
    for g, count in before.items():
        if g != DESCRIPTION:
            assert store.count(g) == count, f"{g} was touched"
    assert proposal_graphs(store, MINT) == [graph]
    # The direct triples are there for simple queries, and only in the proposal graph.
    rows = store.query(PREFIXES + """SELECT ?g WHERE { GRAPH ?g {
        <https://w3id.org/wsis-graph/id/action-line/C3> wsis:groundedIn <https://w3id.org/wsis-graph/id/provision/UDHR-19> } }""").rows
    assert [r[0] for r in rows] == [graph]


def test_the_set_carries_its_provenance(written):
    store, _, _, listing = written
    graph = MINT.graph("proposals-example")
    activity = MINT.iri("activity", "proposals-example")
    links = store.query(PREFIXES + """SELECT ?link ?activity ?why ?mark ?agent WHERE { GRAPH ?g {
        ?link wsis:method wsis:Proposal ; prov:wasGeneratedBy ?activity ; wsis:justification ?why ;
              wsis:confidence ?mark ; prov:wasAttributedTo ?agent } }""", default_graphs=None).dicts()
    assert len(links) == 6
    assert {r["activity"] for r in links} == {activity}
    assert all(str(r["why"]).startswith("EXAMPLE ONLY") for r in links)
    assert {r["mark"] for r in links} == {WSIS.Inferred}
    prov = store.query(PREFIXES + """SELECT ?start ?end ?agent ?name ?file ?sha WHERE { GRAPH ?g {
        ?a prov:startedAtTime ?start ; prov:endedAtTime ?end ; prov:wasAssociatedWith ?agent ; prov:used ?t .
        ?agent a prov:Agent ; foaf:name ?name .
        ?t dct:title ?file ; spdx:checksum/spdx:checksumValue ?sha } }""").dicts()
    [p] = prov
    assert p["start"].toPython() <= p["end"].toPython()
    assert str(p["name"]) == "wsis-graph example"
    assert str(p["file"]) == "proposals-example.csv"
    assert str(p["sha"]) == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert {r["agent"] for r in links} == {p["agent"]}
    described = store.query(PREFIXES + """ASK { GRAPH ?d { ?g dct:type wsis:ProposalSet ; prov:wasGeneratedBy ?a ; dct:identifier "proposals-example" } }""",
                            {"d": DESCRIPTION, "g": graph, "a": activity})
    assert described.boolean


def test_list_and_replace_need_the_name(written):
    store, _, _, listing = written
    [info] = list_sets(store, MINT)
    assert (info.name, info.links, info.file_name) == ("example", 6, "proposals-example.csv")
    assert info.proposers == ["wsis-graph example"]
    assert listing.exit_code == 0 and json.loads(listing.stdout)[0]["graph"] == str(info.graph)
    with pytest.raises(ProposalSetError, match="exists already"):
        submit(store, EXAMPLE.read_bytes(), file_name="proposals-example.csv", mint=MINT)


def test_findings_with_and_without_a_set(written):
    """The seam for `wsis-graph diff`: the commitments with no Action Line or entity, before and after."""
    store, _, _, listing = written

    def homeless(store, graphs):
        rows = store.query(PREFIXES + """SELECT ?c WHERE { ?c a wsis:GDCCommitment .
            FILTER NOT EXISTS { ?c wsis:linkedTo ?x . { ?x a wsis:ActionLine } UNION { ?x a wsis:Entity } } }""",
            default_graphs=graphs).rows
        return {r[0] for r in rows}

    assert MINT.graph("proposals-example") not in curated_graphs(store, MINT)
    effect = proposal_effect(store, "example", homeless, mint=MINT)
    commitment = MINT.iri("gdc-paragraph", "GDC-11(d)")
    assert commitment in effect.without
    assert effect.lost() == [commitment]  # P1 and P2 give 11(d) a home
    assert effect.gained() == []
    with pytest.raises(ProposalSetError):
        proposal_effect(store, "nothing-here", homeless, mint=MINT)


def test_a_dry_run_checks_everything_and_writes_nothing(memory):
    before = set(memory.quads())
    outcome = submit(memory, EXAMPLE.read_bytes(), file_name="proposals-example.csv", name="dry", dry_run=True, mint=MINT)
    assert outcome.accepted and outcome.dry_run and outcome.links == 6
    assert set(memory.quads()) == before


# -- Atomicity -------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_store_as_it_was(memory, monkeypatch):
    before = set(memory.quads())

    def broken(graphs):
        for triples in graphs.values():
            list(triples)
        raise StoreError("disk full")

    monkeypatch.setattr(memory, "replace_graphs", broken)
    with pytest.raises(StoreError):
        submit(memory, EXAMPLE.read_bytes(), file_name="proposals-example.csv", mint=MINT)
    assert set(memory.quads()) == before


def test_a_set_the_shapes_refuse_is_not_written(memory):
    """When the result would not conform, the SHACL report comes back and nothing is written."""
    # Make an existing curated alignment invalid (a second confidence mark): the union fails.
    some = next(s for s, p, o, g in memory.quads() if p == WSIS.confidence and g == MINT.graph("wsis-sdg-matrix"))
    memory.replace_graph(MINT.graph("wsis-sdg-matrix"), [
        *((s, p, o) for s, p, o, _ in memory.quads(MINT.graph("wsis-sdg-matrix"))),
        (some, WSIS.confidence, WSIS.Unknown),
    ])
    before = set(memory.quads())
    outcome = submit(memory, EXAMPLE.read_bytes(), file_name="proposals-example.csv", mint=MINT)
    assert not outcome.accepted and outcome.validation is not None
    assert any("AlignmentShape" in e.message for e in outcome.errors)
    assert set(memory.quads()) == before


def test_withdraw_removes_the_graph_and_its_description_only(written, memory):
    source, _, _, _ = written
    graph = MINT.graph("proposals-example")
    memory.replace_graphs({
        DESCRIPTION: [(s, p, o) for s, p, o, _ in source.quads(DESCRIPTION)],
        graph: [(s, p, o) for s, p, o, _ in source.quads(graph)],
    })
    others = {g: memory.count(g) for g in memory.graphs() if g not in (graph, DESCRIPTION)}
    assert withdraw(memory, "example", mint=MINT) == source.count(graph)
    assert graph not in memory.graphs() and proposal_graphs(memory, MINT) == []
    assert not any(graph in (s, o) for s, _, o, _ in memory.quads(DESCRIPTION))
    assert {g: memory.count(g) for g in memory.graphs() if g != DESCRIPTION} == others
    with pytest.raises(ProposalSetError, match="no proposal set"):
        withdraw(memory, "example", mint=MINT)
    result = CliRunner().invoke(main, ["proposals", "withdraw", "example", "--store", "memory:"])
    assert result.exit_code == 1 and "no proposal set named 'example'" in result.stderr
    result = CliRunner().invoke(main, ["proposals", "withdraw", "../description", "--store", "memory:"])
    assert result.exit_code == 2


# -- The web upload over real HTTP -----------------------------------------------------------------


class Client:
    def __init__(self, server: LiveServer) -> None:
        self.server = server

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def post_csv(self, text: str, query: str = "?name=web", token: str | None = TOKEN):
        headers = {"Content-Type": "text/csv; charset=utf-8", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.request("POST", "/proposals" + query, text.encode("utf-8"), headers)


def serve(store, **settings) -> LiveServer:
    return LiveServer(create_app(Settings(store_url=store.url, base=BASE, **settings), store=store))


def test_uploads_are_refused_when_updates_are_off_or_the_token_is_wrong(memory):
    before = set(memory.quads())
    with serve(memory, update_token=None) as off:
        status, _, body = Client(off).post_csv(EXAMPLE.read_text(encoding="utf-8"))
        assert status == 403 and json.loads(body)["error"]["code"] == "updates_disabled"
    with serve(memory, update_token=TOKEN) as on:
        client = Client(on)
        status, headers, _ = client.post_csv(EXAMPLE.read_text(encoding="utf-8"), token=None)
        assert status == 401 and headers["www-authenticate"].startswith("Bearer")
        status, _, body = client.post_csv(EXAMPLE.read_text(encoding="utf-8"), token="not-it")
        assert status == 401 and json.loads(body)["error"]["code"] == "invalid_token"
        status, _, _ = client.request("DELETE", "/proposals/web")
        assert status == 401
    assert set(memory.quads()) == before


def test_the_web_upload_reports_rows_and_writes_a_good_set(memory):
    with serve(memory, update_token=TOKEN) as live:
        client = Client(live)
        status, _, body = client.post_csv(csv_text(row(), row(proposal_id="B", subject="C44")))
        error = json.loads(body)["error"]
        assert status == 400 and error["code"] == "invalid_proposals"
        assert [(e["row"], e["column"]) for e in error["errors"]] == [(3, "subject")]
        assert proposal_graphs(memory, MINT) == []

        status, _, body = client.request("POST", "/proposals", b"a,b\n", {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        assert status == 415
        status, _, body = client.post_csv(EXAMPLE.read_text(encoding="utf-8"), query="")
        assert status == 400 and "name" in json.loads(body)["error"]["message"]

        status, headers, body = client.post_csv(EXAMPLE.read_text(encoding="utf-8"), query="?name=web&proposer=Ada+Tester+%3Cada%40example.org%3E")
        graph = MINT.graph("proposals-web")
        assert status == 201, body
        assert headers["location"] == str(graph) and json.loads(body)["graph"] == str(graph)
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?link <{WSIS.method}> <{WSIS.Proposal}> }} }}"
        status, _, body = client.request("GET", "/sparql?" + __import__("urllib.parse").parse.urlencode({"query": query}),
                                         headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "6"

        status, _, body = client.post_csv(EXAMPLE.read_text(encoding="utf-8"), query="?name=web")
        assert status == 409 and json.loads(body)["error"]["code"] == "proposal_set_exists"

        status, _, body = client.request("GET", "/proposals", headers={"Accept": "application/json"})
        [listed] = json.loads(body)["sets"]
        assert listed["name"] == "web" and listed["links"] == 6
        assert sorted(listed["proposers"]) == ["Ada Tester", "wsis-graph example"]

        status, _, body = client.request("DELETE", "/proposals/web", headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and json.loads(body)["triples"] > 0
        status, _, _ = client.request("DELETE", "/proposals/web", headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 404
        assert graph not in memory.graphs()


def test_the_page_lists_sets_and_takes_a_form_upload(memory):
    boundary = uuid.uuid4().hex
    data = EXAMPLE.read_bytes()
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\n{TOKEN}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nfrom-form\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\ntrue\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="mine.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + data + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    with serve(memory, update_token=TOKEN) as live:
        client = Client(live)
        status, headers, body = client.request("GET", "/proposals", headers={"Accept": "text/html"})
        page = body.decode("utf-8")
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert 'name="token"' in page and "proposal_id" in page
        status, _, body = client.request(
            "POST", "/proposals", b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "text/html"},
        )
        page = body.decode("utf-8")
        assert status == 200, page
        assert "Checked, nothing written" in page and "6 proposed link(s) from mine.csv" in page
        bad = [p.replace(TOKEN.encode(), b"wrong") for p in parts]
        status, _, body = client.request(
            "POST", "/proposals", b"".join(bad),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "text/html"},
        )
        assert status == 401 and "not the update token" in body.decode("utf-8")
    assert proposal_graphs(memory, MINT) == []


def test_the_example_uses_only_identifiers_of_the_graph(catalogue):
    """The sample file checks clean against the real data (it is what the README shows)."""
    table = read_proposal_table(Path(EXAMPLE).read_bytes(), EXAMPLE.name)
    result = check_proposals(table, catalogue)
    assert result.errors == [] and len(result.proposals) == 6
    assert all("EXAMPLE ONLY" in p.justification for p in result.proposals)


def test_a_proposer_e_mail_is_published_only_as_its_foaf_sha1_digest(memory):
    import hashlib

    from rdflib.namespace import FOAF

    outcome = submit(memory, EXAMPLE.read_bytes(), file_name="proposals-example.csv", name="mail", mint=MINT)
    assert outcome.accepted
    objects = [o for _, p, o, _ in memory.quads()]
    assert not [o for o in objects if "proposals-example@example.org" in str(o)]
    digest = hashlib.sha1(b"mailto:proposals-example@example.org").hexdigest()
    assert (FOAF.mbox_sha1sum, Literal(digest)) in {(p, o) for _, p, o, _ in memory.quads()}
