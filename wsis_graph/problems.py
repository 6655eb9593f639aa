"""The one type for a problem that reaches a user: an HTTP status, a stable code and a message.

The web maps a :class:`Problem` to the JSON error shape once (``web/errors.py``); the command line
maps it to an error line and an exit status once (``cli/errors.py``): a problem the user can fix
(a 4xx) exits with 2, one on our side or the store's (a 5xx) with 1.

A subclass exists only where a problem carries more than these: the position of a syntax error
in a request body (``web/protocol/rdf_input.py: UnparseableBody``), the SHACL report of a refused
change (``web/protocol/update.py: ShaclRefused``), the exit status of a worker that died
(``engine/executor.py: WorkerDied``), or where callers tell problems apart by kind (the
executor's ``Busy`` and ``QueryTimeout``, ``proposals/sets.py: ProposalSetError``). A subclass
adds its members to the JSON shape through :meth:`Problem.details`.

This module imports nothing, so that every room may use it.

>>> p = Problem(415, "unsupported_media_type", "send text/turtle")
>>> p.status, p.code, str(p), p.exit_status
(415, 'unsupported_media_type', 'send text/turtle', 2)
>>> p.as_json()
{'error': {'code': 'unsupported_media_type', 'message': 'send text/turtle'}}
"""

from __future__ import annotations


class Problem(Exception):
    """A failure with an HTTP status, a stable ``code`` scripts may rely on, and a ``message``
    that says what went wrong and where. ``headers`` go with the HTTP answer (``Allow``,
    ``Retry-After`` …)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    @property
    def exit_status(self) -> int:
        """The command line's exit status for this problem: 2 for the user's, 1 for ours."""
        return 2 if 400 <= self.status < 500 else 1

    def details(self) -> dict:
        """Members the error object carries after ``code`` and ``message`` (none here)."""
        return {}

    def as_json(self) -> dict:
        """The one error shape: ``{"error": {"code": …, "message": …, …details}}``."""
        return {"error": {"code": self.code, "message": self.message, **self.details()}}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.code!r}, {self.message!r})"
