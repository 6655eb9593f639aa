"""One JSON error shape for every failure: ``{"error": {"code": "...", "message": "..."}}``.

A :class:`~wsis_graph.problems.Problem` raised anywhere under a request is answered here,
and only here, with its status, its headers and :meth:`~wsis_graph.problems.Problem.as_json`
(some problems add members after the message: a line and column, a SHACL report). Flask's own
HTTP errors (404 for an unknown URL, 405, 413 …) get the same shape, and anything else a 500 that
names the exception's type. ``code`` is stable (scripts may rely on it); ``message`` says what
went wrong and where. No response ever carries a Python traceback.
"""

from __future__ import annotations

import json

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from wsis_graph.problems import Problem


def problem_response(problem: Problem) -> Response:
    """The HTTP answer to ``problem``: its status, its headers, and the one JSON shape."""
    body = json.dumps(problem.as_json(), ensure_ascii=False)
    response = Response(body, status=problem.status, mimetype="application/json")
    for key, value in problem.headers.items():
        response.headers[key] = value
    return response


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """The answer to a problem given by its parts (see :func:`problem_response`)."""
    return problem_response(Problem(status, code, message, headers))


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    500: "internal_error",
    503: "unavailable",
}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(problem: Problem) -> Response:
        return problem_response(problem)

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException) -> Response:
        status = err.code or 500
        headers = {}
        if status == 405 and getattr(err, "valid_methods", None):
            headers["Allow"] = ", ".join(err.valid_methods)
        return error_response(status, _HTTP_CODES.get(status, "http_error"), err.description or err.name, headers)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception) -> Response:
        app.logger.exception("unhandled error")
        return error_response(500, "internal_error", f"internal error ({type(err).__name__}); see the server log")
