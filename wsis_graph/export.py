"""Writing the whole dataset to a file: N-Quads, TriG, Turtle or JSON-LD.

N-Quads and TriG keep the named graphs; Turtle holds the union of all graphs. The N-Quads export
is sorted line by line, so the same tables give a byte-identical file.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from wsis_graph.files import write_atomically
from wsis_graph.namespaces import bind_prefixes
from wsis_graph.store import Store
from wsis_graph.store.terms import to_ox

FORMATS = ("nquads", "trig", "turtle", "jsonld")


def nquads(store: Store) -> bytes:
    """The dataset as sorted N-Quads."""
    quads = (ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in store.quads())
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines)


def serialize(store: Store, fmt: str, *, base: str | None = None) -> bytes:
    """The dataset in one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "nquads":
        return nquads(store)
    if fmt == "turtle":
        graph = bind_prefixes(Graph(), base)
        for s, p, o, _ in store.quads():
            graph.add((s, p, o))
        return graph.serialize(format="turtle").encode("utf-8")
    dataset = bind_prefixes(Dataset(), base)
    for s, p, o, g in store.quads():
        dataset.graph(g).add((s, p, o))
    if fmt == "trig":
        return dataset.serialize(format="trig").encode("utf-8")
    return dataset.serialize(format="json-ld", indent=1).encode("utf-8")


def export(store: Store, fmt: str, out: Path, *, base: str | None = None) -> int:
    """Write the export atomically (a temporary file renamed into place). Returns its size."""
    data = serialize(store, fmt, base=base)
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(out, data)
