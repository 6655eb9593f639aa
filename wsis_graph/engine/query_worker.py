"""The query worker: a separate process that holds a copy of the dataset and runs queries on it.

Oxigraph cannot be interrupted from Python once it evaluates a query, so the endpoint runs every
query in a worker process and kills the process when the time limit passes
(:mod:`wsis_graph.engine.executor`). Started as ``python -m wsis_graph.engine.query_worker``; the
parent speaks to it over stdin/stdout in the messages of :mod:`wsis_graph.engine.messages`. A query
it refuses is answered with the status, code and message of a
:class:`~wsis_graph.problems.Problem`.

On start the worker, before anything else:

- cuts itself off the network when the kernel allows it (a new user and network namespace:
  every ``connect`` fails with "network unreachable"), so that even a ``SERVICE`` call that slipped
  past the checks of :mod:`wsis_graph.sparql.checks` could not leave the machine;
- caps its own memory (``RLIMIT_DATA``), so that a query building a huge intermediate result
  ends the worker rather than the machine.

The dataset copy: the worker loads the store into an in-memory Oxigraph store (from the on-disk
store, opened read-only just long enough to read it, or from an N-Quads snapshot the parent
sends), and adds to its default graph the set union of every graph. Oxigraph 0.5 evaluates a
union or merged default graph as a bag (a triple held by two graphs matches twice, so ``COUNT``
doubles); a materialized union is an RDF merge, as SPARQL says. A request whose dataset has
several default graphs gets their merge materialized the same way (kept for later requests).
Before each query the worker checks that its copy is current (the store directory's files, or
the snapshot version) and reloads it when not.

A copy costs memory and start-up time in proportion to the data, in every worker. So an on-disk
store larger than :data:`COPY_LIMIT_MB` (``WSIS_GRAPH_COPY_LIMIT_MB``, default 64 MiB on disk,
about a quarter of a million quads) is not copied: the worker opens it read-only and queries it
where it lies, as ``oxigraph serve`` does, reopening it when its files change. The default graph
is then Oxigraph's union of the named graphs, in which a triple held by two graphs matches twice
(the README says so; the curated graph alone is far below the limit and keeps the exact merge).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import secrets
import sys
import time
from itertools import islice

from wsis_graph.engine.messages import Channel, ChannelClosed, error_message, worker_channel
from wsis_graph.problems import Problem
from wsis_graph.store.ondisk import directory_size_mb, read_nquads, read_while_compacting, store_identity, vanished_file


# -- Confinement ---------------------------------------------------------------------------------


def confine_network() -> str:
    """Move this (single-threaded) process into new user and network namespaces: no network at all.

    Returns a note for the log: ``"network namespace"`` or why it was not possible.
    """
    if not sys.platform.startswith("linux"):
        return f"none (not available on {sys.platform})"
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(clone_newuser | clone_newnet) != 0:
            return f"none (unshare: {os.strerror(ctypes.get_errno())})"
    except (OSError, AttributeError) as exc:
        return f"none ({exc})"
    return "network namespace"


def limit_memory(megabytes: int) -> str:
    if megabytes <= 0:
        return "unlimited"
    import resource

    limit = megabytes * 1024 * 1024
    kind = getattr(resource, "RLIMIT_DATA", None) or resource.RLIMIT_AS
    try:
        resource.setrlimit(kind, (limit, limit))
    except (ValueError, OSError) as exc:
        return f"unlimited ({exc})"
    return f"{megabytes} MiB"


# -- The dataset copy ----------------------------------------------------------------------------


#: Above this size on disk (MiB) an Oxigraph store is queried in place rather than copied.
COPY_LIMIT_MB = 64
COPY_LIMIT_ENV = "WSIS_GRAPH_COPY_LIMIT_MB"


def copy_limit_mb() -> float:
    """The size (MiB on disk) up to which a store is copied into the worker (see the module docstring)."""
    try:
        return float(os.environ.get(COPY_LIMIT_ENV, COPY_LIMIT_MB))
    except ValueError:
        return COPY_LIMIT_MB


class Dataset:
    """The dataset a worker queries: an in-memory copy of the store, with its default graph holding
    the union of all graphs, or (for a large store) the store on disk opened read-only."""

    MAX_MERGES = 16

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.store = ox.Store()
        self.identity: object = None
        self.graphs: list = []
        self.graph_names: set[str] = set()
        self.merges: dict[tuple[str, ...], object] = {}
        self._merge_ns = f"urn:x-wsis-graph:merge:{secrets.token_hex(8)}:"
        #: True when ``store`` is the store on disk, queried in place (no materialized union).
        self.in_place = False
        #: The directory of the store queried in place.
        self.path = ""

    def open_in_place(self, path: str, identity: object) -> float:
        """Query the on-disk store where it lies, read-only (see the module docstring).

        Opening and listing the graphs (which reads the files) is tried again while the writer
        compacts (:func:`~wsis_graph.store.ondisk.read_while_compacting`).
        """
        ox = self.ox
        t0 = time.perf_counter()

        def open_and_list(store):
            return store, [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]

        store, graphs = read_while_compacting(path, open_and_list, "open")
        self.store = store
        self.path = path
        self.graphs = sorted(graphs, key=lambda g: g.value)
        self.graph_names = {g.value for g in graphs}
        self.merges = {}
        self.identity = identity
        self.in_place = True
        return time.perf_counter() - t0

    def reopen(self) -> None:
        """Open the store in place afresh (after a read found a file the writer had removed)."""
        self.open_in_place(self.path, store_identity(self.path))

    def load(self, nquads: bytes, identity: object) -> float:
        ox = self.ox
        t0 = time.perf_counter()
        store = ox.Store()
        if nquads:
            store.load(nquads, format=ox.RdfFormat.N_QUADS)
        graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
        if graphs:
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        self.store = store
        self.graphs = sorted(graphs, key=lambda g: g.value)
        self.graph_names = {g.value for g in graphs}
        self.merges = {}
        self.identity = identity
        self.in_place = False
        return time.perf_counter() - t0

    def merged(self, names: list[str]):
        """A graph holding the merge of ``names`` (materialized once, then reused)."""
        ox = self.ox
        key = tuple(sorted(set(names)))
        if key in self.merges:
            return self.merges[key]
        if len(self.merges) >= self.MAX_MERGES:
            old_key = next(iter(self.merges))
            self.store.update(f"DROP SILENT GRAPH <{self.merges.pop(old_key).value}>")
        digest = hashlib.sha1("\n".join(key).encode("utf-8")).hexdigest()
        target = ox.NamedNode(self._merge_ns + digest)
        values = " ".join(f"<{name}>" for name in key)
        self.store.update(f"INSERT {{ GRAPH <{target.value}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        self.merges[key] = target
        return target


# -- Running a query -----------------------------------------------------------------------------


class NotAcceptable(Problem):
    """None of the formats the client accepts can carry this kind of result (406).

    Attributes:
        kind: the kind of result: ``select``, ``ask`` or ``graph``; it goes to the parent with the
            refusal (:func:`refusal`), so that the endpoint can list the formats that would do.
    """

    def __init__(self, kind: str) -> None:
        super().__init__(406, "not_acceptable", f"no acceptable format can carry this query's results ({kind})")
        self.kind = kind


def refusal(problem: Problem) -> dict:
    """The ``error`` message for a refused query; for a :class:`NotAcceptable`, with its ``kind``."""
    header = error_message(problem)
    if isinstance(problem, NotAcceptable):
        header["kind"] = problem.kind
    return header


class Worker:
    """Runs queries on the dataset copy; :meth:`run` answers with a result header and body, or
    raises a :class:`~wsis_graph.problems.Problem`."""

    def __init__(self, channel: Channel | None) -> None:
        self.channel = channel
        self.data = Dataset()

    # The data ----------------------------------------------------------------------------------

    def ensure(self, source: dict, payload: bytes, announce=None) -> dict:
        """Make the copy current; returns what was done (for the parent's log).

        ``announce`` is called before a load (not when the copy is current already).
        """
        announce = announce or (lambda: None)
        if source["kind"] == "oxigraph":
            path = source["path"]
            identity = store_identity(path)
            if identity == self.data.identity:
                return {"loaded": False}
            announce()
            if directory_size_mb(path) > copy_limit_mb():
                seconds = self.data.open_in_place(path, identity)
                return {"loaded": True, "seconds": round(seconds, 3), "in_place": True}
            seconds = self.data.load(read_nquads(path), identity)
        else:
            identity = ["snapshot", source["version"]]
            if identity == self.data.identity:
                return {"loaded": False}
            if not source.get("attached"):
                raise Problem(500, "internal_error", "the worker has no copy of this dataset version")
            announce()
            seconds = self.data.load(payload, identity)
        return {"loaded": True, "seconds": round(seconds, 3), "quads": len(self.data.store)}

    # The query ---------------------------------------------------------------------------------

    def requested_dataset(self, job: dict, held) -> tuple[list[str] | None, list[str] | None]:
        """The dataset ``job`` runs on (:func:`wsis_graph.sparql.checks.requested_dataset`);
        ``held`` gives the names of the store's graphs."""
        from wsis_graph.sparql.checks import requested_dataset

        return requested_dataset(
            job["query"],
            job["base"],
            analyse=job["analyse"],
            mentions_service=job["mentions_service"],
            default=job["default"],
            named=job["named"],
            held=held,
        )

    def dataset_options(self, job: dict) -> dict:
        """The engine's dataset options: the protocol's dataset, else the query's, else the union."""
        ox = self.data.ox
        default, named = self.requested_dataset(job, lambda: self.data.graph_names)
        if default is None and named is None:
            if self.data.in_place:
                return {"use_default_graph_as_union": True}
            return {"named_graphs": self.data.graphs} if self.data.merges else {}
        default = default or []
        if len(set(default)) > 1 and not self.data.in_place:
            default_graph = [self.data.merged(default)]
        else:
            default_graph = [ox.NamedNode(iri) for iri in set(default)]
        return {"default_graph": default_graph, "named_graphs": [ox.NamedNode(iri) for iri in named or []]}

    def run(self, job: dict) -> tuple[dict, bytes]:
        """The result header and body of ``job`` (a ``query`` message).

        Raises:
            Problem: the query is refused, does not parse, fails, or cannot be written.
        """
        from wsis_graph.sparql.prefixes import syntax_message

        options = self.dataset_options(job)
        try:
            try:
                return self.evaluate(job, options)
            except (OSError, RuntimeError) as exc:
                if not (self.data.in_place and vanished_file(exc)):
                    raise
                # The writer compacted the store under this read-only view: read it afresh, once.
                try:
                    self.data.reopen()
                except OSError as reopen_failed:
                    raise Problem(503, "store_unavailable", str(reopen_failed)) from None
                return self.evaluate(job, self.dataset_options(job))
        except SyntaxError as exc:
            raise Problem(400, "malformed_query", syntax_message(str(exc))) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise Problem(400, "query_failed", f"the query failed: {exc}") from None

    def evaluate(self, job: dict, options: dict) -> tuple[dict, bytes]:
        return self.write(job, self.data.store.query(job["query"], base_iri=job["base"], **options))

    def write(self, job: dict, result) -> tuple[dict, bytes]:
        """The result header and body of the engine's ``result``, in the format ``job`` asks for."""
        import pyoxigraph as ox

        if isinstance(result, ox.QueryBoolean):
            return self.write_boolean(job, bool(result))
        if isinstance(result, ox.QuerySolutions):
            return self.write_solutions(job, result)
        return self.write_graph(job, result)

    def _format(self, job: dict, kind: str) -> str:
        key = job["formats"].get("graph" if kind == "graph" else "results")
        if not key:
            raise NotAcceptable(kind)
        return key

    def write_boolean(self, job: dict, value: bool) -> tuple[dict, bytes]:
        from wsis_graph.engine.result_formats import write_boolean

        fmt = self._format(job, "ask")
        body = write_boolean(fmt, value)
        return {"kind": "ask", "format": fmt, "rows": 1, "truncated": None}, body

    def write_solutions(self, job: dict, solutions) -> tuple[dict, bytes]:
        from wsis_graph.engine.result_formats import SolutionWriter

        fmt = self._format(job, "select")
        variables = [v.value for v in solutions.variables]
        writer = SolutionWriter(fmt, variables)
        width = range(len(variables))
        max_rows, max_bytes = job["max_rows"], job["max_bytes"]
        chunks = [writer.header()]
        size = len(chunks[0])
        rows = 0
        truncated = None
        for solution in solutions:
            if rows >= max_rows:
                truncated = _cut(rows, "row_cap", f"the result was cut at {rows} rows, this server's row cap")
                break
            data = writer.row([solution[i] for i in width])
            if size + len(data) > max_bytes:
                truncated = _cut(rows, "size_cap", f"the result was cut at {rows} rows, at this server's size cap of {max_bytes} bytes")
                break
            chunks.append(data)
            size += len(data)
            rows += 1
        chunks.append(writer.footer(truncated))
        return {"kind": "select", "format": fmt, "rows": rows, "truncated": truncated}, b"".join(chunks)

    def write_graph(self, job: dict, triples) -> tuple[dict, bytes]:
        from wsis_graph.engine.result_formats import write_graph

        fmt = self._format(job, "graph")
        max_rows, max_bytes = job["max_rows"], job["max_bytes"]
        items = list(islice(triples, max_rows + 1))
        truncated = None
        if len(items) > max_rows:
            items = items[:max_rows]
            truncated = _cut(max_rows, "row_cap", f"the result was cut at {max_rows} triples, this server's row cap")
        body = write_graph(items, fmt, job.get("prefixes"))
        while len(body) > max_bytes and items:
            keep = max(0, int(len(items) * max_bytes / len(body) * 0.9))
            items = items[:keep]
            truncated = _cut(keep, "size_cap", f"the result was cut at {keep} triples, at this server's size cap of {max_bytes} bytes")
            body = write_graph(items, fmt, job.get("prefixes"))
        return {"kind": "graph", "format": fmt, "rows": len(items), "truncated": truncated}, body


def _cut(rows: int, reason: str, message: str) -> dict:
    return {"rows": rows, "reason": reason, "message": message + "; use LIMIT and OFFSET to page through it"}


# -- The loop ------------------------------------------------------------------------------------


def serve(channel: Channel, notes: dict) -> None:
    worker = Worker(channel)
    channel.send({"op": "hello", "pid": os.getpid(), **notes})
    while True:
        try:
            job, payload = channel.receive()
        except ChannelClosed:
            return
        op = job.get("op")
        try:
            if op == "load":
                done = worker.ensure(job["source"], payload)
                channel.send({"op": "ready", **done})
            elif op == "query":
                # Only a load is announced (the parent then waits longer); a current copy answers at once.
                done = worker.ensure(job["source"], payload, announce=lambda: channel.send({"op": "loading"}))
                if done["loaded"]:
                    channel.send({"op": "ready", **done})
                header, body = worker.run(job)
                channel.send({"op": "result", "ok": True, **header}, body)
            else:
                channel.send(error_message(Problem(500, "internal_error", f"unknown operation {op!r}")))
        except Problem as exc:
            channel.send(refusal(exc))
        except MemoryError:
            channel.send(error_message(Problem(503, "query_memory", "the query needed more memory than a query may use")))
            return  # start afresh: the heap may be in a poor state
        except ChannelClosed:
            return
        except Exception as exc:  # report, never die silently
            channel.send(error_message(Problem(500, "internal_error", f"query worker error ({type(exc).__name__}: {exc})")))


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="query_worker")
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--no-confine", action="store_true")
    args = parser.parse_args(argv)
    channel = worker_channel()  # from here on, anything printed goes to stderr
    notes = {
        "network": "not confined (--no-confine)" if args.no_confine else confine_network(),
        "memory": limit_memory(args.memory_mb),
    }
    serve(channel, notes)


if __name__ == "__main__":  # pragma: no cover - run as a process
    main()
