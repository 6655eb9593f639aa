"""Serving for real: ``server.py`` and ``wsis-graph serve`` as processes on 127.0.0.1.

The development server builds a missing store before it serves; ``--no-build`` on a new location
serves an empty store; ``--workers N`` serves through gunicorn with N processes that read one
embedded store read-only. ``/health`` names the store, the data version and the triple count.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from wsis_graph.store import open_store
from wsis_graph.stats import dataset_version

ROOT = Path(__file__).resolve().parent.parent
WSIS = "https://w3id.org/wsis-graph/ontology#"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process started with ``args``; waits until ``/health`` answers."""

    def __init__(self, args: list[str], *, env: dict[str, str] | None = None, wait: float = 120.0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [*args, "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server ended early: {self.stop()}")
            try:
                if requests.get(f"{self.url}/health", timeout=2).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("the server did not answer /health in time")

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        with self.process.stdout:
            return self.process.stdout.read()


def count_action_lines(url: str) -> int:
    response = requests.post(
        f"{url}/sparql",
        data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{WSIS}ActionLine> }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def served_store(tmp_path_factory):
    """``python server.py`` on a location with no store: it builds, then serves."""
    location = tmp_path_factory.mktemp("serve") / "store"
    server = Server([sys.executable, "server.py", "--store", f"oxigraph:{location}"])
    try:
        health = requests.get(f"{server.url}/health", timeout=5).json()
        actions = count_action_lines(server.url)
    finally:
        log = server.stop()
    return location, health, actions, log


def test_server_py_builds_a_missing_store_then_serves(served_store):
    location, health, actions, log = served_store
    assert "validate" in log and "SPARQL endpoint on http://127.0.0.1:" in log
    assert actions == 19
    assert health["store"] == f"oxigraph:{location}"
    store = open_store(f"oxigraph:{location}", read_only=True)
    try:
        assert health["triples"] == len(store) > 20_000
        assert health["dataset_version"] == dataset_version(store)
    finally:
        store.close()
    assert health["dataset_version"].startswith(health["software_version"] + "+")
    assert health["updates"] is False


def test_no_build_on_a_new_location_serves_an_empty_store(tmp_path):
    server = Server([sys.executable, "-m", "wsis_graph.cli", "serve", "--no-build", "--store", f"oxigraph:{tmp_path / 'empty'}"])
    try:
        health = requests.get(f"{server.url}/health", timeout=5).json()
        assert health["triples"] == 0 and health["dataset_version"] is None
        assert count_action_lines(server.url) == 0
    finally:
        server.stop()


def test_production_mode_serves_from_several_processes_on_one_store(served_store):
    location = served_store[0]
    server = Server(
        [sys.executable, "-m", "wsis_graph.cli", "serve", "--no-build", "--workers", "2", "--store", f"oxigraph:{location}"],
        env={"WSIS_GRAPH_UPDATE_TOKEN": "secret"},
    )
    try:
        deadline = time.monotonic() + 30
        workers = server.children()
        while len(workers) < 2 and time.monotonic() < deadline:  # gunicorn forks its workers one by one
            time.sleep(0.2)
            workers = server.children()
        assert len(workers) == 2
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: count_action_lines(server.url), range(24)))
        assert answers == [19] * 24
        seen = set()
        deadline = time.monotonic() + 20
        while seen != set(workers) and time.monotonic() < deadline:
            with ThreadPoolExecutor(4) as pool:
                seen |= {r["process"] for r in pool.map(lambda _: requests.get(f"{server.url}/health", timeout=5).json(), range(8))}
        assert seen == set(workers), "every worker process answers"
        # The store is read-only in every worker: an authorised update is refused, clearly.
        refused = requests.post(
            f"{server.url}/update",
            data=f"INSERT DATA {{ <https://example.org/a> <https://example.org/b> 1 }}",
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer secret"},
            timeout=10,
        )
        assert refused.status_code >= 400
        assert refused.json()["error"]["code"] == "store_read_only"
        assert count_action_lines(server.url) == 19
        # A long GET query reaches the endpoint (gunicorn's own request-line cap is lifted) …
        padding = "#" + "x" * 6000 + "\n"
        long_query = padding + "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/wsis-graph/ontology#ActionLine> }"
        answer = requests.get(f"{server.url}/sparql", params={"query": long_query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200, answer.text[:300]
        # … and one over the endpoint's own cap is refused with its JSON error.
        too_long = requests.get(f"{server.url}/sparql", params={"query": "#" + "x" * 100_001}, timeout=30)
        assert too_long.status_code in (400, 413, 414) and "error" in too_long.json()
    finally:
        server.stop()
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)


def test_production_mode_refuses_an_in_memory_store():
    result = subprocess.run(
        [sys.executable, "-m", "wsis_graph.cli", "serve", "--workers", "2", "--store", "memory:", "--port", str(free_port())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "in-memory store" in result.stderr
