"""Shared fixtures: contexts for building one source, the full build, and stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from wsis_graph import paths
from wsis_graph.build import build_dataset
from wsis_graph.sources.base import Registry, SourceContext, SourceMeta
from wsis_graph.uris import Minter

TEST_BASE = "https://w3id.org/wsis-graph/id/"


def make_context(folder: Path, *, registry: Registry | None = None, display: str | None = None) -> SourceContext:
    """A build context for one source folder, as the build would make it."""
    mint = Minter(TEST_BASE)
    display = display or folder.name
    return SourceContext(
        folder=folder,
        display=display,
        mint=mint,
        registry=registry if registry is not None else Registry(),
        graph_iri=mint.graph(display),
        meta=SourceMeta.read(folder, display),
    )


def copy_source(name: str, tmp_path: Path) -> Path:
    """A writable copy of ``data/sources/<name>`` to break in a test."""
    target = tmp_path / name
    shutil.copytree(paths.sources_dir() / name, target)
    return target


@pytest.fixture(scope="session")
def built():
    """The whole dataset built from the real tables (once per test session)."""
    return build_dataset(mint=Minter(TEST_BASE))


@pytest.fixture(scope="session")
def ontology() -> Graph:
    g = Graph()
    g.parse(paths.ontology_file(), format="turtle")
    return g
