"""Practice: what the practice records (WSIS Stocktaking-shaped) show for each Action Line, SDG target and GDC commitment.

Runs only on a projection that holds practice records (``ProjectionOptions(records=True)``,
``wsis-graph gaps --include-records``); each ``PracticeRecord`` node carries the tags of its record:
``actionLine`` (1..n), ``sdgTarget``, ``sdgGoal`` and ``gdcObjective`` (0..n). The tags are the
record's own, not alignments the graph asserts, and synthetic records (``wsis-graph records
generate``) describe no real project: the result says how many records it counted and of which
record graphs, and a report must say when they are synthetic.

- table ``practice-matrix`` [action_line, target, records]: the records tagged with both the Action
  Line and the target;
- table ``practice-by-action-line`` [action_line, records] and ``practice-by-commitment``
  [commitment, objective, action_lines, records]. A record is practice for a commitment when it is
  tagged with the commitment's GDC objective (records are tagged with objectives, not commitments)
  and with an Action Line that the commitment reaches by a direct link (reviewed, curated or proposed)
  or a shared SDG target or goal (:data:`wsis_graph.analysis.gdc.CLOSE`), unless a reviewer rejected
  that pair; a commitment that reaches no Action Line has no practice by this rule;
- ``least-practice-action-line`` and ``least-practice-commitment``: the bottom quartile by record
  count (the ⌈n/4⌉ lowest, with every tie at the cut), fewest first.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from wsis_graph.analysis.common import edges, evidence, item, name, narrow, of_type, plural, sort_key, start, table, without_records
from wsis_graph.analysis.findings import AnalysisResult, Finding, Figure
from wsis_graph.analysis.options import Scope


class RecordsNotProjected(ValueError):
    """The practice analysis was asked for on a projection without practice records."""


def bottom_quartile(counts: dict[str, int], order=None) -> list[str]:
    """The keys with the lowest counts: the ⌈n/4⌉ lowest and every tie at the cut, fewest first.

    >>> bottom_quartile({"a": 5, "b": 0, "c": 3, "d": 9, "e": 3})
    ['b', 'c', 'e']
    """
    if not counts:
        return []
    ordered = sorted(counts, key=lambda k: (counts[k], order(k) if order else k))
    cut = counts[ordered[math.ceil(len(ordered) / 4) - 1]]
    return [k for k in ordered if counts[k] <= cut]


def practice(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """Practice evidence per Action Line × SDG target, and the Action Lines and commitments with the least."""
    if not G.graph.get("records"):
        raise RecordsNotProjected("the practice analysis needs the practice records in the projection (--include-records)")
    result = start(
        G,
        "practice",
        "Practice evidence from project records",
        "What the practice records (stocktaking-shaped project records) show per Action Line and SDG target, and which "
        "Action Lines and GDC commitments have the least practice behind them.",
    )
    records = of_type(G, "PracticeRecord")
    tags: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # record -> relation -> nodes
    for u, v, data in edges(G, "actionLine", "sdgTarget", "sdgGoal", "gdcObjective"):
        if G.nodes[u].get("type") == "PracticeRecord":
            tags[u][data["relation"]].append(v)
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    per_line: dict[str, int] = {n: 0 for n in of_type(G, "ActionLine")}
    by_objective: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for o in set(tags[r]["gdcObjective"]):
            by_objective[o].append(r)
        lines = set(tags[r]["actionLine"])
        for line in lines:
            per_line[line] = per_line.get(line, 0) + 1
            for t in set(tags[r]["sdgTarget"]):
                pairs[(line, t)] += 1
    result.tables.append(
        table(
            "practice-matrix",
            "Practice records per Action Line and SDG target",
            ["action_line", "target", "records"],
            ([name(G, a), name(G, t), n] for (a, t), n in sorted(pairs.items(), key=lambda kv: (sort_key(G, kv[0][0]), sort_key(G, kv[0][1])))),
        )
    )
    lines_sorted = sorted(per_line, key=lambda n: sort_key(G, n))
    result.tables.append(table("practice-by-action-line", "Practice records per Action Line", ["action_line", "records"], ([name(G, a), per_line[a]] for a in lines_sorted)))

    from wsis_graph.analysis.gdc import CLOSE, carries, objective_of, paths_from

    per_commitment: dict[str, int] = {}
    commitment_rows = []
    reached: dict[str, list[str]] = {}
    curated = without_records(G)  # paths between the frameworks do not run through records
    for c in of_type(G, "GDCCommitment"):
        objective = objective_of(G, c)
        lines = sorted({p.action_line for p in paths_from(curated, c) if p.route in CLOSE and carries(curated, c, p)}, key=lambda n: sort_key(G, n))
        reached[c] = lines
        # records tagged with the objective and at least one of the lines: count records, not pairs
        count = 0
        if objective and lines:
            wanted = set(lines)
            count = sum(1 for r in by_objective.get(objective, ()) if wanted.intersection(tags[r]["actionLine"]))
        per_commitment[c] = count
        commitment_rows.append([name(G, c), name(G, objective) if objective else None, " ".join(name(G, a) for a in lines), count])
    result.tables.append(table("practice-by-commitment", "Practice records per GDC commitment (its objective and an Action Line it reaches)", ["commitment", "objective", "action_lines", "records"], commitment_rows))

    record_edges: dict[str, list] = defaultdict(list)
    for u, v, data in edges(G, "actionLine"):
        if G.nodes[u].get("type") == "PracticeRecord":
            record_edges[v].append((u, v, data))
    for line in bottom_quartile(per_line, lambda n: sort_key(G, n)):
        shown = record_edges.get(line, [])[:20]
        result.findings.append(
            Finding(
                "least-practice-action-line",
                f"{item(G, line).name} has {plural(per_line[line], 'practice record')} of {len(records)}.",
                items=(item(G, line),),
                figure=per_line[line],
                unit="records",
                evidence=tuple(evidence(u, v, d) for u, v, d in shown),
            )
        )
    for c in bottom_quartile(per_commitment, lambda n: sort_key(G, n)):
        why = "" if reached[c] else " (it reaches no Action Line by a direct link or a shared SDG target or goal)"
        result.findings.append(
            Finding(
                "least-practice-commitment",
                f"{item(G, c).name} has {plural(per_commitment[c], 'practice record')} of {len(records)}{why}.",
                items=(item(G, c),) + tuple(item(G, a) for a in reached[c]),
                figure=per_commitment[c],
                unit="records",
            )
        )
    synthetic = sum(1 for g in G.graph.get("graphs", []) if "/records-synthetic" in g)
    if synthetic:
        result.description += (f" {plural(synthetic, 'record graph')} of the projection {'is' if synthetic == 1 else 'are'} synthetic "
                               "(made by the generator): their records describe no real project.")
    result.figures += [
        Figure("records", "Practice records projected", len(records)),
        Figure("record-graphs-synthetic", "Record graphs that are synthetic (generated)", synthetic),
        Figure("action-lines-without-practice", "Action Lines with no practice record", sum(1 for n in per_line.values() if n == 0)),
        Figure("commitments-without-practice", "GDC commitments with no practice record", sum(1 for n in per_commitment.values() if n == 0)),
    ]
    return narrow(G, result, scope, {"practice-matrix": ["action_line", "target"], "practice-by-action-line": ["action_line"], "practice-by-commitment": ["commitment", "action_lines"]})
