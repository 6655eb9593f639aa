"""Running queries in worker processes, under a time limit that really stops the work.

A :class:`QueryExecutor` keeps a small pool of query workers (:mod:`wsis_graph.engine.query_worker`),
started on demand up to ``size``. A request takes an idle worker (or waits for one, up to
``queue_wait`` seconds, then gets :class:`Busy`), sends it the query, and waits:

1. when the worker's copy of the dataset is not current, it says so ("loading") before it loads
   the store and again when done ("ready"): the load may take a while and does not count against
   the query's time. A worker whose copy is current answers with the result alone, so that a
   cheap query costs one message each way;
2. at most ``timeout`` seconds for the result. When the time is up the worker process is
   killed (SIGKILL: the engine's loop stops with it) and :class:`QueryTimeout` is raised; the
   next request starts a fresh worker. Other requests, on other workers, go on unaffected.

A worker that dies (for instance when a query exceeds its memory cap) raises
:class:`WorkerDied`. :class:`Busy`, :class:`QueryTimeout` and :class:`WorkerDied` are
:class:`~wsis_graph.problems.Problem` s (503) and reach the client as they are; a query the
worker refuses comes back as a :class:`QueryOutcome` that is not ``ok``. Workers end when the
executor is closed, when the web process exits (they read end-of-file on their input), and at
interpreter exit. Parent and workers speak the messages of :mod:`wsis_graph.engine.messages`.

The data a worker copies: a store whose directory other processes may read (``in_place_reads``:
the embedded Oxigraph store) is read by the worker itself from its ``location`` (opened
read-only for the copy); any other store is sent as an N-Quads snapshot, made once per version
of the data (its ``revision``; a store without one is snapshot for every query).

A store that ``serves_queries`` (a remote SPARQL server) is not copied: a
:class:`~wsis_graph.engine.remote_runner.RemoteRunner` passes the query to the server from the web
process, with the time limit as the HTTP timeout (the server's own limit must stop the work
there), under the same checks (``SERVICE``, ``FROM`` of graphs the store does not hold) and the
same result writers and caps as a worker. At most ``size`` remote queries run at once.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Literal

from wsis_graph.engine.messages import Channel, ChannelClosed, ChannelTimeout, start_worker
from wsis_graph.problems import Problem
from wsis_graph.engine.remote_runner import RemoteRunner
from wsis_graph.store import RemoteTimeout, Store

log = logging.getLogger("wsis_graph.sparql")

#: Seconds a new worker may take to start.
START_TIMEOUT = 60.0
#: Seconds a worker may take to load (or reload) its copy of the dataset.
LOAD_TIMEOUT = 600.0


class ExecutorError(Exception):
    """The executor cannot serve at all: it is closed, or a worker could not load the data."""


class Busy(Problem):
    """Every worker stayed busy for the whole queue wait (503, with ``Retry-After``)."""

    def __init__(self, why: str) -> None:
        super().__init__(503, "busy", f"the server is busy: {why}; try again shortly", {"Retry-After": "5"})


class QueryTimeout(Problem):
    """The query ran past its time limit of ``seconds`` and its worker was killed (503)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            503,
            "query_timeout",
            f"the query ran longer than {seconds:g} s, this server's time limit, and was stopped; "
            "narrow it (a more specific pattern, a graph, LIMIT) or run it on your own copy of the data",
        )
        self.seconds = seconds


class WorkerDied(Problem):
    """The worker ended while running the query (503); ``returncode`` is its exit status."""

    def __init__(self, why: str, returncode: int | None) -> None:
        super().__init__(503, "query_aborted", f"the query was aborted: {why}")
        self.returncode = returncode


@dataclass
class QueryJob:
    """One query to run.

    Attributes:
        query: the query text.
        base: the base IRI for relative IRIs (the endpoint's URL).
        default_graphs / named_graphs: the protocol's dataset (``None`` when not given).
        formats: the format key to write per kind of result (``results`` for SELECT/ASK, ``graph``
            for CONSTRUCT/DESCRIBE); ``None`` where nothing acceptable exists.
        analyse: parse the query's algebra (it mentions SERVICE or FROM).
        mentions_service: a word that may be SERVICE occurs (stricter checking).
        max_rows / max_bytes: the caps of the response.
        prefixes: prefixes for Turtle/TriG/RDF/XML output.
    """

    query: str
    base: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    formats: dict[str, str | None] = field(default_factory=dict)
    analyse: bool = False
    mentions_service: bool = False
    max_rows: int = 10_000
    max_bytes: int = 64 * 1024 * 1024
    prefixes: dict[str, str] = field(default_factory=dict)

    def message(self, source: dict | None = None) -> dict:
        """The ``query`` message a worker (or a :class:`RemoteRunner`) runs; ``source`` says where
        a worker finds the data."""
        return {
            "op": "query",
            "source": source,
            "query": self.query,
            "base": self.base,
            "default": self.default_graphs,
            "named": self.named_graphs,
            "formats": self.formats,
            "analyse": self.analyse,
            "mentions_service": self.mentions_service,
            "max_rows": self.max_rows,
            "max_bytes": self.max_bytes,
            "prefixes": self.prefixes,
        }


