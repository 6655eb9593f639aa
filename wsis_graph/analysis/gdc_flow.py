"""The data of the GDC flow chart: GDC objective → Action Line → facilitating entity, counted in commitments.

:func:`commitment_flow` turns the homes of the commitments (which Action Lines carry each, and who
facilitates them there) into the rows of the ``objective-flow`` table of :mod:`.gdc`, which the report
draws (:mod:`wsis_graph.reports.drawing`). A pure function of plain data, so that the counting rule is
tested on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def commitment_flow(
    homes: dict[str, tuple[str | None, dict[str, set[str | None]]]],
    objectives: Iterable[str] = (),
    key=str,
) -> list[tuple[str | None, str | None, str | None, float]]:
    """The rows of the ``objective-flow`` table: (objective, Action Line, entity, share of commitments).

    ``homes`` maps each commitment to its objective and, per Action Line that carries it (see
    :func:`wsis_graph.analysis.gdc.carries`: any counted route, thematic included, and no rejected pair), the entities that
    facilitate it there (``None`` for an Action Line with no facilitator). Every commitment weighs
    one: split equally over its Action Lines, then each part equally over that Action Line's
    entities, so that the rows of every layer add up to the number of commitments. A commitment with
    no Action Line goes whole to a row with no Action Line and no entity (the "no home" node); an
    objective of ``objectives`` with no commitment at all gets a row of weight 0, so that the chart
    still shows it.

    >>> commitment_flow({"k1": ("O1", {"C1": {"ITU"}, "C2": {"ITU", "UNDP"}}), "k2": ("O1", {}), "k3": ("O2", {"C1": {None}})}, ["O1", "O2", "O3"])
    [('O1', 'C1', 'ITU', 0.5), ('O1', 'C2', 'ITU', 0.25), ('O1', 'C2', 'UNDP', 0.25), ('O1', None, None, 1.0), ('O2', 'C1', None, 1.0), ('O3', None, None, 0.0)]
    """
    weights: dict[tuple[str | None, str | None, str | None], float] = defaultdict(float)
    for objective, lines in homes.values():
        if not lines:
            weights[(objective, None, None)] += 1.0
            continue
        for line, entities in lines.items():
            for entity in entities:
                weights[(objective, line, entity)] += 1.0 / len(lines) / len(entities)
    for objective in objectives:
        if not any(o == objective for o, _, _ in weights):
            weights[(objective, None, None)] += 0.0

    def order(node: str | None):
        return (True, ()) if node is None else (False, key(node))

    return [(o, a, e, w) for (o, a, e), w in sorted(weights.items(), key=lambda kv: tuple(order(n) for n in kv[0]))]


__all__ = ["commitment_flow"]
