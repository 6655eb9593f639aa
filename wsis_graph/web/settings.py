"""Settings of the web application, from arguments and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from wsis_graph.store import default_store_url
from wsis_graph.uris import configured_base

UPDATE_TOKEN_ENV = "WSIS_GRAPH_UPDATE_TOKEN"
REVIEWER_TOKENS_ENV = "WSIS_GRAPH_REVIEWER_TOKENS"


@dataclass
class Settings:
    """What the endpoint needs to know.

    Attributes:
        store_url: the store to serve.
        base: the IRI base of minted identifiers (their Linked Data pages are served here).
        query_timeout: seconds a query may run before it is stopped.
        max_rows: the most result rows a response carries; the response says when it was cut.
        max_query_length: the longest query text accepted, in characters.
        max_body: the largest request body accepted, in bytes.
        max_result_bytes: the largest query response body; a result is cut (and says so) before it.
        query_workers: query worker processes (the most queries running at once); a request
            waits up to ``query_timeout`` seconds for a free one, then gets 503.
        query_memory_mb: the memory cap of each query worker, in MiB (0: none).
        update_token: when set, /update and Graph Store writes are on and need this bearer token.
        reviewer_tokens_file: a file naming the reviewers who may decide on ``/review`` and the SHA-256
            of each one's token (:mod:`wsis_graph.review.tokens`); a decision made with a reviewer's
            token is recorded under that reviewer's name. Decisions also need updates switched on.
        read_only: open the store read-only (several server processes on one embedded store);
            updates are then refused.
        editor_bundle: the folder of the query editor's built files (YASGUI); None for the one
            that ``make setup`` installs in ``wsis_graph/web/frontend/node_modules``.
    """

    store_url: str = field(default_factory=default_store_url)
    base: str = field(default_factory=configured_base)
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_query_length: int = 100_000
    max_body: int = 2 * 1024 * 1024
    max_result_bytes: int = 64 * 1024 * 1024
    query_workers: int = 4
    query_memory_mb: int = 2048
    update_token: str | None = field(default_factory=lambda: os.environ.get(UPDATE_TOKEN_ENV) or None)
    editor_bundle: str | None = None
    read_only: bool = False
    reviewer_tokens_file: str | None = field(default_factory=lambda: os.environ.get(REVIEWER_TOKENS_ENV) or None)

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)
