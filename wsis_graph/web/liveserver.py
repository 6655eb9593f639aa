"""The application served on 127.0.0.1 in a background thread, over real sockets.

For tests, the conformance runners and measurements: clients talk HTTP to it exactly as they
would to ``wsis-graph serve``.

>>> from wsis_graph.store import MemoryStore
>>> from wsis_graph.web.app import create_app
>>> with LiveServer(create_app("memory:", store=MemoryStore())) as server:
...     server.url.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import threading

from flask import Flask
from werkzeug.serving import make_server


class LiveServer:
    """Serve ``app`` on 127.0.0.1 at a free port until :meth:`stop` (or the end of a ``with``)."""

    def __init__(self, app: Flask, *, port: int = 0) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", port, app, threaded=True)
        self.host = "127.0.0.1"
        self.port = self._server.server_port
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and end the application's query workers."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        executor = self.app.extensions.get("wsis_graph.query_executor")
        if executor is not None:
            executor.close()

    def __enter__(self) -> "LiveServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
