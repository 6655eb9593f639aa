"""SDG coverage: which SDG targets and goals the WSIS Action Lines serve, and which they leave alone.

An Action Line *serves* a target when the projection holds a ``contributesTo`` link from the
Action Line (or a C7 sub-line) to the target itself. A link to a goal as a whole (the WSIS-SDG
Matrix sometimes names a goal and no target) serves no one target; it is counted in the
Action Line × goal matrix and keeps the goal from being unserved. So:

- ``unserved-target``: a target that no Action Line serves (named query ``sdg-targets-unserved``
  gives the same list over the store);
- ``unserved-goal``: a goal with no link from any Action Line, neither to it nor to any target;
- per goal, the share of its targets served (table ``goal-coverage``);
- ``ict-target``: the ICT-specific targets and who serves them (Action Lines and their
  facilitators).

ICT-specific targets are chosen by a rule over the official English text of the target (the
label in the projection, which is the UN's wording), in two tiers:

- ``ict``: the text names information and communication(s) technology, ICT(s) or the Internet
  (regular expression :data:`ICT_PATTERN`);
- ``technology``: otherwise, the text names technology, technologies or technological
  (:data:`TECHNOLOGY_PATTERN`), which takes in science, technology and innovation and the transfer
  of technology, where ICTs are one technology among others.

The rule reads words, not meaning: it is a documented starting list for a reader to check, not a
classification the sources make.
"""

from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx

from wsis_graph.analysis.common import edges, evidence, item, name, narrow, of_type, plural, sort_key, start, table, unreached
from wsis_graph.analysis.findings import AnalysisResult, Finding, Figure, weakest
from wsis_graph.analysis.options import Scope

ICT_PATTERN = re.compile(r"\binformation and communications? technolog|\bICTs?\b|\binternet\b", re.IGNORECASE)
TECHNOLOGY_PATTERN = re.compile(r"\btechnolog(?:y|ies|ical)\b", re.IGNORECASE)


def ict_tier(text: str | None) -> str | None:
    """The tier of the ICT rule that an official target text falls in, or ``None``.

    >>> ict_tier("Significantly increase access to information and communications technology and ... the Internet")
    'ict'
    >>> ict_tier("Enhance ... access to science, technology and innovation")
    'technology'
    >>> ict_tier("By 2030, end poverty in all its forms") is None
    True
    """
    if not text:
        return None
    if ICT_PATTERN.search(text):
        return "ict"
    if TECHNOLOGY_PATTERN.search(text):
        return "technology"
    return None


def _lines(G: nx.MultiDiGraph) -> set[str]:
    return {n for n, d in G.nodes(data=True) if d.get("type") == "ActionLine"}


