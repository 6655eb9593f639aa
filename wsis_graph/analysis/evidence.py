"""Evidence: how well supported the links are, and which were never confirmed again after their source's date.

A *qualified link* is one qualified node of the projection (a wsis:Alignment or a wsis:Facilitation,
the ``alignment`` attribute of its edges; a facilitation gives two edges, its role and
``facilitatedBy``, and is counted once). Tables ``links-by-confidence``, ``links-by-method`` and
``links-by-source`` count them per confidence mark (as the source tables marked them; named query
``links-by-confidence`` gives the same counts over the store), per method (official, expert,
derived, text-mined, proposal; a facilitation has none) and per source document (a link with
several sources is counted under each; ``(no source document)`` for a link whose sources are
given only as a citation).

``unconfirmed-link``: a link (subject, relation, object) whose statements are all dated in one
year, at least :data:`STALE_YEARS` years before the newest date of any link in the projection (the
*reference year*): no source has confirmed it since its own source's date, and that date is not
recent. The date of a statement is the one its source gives
(``dct:date``, or the date or period as worded, such as ``Sept 2024`` or ``2010-2012``; the last
year named counts). A period still open (``2006-``) is current, and a date worded as undated
(``undated (2025?)``) is no date: such links, and those with no date at all, are counted in the
figure ``undated-links`` and not reported one by one.
"""

from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx

from wsis_graph.analysis.common import evidence, item, name, narrow, plural, sort_key, start, table
from wsis_graph.analysis.findings import CONFIDENCE_ORDER, AnalysisResult, Finding, Figure, weakest
from wsis_graph.analysis.options import Scope

NO_SOURCE = "(no source document)"
STALE_YEARS = 3
NO_METHOD = "(none)"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def last_year(date: str | None) -> int | None | str:
    """The year a statement was last seen, from its date as the source words it.

    ``None`` for no date or an undated one, ``"open"`` for a period that is still running.

    >>> last_year("2010-2012"), last_year("Dec 2024 / Jan 2025"), last_year("2006-"), last_year("undated (2025?)")
    (2012, 2025, 'open', None)
    """
    if not date or "undated" in date.lower():
        return None
    text = date.strip()
    if re.fullmatch(r"(?:19|20)\d\d\s*-", text):
        return "open"
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def _qualified(G: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict]]:
    """One (subject, object, attributes) per qualified node; for a facilitation, its role edge."""
    links: dict[str, tuple[str, str, dict]] = {}
    for u, v, data in G.edges(data=True):
        node = data.get("alignment")
        if not node:
            continue
        if node not in links or links[node][2].get("relation") == "facilitatedBy":
            links[node] = (u, v, data)
    return links


def evidence_strength(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """Links per confidence mark, method and source; links never confirmed again since their source's date."""
    result = start(
        G,
        "evidence",
        "Strength of the evidence",
        "How the qualified links (alignments and facilitations) of the projection are supported: per confidence mark, "
        "per method and per source document, and which were never confirmed again after their source's date.",
        queries=["links-by-confidence"],
    )
    links = _qualified(G)
    by_confidence: dict[str, int] = defaultdict(int)
    by_method: dict[str, int] = defaultdict(int)
    by_source: dict[str, int] = defaultdict(int)
    for u, v, data in links.values():
        by_confidence[data.get("confidence") or "(none)"] += 1
        by_method[data.get("method") or NO_METHOD] += 1
        for src in data.get("sources") or ((data["source"],) if data.get("source") else (NO_SOURCE,)):
            by_source[src] += 1
    rank = lambda key: CONFIDENCE_ORDER.index(key) if key in CONFIDENCE_ORDER else len(CONFIDENCE_ORDER)  # noqa: E731
    result.tables.append(table("links-by-confidence", "Qualified links per confidence mark", ["key", "links"], sorted(by_confidence.items(), key=lambda kv: (rank(kv[0]), kv[0]))))
    result.tables.append(table("links-by-method", "Qualified links per method", ["key", "links"], sorted(by_method.items(), key=lambda kv: (-kv[1], kv[0]))))
    result.tables.append(table("links-by-source", "Qualified links per source document", ["key", "links"], sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0]))))

    statements: dict[tuple[str, str, str], list[tuple[str, str, dict]]] = defaultdict(list)
    for u, v, data in links.values():
        statements[(u, data.get("relation") or "", v)].append((u, v, data))
    years: dict[tuple, set] = {key: {last_year(d.get("date")) for _, _, d in found} for key, found in statements.items()}
    dated = [y for ys in years.values() for y in ys if isinstance(y, int)]
    reference = max(dated) if dated else None
    undated = 0
    stale = []
    for key, ys in years.items():
        if "open" in ys:
            continue
        known = {y for y in ys if isinstance(y, int)}
        if not known:
            undated += 1
            continue
        if len(known) == 1 and reference is not None and next(iter(known)) <= reference - STALE_YEARS:
            stale.append((next(iter(known)), key))
    stale.sort(key=lambda s: (s[0], sort_key(G, s[1][0]), s[1][1], sort_key(G, s[1][2])))
    for year, (u, relation, v) in stale:
        found = statements[(u, relation, v)]
        marks = sorted({d.get("confidence") or "" for _, _, d in found} - {""})
        result.findings.append(
            Finding(
                "unconfirmed-link",
                f"{name(G, u)} {relation} {name(G, v)}: last dated {year} ({', '.join(dict.fromkeys(d.get('date') for _, _, d in found if d.get('date')))}), "
                f"not confirmed since; {plural(reference - year, 'year')} before the newest dated link ({reference}).",
                items=(item(G, u), item(G, v)),
                figure=reference - year,
                unit="years",
                evidence=tuple(evidence(a, b, d) for a, b, d in found),
                confidence=weakest(marks),
            )
        )
    result.figures += [
        Figure("qualified-links", "Qualified links (alignments and facilitations)", len(links)),
        Figure("verified-links", "Qualified links marked verified", by_confidence.get("verified", 0)),
        Figure("share-verified", "Share of qualified links marked verified", round(by_confidence.get("verified", 0) / len(links), 4) if links else 0.0),
        Figure("unconfirmed-links", f"Dated links not confirmed since their source's date, {STALE_YEARS} or more years before the newest", len(stale)),
        Figure("undated-links", "Links whose statements carry no date", undated),
    ]
    if reference is not None:
        result.figures.append(Figure("reference-year", "Newest year any link is dated", reference))
    return narrow(G, result, scope, {})