@dataclass
class QueryOutcome:
    """What the worker answered: a result (``ok``) or a refusal with status, code and message.

    Attributes:
        kind: the kind of result, ``select``, ``ask`` or ``graph``. A ``not_acceptable`` refusal
            has it too: the kind of result that no acceptable format can carry (empty when the
            refusal came before the query had a result).
    """

    ok: bool
    kind: Literal["select", "ask", "graph", ""] = ""
    format: str = ""
    body: bytes = b""
    rows: int = 0
    truncated: dict | None = None
    status: int = 200
    code: str = ""
    message: str = ""
    seconds: float = 0.0
    loaded: dict | None = None

    @classmethod
    def from_reply(cls, reply: dict, body: bytes, seconds: float, loaded: dict | None = None) -> QueryOutcome:
        """The outcome a worker's ``result`` or ``error`` message gives."""
        if not reply.get("ok"):
            return cls(
                ok=False,
                kind=reply.get("kind", ""),
                status=int(reply.get("status", 500)),
                code=reply.get("code", "internal_error"),
                message=reply.get("message", ""),
                seconds=seconds,
                loaded=loaded,
            )
        return cls(
            ok=True,
            kind=reply["kind"],
            format=reply["format"],
            body=body,
            rows=int(reply.get("rows", 0)),
            truncated=reply.get("truncated"),
            seconds=seconds,
            loaded=loaded,
        )


