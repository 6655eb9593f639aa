"""A small HTTP client for the endpoint runs: sequential latency, and a bounded concurrent load.

Each client thread keeps one HTTP/1.1 connection open (as SPARQLWrapper, YASGUI and most clients
do) and sends the query by ``POST`` as ``application/x-www-form-urlencoded`` (``query=…``; the
protocol's form, which YASGUI uses, and which no request-line limit cuts) with
``Accept: application/sparql-results+json``; a response counts when its status is 200 and its body
has been read in full. Every run is bounded twice: a
fixed number of requests and a time cap, whichever comes first.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from benchmarks.measure import percentile

HEADERS = {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class LoadResult:
    """Latencies (ms) of the completed requests, errors, and the wall time of the run."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    clients: int = 1
    first_error: str = ""

    @property
    def done(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float | None:
        return percentile(self.latencies, 50)

    @property
    def p99(self) -> float | None:
        return percentile(self.latencies, 99)


class _Client:
    def __init__(self, port: int, path: str, query: str, timeout: float = 120.0) -> None:
        self.port = port
        self.timeout = timeout
        self.path = path
        self.body = urlencode({"query": query}).encode("ascii")
        self.connection: http.client.HTTPConnection | None = None

    def ask(self) -> tuple[int, bytes]:
        for attempt in (0, 1):  # a kept-alive connection the server closed is reopened once
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.connection.request("POST", self.path, body=self.body, headers=HEADERS)
                response = self.connection.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, body
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def run_load(port: int, path: str, query: str, *, requests: int, seconds: float, clients: int = 1, warmup: int = 2,
             timeout: float = 120.0) -> LoadResult:
    """Send ``requests`` requests from ``clients`` threads (or stop after ``seconds``).

    ``warmup`` requests per client are sent first and not counted; a request that gets no answer
    within ``timeout`` seconds counts as an error.
    """
    result = LoadResult(clients=clients)
    lock = threading.Lock()
    remaining = [requests]
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def work() -> None:
        client = _Client(port, path, query, timeout)
        try:
            for _ in range(warmup):
                client.ask()
        except Exception:  # the count below shows it
            pass
        start.wait()
        try:
            while True:
                with lock:
                    if remaining[0] <= 0 or time.perf_counter() > deadline[0]:
                        return
                    remaining[0] -= 1
                t0 = time.perf_counter()
                try:
                    status, body = client.ask()
                except Exception as exc:
                    status, body = 0, str(exc).encode()
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    if status == 200:
                        result.latencies.append(ms)
                    else:
                        result.errors += 1
                        result.first_error = result.first_error or f"{status}: {body[:200]!r}"
        finally:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds + 3600  # set properly once every client is warm
    start.wait()
    t0 = time.perf_counter()
    deadline[0] = t0 + seconds
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - t0
    return result
