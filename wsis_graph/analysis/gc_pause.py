"""Pausing Python's cyclic garbage collector while a large graph is built or walked.

Both the projection (:func:`wsis_graph.analysis.projection.project`) and the analyses run on it
(:func:`wsis_graph.analysis.registry.run_analyses`) make millions of small dictionaries and tuples
at the largest scales; this module is the one place that pauses the collector for them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large graph is built or walked.

    Building millions of node and edge dictionaries sets off full collections again and again,
    each walking everything built so far: at 10M triples that made the projection grow faster
    than the data. Nothing here makes reference cycles that need collecting meanwhile. The
    collector is enabled again on leaving only if it was enabled on entering, so pauses nest.

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
