"""The review workbench measured: queue 500 candidates, then decisions written and validated.

    PYTHONPATH=. python benchmarks/review.py

Builds the dataset into a fresh on-disk (Oxigraph) store, queues the matcher's 500 best Action Line →
SDG target suggestions as one run, and times 30 decisions (accept, reject, unsure in turn) and 10 undos,
each written with its revision check and validated on the changed nodes. Prints the figures as JSON.
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
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