def sdg_coverage(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """Targets and goals no Action Line serves, the share served per goal, the ICT-specific targets."""
    result = start(
        G,
        "sdg-coverage",
        "SDG coverage by the WSIS Action Lines",
        "Which SDG targets and goals the Action Lines serve (wsis:contributesTo to the target itself), "
        "which they leave unserved, and who serves the ICT-specific targets (a rule over the official target texts).",
        queries=["sdg-targets-unserved", "sdg-action-lines", "action-line-sdg-targets"],
    )
    lines = _lines(G)
    goals = of_type(G, "SDGGoal")
    targets = of_type(G, "SDGTarget")
    goal_of: dict[str, str] = {}
    for u, v, _ in edges(G, "goal"):
        if G.nodes[u].get("type") == "SDGTarget" and G.nodes[v].get("type") == "SDGGoal":
            goal_of[u] = v
    serving: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # target -> [(line, edge)]
    goal_links: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # goal -> [(line, edge)] at goal level
    for u, v, data in edges(G, "contributesTo"):
        if u not in lines:
            continue
        kind = G.nodes[v].get("type")
        if kind == "SDGTarget":
            serving[v].append((u, data))
        elif kind == "SDGGoal":
            goal_links[v].append((u, data))

    targets_of: dict[str, list[str]] = defaultdict(list)
    for t in targets:
        if t in goal_of:
            targets_of[goal_of[t]].append(t)

    # goal coverage
    rows = []
    for g in goals:
        ts = targets_of.get(g, [])
        served = [t for t in ts if serving.get(t)]
        share = round(len(served) / len(ts), 4) if ts else 0.0
        rows.append([name(G, g), G.nodes[g].get("label"), len(ts), len(served), share])
    result.tables.append(table("goal-coverage", "Share of each goal's targets that an Action Line serves", ["goal", "label", "targets", "served", "share"], rows))

    # matrices
    goal_matrix: dict[tuple[str, str], int] = defaultdict(int)
    target_matrix: dict[tuple[str, str], int] = defaultdict(int)
    for t, links in serving.items():
        for line, _ in links:
            target_matrix[(line, t)] += 1
            if t in goal_of:
                goal_matrix[(line, goal_of[t])] += 1
    for g, links in goal_links.items():
        for line, _ in links:
            goal_matrix[(line, g)] += 1
    ordered = lambda pairs: sorted(pairs.items(), key=lambda kv: (sort_key(G, kv[0][0]), sort_key(G, kv[0][1])))  # noqa: E731
    result.tables.append(
        table(
            "action-line-goal-matrix",
            "Links from each Action Line to each goal (to the goal itself or to one of its targets)",
            ["action_line", "goal", "links"],
            ([name(G, a), name(G, g), n] for (a, g), n in ordered(goal_matrix)),
        )
    )
    result.tables.append(
        table(
            "action-line-target-matrix",
            "Links from each Action Line to each target",
            ["action_line", "target", "links"],
            ([name(G, a), name(G, t), n] for (a, t), n in ordered(target_matrix)),
        )
    )

    # findings
    unserved = [t for t in targets if not serving.get(t)]
    for t in unserved:
        g = goal_of.get(t)
        hint = ""
        if g is not None and goal_links.get(g):
            hint = f" ({plural(len({a for a, _ in goal_links[g]}), 'Action Line')} linked to goal {name(G, g)} as a whole)"
        result.findings.append(
            Finding(
                "unserved-target",
                f"No Action Line serves SDG target {name(G, t)}{hint}.",
                items=(item(G, t),) + ((item(G, g),) if g else ()),
                figure=0,
                unit="Action Lines",
                evidence=tuple(evidence(a, g, d) for a, d in goal_links.get(g, [])) if g else (),
            )
        )
    unserved_goals = [g for g in goals if not goal_links.get(g) and not any(serving.get(t) for t in targets_of.get(g, []))]
    for g in unserved_goals:
        text = f"No Action Line is linked to SDG {name(G, g)} or to any of its {plural(len(targets_of.get(g, [])), 'target')}."
        result.findings.append(unreached(G, "unserved-goal", g, text, "Action Lines"))

    facilitators: dict[str, set[str]] = defaultdict(set)
    for u, v, _ in edges(G, "leadFacilitator", "coFacilitator", "partner"):
        facilitators[u].add(v)
    ict_rows = []
    for t in targets:
        tier = ict_tier(G.nodes[t].get("label"))
        if tier is None:
            continue
        links = serving.get(t, [])
        servers = sorted({a for a, _ in links}, key=lambda n: sort_key(G, n))
        entities = sorted({e for a in servers for e in facilitators.get(a, ())}, key=lambda n: sort_key(G, n))
        ict_rows.append([name(G, t), tier, " ".join(name(G, a) for a in servers), " ".join(name(G, e) for e in entities), len(servers)])
        who = ", ".join(name(G, a) for a in servers) or "no Action Line"
        by = f"; facilitated by {', '.join(name(G, e) for e in entities)}" if entities else ""
        tier_text = "names ICT or the Internet" if tier == "ict" else "names technology"
        result.findings.append(
            Finding(
                "ict-target",
                f"SDG target {name(G, t)} {tier_text}; served by {who}{by}.",
                items=(item(G, t),) + tuple(item(G, a) for a in servers) + tuple(item(G, e) for e in entities),
                figure=len(servers),
                unit="Action Lines",
                evidence=tuple(evidence(a, t, d) for a, d in links),
                confidence=weakest(d.get("confidence") for _, d in links),
            )
        )
    result.tables.append(
        table("ict-targets", "ICT-specific targets (rule over the official texts) and who serves them", ["target", "tier", "action_lines", "entities", "serving"], ict_rows)
    )

    served_count = len(targets) - len(unserved)
    result.figures += [
        Figure("targets", "SDG targets", len(targets)),
        Figure("targets-served", "SDG targets served by an Action Line", served_count),
        Figure("targets-unserved", "SDG targets no Action Line serves", len(unserved)),
        Figure("share-served", "Share of SDG targets served", round(served_count / len(targets), 4) if targets else 0.0),
        Figure("goals-unserved", "SDG goals no Action Line is linked to", len(unserved_goals)),
        Figure("ict-targets", "ICT-specific SDG targets (tier ict)", sum(1 for r in ict_rows if r[1] == "ict")),
        Figure("ict-targets-unserved", "ICT-specific SDG targets (tier ict) no Action Line serves", sum(1 for r in ict_rows if r[1] == "ict" and not r[4])),
    ]
    return narrow(
        G,
        result,
        scope,
        {"action-line-goal-matrix": ["action_line", "goal"], "action-line-target-matrix": ["action_line", "target"], "ict-targets": ["target"]},
        fallback_kinds=("unserved-target", "unserved-goal"),
    )
