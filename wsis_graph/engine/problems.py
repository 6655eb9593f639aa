"""The one type for a problem that reaches a user: an HTTP status, a stable code and a message.

The web maps a :class:`Problem` to the JSON error shape once (``web/errors.py``); the command line
maps it to an error line and an exit status once (``cli/errors.py``): a problem the user can fix
(a 4xx) exits with 2, one on our side or the store's (a 5xx) with 1.

>>> p = Problem(415, "unsupported_media_type", "send text/turtle")
>>> p.status, p.code, str(p), p.exit_status
(415, 'unsupported_media_type', 'send text/turtle', 2)
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

    def as_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.code!r}, {self.message!r})"
