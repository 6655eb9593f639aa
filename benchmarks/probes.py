"""The measurements that run in a process of their own, each reporting JSON lines on stdout.

``python -m benchmarks.probes inprocess --store DIR``
    every benchmark query on our embedded store (:class:`~wsis_graph.store.OxigraphStore`, read-only),
    through ``store.query`` with the parameters bound as the API binds them;
``python -m benchmarks.probes rdflib --nquads FILE``
    the plain rdflib peer: the same N-Quads parsed into an rdflib ``Dataset`` (union default graph),
    then the same queries with ``initBindings``;
``python -m benchmarks.probes analysis --store DIR``
    the projection (its time and the memory it adds) and every gap analysis, records included, when
    :mod:`wsis_graph.analysis.registry` is there.

Each query is asked once to warm up, then up to ``--repeats`` times or until ``--seconds`` have
passed (at least once); one JSON line per query gives every latency in milliseconds, so that a
probe stopped at its cap by the parent keeps the queries it finished.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.measure import emit, rss_mb


def _timed(call, repeats: int, seconds: float) -> tuple[list[float], int]:
    """Latencies (ms) of ``call()`` after one warm-up run, and the rows of the last answer.

    A warm-up run that alone takes longer than ``seconds`` is the one measurement (a slow query
    gains nothing from a warm cache and would double the run).
    """
    t0 = time.perf_counter()
    rows = call()
    first = time.perf_counter() - t0
    if first > seconds:
        return [first * 1000], rows
    latencies: list[float] = []
    start = time.perf_counter()
    while len(latencies) < repeats and (not latencies or time.perf_counter() - start < seconds):
        t0 = time.perf_counter()
        rows = call()
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies, rows


def inprocess(args: argparse.Namespace) -> None:
    from benchmarks.queries import benchmark_queries
    from wsis_graph.store import OxigraphStore
    from wsis_graph.uris import Minter

    store = OxigraphStore(args.store, read_only=True)
    mint = Minter()
    emit(event="opened", triples=len(store))
    for name, (query, values) in benchmark_queries().items():
        bindings = query.bindings(values, mint)
        latencies, rows = _timed(lambda: len(store.query(query.text, bindings).rows), args.repeats, args.seconds)
        emit(event="query", name=name, ms=latencies, rows=rows)


def rdflib_peer(args: argparse.Namespace) -> None:
    from rdflib import Dataset, Variable

    from benchmarks.queries import benchmark_queries
    from wsis_graph.uris import Minter

    t0 = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(args.nquads, format="nquads")
    emit(event="loaded", seconds=time.perf_counter() - t0, quads=len(dataset), rss_mb=rss_mb())
    mint = Minter()
    for name, (query, values) in benchmark_queries().items():
        bindings = {Variable(k): v for k, v in query.bindings(values, mint).items()}
        emit(event="start", name=name)
        latencies, rows = _timed(lambda: len(list(dataset.query(query.text, initBindings=bindings))), args.repeats, args.seconds)
        emit(event="query", name=name, ms=latencies, rows=rows)


def analysis(args: argparse.Namespace) -> None:
    try:
        from wsis_graph.analysis.options import ProjectionOptions
        from wsis_graph.analysis.projection import project
        from wsis_graph.analysis.registry import run_analyses
    except ImportError as exc:
        emit(event="skipped", reason=f"the analyses are not importable ({exc})")
        return
    from wsis_graph.store import OxigraphStore

    store = OxigraphStore(args.store, read_only=True)
    options = ProjectionOptions(records=True)
    before = rss_mb()
    t0 = time.perf_counter()
    graph = project(store, options)
    emit(
        event="projected",
        seconds=time.perf_counter() - t0,
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        rss_before_mb=before,
        rss_after_mb=rss_mb(),
    )
    del graph
    t0 = time.perf_counter()
    results = run_analyses(store, options)
    emit(event="analysed", seconds=time.perf_counter() - t0, analyses=[r.name for r in results] if results and hasattr(results[0], "name") else len(results))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probes")
    sub = parser.add_subparsers(dest="probe", required=True)
    for name in ("inprocess", "rdflib"):
        p = sub.add_parser(name)
        p.add_argument("--repeats", type=int, default=20)
        p.add_argument("--seconds", type=float, default=5.0)
        if name == "inprocess":
            p.add_argument("--store", required=True)
        else:
            p.add_argument("--nquads", required=True)
    p = sub.add_parser("analysis")
    p.add_argument("--store", required=True)
    args = parser.parse_args(argv)
    {"inprocess": inprocess, "rdflib": rdflib_peer, "analysis": analysis}[args.probe](args)


if __name__ == "__main__":
    main()
