"""How values read in a report: an IRI by its last segment, codes in their natural order.

The charts (:mod:`wsis_graph.reports.drawing`), the report model and the Markdown format all name
things the same way; this module is where that way is written down. It imports nothing of the
reports, so that any of them may import it.
"""

from __future__ import annotations

import re


def short(value) -> str:
    """A value as a reader wants it on an axis: an IRI's last segment, anything else as text.

    >>> short("https://w3id.org/wsis-graph/id/action-line/C5")
    'C5'
    >>> short(None)
    '—'
    """
    if value is None or value == "":
        return "—"
    text = str(value)
    if re.match(r"^[a-z][a-z0-9+.-]*://", text):
        text = text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return text


def natural_key(value) -> tuple:
    """Sort key that puts C2 before C10 and 2.3 before 2.10.

    >>> sorted(["C10", "C7.e-health", "C2", "C7"], key=natural_key)
    ['C2', 'C7', 'C7.e-health', 'C10']
    """
    parts = re.split(r"(\d+)", short(value))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p != "")
