"""Where the project's resources live: the ontology, the shapes, the source tables and the thesaurus.

In a checkout they are the top-level ``ontology/``, ``data/sources/`` and ``data/thesaurus/`` folders; in an installed
wheel they are packaged under ``wsis_graph/_resources``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def ontology_dir() -> Path:
    """The folder that holds ``wsis.ttl`` and ``shapes/``."""
    return _first_existing(_CHECKOUT / "ontology", _PACKAGE / "_resources" / "ontology")


def ontology_file() -> Path:
    return ontology_dir() / "wsis.ttl"


def shapes_dir() -> Path:
    return ontology_dir() / "shapes"


def sources_dir() -> Path:
    """The folder with one sub-folder per source table set."""
    return _first_existing(_CHECKOUT / "data" / "sources", _PACKAGE / "_resources" / "sources")


def thesaurus_dir() -> Path:
    """The folder of the matcher's curated data: the domain thesaurus and the SDG topic lexicon, each with its provenance."""
    return _first_existing(_CHECKOUT / "data" / "thesaurus", _PACKAGE / "_resources" / "thesaurus")


def queries_dir() -> Path:
    return _PACKAGE / "queries"
