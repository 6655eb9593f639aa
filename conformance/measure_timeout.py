"""Measure the query time limit on a live server: a runaway query beside a stream of cheap ones.

Serves the application on 127.0.0.1 over a chain of 300 links, sends a six-way cross product
(which would run for ages) and, while it runs, cheap queries one after another. Prints when and
how the runaway query was answered and the latency of the cheap ones.

Usage::

    python conformance/measure_timeout.py [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests
from rdflib import URIRef

LINK = "https://example.org/link"
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n0 ?o . ?q ?r ?s }"
CHEAP = f"ASK {{ <https://example.org/n5> <{LINK}> ?x }}"


def main(argv: list[str] | None = None) -> int:
    from wsis_graph.store import OxigraphStore
    from wsis_graph.web.app import create_app
    from wsis_graph.web.liveserver import LiveServer
    from wsis_graph.web.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=Settings().query_timeout)
    args = parser.parse_args(argv)
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory(prefix="wsis-timeout-") as folder:
        store = OxigraphStore(Path(folder) / "store")
        chain = URIRef("https://example.org/chain")
        store.replace(
            (URIRef(f"https://example.org/n{i}"), URIRef(LINK), URIRef(f"https://example.org/n{i + 1}"), chain) for i in range(300)
        )
        app = create_app(Settings(store_url=store.url, query_timeout=args.timeout), store=store)
        with LiveServer(app) as server:
            url = server.url + "/sparql"
            requests.get(url, params={"query": "ASK {}"}, timeout=60)
            runaway: dict = {}

            def run() -> None:
                t0 = time.monotonic()
                reply = requests.get(url, params={"query": RUNAWAY}, timeout=args.timeout + 60)
                runaway.update(status=reply.status_code, body=reply.json(), seconds=time.monotonic() - t0)

            thread = threading.Thread(target=run)
            thread.start()
            time.sleep(0.2)
            latencies = []
            while thread.is_alive():
                t0 = time.monotonic()
                reply = requests.get(url, params={"query": CHEAP}, timeout=60)
                latencies.append(time.monotonic() - t0)
                if reply.status_code != 200:
                    print(f"a cheap query failed: {reply.status_code} {reply.text[:200]}")
                    return 1
                time.sleep(0.05)
            thread.join()
    code = runaway["body"].get("error", {}).get("code", "-")
    print(f"time limit {args.timeout:g} s: the runaway query was answered {runaway['status']} {code} after {runaway['seconds']:.2f} s")
    print(
        f"{len(latencies)} cheap queries meanwhile: median {statistics.median(latencies) * 1000:.1f} ms, "
        f"slowest {max(latencies) * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
