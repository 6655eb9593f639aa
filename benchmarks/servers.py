"""Starting and stopping the two HTTP servers compared: our endpoint and ``oxigraph serve``.

Both listen on 127.0.0.1 on a free port, read the same data, and are stopped by their process id
(the whole process group: gunicorn's workers and their query workers, or the oxigraph server).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks.measure import ROOT


class ServerError(RuntimeError):
    """A server did not come up."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    """The ``oxigraph`` server of the PyPI package, beside this interpreter or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServerError("the oxigraph server is not installed: pip install oxigraph (into this venv)")
    return found


class Server:
    """A server process of our own, on 127.0.0.1."""

    def __init__(self, name: str, args: list[str], port: int, ready_path: str, log: Path) -> None:
        self.name = name
        self.port = port
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(args, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
        self.ready_path = ready_path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} ended with status {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise ServerError(f"{self.name} did not answer on {self.url} within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log_file.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def our_endpoint(store: Path, workers: int, log: Path, timeout: float = 60.0) -> Server:
    """``wsis-graph serve`` in production mode (gunicorn, ``workers`` processes) on ``store``."""
    port = free_port()
    args = [
        sys.executable, "-m", "wsis_graph.cli", "serve", "--store", f"oxigraph:{store}", "--no-build",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--query-timeout", str(timeout),
    ]
    server = Server("wsis-graph serve", args, port, "/health", log)
    server.wait_ready()
    return server


def oxigraph_server(location: Path, log: Path, timeout: float = 60.0) -> Server:
    """``oxigraph serve`` on ``location``, the default graph being the union of all graphs (as ours)."""
    port = free_port()
    args = [
        oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
        "--union-default-graph", "--timeout-s", str(int(timeout)),
    ]
    server = Server("oxigraph serve", args, port, "/query?query=ASK%7B%7D", log)
    server.wait_ready()
    return server
