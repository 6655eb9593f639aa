"""Rights grounding: which Action Lines and GDC commitments rest on a human-rights provision, and which provisions nothing touches.

A subject (an Action Line or a GDC commitment) *touches* a provision (or a whole instrument) by one
of five routes, each an evidence path in the projection:

- ``direct``: the subject is ``groundedIn`` the provision or instrument;
- ``sdg-target``: the subject serves an SDG target (``contributesTo``, or ``linkedTo`` for a
  commitment) that is ``groundedIn`` the provision (the rights-links graph words these as a provision
  reflected in a target);
- ``sdg-goal``: the subject is linked to an SDG goal as a whole (the GDC names goals, the WSIS-SDG
  Matrix sometimes does) one of whose targets is ``groundedIn`` the provision (looser: the goal is
  broader than the target the provision is reflected in);
- ``document``: the subject is ``linkedTo`` a document (an outcome document, a resolution) that is
  ``groundedIn`` the provision or instrument;
- ``submission``: a recommendation or emerging trend of a submission ``concerns`` both the subject
  and the provision (a stakeholder's reading, text-mined; the weakest route).

Findings: ``ungrounded-action-line`` and ``ungrounded-commitment`` (no route at all), and
``untouched-provision``: a provision of one of the themes below that no Action Line or commitment
touches by any route. Table ``rights-matrix`` counts the evidence paths per provision and subject.

Themes are a rule over the provision's English label (its subject in a few words, such as
"freedom of opinion and expression"), one regular expression each (:data:`THEMES`):
privacy; expression (expression, opinion, information); assembly (assembly, association);
education; science (science, scientific); non-discrimination (discrimination, equality, equal
rights / protection / enjoyment); accessibility (accessibility, universal design, disability,
assistive); participation (participation, public affairs); remedy (remedy, remediation). A
provision may fall in several themes; one in none is not reported as untouched.
"""

from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx

from wsis_graph.analysis.common import edges, evidence, item, name, narrow, of_type, plural, sort_key, start, table, unreached
from wsis_graph.analysis.findings import AnalysisResult, Finding, Figure, weakest
from wsis_graph.analysis.options import Scope

THEMES: dict[str, re.Pattern] = {
    "privacy": re.compile(r"\bprivacy\b", re.I),
    "expression": re.compile(r"\bexpression\b|\bopinion\b|\binformation\b", re.I),
    "assembly": re.compile(r"\bassembly\b|\bassociations?\b", re.I),
    "education": re.compile(r"\beducation\b", re.I),
    "science": re.compile(r"\bscien(?:ce|tific)\b", re.I),
    "non-discrimination": re.compile(r"discriminat|\bequality\b|\bequal (?:rights|protection|enjoyment)\b", re.I),
    "accessibility": re.compile(r"accessib|universal design|disabilit|assistive", re.I),
    "participation": re.compile(r"\bparticipation\b|\bpublic affairs\b", re.I),
    "remedy": re.compile(r"\bremed(?:y|ies|iation)\b", re.I),
}

ROUTES = ("direct", "sdg-target", "sdg-goal", "document", "submission")
_GROUNDS = ("Provision", "Instrument")


def themes(label: str | None) -> list[str]:
    """The themes of a provision label.

    >>> themes("freedom of opinion and expression (incl. seeking, receiving and imparting information through any media)")
    ['expression']
    >>> themes("general principles (incl. (f) accessibility, (b) non-discrimination, (c) participation)")
    ['non-discrimination', 'accessibility', 'participation']
    >>> themes("marriage and family")
    []
    """
    if not label:
        return []
    return [theme for theme, pattern in THEMES.items() if pattern.search(label)]


def groundings(G: nx.MultiDiGraph) -> dict[str, dict[str, list[tuple[str, list[tuple[str, str, dict]]]]]]:
    """Per Action Line and commitment, the provisions and instruments it touches: ``{subject: {ground: [(route, path)]}}``.

    ``path`` is the list of edges ``(subject, object, attributes)`` that make the route.
    """
    kind = lambda n: G.nodes[n].get("type")  # noqa: E731
    grounded: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # thing -> [(provision, edge)]
    for u, v, data in edges(G, "groundedIn"):
        if kind(v) in _GROUNDS:
            grounded[u].append((v, data))
    targets_of: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # goal -> [(target, goal edge)]
    for u, v, data in edges(G, "goal"):
        if kind(u) == "SDGTarget":
            targets_of[v].append((u, data))
    subjects = of_type(G, "ActionLine", "GDCCommitment")
    out: dict[str, dict[str, list]] = {s: defaultdict(list) for s in subjects}
    for s in subjects:
        for p, data in grounded.get(s, []):
            out[s][p].append(("direct", [(s, p, data)]))
        for _, mid, data in G.out_edges(s, data=True):
            relation = data.get("relation")
            if relation not in ("contributesTo", "linkedTo"):
                continue
            route = {"SDGTarget": "sdg-target", "SDGGoal": "sdg-goal", "Document": "document"}.get(kind(mid))
            if route is None or (route == "document" and relation != "linkedTo"):
                continue
            if route == "sdg-goal":
                for target, goal_edge in targets_of.get(mid, []):
                    for p, second in grounded.get(target, []):
                        out[s][p].append((route, [(s, mid, data), (target, mid, goal_edge), (target, p, second)]))
                continue
            for p, second in grounded.get(mid, []):
                out[s][p].append((route, [(s, mid, data), (mid, p, second)]))
    concerns: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for u, v, data in edges(G, "concerns"):
        if kind(u) in ("Recommendation", "EmergingTrend"):
            concerns[u].append((v, data))
    for x, links in concerns.items():
        grounds = [(p, d) for p, d in links if kind(p) in _GROUNDS]
        for s, d in links:
            if s in out:
                for p, dp in grounds:
                    out[s][p].append(("submission", [(x, s, d), (x, p, dp)]))
    return out


