"""The review workbench measured: queue 500 candidates, then decisions written and validated, then the
``/review`` page with 10,000 candidates in the queue.

    PYTHONPATH=. python benchmarks/review.py

Builds the dataset into a fresh on-disk (Oxigraph) store, queues the matcher's 500 best Action Line →
SDG target suggestions as one run, and times 30 decisions (accept, reject, unsure in turn) and 10 undos,
each written with its revision check and validated on the changed nodes.

Then it queues more of the matcher's suggestions (GDC → SDG target, Action Line → SDG target, GDC →
Action Line, GDC → entity, in that order, as four more runs) until the queue holds exactly 10,000 pairs,
and asks the application (flask's test client: the time of the request in the server, without a
network) for ``GET /review`` 60 times: the page as HTML and as JSON, the next candidate after one shown,
with a scope (``C5``, ``GDC-O1``), with a run, and the accepted pairs; after each tenth request a decision
is made through ``POST /review/<id>`` (its own latency is reported too), so that the figures include the
page that follows a decision. The first request, which reads the queue for the first time, is reported
apart (``review_get_first_ms``). Prints the figures as JSON.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from wsis_graph.build import build_dataset
from wsis_graph.matching.corpus import read_index
from wsis_graph.matching.suggest import suggest
from wsis_graph.review.decide import decide, review_shapes, undo
from wsis_graph.review.model import Names
from wsis_graph.review.queue import queue
from wsis_graph.review.state import listing
from wsis_graph.store import OxigraphStore
from wsis_graph.uris import Minter


def main() -> dict:
    mint = Minter()
    with tempfile.TemporaryDirectory() as folder:
        store = OxigraphStore(Path(folder) / "db")
        store.replace(build_dataset(mint=mint).quads())
        found = suggest(read_index(store), "action-lines", "sdg-targets", top=40)
        found = sorted(found, key=lambda s: -s.score)[:500]
        t0 = time.perf_counter()
        queued = queue(store, found, from_kind="action-lines", to_kind="sdg-targets", run="bench", mint=mint)
        queue_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        items = listing(store, Names(mint), run="bench")
        list_seconds = time.perf_counter() - t0
        review_shapes()  # the shapes parsed once, as a long-running server would have them
        decisions, undos, validation = [], [], []
        for i, item in enumerate(items[:30]):
            outcome = decide(store, item.pid, ("accept", "reject", "unsure")[i % 3], reviewer="Bench", mint=mint)
            decisions.append(outcome.seconds)
            validation.append(outcome.validate_seconds)
        for item in items[:10]:
            undos.append(undo(store, item.pid, mint=mint).seconds)
        page = page_latency(store, mint, found)
        store.close()

    def ms(values, q=None):
        values = sorted(values)
        return round(1000 * (values[int(q * (len(values) - 1))] if q else statistics.median(values)), 1)

    return {
        "candidates_queued": queued.candidates,
        "queue_seconds": round(queue_seconds, 2),
        "list_seconds": round(list_seconds, 2),
        "decision_ms_median": ms(decisions),
        "decision_ms_p95": ms(decisions, 0.95),
        "validation_ms_median": ms(validation),
        "undo_ms_median": ms(undos),
        "review_queue_pairs": page["pairs"],
        "review_get_first_ms": round(page["first"] * 1000, 1),
        "review_get_ms_median": ms(page["get"]),
        "review_get_ms_p95": ms(page["get"], 0.95),
        "review_get_ms_max": round(1000 * max(page["get"]), 1),
        "review_gets": len(page["get"]),
        "review_post_ms_median": ms(page["post"]),
    }


#: The runs queued for the page's measure, in order, until the queue holds PAGE_PAIRS pairs.
PAGE_RUNS = (("gdc", "sdg-targets", 200), ("action-lines", "sdg-targets", 169), ("gdc", "action-lines", 19),
             ("gdc", "entities", 34))
PAGE_PAIRS = 10_000


def fill_queue(store, mint: Minter, already, target: int = PAGE_PAIRS) -> int:
    """Queue the matcher's suggestions (:data:`PAGE_RUNS`) until the queue holds ``target`` pairs."""
    from wsis_graph.review.model import pair_id

    index = read_index(store)
    seen = {pair_id(s.subject_iri, s.object_iri) for s in already}
    for number, (source, dest, top) in enumerate(PAGE_RUNS, start=1):
        if len(seen) >= target:
            break
        fresh = []
        for s in sorted(suggest(index, source, dest, top=top), key=lambda s: -s.score):
            pid = pair_id(s.subject_iri, s.object_iri)
            if pid not in seen and len(seen) < target:
                seen.add(pid)
                fresh.append(s)
        if fresh:
            queue(store, fresh, from_kind=source, to_kind=dest, run=f"page-{number}", mint=mint)
    if len(seen) < target:
        raise SystemExit(f"the matcher gave only {len(seen)} pairs; the measure needs {target}")
    return len(seen)


def page_latency(store, mint: Minter, already) -> dict:
    """``GET /review`` (and ``POST /review/<id>``) timed with PAGE_PAIRS pairs in the queue."""
    from wsis_graph.review import triage
    from wsis_graph.web.app import create_app
    from wsis_graph.web.settings import Settings

    pairs = fill_queue(store, mint, already)
    triage.forget(store)
    app = create_app(Settings(store_url=store.url, base=mint.base, update_token="bench-admin"), store=store)
    client = app.test_client()
    html, as_json = {"Accept": "text/html"}, {"Accept": "application/json"}
    admin = {"Authorization": "Bearer bench-admin", "Accept": "application/json"}

    def timed(call):
        t0 = time.perf_counter()
        response = call()
        seconds = time.perf_counter() - t0
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code}: {response.get_data(as_text=True)[:300]}")
        return seconds, response

    first, shown = timed(lambda: client.get("/review", headers=as_json))
    shown = shown.get_json()["candidate"]["id"]
    asks = [("/review", html), ("/review", as_json), (f"/review?after={shown}", html), ("/review?scope=C5", html),
            ("/review?scope=GDC-O1", as_json), ("/review?run=page-2", html), ("/review?status=accepted", html),
            (f"/review?id={shown}", as_json), ("/review?status=any", html), ("/review", html)]
    gets, posts = [], []
    for round_ in range(6):
        for url, headers in asks:
            gets.append(timed(lambda: client.get(url, headers=headers))[0])
        current = client.get("/review", headers=as_json).get_json()["candidate"]
        verdict = ("accept", "reject", "unsure")[round_ % 3]
        posts.append(timed(lambda: client.post(f"/review/{current['id']}", headers=admin, data={
            "action": verdict, "reviewer": "Bench", "expect": str(current["revision"])}))[0])
    return {"pairs": pairs, "first": first, "get": gets, "post": posts}


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
