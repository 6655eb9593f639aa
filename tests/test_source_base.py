"""What the source modules share (sources/base.py): reading one row per id, one node per row,
declaring ids and documents, and the provenance of a row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from conftest import TEST_BASE, make_context
from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import (
    SourceContext,
    add_provenance,
    declare_document,
    graph_of_rows,
    rows_by_id,
)
from wsis_graph.tables import Row, SourceError

CODE = re.compile(r"X[0-9]")


def source(tmp_path: Path, name: str, text: str) -> SourceContext:
    """A context for a source folder holding ``source.toml`` and one table."""
    folder = tmp_path / "demo"
    folder.mkdir(exist_ok=True)
    (folder / "source.toml").write_text(
        'key = "demo"\ntitle = "Demo"\ndescription = "A test source."\npublisher = "Tests"\n'
        'source = "https://example.org/demo"\nlicence = "CC0-1.0"\n',
        encoding="utf-8",
    )
    (folder / name).write_text(text, encoding="utf-8")
    return make_context(folder)


def test_rows_by_id_gives_each_row_with_its_id(tmp_path):
    ctx = source(tmp_path, "t.csv", "id,name\nX1,one\nX2,two\n")
    assert [(code, row.line) for code, row in rows_by_id(ctx.table("t.csv", ["id"]), "id", CODE, "test id", "thing")] == [
        ("X1", 2),
        ("X2", 3),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "thing 'X1' is declared twice"),
        ({"twice": "appears twice"}, "thing 'X1' appears twice"),
        ({"name_first": True}, "thing 'X1' is declared twice (first in row 2)"),
    ],
)
def test_rows_by_id_rejects_an_id_given_twice(tmp_path, options, message):
    ctx = source(tmp_path, "t.csv", "id,name\nX1,one\nX2,two\nX1,again\n")
    with pytest.raises(SourceError) as caught:
        list(rows_by_id(ctx.table("t.csv", ["id"]), "id", CODE, "test id", "thing", **options))
    assert str(caught.value) == f"demo/t.csv, row 4, column 'id': {message}"


def test_rows_by_id_checks_the_id_first(tmp_path):
    ctx = source(tmp_path, "t.csv", "id\nX1\nY1\n")
    with pytest.raises(SourceError, match=r"row 3, column 'id': 'Y1' is not a valid test id"):
        list(rows_by_id(ctx.table("t.csv", ["id"]), "id", CODE, "test id", "thing"))


def test_graph_of_rows_makes_one_node_per_row_and_rejects_a_repeat(tmp_path):
    def add(graph, ctx, row: Row) -> URIRef:
        node = ctx.mint.iri("document", row.require("id"))
        graph.add((node, RDFS.label, Literal(row.require("name"))))
        return node

    ctx = source(tmp_path, "t.csv", "id,name\nX1,one\nX2,two\n")
    graph = graph_of_rows(ctx, "t.csv", ["id", "name"], add, "the same thing is already in row {first}")
    assert len(graph) == 2
    assert ctx.tables_read == ["t.csv"]
    ctx = source(tmp_path, "t.csv", "id,name\nX1,one\nX2,two\nX1,again\n")
    with pytest.raises(SourceError) as caught:
        graph_of_rows(ctx, "t.csv", ["id", "name"], add, "the same thing is already in row {first}")
    assert str(caught.value) == "demo/t.csv, row 4: the same thing is already in row 2"


def test_declare_mints_and_registers_under_the_kind(tmp_path):
    ctx = source(tmp_path, "t.csv", "id\nX1\n")
    row = next(iter(ctx.table("t.csv", ["id"])))
    iri = ctx.declare("document", "X1", row)
    assert iri == URIRef(f"{TEST_BASE}document/X1")
    assert ctx.registry.kind("X1") == "document"
    with pytest.raises(SourceError, match="identifier 'X1' is declared twice"):
        ctx.declare("entity", "X1", row)


def test_declare_document_types_names_and_registers_a_new_document(tmp_path):
    ctx = source(tmp_path, "documents.csv", "document_id,title\nDOC-A,A document\nDOC-A,Again\n")
    graph = ctx.new_graph()
    first, second = ctx.table("documents.csv", ["document_id", "title"])
    doc_id, iri = declare_document(graph, ctx, first, "title")
    assert (doc_id, iri) == ("DOC-A", URIRef(f"{TEST_BASE}document/DOC-A"))
    assert set(graph.triples((iri, None, None))) == {
        (iri, RDF.type, WSIS.Document),
        (iri, SKOS.notation, Literal("DOC-A")),
        (iri, SKOS.prefLabel, Literal("A document", lang="en")),
        (iri, RDFS.label, Literal("A document", lang="en")),
    }
    with pytest.raises(SourceError, match=r"row 3, column 'document_id': document 'DOC-A' is already declared"):
        declare_document(graph, ctx, second, "title")


def test_provenance_reads_sources_then_confidence_then_notes(tmp_path):
    ctx = source(
        tmp_path,
        "t.csv",
        "source_urls,confidence,notes\n"
        "https://example.org/a | Some citation,inferred,A note\n"
        ",verified,\n"
        ",nonsense,\n",
    )
    good, no_sources, bad_mark = ctx.table("t.csv", ["source_urls", "confidence", "notes"])
    graph = ctx.new_graph()
    node = URIRef("https://example.org/thing")
    assert add_provenance(graph, node, good) == WSIS.Inferred
    assert set(graph.triples((node, None, None))) == {
        (node, WSIS.sourceDocument, URIRef("https://example.org/a")),
        (node, DCTERMS.bibliographicCitation, Literal("Some citation")),
        (node, WSIS.confidence, WSIS.Inferred),
        (node, SKOS.note, Literal("A note", lang="en")),
    }
    with pytest.raises(SourceError, match=r"row 3, column 'source_urls': required value is empty"):
        add_provenance(graph, node, no_sources)
    assert add_provenance(graph, node, no_sources, sources_required=False) == WSIS.Verified
    with pytest.raises(SourceError, match=r"row 4, column 'source_urls'"):  # the sources are read first
        add_provenance(graph, node, bad_mark)