def rights(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """Ungrounded Action Lines and commitments, untouched provisions by theme, the coverage matrix."""
    result = start(
        G,
        "rights",
        "Human-rights grounding",
        "Which Action Lines and GDC commitments touch a human-rights provision (directly, through an SDG target or a "
        "document grounded in it, or through a submission that names both), and which provisions of the digital themes "
        "nothing touches.",
        queries=["rights-grounding"],
    )
    touched = groundings(G)
    rows = []
    by_ground: dict[str, list[tuple[str, str, list]]] = defaultdict(list)
    for s in sorted(touched, key=lambda n: sort_key(G, n)):
        for p in sorted(touched[s], key=lambda n: sort_key(G, n)):
            paths = touched[s][p]
            rows.append([name(G, p), name(G, s), G.nodes[s].get("type"), len(paths)])
            for route, path in paths:
                by_ground[p].append((s, route, path))
    result.tables.append(table("rights-matrix", "Evidence paths between each provision (or instrument) and each Action Line or commitment", ["provision", "subject", "subject_type", "links"], rows))

    route_rows = []
    for s in sorted(touched, key=lambda n: sort_key(G, n)):
        counts = defaultdict(int)
        for paths in touched[s].values():
            for route, _ in paths:
                counts[route] += 1
        route_rows.append([name(G, s), G.nodes[s].get("type"), len(touched[s])] + [counts[r] for r in ROUTES])
    result.tables.append(table("rights-routes", "Provisions touched per subject, and evidence paths per route", ["subject", "subject_type", "provisions"] + [r.replace("-", "_") for r in ROUTES], route_rows))

    kinds = {"ActionLine": ("ungrounded-action-line", "Action Line"), "GDCCommitment": ("ungrounded-commitment", "GDC commitment")}
    ungrounded = defaultdict(int)
    for s in sorted(touched, key=lambda n: sort_key(G, n)):
        if touched[s]:
            continue
        kind, word = kinds[G.nodes[s]["type"]]
        ungrounded[kind] += 1
        result.findings.append(unreached(G, kind, s, f"{word} {item(G, s).name} touches no human-rights provision by any route.", "provisions"))

    theme_rows = []
    untouched_total = 0
    for p in of_type(G, "Provision"):
        found = themes(G.nodes[p].get("label"))
        if not found:
            continue
        subjects = sorted({s for s, _, _ in by_ground.get(p, [])}, key=lambda n: sort_key(G, n))
        theme_rows.append([name(G, p), G.nodes[p].get("label"), " ".join(found), len(subjects)])
        if subjects:
            continue
        untouched_total += 1
        text = f"No Action Line or GDC commitment touches {item(G, p).name} ({', '.join(found)})."
        result.findings.append(unreached(G, "untouched-provision", p, text, "Action Lines and commitments"))
    result.tables.append(table("provision-themes", "Provisions of the digital themes and how many Action Lines and commitments touch them", ["provision", "label", "themes", "subjects"], theme_rows))

    n_lines = len(of_type(G, "ActionLine"))
    n_commitments = len(of_type(G, "GDCCommitment"))
    result.figures += [
        Figure("ungrounded-action-lines", "Action Lines touching no rights provision", ungrounded["ungrounded-action-line"]),
        Figure("ungrounded-commitments", "GDC commitments touching no rights provision", ungrounded["ungrounded-commitment"]),
        Figure("action-lines", "Action Lines", n_lines),
        Figure("commitments", "GDC commitments", n_commitments),
        Figure("untouched-provisions", "Provisions of the digital themes that nothing touches", untouched_total),
        Figure("themed-provisions", "Provisions of the digital themes", len(theme_rows)),
    ]
    # the paths behind the matrix, one finding per grounded subject with its weakest confidence
    for s in sorted(touched, key=lambda n: sort_key(G, n)):
        if not touched[s]:
            continue
        paths = [(route, path) for ps in touched[s].values() for route, path in ps]
        links = [e for _, path in paths for e in path]
        routes = sorted({route for route, _ in paths}, key=ROUTES.index)
        result.findings.append(
            Finding(
                "grounding",
                f"{item(G, s).name} touches {plural(len(touched[s]), 'provision or instrument', 'provisions or instruments')} "
                f"through {', '.join(routes)} ({plural(len(paths), 'path')}).",
                items=(item(G, s),) + tuple(item(G, p) for p in sorted(touched[s], key=lambda n: sort_key(G, n))),
                figure=len(touched[s]),
                unit="provisions or instruments",
                evidence=tuple(dict.fromkeys(evidence(u, v, d) for u, v, d in links)),
                confidence=weakest(d.get("confidence") for _, _, d in links),
            )
        )
    return narrow(G, result, scope, {"rights-matrix": ["provision", "subject"], "rights-routes": ["subject"], "provision-themes": ["provision"]})
