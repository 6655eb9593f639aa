"""`wsis-graph gaps`: the gap-analysis findings in a terminal or as JSON, and the projection for other tools.

``wsis-graph gaps`` projects the store once (:mod:`wsis_graph.analysis.projection`), runs the
analyses of :mod:`wsis_graph.analysis.registry` and prints, per analysis, its key figures and its
findings, each with the weakest confidence it rests on. Filters: ``--analysis`` (repeatable),
one scope (``--action-line C5``, ``--gdc GDC-O3`` or a commitment, ``--entity ITU``),
``--confidence`` (only links with these marks), ``--include-proposals``, ``--include-records``.
``--graphml``, ``--gexf`` and ``--json-graph`` also write the projection the findings were computed
on, for Gephi, yEd, Cytoscape or a script. In the table format a finding about a GDC paragraph or
commitment is followed by its words (the adopted text once imported, else our own summary, marked)
and the output ends with how much of the adopted text of the GDC the graph holds.

Exit codes: 0 printed; 1 the store could not be used or a file not written; 2 a bad option (an
unknown analysis, a scope that names nothing or a thing of the wrong kind, practice without
records).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from wsis_graph.analysis.findings import CONFIDENCE_ORDER, AnalysisResult, unit_for
from wsis_graph.analysis.gdc_texts import shorten
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.cli.errors import USAGE, bad_option, fail, store_answers
from wsis_graph.cli.options import base_option, graph_option, minter, on_graphs, open_for_command, require_data, scope_of, store_option


def _text(results: list[AnalysisResult], *, tables: bool, elapsed: float, texts: dict | None = None, coverage=None) -> str:
    texts = texts or {}
    lines: list[str] = []
    for r in results:
        lines.append(f"== {r.title} ({r.analysis})")
        if r.description:
            lines.append(f"   {r.description}")
        for f in r.figures:
            unit = f" {unit_for(f.value, f.unit)}" if f.unit else ""
            lines.append(f"   {f.label}: {f.value}{unit}")
        kinds = list(dict.fromkeys(f.kind for f in r.findings))
        for kind in kinds:
            found = r.of_kind(kind)
            lines.append(f"   -- {kind} ({len(found)})")
            for f in found:
                mark = f"  [{f.confidence}]" if f.confidence else ""
                lines.append(f"      {f.text}{mark}")
                for said in (texts[i.iri] for i in f.items if i.iri in texts):
                    under = f", objective {shorten(said.objective_name, 70)}" if said.objective_name else ""
                    lines.append(f"        {said.code}, {said.paragraph}{under}: {said.marked(160)}")
        if not r.findings:
            lines.append("   (no findings)")
        if tables:
            for t in r.tables:
                lines.append(f"   table {t.name}: {t.title} ({len(t.rows)} rows)")
                lines.append("      " + "\t".join(t.columns))
                for row in t.rows:
                    lines.append("      " + "\t".join("" if v is None else str(v) for v in row))
        lines.append("")
    if results:
        first = results[0]
        marks = ", ".join(first.confidence) if first.confidence else "every confidence mark"
        lines.append(f"On {len(first.graphs)} named graphs, {marks}{', with proposals' if first.proposals else ''}; {elapsed:.2f} s.")
    if coverage is not None and texts and any(i.iri in texts for r in results for f in r.findings for i in f.items):
        lines.append(f"Global Digital Compact: {coverage.text()}")
    return "\n".join(lines) + "\n"


@click.command("gaps")
@store_option
@base_option
@click.option("--analysis", "names", multiple=True, metavar="NAME", help="Only this analysis (repeatable): sdg-coverage, gdc-wsis, facilitation, rights, structure, evidence, submissions, practice.")
@click.option("--action-line", default=None, metavar="CODE", help="Only the findings about one Action Line (C5, C7.e-health) and what it links to.")
@click.option("--gdc", default=None, metavar="OBJECTIVE_OR_COMMITMENT", help="Only the findings about one GDC objective (GDC-O3, with its commitments) or commitment (GDC-29(b)).")
@click.option("--entity", default=None, metavar="ACRONYM", help="Only the findings about one entity (ITU) and the Action Lines it facilitates.")
@graph_option
@click.option("--confidence", "marks", multiple=True, type=click.Choice(CONFIDENCE_ORDER), help="Keep only links with this confidence mark (repeatable); all marks when not given.")
@click.option("--include-proposals", is_flag=True, help="Include the proposal sets (graphs typed wsis:ProposalSet).")
@click.option("--include-records", is_flag=True, help="Include the practice records (needed for the practice analysis).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Plain text for a terminal, or the full results as JSON.")
@click.option("--tables", "show_tables", is_flag=True, help="With --format table, print the tables behind the findings too.")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write the projection as GraphML to this file.")
@click.option("--gexf", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write the projection as GEXF (Gephi) to this file.")
@click.option("--json-graph", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write the projection as NetworkX node-link JSON to this file.")
def gaps(
    store_url: str | None,
    base: str | None,
    names: tuple[str, ...],
    action_line: str | None,
    gdc: str | None,
    entity: str | None,
    graph_names: tuple[str, ...],
    marks: tuple[str, ...],
    include_proposals: bool,
    include_records: bool,
    fmt: str,
    show_tables: bool,
    graphml: Path | None,
    gexf: Path | None,
    json_graph: Path | None,
) -> None:
    """Print the gap-analysis findings: coverage, GDC homes, facilitation, rights, structure, evidence, submissions."""
    from wsis_graph.analysis.gdc_texts import gdc_texts
    from wsis_graph.analysis.projection import ResolveError, project, write_gexf, write_graphml, write_node_link_json
    from wsis_graph.analysis.registry import AnalysisError, run_on_graph, select
    from wsis_graph.texts.coverage import gdc_coverage

    mint = minter(base)
    scope = scope_of(action_line, gdc, entity)
    hint = f"--{scope.kind}" if scope else None
    for path in (graphml, gexf, json_graph):
        if path is not None and not path.parent.exists():
            fail(f"the folder {path.parent} does not exist (for {path})", USAGE)
    options = ProjectionOptions(confidence=frozenset(marks) if marks else None, proposals=include_proposals, records=include_records)
    try:
        chosen = select(list(names) or None, options)
    except AnalysisError as exc:
        bad_option("--analysis", str(exc))
    started = time.perf_counter()
    store = open_for_command(store_url, read_only=True)
    with store_answers():
        require_data(store, store_url)
        G = project(store, on_graphs(store, options, graph_names))
    try:
        for path, write in ((graphml, write_graphml), (gexf, write_gexf), (json_graph, write_node_link_json)):
            if path is not None:
                write(G, path)
                click.echo(f"wrote the projection ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges) to {path}", err=True)
    except OSError as exc:
        fail(f"cannot write the projection: {exc}")
    try:
        results = run_on_graph(G, chosen, scope)
    except ResolveError as exc:
        bad_option(hint, str(exc))
    except ValueError as exc:  # another refusal of the scope's value
        if scope is None:
            raise
        bad_option(hint, str(exc))
    elapsed = time.perf_counter() - started
    if fmt == "json":
        json.dump([r.to_dict() for r in results], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        with store_answers():
            texts, coverage = gdc_texts(store), gdc_coverage(store, mint)
        sys.stdout.write(_text(results, tables=show_tables, elapsed=elapsed, texts=texts, coverage=coverage))
