"""HTTP to a remote store: a small pool of kept-alive connections, and answers read as streams.

:class:`HttpPool` sends a request and gives back an :class:`Answer`, the body as a binary stream
read under the request's time limit; reading it to its end returns the connection to the pool.
Nothing here knows SPARQL: :mod:`wsis_graph.store.remote.store` says what to send and reads
what comes back.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from wsis_graph.store.base import StoreError
from wsis_graph.store.remote.urls import Endpoints


class RemoteTimeout(StoreError):
    """A request to the remote store ran past its time limit and was abandoned."""


@dataclass
class Reply:
    """A whole answer, read into memory (a failure's, to say what went wrong)."""

    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Request:
    """What an answer needs to know of its request: where it went and its time limit.

    Attributes:
        where: the URL it went to, without the query string (for messages).
        timeout: the seconds it was allowed.
        deadline: when (``time.monotonic()``) the whole answer must have arrived; None when each
            read may wait ``timeout`` seconds instead.
    """

    where: str
    timeout: float
    deadline: float | None

    def timed_out(self) -> "RemoteTimeout":
        return RemoteTimeout(f"the SPARQL store at {self.where} did not answer within {self.timeout:g} s")


class HttpPool:
    """HTTP connections to one server, kept alive in a small pool shared by every thread."""

    #: Idle connections kept for reuse; more are closed when they come back.
    POOL = 16

    def __init__(self, endpoints: Endpoints, authorization: str | None) -> None:
        self.endpoints = endpoints
        self.authorization = authorization
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._ssl = ssl.create_default_context() if endpoints.tls else None

    def _take(self, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        e = self.endpoints
        if e.tls:
            return http.client.HTTPSConnection(e.host, e.port, timeout=timeout, context=self._ssl), False
        return http.client.HTTPConnection(e.host, e.port, timeout=timeout), False

    def give_back(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            if len(self._idle) < self.POOL:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def __del__(self) -> None:
        self.close()

    def headers(self, extra: Mapping[str, str]) -> dict[str, str]:
        headers = {"User-Agent": "wsis-graph"}
        if self.authorization:
            headers["Authorization"] = self.authorization
        headers.update(extra)
        return headers

    def open(
        self,
        method: str,
        target: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float,
        deadline: bool = True,
        retry: bool = True,
    ) -> "Answer":
        """Send a request and return its answer, to be read and closed.

        With ``deadline`` the whole answer must arrive within ``timeout`` seconds; without it,
        each read may wait that long (a long dump).

        A kept-alive connection that the server closed meanwhile is retried once on a new one
        (only while sending, unless ``retry``: then the server had not received the request).

        Raises:
            RemoteTimeout: the time was up.
            StoreError: the server cannot be reached or broke the connection.
        """
        end = time.monotonic() + timeout
        request = Request(f"{self.endpoints.origin}{_path(target)}", timeout, end if deadline else None)
        all_headers = self.headers(headers or {})
        for attempt in (0, 1):
            conn, reused = self._take(timeout)
            sending = True
            try:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                conn.timeout = remaining
                if conn.sock is not None:
                    conn.sock.settimeout(remaining)
                conn.request(method, target, body=body, headers=all_headers)
                sending = False
                response = conn.getresponse()
            except (TimeoutError, socket.timeout):
                conn.close()
                raise request.timed_out() from None
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                conn.close()
                if reused and attempt == 0 and (retry or sending):
                    continue
                raise StoreError(f"the SPARQL store at {request.where} closed the connection ({_reason(exc)})") from None
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise StoreError(f"cannot reach the SPARQL store at {request.where}: {_reason(exc)}") from None
            return Answer(self, conn, response, request)
        raise AssertionError("unreachable")  # pragma: no cover


class Answer(io.RawIOBase):
    """The body of an answer as a binary stream, read under the request's time limit.

    Closing it returns the connection to the pool when the body was read to its end, and closes
    the connection otherwise (the server then stops sending). A read past the time limit raises
    :class:`RemoteTimeout`.
    """

    def __init__(self, pool: HttpPool, conn: http.client.HTTPConnection, response: http.client.HTTPResponse, request: Request) -> None:
        super().__init__()
        self._pool = pool
        self._conn = conn
        self._response = response
        self.request = request
        self.status = response.status
        self.content_type = response.getheader("Content-Type", "") or ""
        self.complete = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.complete:
            return 0
        if self.request.deadline is not None:
            remaining = self.request.deadline - time.monotonic()
            if remaining <= 0:
                raise self.request.timed_out()
            if self._conn.sock is not None:
                self._conn.sock.settimeout(remaining)
        try:
            data = self._response.read1(len(buffer))
        except (TimeoutError, socket.timeout):
            raise self.request.timed_out() from None
        except (OSError, http.client.HTTPException) as exc:
            raise StoreError(f"the SPARQL store at {self.request.where} broke off its answer ({_reason(exc)})") from None
        if not data:
            self.complete = True
            return 0
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := super().read(1 << 16):
                chunks.append(chunk)
            return b"".join(chunks)
        return super().read(size)

    def close(self) -> None:
        if self.closed:
            return
        super().close()
        self._response.close()
        if self.complete and not self._response.will_close:
            self._pool.give_back(self._conn)  # read to the end: the connection can take the next request
        else:
            self._conn.close()


def _path(target: str) -> str:
    return target.split("?", 1)[0]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror or exc})"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text


def server_message(reply: Reply, limit: int = 1000) -> str:
    """The text of a failure's answer, without HTML markup, cut at ``limit`` characters."""
    text = reply.body.decode("utf-8", errors="replace")
    if "html" in reply.content_type.lower():
        text = re.sub(r"(?s)<(script|style).*?</\1>|<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

