"""Whether a store holds a build of the current sources and ontology.

After a successful build the store gets a stamp: a digest of every source table, the ontology and
the shapes, and of the code that turns them into graphs (the source modules and the build, which
decides which graphs a store holds: a store built before the build loaded the ontology is stale). ``serve`` rebuilds when the stamp is missing or differs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from wsis_graph import __version__, paths


def sources_digest() -> str:
    h = hashlib.sha256(__version__.encode())
    for root in (paths.sources_dir(), paths.ontology_dir()):
        for file in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(file.relative_to(root)).encode())
            h.update(file.read_bytes())
    for file in [*sorted((Path(__file__).parent / "sources").glob("*.py")), Path(__file__).parent / "build.py"]:
        h.update(file.read_bytes())
    return h.hexdigest()


def stamp_path(store_dir: Path) -> Path:
    return store_dir.parent / f"{store_dir.name}.stamp"


def is_fresh(store_dir: Path) -> bool:
    stamp = stamp_path(store_dir)
    return store_dir.exists() and stamp.exists() and stamp.read_text().strip() == sources_digest()


def write_stamp(store_dir: Path) -> None:
    stamp_path(store_dir).write_text(sources_digest() + "\n")
