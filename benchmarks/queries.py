"""Which named queries the benchmarks ask, with which parameter values, and which are cheap or heavy.

Every named query of :mod:`wsis_graph.queries` is measured; a query with required parameters is
asked with the values below (the first example values of the test suite, or a country and Action
Line that the generated records use). A query the table does not know is asked with its
defaults, and skipped when it has a required parameter without a value here.
"""

from __future__ import annotations

from wsis_graph.queries.registry import NamedQuery, named_queries

#: Parameter values per query (queries without required parameters need no entry).
PARAMS: dict[str, dict[str, str]] = {
    "action-line-sdg-targets": {"actionLine": "C2"},
    "action-line-facilitators": {"actionLine": "C4"},
    "gdc-objective-commitments": {"objective": "GDC-O1"},
    "indicators-of-target": {"target": "17.6"},
    "rights-grounding": {"subject": "sdg:16.10"},
    "sdg-action-lines": {"sdg": "9"},
    "records-of-country-action-line": {"country": "KEN", "actionLine": "C7"},
}

#: The cheap query of the throughput runs: a short answer from the curated graph (about 1 ms in
#: the engine), so that the HTTP layer's own cost shows.
CHEAP = "entities-by-action-lines"
#: The heavy query of the throughput runs: an aggregation over every record.
HEAVY = "records-per-action-line-goal"
#: The queries over all records (the issue's targets: under 1 s at 1M; 20x rdflib).
AGGREGATIONS = ("records-per-action-line-goal", "records-least-practice-action-lines")
#: The selective record queries (target: p50 under 50 ms over HTTP at 1M).
SELECTIVE = ("records-of-country-action-line",)


def benchmark_queries() -> dict[str, tuple[NamedQuery, dict[str, str]]]:
    """Every named query that can be asked, with its parameter values, by name."""
    chosen = {}
    for name, query in named_queries().items():
        values = PARAMS.get(name, {})
        if any(p.required and p.name not in values for p in query.parameters):
            continue
        chosen[name] = (query, values)
    return chosen


def query_text(query: NamedQuery, values: dict[str, str]) -> str:
    """The text an HTTP client sends: the parameters written in as VALUES rows (as the editor does)."""
    from wsis_graph.web.pages.editor import editor_text

    return editor_text(query, values)