class _Worker:
    def __init__(self, process: subprocess.Popen, channel: Channel, hello: dict) -> None:
        self.process = process
        self.channel = channel
        self.hello = hello
        self.version: str | None = None
        self.last_used = time.monotonic()

    def kill(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kill that did not take
            log.error("query worker %d did not end after SIGKILL", self.process.pid)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass


_LIVE: "weakref.WeakSet[QueryExecutor]" = weakref.WeakSet()
_REAPER: threading.Thread | None = None
_REAPER_LOCK = threading.Lock()
#: Seconds between two rounds of the thread that ends idle workers.
REAP_INTERVAL = 15.0


@atexit.register
def _close_all() -> None:
    for executor in list(_LIVE):
        executor.close()


def _reap_forever() -> None:
    while True:
        time.sleep(REAP_INTERVAL)
        for executor in list(_LIVE):
            executor.reap()


def _start_reaper() -> None:
    global _REAPER
    with _REAPER_LOCK:
        if _REAPER is None:
            _REAPER = threading.Thread(target=_reap_forever, name="query-worker-reaper", daemon=True)
            _REAPER.start()


class QueryExecutor:
    """A pool of query workers.

    Args:
        size: the most workers (and so the most queries running at once).
        memory_mb: each worker's memory cap in MiB (0: none).
        queue_wait: seconds a request waits for a free worker before :class:`Busy`.
        confine: cut the workers off the network (when the kernel allows).
        idle_timeout: seconds after which an idle worker is ended (a new one starts when needed).
    """

    def __init__(
        self,
        size: int = 4,
        *,
        memory_mb: int = 2048,
        queue_wait: float = 10.0,
        confine: bool = True,
        idle_timeout: float = 600.0,
    ) -> None:
        if size < 1:
            raise ValueError("a query executor needs at least one worker")
        self.size = size
        self.memory_mb = memory_mb
        self.queue_wait = queue_wait
        self.confine = confine
        self.idle_timeout = idle_timeout
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._count = 0
        #: Workers being started in the background (:meth:`_start_spare`); counted in ``_count``.
        self._starting = 0
        self._cond = threading.Condition()
        self._closed = False
        self._snapshot: tuple[object, str, bytes] | None = None
        self._snapshot_lock = threading.Lock()
        self._serial = 0
        #: Counters for tests and the log: workers started and killed at the time limit.
        self.started = 0
        self.timeouts = 0
        self.network = "unknown"
        self._remote_slots = threading.BoundedSemaphore(size)
        _LIVE.add(self)
        _start_reaper()

    # -- Workers ---------------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        args = ["--memory-mb", str(self.memory_mb)] + ([] if self.confine else ["--no-confine"])
        process, channel = start_worker("wsis_graph.engine.query_worker", *args, new_session=True)
        worker = _Worker(process, channel, {})
        try:
            hello, _ = channel.receive(timeout=START_TIMEOUT)
        except (ChannelTimeout, ChannelClosed) as exc:
            worker.kill()
            raise WorkerDied(f"a query worker failed to start ({type(exc).__name__})", process.returncode) from None
        worker.hello = hello
        self.network = hello.get("network", "unknown")
        self.started += 1
        log.info("query worker %s started (network: %s; memory: %s)", hello.get("pid"), hello.get("network"), hello.get("memory"))
        return worker

    def _acquire(self, store: Store | None = None) -> _Worker:
        """An idle worker; else a new one.

        With ``store`` given and other workers busy, the new worker is started and loaded in the
        background (:meth:`_start_spare`) while the request waits for whichever comes free first:
        a busy worker usually ends its query long before a new one has loaded a large store, so
        no request waits for a load that another worker makes unnecessary. While a spare is
        starting, a waiting request is not refused as busy.
        """
        deadline = time.monotonic() + self.queue_wait
        with self._cond:
            while True:
                if self._closed:
                    raise ExecutorError("the query executor is closed")
                if self._idle:
                    worker = self._idle.pop()
                    self._busy.add(worker)
                    return worker
                if self._count < self.size:
                    if store is None or (not self._busy and not self._starting):
                        self._count += 1
                        break
                    if not self._starting:
                        self._count += 1
                        self._starting += 1
                        threading.Thread(target=self._start_spare, args=(store,), name="query-worker-spare", daemon=True).start()
                remaining = deadline - time.monotonic()
                if remaining <= 0 and not self._starting:
                    raise Busy(f"all {self.size} query workers stayed busy for {self.queue_wait:g} s")
                self._cond.wait(remaining if remaining > 0 else 0.5)
        try:
            worker = self._spawn()
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise
        with self._cond:
            self._busy.add(worker)
        return worker

    def _start_spare(self, store: Store) -> None:
        """Start a worker and load the data into it, then offer it as idle (counted in ``_count`` already)."""
        worker = None
        try:
            worker = self._spawn()
            reply = self._load(store, worker)
            if reply.get("loaded"):
                _log_loaded(worker.process.pid, reply)
        except Exception as exc:  # the requests waiting go on waiting for busy workers, or start another
            log.warning("a query worker could not be started in the background: %s", exc)
            if worker is not None:
                worker.kill()
            with self._cond:
                self._count -= 1
                self._starting -= 1
                self._cond.notify_all()
            return
        worker.last_used = time.monotonic()
        with self._cond:
            self._starting -= 1
            if self._closed:
                self._count -= 1
            else:
                self._idle.append(worker)
                worker = None
            self._cond.notify_all()
        if worker is not None:
            worker.kill()

    def _release(self, worker: _Worker, healthy: bool) -> None:
        if not healthy:
            worker.kill()
        worker.last_used = time.monotonic()
        with self._cond:
            self._busy.discard(worker)
            if healthy and not self._closed:
                self._idle.append(worker)
            else:
                self._count -= 1
                if healthy:
                    worker.kill()
            self._cond.notify()

    def reap(self) -> int:
        """End the workers idle for longer than ``idle_timeout``; returns how many."""
        limit = time.monotonic() - self.idle_timeout
        with self._cond:
            stale = [w for w in self._idle if w.last_used < limit]
            self._idle = [w for w in self._idle if w.last_used >= limit]
            self._count -= len(stale)
            self._cond.notify_all()
        for worker in stale:
            worker.kill()
        return len(stale)

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when their request ends."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._cond.notify_all()
        for worker in idle:
            worker.kill()

    @property
    def workers(self) -> int:
        """Workers alive now (idle or busy)."""
        with self._cond:
            return self._count

    def pids(self) -> list[int]:
        """The process ids of the workers alive now (idle or busy)."""
        with self._cond:
            return sorted(w.process.pid for w in [*self._idle, *self._busy])

    # -- The data --------------------------------------------------------------------------------

    def _source(self, store: Store, worker: _Worker) -> tuple[dict, bytes]:
        """How ``worker`` finds the data, and the snapshot to send when it lacks this version."""
        if store.in_place_reads:
            return {"kind": "oxigraph", "path": str(store.location.resolve())}, b""
        version, data = self._snapshot_of(store)
        if worker.version == version:
            return {"kind": "snapshot", "version": version, "attached": False}, b""
        return {"kind": "snapshot", "version": version, "attached": True}, data

    def _snapshot_of(self, store: Store) -> tuple[str, bytes]:
        """An N-Quads snapshot of a store the workers cannot open, made once per data version.

        The store's ``revision`` identifies the version (the in-memory store's changes with every
        write); a store without one gets a fresh snapshot on every query.
        """
        marker = store.revision
        with self._snapshot_lock:
            if marker is not None and self._snapshot is not None and self._snapshot[0] == marker:
                return self._snapshot[1], self._snapshot[2]
            data = store.nquads()
            self._serial += 1
            version = f"{os.getpid()}-{self._serial}"
            if marker is not None:
                self._snapshot = (marker, version, data)
            return version, data

    def _load(self, store: Store, worker: _Worker) -> dict:
        """Have ``worker`` load the data now; returns its ``ready`` message."""
        source, payload = self._source(store, worker)
        worker.channel.send({"op": "load", "source": source}, payload)
        reply, _ = worker.channel.receive(timeout=LOAD_TIMEOUT)
        if reply.get("op") != "ready":
            raise ExecutorError(reply.get("message", "a worker could not load the data"))
        worker.version = source.get("version")
        return reply

    def warm(self, store: Store, workers: int | None = None) -> int:
        """Start workers and load the data into them ahead of the first query; returns how many."""
        if store.serves_queries:
            return 0  # nothing to copy: the server answers
        count = min(self.size, workers or self.size)
        taken: list[_Worker] = []
        try:
            for _ in range(count):
                worker = self._acquire()
                taken.append(worker)
                self._load(store, worker)
        finally:
            for worker in taken:
                self._release(worker, worker.process.poll() is None)
        return len(taken)

    # -- Running ---------------------------------------------------------------------------------

    def run(self, store: Store, job: QueryJob, timeout: float) -> QueryOutcome:
        """Run ``job`` on a worker, killing it if the query takes longer than ``timeout`` seconds.

        A query the worker refuses (it does not parse, it may not run, no acceptable format
        can carry its result …) comes back as an outcome that is not ``ok``.

        Raises:
            Busy: no worker came free in time.
            QueryTimeout: the query ran out of time (its worker was killed).
            WorkerDied: the worker ended while loading or running.
        """
        if store.serves_queries:
            return self._run_remote(store, job, timeout)
        worker = self._acquire(store)
        healthy = False
        try:
            source, payload = self._source(store, worker)
            try:
                worker.channel.send(job.message(source), payload)
                t0 = time.monotonic()
                reply, body = worker.channel.receive(timeout=timeout)
                loaded = None
                if reply.get("op") == "loading":
                    reply, body = worker.channel.receive(timeout=LOAD_TIMEOUT)
                    if reply.get("op") == "ready":
                        loaded = reply
                        _log_loaded(worker.process.pid, reply)
                        t0 = time.monotonic()
                        reply, body = worker.channel.receive(timeout=timeout)
                if reply.get("op") == "result" or loaded:
                    worker.version = source.get("version")  # the worker holds this version now
                seconds = time.monotonic() - t0
            except ChannelTimeout:
                self.timeouts += 1
                raise QueryTimeout(timeout) from None
            except ChannelClosed:
                returncode = worker.process.wait(timeout=10)
                raise WorkerDied(_death_message(returncode, self.memory_mb), returncode) from None
            healthy = True
            if reply.get("code") == "query_memory":
                healthy = False  # the worker ends itself after a MemoryError
            return QueryOutcome.from_reply(reply, body, seconds, loaded)
        finally:
            self._release(worker, healthy)

    def _run_remote(self, store: Store, job: QueryJob, timeout: float) -> QueryOutcome:
        if not self._remote_slots.acquire(timeout=self.queue_wait):
            raise Busy(f"all {self.size} query slots stayed busy for {self.queue_wait:g} s")
        t0 = time.monotonic()
        try:
            reply, body = RemoteRunner(store).run_job(job.message(), timeout)
        except RemoteTimeout:
            self.timeouts += 1
            raise QueryTimeout(timeout) from None
        finally:
            self._remote_slots.release()
        return QueryOutcome.from_reply(reply, body, time.monotonic() - t0)


def _death_message(returncode: int | None, memory_mb: int) -> str:
    if returncode is not None and returncode < 0:
        number = -returncode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        if number in (signal.SIGABRT, signal.SIGKILL) and memory_mb:
            why = f" (most likely the query needed more than the {memory_mb} MiB a query may use)"
        elif number == signal.SIGSEGV:
            why = " (the engine ran out of stack or memory on this query)"
        else:
            why = ""
        return f"the query's worker process was stopped by {name}{why}"
    return f"the query's worker process ended unexpectedly (exit status {returncode})"


def _log_loaded(pid: int, reply: dict) -> None:
    if reply.get("in_place"):
        log.info("query worker %d opened the store in place (read-only) in %s s", pid, reply.get("seconds"))
    else:
        log.info("query worker %d loaded the data: %s quads in %s s", pid, reply.get("quads"), reply.get("seconds"))

