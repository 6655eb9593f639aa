"""Run the benchmarks at each scale and write the tables to a Markdown file.

    .venv/bin/python -m benchmarks.run --scales 100k,1M,10M --out docs/BENCHMARKS.md

At each scale (the curated graph plus generated synthetic records making that many triples), in a
working folder of its own, one step after the other (never two heavy jobs at once):

1. **Load.** ``wsis-graph build`` (curated graph, built and validated) and ``wsis-graph records load``
   into a fresh embedded store, each timed in its own process with its peak memory; the whole store
   is dumped to N-Quads, which both peers load: ``oxigraph load`` for the ``oxigraph serve`` peer,
   and rdflib's N-Quads parser into a ``Dataset`` for the plain rdflib peer.
2. **Queries in process.** Every named query (:mod:`benchmarks.queries`) on our store
   (``OxigraphStore.query``) and on the rdflib ``Dataset``: p50/p99 of up to ``--repeats`` runs.
3. **Queries over HTTP.** Our endpoint in production mode (``wsis-graph serve --workers N``) and
   ``oxigraph serve`` on the same data, both on 127.0.0.1: p50/p99 of every named query from one
   client, then the throughput of a cheap and a heavy query under ``--clients`` concurrent clients.
4. **Gap analysis and report.** The projection (time, memory it adds), every analysis, and
   ``wsis-graph report --format html --include-records``, when the analyses are importable.

rdflib is run up to ``--rdflib-max`` triples (default 1M) and each of its runs is capped at
``--rdflib-cap`` seconds; beyond, the report says why it was not run and where it stopped.
Results are written after every scale (the Markdown file, and the raw figures as JSON beside the
working folder), so a long run that is stopped keeps what it measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import report
from benchmarks.machine import describe
from benchmarks.measure import percentile, python_module, run_measured
from benchmarks.queries import AGGREGATIONS, CHEAP, HEAVY, benchmark_queries, query_text

SCALE = re.compile(r"^(\d+(?:\.\d+)?)([kKmM]?)$")


def parse_scale(text: str) -> int:
    """A number of triples: ``100k``, ``1M``, ``2.5M`` or a plain number.

    >>> parse_scale("100k"), parse_scale("1M"), parse_scale("2500")
    (100000, 1000000, 2500)
    """
    m = SCALE.match(text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a scale: {text!r} (use 100k, 1M, 10M or a number of triples)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    value = int(float(m.group(1)) * factor)
    if value < 1:
        raise argparse.ArgumentTypeError(f"a scale must be at least 1 triple, got {text!r}")
    return value


def label(triples: int) -> str:
    """``1M`` for 1,000,000, ``100k`` for 100,000, the number otherwise."""
    if triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}M"
    if triples % 1_000 == 0:
        return f"{triples // 1_000}k"
    return str(triples)


def cli(*args: str) -> list[str]:
    return python_module("wsis_graph.cli", *args)


def _stats(ms: list[float]) -> dict:
    return {"p50": percentile(ms, 50), "p99": percentile(ms, 99), "n": len(ms)}


def _log(message: str) -> None:
    print(f"[{dt.datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.work)
        self.work.mkdir(parents=True, exist_ok=True)

    # -- One scale -------------------------------------------------------------------------------

    def scale(self, triples: int) -> dict:
        args = self.args
        name = label(triples)
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        out: dict = {"scale": name, "record_triples": triples}

        records = folder / f"synthetic-{name.lower()}.csv"
        if not records.exists():
            _log(f"{name}: generating records")
            gen = run_measured(cli("records", "generate", "--triples", str(triples), "--seed", str(args.seed), "--out", str(records)), cap=args.cap)
            if not gen.ok:
                raise SystemExit(f"generating the records failed: {gen.failure()}")
        store = folder / "store"
        shutil.rmtree(store, ignore_errors=True)

        _log(f"{name}: build and validate the curated graph")
        build = run_measured(cli("build", "--store", f"oxigraph:{store}"), cap=args.cap)
        out["build"] = {"seconds": build.seconds, "peak_mb": build.peak_mb, "ok": build.ok, "note": "" if build.ok else build.failure()}
        m = re.search(r"build ([\d.]+) s, validate ([\d.]+) s, write ([\d.]+) s", build.stdout + build.stderr)
        if m:
            out["build"].update(build_s=float(m[1]), validate_s=float(m[2]), write_s=float(m[3]))
        if not build.ok:
            raise SystemExit(f"the build failed: {build.failure()}")

        _log(f"{name}: records load")
        load = run_measured(cli("records", "load", "--store", f"oxigraph:{store}", "-q", str(records)), cap=args.cap)
        out["load"] = {"seconds": load.seconds, "peak_mb": load.peak_mb, "ok": load.ok, "note": "" if load.ok else load.failure()}
        if not load.ok:
            raise SystemExit(f"loading the records failed: {load.failure()}")

        nquads = folder / "all.nq"
        out["quads"] = self._dump(store, nquads)

        _log(f"{name}: oxigraph load (peer)")
        peer_store = folder / "oxigraph-serve"
        shutil.rmtree(peer_store, ignore_errors=True)
        from benchmarks.servers import oxigraph_binary

        peer = run_measured([oxigraph_binary(), "load", "--location", str(peer_store), "--file", str(nquads)], cap=args.cap)
        out["peer_load"] = {"seconds": peer.seconds, "peak_mb": peer.peak_mb, "ok": peer.ok, "note": "" if peer.ok else peer.failure()}

        _log(f"{name}: queries in process (ours)")
        ours = run_measured(python_module("benchmarks.probes", "inprocess", "--store", str(store), "--repeats", str(args.repeats), "--seconds", str(args.query_seconds)), cap=args.cap)
        out["inprocess"] = {e["name"]: {**_stats(e["ms"]), "rows": e["rows"]} for e in ours.events if e.get("event") == "query"}
        out["inprocess_note"] = "" if ours.ok else ours.failure()

        out["rdflib"] = self._rdflib(triples, nquads)

        out["http"] = self._http(store, peer_store, folder)

        out["analysis"] = self._analysis(store, folder)
        if not args.keep:
            nquads.unlink(missing_ok=True)
        return out

    def _dump(self, store: Path, target: Path) -> int:
        import pyoxigraph as ox

        disk = ox.Store.read_only(str(store))
        try:
            disk.dump(str(target), format=ox.RdfFormat.N_QUADS)
            return len(disk)
        finally:
            del disk

    def _rdflib(self, triples: int, nquads: Path) -> dict:
        args = self.args
        if triples > args.rdflib_max:
            return {"skipped": f"not run above {label(args.rdflib_max)} triples (--rdflib-max)"}
        _log(f"{label(triples)}: rdflib peer (cap {args.rdflib_cap:.0f} s)")
        run = run_measured(
            python_module("benchmarks.probes", "rdflib", "--nquads", str(nquads), "--repeats", str(args.repeats), "--seconds", str(args.query_seconds)),
            cap=args.rdflib_cap,
        )
        result: dict = {"peak_mb": run.peak_mb, "seconds": run.seconds, "queries": {}}
        for event in run.events:
            if event.get("event") == "loaded":
                result["load"] = {"seconds": event["seconds"], "rss_mb": event["rss_mb"]}
            elif event.get("event") == "query":
                result["queries"][event["name"]] = {**_stats(event["ms"]), "rows": event["rows"]}
            elif event.get("event") == "start":
                result["last_started"] = event["name"]
        if not run.ok:
            stopped = result.get("last_started") if result.get("last_started") not in result["queries"] else None
            where = f" while running {stopped}" if stopped else (" while loading" if "load" not in result else "")
            result["note"] = f"{run.failure()}{where}"
            result["stopped_in"] = stopped or ("load" if "load" not in result else None)
        return result

    def _http(self, store: Path, peer_store: Path, folder: Path) -> dict:
        from benchmarks.http_load import run_load
        from benchmarks.servers import ServerError, our_endpoint, oxigraph_server

        args = self.args
        queries = benchmark_queries()
        texts = {name: query_text(q, values) for name, (q, values) in queries.items()}
        result: dict = {"workers": args.workers, "clients": args.clients}
        for key, start, path in (
            ("ours", lambda: our_endpoint(store, args.workers, folder / "ours.log", args.query_timeout), "/sparql"),
            ("oxigraph", lambda: oxigraph_server(peer_store, folder / "oxigraph.log", args.query_timeout), "/query"),
        ):
            _log(f"{folder.name}: HTTP, {key}")
            try:
                server = start()
            except (ServerError, OSError) as exc:
                result[key] = {"error": str(exc)}
                continue
            with server:
                # One request first, timed on its own: ours loads the data into a query worker here.
                first_answer = run_load(server.port, path, texts[CHEAP], requests=1, seconds=1, clients=1, warmup=0, timeout=300)
                if first_answer.errors:
                    result[key] = {"error": f"the first query failed: {first_answer.first_error[:300]}", "rss_mb": _tree_rss_mb(server.process.pid)}
                    continue
                latency = {}
                for name, text in texts.items():
                    r = run_load(server.port, path, text, requests=args.http_repeats, seconds=args.query_seconds, clients=1, warmup=2)
                    latency[name] = {"p50": r.p50, "p99": r.p99, "n": r.done, "errors": r.errors, "first_error": r.first_error}
                load, first = {}, {}
                for name, count in ((CHEAP, args.cheap_requests), (HEAVY, args.heavy_requests)):
                    if name not in texts:
                        continue
                    # Twice: the first run meets the server as the load finds it (ours starts more query
                    # workers under concurrency, each loading its copy of the data), the second steady.
                    for target in (first, load):
                        r = run_load(server.port, path, texts[name], requests=count, seconds=args.load_seconds, clients=args.clients, warmup=2)
                        target[name] = {
                            "throughput": r.throughput, "p50": r.p50, "p99": r.p99, "max": max(r.latencies, default=None), "n": r.done,
                            "errors": r.errors, "seconds": r.seconds, "first_error": r.first_error,
                        }
                result[key] = {"latency": latency, "load": load, "first_load": first, "rss_mb": _tree_rss_mb(server.process.pid),
                               "first_answer_ms": first_answer.p50}
        return result

    def _analysis(self, store: Path, folder: Path) -> dict:
        args = self.args
        _log(f"{folder.name}: gap analysis and report")
        run = run_measured(python_module("benchmarks.probes", "analysis", "--store", str(store)), cap=args.cap)
        result: dict = {"peak_mb": run.peak_mb, "seconds": run.seconds}
        for event in run.events:
            if event.get("event") == "skipped":
                return {"skipped": event["reason"]}
            result[event["event"]] = event
        if not run.ok:
            result["note"] = run.failure()
        help_run = run_measured(cli("report", "--help"), cap=60)
        if not help_run.ok:
            result["report"] = {"skipped": "`wsis-graph report` is not available"}
            return result
        html = folder / "report.html"
        rep = run_measured(cli("report", "--format", "html", "--include-records", "--store", f"oxigraph:{store}", "--out", str(html), "-q"), cap=args.cap)
        result["report"] = {"seconds": rep.seconds, "peak_mb": rep.peak_mb, "ok": rep.ok, "note": "" if rep.ok else rep.failure(),
                            "bytes": html.stat().st_size if html.exists() else 0}
        return result


def _tree_rss_mb(pid: int) -> float | None:
    """Resident memory now of a process and all its descendants (gunicorn's workers, their query workers)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss[int(proc.name)] = int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = sum(rss.get(p, 0) for p in tree)
    return total / 1024 if total else None


def rewrite(args: argparse.Namespace) -> int:
    """Write the report from saved results (several runs' scales together, machine and command of the first)."""
    scales: list[dict] = []
    first: dict | None = None
    for name in args.from_json:
        try:
            saved = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SystemExit(f"cannot read results from {name}: {exc}") from None
        first = first or saved
        scales += saved["scales"]
        for key in ("repeats", "http_repeats", "query_seconds", "clients", "cheap_requests", "heavy_requests", "load_seconds", "seed", "work"):
            if key in saved.get("args", {}):
                setattr(args, key, saved["args"][key])
    scales.sort(key=lambda r: r["record_triples"])
    commands = []
    for name in args.from_json:
        command = json.loads(Path(name).read_text(encoding="utf-8"))["command"]
        if command not in commands:
            commands.append(command)
    commands.append("python -m benchmarks.run --from-json " + " ".join(shlex.quote(n) for n in args.from_json) + f" --out {shlex.quote(args.out)}")
    Path(args.out).write_text(
        report.markdown(scales, machine=first["machine"], command="\n".join(commands),
                        started=dt.datetime.fromisoformat(first["started"]), args=args),
        encoding="utf-8",
    )
    _log(f"wrote {args.out} from {', '.join(args.from_json)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="100k,1M,10M", help="Record triples per scale, comma-separated (default 100k,1M,10M).")
    parser.add_argument("--out", default="docs/BENCHMARKS.md", help="The Markdown file to write.")
    parser.add_argument("--work", default=None, help="Working folder (default: a folder under the system's temp dir, kept).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of our endpoint (default 2).")
    parser.add_argument("--clients", type=int, default=4, help="Concurrent clients of the throughput runs (default 4).")
    parser.add_argument("--repeats", type=int, default=20, help="Runs per query in process (default 20).")
    parser.add_argument("--http-repeats", type=int, default=50, help="Requests per query over HTTP, one client (default 50).")
    parser.add_argument("--query-seconds", type=float, default=5.0, help="Time cap per query's latency run (default 5 s).")
    parser.add_argument("--cheap-requests", type=int, default=2000, help="Requests of the cheap throughput run (default 2000).")
    parser.add_argument("--heavy-requests", type=int, default=200, help="Requests of the heavy throughput run (default 200).")
    parser.add_argument("--load-seconds", type=float, default=20.0, help="Time cap of each throughput run (default 20 s).")
    parser.add_argument("--query-timeout", type=float, default=60.0, help="Both servers' per-query time limit (default 60 s).")
    parser.add_argument("--rdflib-max", type=parse_scale, default=parse_scale("1M"), help="Largest scale rdflib is run at (default 1M).")
    parser.add_argument("--rdflib-cap", type=float, default=1200.0, help="Time cap of the rdflib run per scale (default 1200 s).")
    parser.add_argument("--cap", type=float, default=3600.0, help="Time cap of every other measured process (default 3600 s).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated records (default 1).")
    parser.add_argument("--keep", action="store_true", help="Keep the N-Quads dumps in the working folder.")
    parser.add_argument("--from-json", nargs="+", metavar="FILE", default=None,
                        help="Measure nothing: write --out again from the results.json of earlier runs (their scales, in order).")
    args = parser.parse_args(argv)
    if args.from_json:
        return rewrite(args)
    try:
        scales = [parse_scale(s) for s in args.scales.split(",") if s.strip()]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    if not scales:
        parser.error("--scales names no scale")
    if args.workers < 2:
        parser.error("--workers must be at least 2 (production mode)")
    args.work = str(Path(args.work or Path(tempfile.gettempdir()) / "wsis-graph-bench").resolve())
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = "python -m benchmarks.run " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    bench = Bench(args)
    started = dt.datetime.now(dt.timezone.utc)
    machine = describe()
    results: list[dict] = []
    raw = Path(args.work) / f"results-{'-'.join(label(s) for s in scales)}.json"
    for triples in scales:
        t0 = time.perf_counter()
        results.append(bench.scale(triples))
        results[-1]["wall_seconds"] = time.perf_counter() - t0
        saved_args = {k: v for k, v in vars(args).items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)}
        raw.write_text(json.dumps({"machine": machine, "command": command, "started": started.isoformat(), "args": saved_args, "scales": results}, indent=1))
        out.write_text(report.markdown(results, machine=machine, command=command, started=started, args=args), encoding="utf-8")
        _log(f"{label(triples)} done in {results[-1]['wall_seconds']:.0f} s; wrote {out} (raw figures: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
