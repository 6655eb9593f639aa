"""What an analysis run is asked to look at: which graphs, which confidence marks, which scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class ProjectionOptions:
    """Filters applied when the store is projected into NetworkX.

    Attributes:
        graphs: the named graphs to project (IRIs); ``None`` means every curated graph of the store
            (not proposal sets, not practice records unless asked for below).
        confidence: the confidence marks (skos:notation, e.g. ``verified``) whose links are kept;
            ``None`` keeps every mark. A link with no mark is kept only when ``None``.
        proposals: whether the proposal sets (graphs typed wsis:ProposalSet) are projected too.
        records: whether the practice-record graphs (wsis:PracticeRecordSet) are projected too.
    """

    graphs: tuple[str, ...] | None = None
    confidence: frozenset[str] | None = None
    proposals: bool = False
    records: bool = False


@dataclass(frozen=True)
class Scope:
    """Narrow the findings to one thing: an Action Line, a GDC objective or commitment, an entity.

    ``value`` is what a user types (``C5``, ``GDC-O3``, ``ITU``) or a full IRI; resolving it against
    the projection is the analysis package's job, and an unknown value is an error that names it.
    """

    kind: Literal["action-line", "gdc", "entity"]
    value: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)
