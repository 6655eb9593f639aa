"""Running a query on a store that serves queries (a remote one) from the web process, as a query
worker would.

Such a store (``serves_queries``) is not copied into worker processes: its server holds the data
and runs the query, with the time limit as the HTTP timeout (the server's own limit must stop the
work there). :class:`RemoteRunner` takes the same ``query`` message a worker takes
(:mod:`wsis_graph.engine.messages`), applies the same checks (``SERVICE``, ``FROM`` of graphs the
store does not hold: :func:`wsis_graph.sparql.checks.requested_dataset`) and writes the answer with
the same writers and caps, and answers as a worker would: a ``result`` message and its body, or an
``error`` message.
"""

from __future__ import annotations

import traceback

from wsis_graph.problems import Problem
from wsis_graph.engine.query_worker import Worker, refusal
from wsis_graph.store import QueryError, RemoteTimeout, Store, StoreError


class RemoteRunner(Worker):
    """Runs ``query`` messages on a store that serves queries, with a worker's checks and writers."""

    def __init__(self, store: Store) -> None:  # no channel and no copy of the data
        self.store = store

    def run_job(self, job: dict, timeout: float) -> tuple[dict, bytes]:
        """The answer to ``job`` (a ``query`` message), as a worker would send it.

        Raises:
            RemoteTimeout: the remote server gave no complete answer within ``timeout``.
        """
        try:
            header, body = self._answer(job, timeout)
        except Problem as exc:
            return refusal(exc), b""
        return {"op": "result", "ok": True, **header}, body

    def _answer(self, job: dict, timeout: float) -> tuple[dict, bytes]:
        from wsis_graph.sparql.prefixes import syntax_message

        try:
            default, named = self.requested_dataset(job, lambda: {str(g) for g in self.store.graphs()})
            # The answer is read while it is written out: at a cap the connection closes and the
            # server stops sending; the time limit covers the whole answer.
            with self.store.open_query(job["query"], default_graphs=default, named_graphs=named, base=job["base"], timeout=timeout) as answer:
                try:
                    return self.write(job, answer.result)
                except BaseException as exc:
                    # pyoxigraph's results must be dropped on this thread, not by a later garbage
                    # collection elsewhere: free the frames the traceback would keep.
                    traceback.clear_frames(exc.__traceback__)
                    raise
        except QueryError as exc:
            raise Problem(400, "malformed_query", syntax_message(str(exc))) from None
        except RemoteTimeout:
            raise
        except StoreError as exc:
            raise Problem(503, "store_unavailable", f"the store did not answer: {exc}") from None
        except SyntaxError as exc:
            raise Problem(502, "store_error", f"the store's answer could not be read: {exc}") from None
