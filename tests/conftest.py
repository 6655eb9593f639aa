"""Shared fixtures: contexts for building one source, the full build, and stores.

Stores: ``empty_store`` is a fresh, empty store of each of the three backends in turn (memory,
embedded Oxigraph, remote); :func:`open_test_store` makes one of a given kind. The remote one is
an Oxigraph server (``oxigraph serve``, from the ``oxigraph`` package of the test extra):
the one named by ``WSIS_GRAPH_TEST_REMOTE`` (``.ci/run`` starts it), or else one that the session
starts itself on 127.0.0.1 and stops at the end. The server holds one dataset, so each test's
remote store empties it first: tests run one after another, and a module-scoped fixture must
load its data again if function-scoped remote stores ran in between. The server must be a
throwaway one: the session refuses a server that already holds data, and empties it at the end.

``make test`` runs the suite in several processes (pytest-xdist). The server holds one dataset, so only
the first process (``gw0``) uses the one ``WSIS_GRAPH_TEST_REMOTE`` names; each other process starts a
server of its own, as a session without that setting does.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from wsis_graph import paths
from wsis_graph.build import build_dataset
from wsis_graph.sources.base import Registry, SourceContext, SourceMeta
from wsis_graph.uris import Minter

TEST_BASE = "https://w3id.org/wsis-graph/id/"
REMOTE_ENV = "WSIS_GRAPH_TEST_REMOTE"
STORE_KINDS = ("memory", "oxigraph", "remote")


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


# -- Stores ----------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> Path:
    found = Path(sys.executable).parent / "oxigraph"
    if not found.exists():
        found_on_path = shutil.which("oxigraph")
        if found_on_path is None:
            pytest.fail("the oxigraph server is missing: install the test extra (pip install -e '.[test]')", pytrace=False)
        found = Path(found_on_path)
    return found


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


class OxigraphServer:
    """``oxigraph serve`` on 127.0.0.1 at a free port, with its data in a temporary directory."""

    def __init__(self) -> None:
        self.location = Path(tempfile.mkdtemp(prefix="wsis-graph-oxigraph-"))
        binary = _oxigraph_binary()
        for _ in range(3):  # another process may take the port between choosing and binding it
            self.port = _free_port()
            self.log = open(self.location / "server.log", "w+b")
            self.process = subprocess.Popen(
                [str(binary), "serve", "--location", str(self.location / "data"), "--bind", f"127.0.0.1:{self.port}"],
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and self.process.poll() is None:
                if _answers(self.port):
                    return
                time.sleep(0.05)
            self.stop(remove=False)
        self.log.seek(0)
        shutil.rmtree(self.location, ignore_errors=True)
        raise RuntimeError(f"oxigraph serve did not start: {self.log.read().decode(errors='replace')[-2000:]}")

    @property
    def url(self) -> str:
        return f"sparql+http://127.0.0.1:{self.port}"

    def stop(self, remove: bool = True) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if remove:
            shutil.rmtree(self.location, ignore_errors=True)


@pytest.fixture(scope="session")
def remote_url():
    """The URL of an empty Oxigraph server for the session (``sparql+http://127.0.0.1:PORT``)."""
    from wsis_graph.store import RemoteStore

    first = os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0"  # see the module docstring
    given = os.environ.get(REMOTE_ENV) if first else None
    server = None if given else OxigraphServer()
    url = given or server.url
    store = RemoteStore(url)
    emptied_by_us = False
    try:
        store.check()
        held = len(store) or len(store.graphs())
        if held:
            pytest.fail(
                f"{REMOTE_ENV}={url} holds data ({held} quads); the tests erase the remote store, so give them an empty "
                "throwaway server (as .ci/run starts)",
                pytrace=False,
            )
        emptied_by_us = server is None
        yield url
    finally:
        try:
            if emptied_by_us:
                store.update("DROP ALL")  # leave the server given to us as empty as we found it
        finally:
            store.close()
            if server is not None:
                server.stop()


def open_test_store(kind: str, tmp_path: Path, remote: str | None = None):
    """A fresh, empty store of ``kind`` (``memory``, ``oxigraph``, ``remote``)."""
    from wsis_graph.store import MemoryStore, OxigraphStore, RemoteStore

    if kind == "memory":
        return MemoryStore()
    if kind == "oxigraph":
        return OxigraphStore(tmp_path / "db")
    if kind == "remote":
        if remote is None:
            raise ValueError("a remote test store needs the remote_url fixture's URL")
        store = RemoteStore(remote)
        store.update("DROP ALL")
        return store
    raise ValueError(f"unknown store kind {kind!r}")


@pytest.fixture(params=STORE_KINDS)
def empty_store(request, tmp_path):
    """An empty store of each backend in turn."""
    remote = request.getfixturevalue("remote_url") if request.param == "remote" else None
    store = open_test_store(request.param, tmp_path, remote)
    yield store
    store.close()
