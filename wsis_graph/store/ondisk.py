"""The on-disk store seen from another process: how a reader keeps up with its writer.

An :class:`~wsis_graph.store.oxigraph.OxigraphStore` directory (a RocksDB database) has one
writer, the process that holds it open read-write. Query workers read the same directory from
their own processes, read-only (``in_place_reads``), and meanwhile the writer may replace the
whole directory (a load swaps a new database in) or compact it (RocksDB merges table files in
the background and removes the old ones). This module is the readers' side of that:

- :func:`store_identity` (from :func:`directory_fingerprint`) says whether the data changed since
  a reader last looked, in a few system calls, so it can be checked before every query;
- :func:`read_while_compacting` opens the directory read-only and tries again when a file it
  needs was removed under it; :func:`read_nquads` reads every quad that way;
- :func:`vanished_file` recognises, in an error the engine raised half-way through a query, that
  a file was removed under a read-only view (the view must then be opened afresh);
- :func:`directory_size_mb` measures the directory, to choose between copying and reading in place.

It imports neither rdflib nor the rest of the store package's backends, so that a query worker
process starts quickly (see :mod:`wsis_graph.store`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

T = TypeVar("T")


def directory_fingerprint(path: str) -> list:
    """What changes when an Oxigraph (RocksDB) directory changes: its identity and its files.

    Every file is named; size and modification time are read for all but the table files
    (``*.sst``), which RocksDB never changes once written: a new table file takes effect only
    when the ``MANIFEST`` (whose size and time are read) records it, and a removed one leaves
    the list of names. This is checked before every query, so it stays a few system calls.
    """
    directory = Path(path)
    info = directory.stat()
    files = []
    with os.scandir(directory) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("LOG"):
                continue  # RocksDB's information log, not data
            if name.endswith(".sst"):
                files.append([name, 0, 0])
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue
            files.append([name, stat.st_size, stat.st_mtime_ns])
    return [info.st_dev, info.st_ino, sorted(files)]


def store_identity(path: str) -> list:
    """What identifies the state of the on-disk store at ``path`` (compared before each query).

    A JSON-friendly value: two readings are equal while the data is the same.
    """
    return ["oxigraph", path, directory_fingerprint(path)]


def read_while_compacting(
    path: str, action: Callable[[ox.Store], T], what: str, *, attempts: int = 6, pause: float = 0.05
) -> T:
    """``action(store)`` on the store at ``path`` opened read-only, tried again (up to ``attempts``
    times, waiting ``pause`` seconds more after each failure) on a fresh open when a file it reads
    is gone.

    A read-only RocksDB instance reads the file list the writer last recorded; when the writer
    compacts meanwhile, a file on that list may already be gone. A fresh open reads the new list.

    Raises:
        OSError: every attempt failed (``what`` and the last error say what and where).
    """
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            return action(ox.Store.read_only(path))
        except (OSError, RuntimeError) as exc:
            last = exc
            time.sleep(pause * (attempt + 1))
    raise OSError(f"cannot {what} the store at {path}: {last}")


def read_nquads(path: str) -> bytes:
    """Every quad of the on-disk store at ``path``, as N-Quads (opened read-only, then closed)."""
    return read_while_compacting(path, lambda disk: disk.dump(format=ox.RdfFormat.N_QUADS), "read", attempts=3, pause=0.1)


def vanished_file(exc: BaseException) -> bool:
    """Whether an engine error says that a store file was missing (removed by the writer's compaction).

    pyoxigraph reports RocksDB's failures as ``OSError`` or ``RuntimeError`` with RocksDB's own
    message, so the cause can only be read from the text. This is the one place in the package
    that reads RocksDB's messages; keep any other such recognition here.

    >>> vanished_file(OSError("IO error: No such file or directory: While open a file for random read: db/000009.sst"))
    True
    >>> vanished_file(RuntimeError("the query was cancelled"))
    False
    """
    text = str(exc)
    return "No such file or directory" in text or "Corruption" in text


def directory_size_mb(path: str) -> float:
    """The size of the files in the directory ``path``, in MiB (a file removed meanwhile counts 0)."""
    total = 0
    with os.scandir(path) as entries:
        for entry in entries:
            try:
                if entry.is_file():
                    total += entry.stat().st_size
            except FileNotFoundError:
                continue
    return total / (1 << 20)
