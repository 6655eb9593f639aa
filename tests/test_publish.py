"""A new build keeps what users added: proposal sets and practice record sets survive it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import VOID

from wsis_graph.build import DESCRIPTION_GRAPH
from wsis_graph.cli import main
from wsis_graph.store import open_store
from wsis_graph.uris import Minter

EXAMPLE = Path(__file__).parent.parent / "data" / "examples" / "proposals-example.csv"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_rebuild_keeps_proposals_and_records(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    records = tmp_path / "records.csv"
    run("build", "--store", url)
    run("records", "generate", "--records", "50", "--out", str(records), "-q")
    run("records", "load", str(records), "--store", url)
    run("propose", str(EXAMPLE), "--store", url, "--name", "example", "--proposer", "Test Person <test@example.org>")

    mint = Minter()
    store = open_store(url)
    try:
        before = {g: store.count(g) for g in store.graphs()}
    finally:
        store.close()
    added = [g for g in before if "proposals-" in g or "records" in g]
    assert len(added) == 2, before

    run("build", "--store", url)

    store = open_store(url)
    try:
        after = {g: store.count(g) for g in store.graphs()}
        assert after == before  # same curated data, same added graphs, same description
        desc = mint.graph(DESCRIPTION_GRAPH)
        dataset = mint.dataset()
        rows = store.query(
            "SELECT * WHERE { GRAPH ?d { ?ds ?subset ?g . ?g ?triples ?n } }",
            {"d": desc, "ds": dataset, "subset": VOID.subset, "triples": VOID.triples},
        ).dicts()
        stated = {row["g"]: int(row["n"]) for row in rows}
        for graph in added:
            assert stated[URIRef(graph)] == after[graph]
        total = store.query(
            "SELECT * WHERE { GRAPH ?d { ?ds ?triples ?n } }",
            {"d": desc, "ds": dataset, "triples": VOID.triples},
        ).dicts()
        assert [int(row["n"]) for row in total] == [sum(after.values())]
    finally:
        store.close()
