"""Production serving: gunicorn with several worker processes reading one store.

Each gunicorn worker builds its own application after the fork, so no database handle crosses a
process boundary. An embedded Oxigraph store is opened read-only in every worker (RocksDB lets
many processes read one directory but only one write it), so updates are refused in this mode;
they need the single-process server (``wsis-graph serve`` without ``--workers``). After a rebuild,
send the master SIGHUP to make the workers reopen the store.

``gunicorn 'wsis_graph.web.production:wsgi_app()'`` serves the same application from gunicorn's
own command line, with the store named by ``WSIS_GRAPH_STORE``.
"""

from __future__ import annotations

from flask import Flask
from gunicorn.app.base import BaseApplication

from wsis_graph.web.app import create_app
from wsis_graph.web.settings import Settings


def wsgi_app(settings: Settings | None = None) -> Flask:
    """The application for one worker process: the store opened read-only."""
    settings = settings or Settings()
    settings.read_only = True
    return create_app(settings)


class ProductionServer(BaseApplication):
    """gunicorn, configured in code rather than from its command line."""

    def __init__(self, settings: Settings, *, host: str, port: int, workers: int, threads: int = 8) -> None:
        self.settings = settings
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            # Long enough for a query that runs to its time limit, plus the response.
            "timeout": int(settings.query_timeout) + 30,
            "preload_app": False,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "info",
            # The endpoint caps the query length itself, with its JSON error: gunicorn's own cap
            # on the request line (4094 bytes) would refuse a long GET query with an HTML page.
            "limit_request_line": 0,
            # Newer gunicorn opens a control socket in the home directory; we do not use it.
            "control_socket_disable": True,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return wsgi_app(self.settings)
