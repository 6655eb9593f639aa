"""The SHACL shapes: every valid fixture conforms, every broken one is caught by the shape it names,
and the shapes themselves conform to SHACL-for-SHACL."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from wsis_graph import paths
from wsis_graph.validation import load_ontology, load_shapes, validate_graph

FIXTURES = Path(__file__).parent / "shapes"
SHAPES_NS = "https://w3id.org/wsis-graph/shapes#"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))


def expected_shape(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"#\s*expect:\s*wsh:(\w+)\s*", first)
    assert match, f"{path.name}: first line must be '# expect: wsh:ShapeName'"
    return match.group(1)


def load(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path):
    report = validate_graph(load(path))
    assert report.conforms, report.text()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_broken_fixture_is_caught_by_its_shape(path):
    shape = expected_shape(path)
    assert URIRef(SHAPES_NS + shape) in set(load_shapes().subjects()), f"no shape wsh:{shape}"
    report = validate_graph(load(path))
    assert not report.conforms
    assert f"wsh:{shape}" in report.by_shape(), report.text()


def test_every_node_shape_has_broken_fixtures():
    shapes = load_shapes()
    sh = "http://www.w3.org/ns/shacl#"
    targets = [URIRef(sh + t) for t in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")]
    named = {
        str(s)[len(SHAPES_NS):]
        for s in shapes.subjects(RDF.type, URIRef(sh + "NodeShape"))
        if str(s).startswith(SHAPES_NS) and any((s, t, None) in shapes for t in targets)
    }
    covered = {}
    for path in INVALID:
        covered[expected_shape(path)] = covered.get(expected_shape(path), 0) + 1
    missing = sorted(n for n in named if covered.get(n, 0) < 3)
    assert not missing, f"shapes with fewer than three broken fixtures: {missing}"


def test_shapes_conform_to_shacl_for_shacl():
    for file in sorted(paths.shapes_dir().glob("*.ttl")):
        shapes = load(file)
        conforms, _, text = pyshacl.validate(
            Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True, inference="none"
        )
        assert conforms, f"{file.name} is not valid SHACL:\n{text}"


def test_meta_shacl_catches_a_broken_shape():
    broken = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://w3id.org/wsis-graph/shapes#Bad> a sh:NodeShape ;
            sh:property [ sh:path <https://example.org/p> ; sh:minCount "one" ] .
        """,
        format="turtle",
    )
    with pytest.raises(Exception):
        conforms, _, _ = pyshacl.validate(Graph(), shacl_graph=broken, meta_shacl=True, advanced=True)
        assert conforms


def test_ontology_loads_with_shapes():
    assert len(load_ontology()) > 100
