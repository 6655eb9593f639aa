"""The one message protocol between the web process and its two kinds of worker process.

A worker is started as ``python -m <module>`` (:func:`start_worker`) and speaks over its standard
input and output; anything else it prints goes to its standard error (:func:`worker_channel`).
Both directions carry frames (:class:`Channel`): two lengths, then a JSON header, then a byte
payload that may be empty. The header's ``op`` says what a frame is.

The query worker (:mod:`wsis_graph.engine.query_worker`; its parent is
:mod:`wsis_graph.engine.executor`) lives for many queries:

- ``hello`` (worker → parent, once): the process id and how it is confined.
- ``load`` (a source, and an N-Quads snapshot as payload when the worker lacks that version),
  answered ``ready`` (what was loaded, in how long).
- ``query`` (the source and the :class:`~wsis_graph.engine.executor.QueryJob`), answered
  ``result`` (``kind``, ``format``, ``rows``, ``truncated``; the written result as payload).
  When the worker's copy of the data is not current it first says ``loading``, then ``ready``.

The change worker (:mod:`wsis_graph.engine.change_worker`; its parent is
:func:`~wsis_graph.engine.change_worker.run_change`) lives for one change:

- ``change`` (``update``, ``base``, ``graphs``, ``timeout``; the dataset as N-Quads payload),
  answered ``result`` (``commit``, ``added``, ``removed``, ``graphs``; the N-Triples of the union
  of every graph after the change as payload).

Either worker answers a request it refuses with ``error`` (:func:`error_message`): the status,
code and message of a :class:`~wsis_graph.problems.Problem`, which the parent rebuilds with
:func:`problem_of`. Every answer has ``ok``.

>>> import os
>>> r, w = os.pipe()
>>> channel = Channel(r, w)
>>> channel.send({"op": "hello"}, b"payload")
>>> channel.receive(timeout=1)
({'op': 'hello'}, b'payload')
>>> os.close(r), os.close(w)
(None, None)
"""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import time
from pathlib import Path

from wsis_graph.problems import Problem

_HEADER = struct.Struct("!II")
#: A payload up to this size is written together with its frame header, in one system call.
_JOIN_BELOW = 1 << 20
#: The least a read asks for (the rest of a frame usually comes with its header).
_READ_AHEAD = 1 << 16
#: The folder that holds the ``wsis_graph`` package, put on a worker's ``PYTHONPATH``.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class ChannelClosed(Exception):
    """The other side went away."""


class ChannelTimeout(Exception):
    """No complete message within the time allowed."""


class Channel:
    """Length-prefixed frames (a JSON header and a byte payload) over two file descriptors."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd
        #: Bytes read from ``read_fd`` beyond the frame being read: the start of the next frame.
        self._buffer = bytearray()

    def send(self, header: dict, payload: bytes = b"") -> None:
        """Write one frame (blocking until the other side has taken it into its pipe).

        Raises:
            ChannelClosed: the other side is gone.
        """
        data = json.dumps(header, ensure_ascii=False).encode("utf-8")
        frame = _HEADER.pack(len(data), len(payload)) + data
        try:
            if payload and len(payload) <= _JOIN_BELOW:
                # One write for the whole frame: the reader wakes once, not once per piece.
                self._write(frame + payload)
            else:
                self._write(frame)
                if payload:
                    self._write(payload)
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise ChannelClosed(str(exc)) from None

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.write_fd, view)
            view = view[written:]

    def receive(self, timeout: float | None = None) -> tuple[dict, bytes]:
        """Read one frame: its header and payload.

        Raises:
            ChannelTimeout: the whole frame did not come within ``timeout`` seconds.
            ChannelClosed: the other side ended before a whole frame came.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        head = self._read(_HEADER.size, deadline)
        size, payload_size = _HEADER.unpack(head)
        header = json.loads(self._read(size, deadline).decode("utf-8"))
        payload = self._read(payload_size, deadline) if payload_size else b""
        return header, payload

    def _read(self, count: int, deadline: float | None) -> bytes:
        """``count`` bytes: first those already buffered, then from the descriptor.

        Reads ask for at least :data:`_READ_AHEAD` bytes, so that a small frame's header, JSON and
        payload come in one system call; what is read beyond ``count`` stays in the buffer for
        the next call (only this channel reads its descriptor).
        """
        buffer = self._buffer
        while len(buffer) < count:
            missing = count - len(buffer)
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ChannelTimeout()
                ready, _, _ = select.select([self.read_fd], [], [], remaining)
                if not ready:
                    raise ChannelTimeout()
            chunk = os.read(self.read_fd, min(max(missing, _READ_AHEAD), 1 << 20))
            if not chunk:
                raise ChannelClosed("end of stream")
            buffer += chunk
        if len(buffer) == count:  # the usual end of a large payload: one copy, not two
            data = bytes(buffer)
            buffer.clear()
            return data
        data = bytes(buffer[:count])
        del buffer[:count]
        return data


# -- Problems in messages ------------------------------------------------------------------------


def error_message(problem: Problem) -> dict:
    """The ``error`` header that carries ``problem`` to the parent."""
    return {"op": "error", "ok": False, "status": problem.status, "code": problem.code, "message": problem.message}


def problem_of(header: dict) -> Problem:
    """The :class:`~wsis_graph.problems.Problem` an ``error`` header carries."""
    return Problem(int(header.get("status", 500)), header.get("code", "internal_error"), header.get("message", ""))


# -- Processes -----------------------------------------------------------------------------------


def start_worker(module: str, *args: str, stderr=None, new_session: bool = False) -> tuple[subprocess.Popen, Channel]:
    """Start ``python -m module args`` with pipes for a :class:`Channel`; returns both.

    The worker finds this package whether or not it is installed (its folder goes first on
    ``PYTHONPATH``). ``stderr`` is where the worker's own output goes (inherited when ``None``);
    ``new_session`` puts it in a process group of its own, so that it can be killed whole.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=env,
        close_fds=True,
        start_new_session=new_session,
    )
    return process, Channel(process.stdout.fileno(), process.stdin.fileno())


def worker_channel() -> Channel:
    """In a worker: the channel to the parent over stdin and the real stdout.

    Anything the worker prints from now on goes to stderr, so that it cannot break a frame.
    """
    out_fd = os.dup(1)
    os.dup2(2, 1)
    return Channel(0, out_fd)
