"""The command ``wsis-graph report``: write an alignment gap report.

``--format`` is one of html, pdf, md, json, csv; when it is left out, the suffix of ``--out`` says
(``.html``, ``.pdf``, ``.md``, ``.json``, ``.csv``, ``.zip`` for csv). For csv, ``--out x.csv``
writes one CSV of all findings and ``--out x.zip`` a ZIP with the findings, every analysis table and
the cover. The file is written atomically: on any error nothing is left at ``--out``.

Exit codes: 0 written; 1 the store or a library could not be used, or the analyses failed on the
data; 2 a bad option (format, confidence mark, unknown scope value, output folder missing, ``--brief``
with json or csv).

``--brief`` writes the short form: the written summary, the data limitations, the charts and the first
findings of each kind (at most 12 A4 pages as PDF); the full report keeps the rest.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from wsis_graph.analysis.findings import CONFIDENCE_ORDER
from wsis_graph.analysis.options import ProjectionOptions
from wsis_graph.cli.errors import USAGE, bad_option, fail, store_answers
from wsis_graph.cli.options import base_option, graph_option, minter, on_graphs, open_for_command, require_data, scope_of, store_option

_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".json": "json", ".csv": "csv", ".zip": "csv"}


def _confidence(values: tuple[str, ...]) -> frozenset[str] | None:
    marks = [m.strip() for v in values for m in v.split(",") if m.strip()]
    if not marks:
        return None
    unknown = [m for m in marks if m not in CONFIDENCE_ORDER]
    if unknown:
        bad_option("--confidence", f"unknown confidence mark {unknown[0]!r}; the marks are: {', '.join(CONFIDENCE_ORDER)}")
    return frozenset(marks)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md", "json", "csv"]), default=None,
              help="Output format (default: from the suffix of --out).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write (replaced atomically). For csv: a .csv of findings, or a .zip with every table.")
@store_option
@base_option
@click.option("--action-line", "action_line", default=None, metavar="CODE", help="Report on one Action Line (C5, C7.e-health or IRI).")
@click.option("--gdc", "gdc", default=None, metavar="ID", help="Report on one GDC objective or commitment (GDC-O3, GDC-29(b) or IRI).")
@click.option("--entity", "entity", default=None, metavar="CODE", help="Report on one entity (ITU, UNESCO or IRI).")
@graph_option
@click.option("--include-proposals", is_flag=True, help="Include the proposal sets in the analyses.")
@click.option("--include-records", is_flag=True, help="Include the practice-record graphs (and the practice analysis).")
@click.option("--confidence", "confidence", multiple=True, metavar="MARKS",
              help="Keep only links with these confidence marks (repeat or comma-separate: verified,single-source).")
@click.option("--brief", is_flag=True,
              help="The short form (html, pdf, md): the written summary, the data limitations, the charts and the first "
                   "findings of each kind; everything else stays in the full report and its JSON/CSV.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def report(fmt, out, store_url, base, action_line, gdc, entity, graph_names, include_proposals, include_records, confidence, brief, quiet) -> None:
    """Write an alignment gap report: executive summary, one section per analysis, charts.

    Every chart and table names the analysis (or named query) that computed it and the named graphs
    and confidence marks it rests on; the cover gives the data version, the date and how much of the
    adopted text of the GDC the graph holds; each GDC paragraph or commitment is shown with its words.
    """
    from wsis_graph.reports import FORMATS, write
    from wsis_graph.reports.model import build_report
    from wsis_graph.texts.coverage import gdc_coverage

    mint = minter(base)
    if fmt is None:
        fmt = _SUFFIXES.get(out.suffix.lower())
        if fmt is None:
            fail(f"cannot tell the format from {out.name!r}; give --format ({'|'.join(FORMATS)})", USAGE)
    if brief and fmt in ("json", "csv"):
        bad_option("--brief", f"a brief is for reading (html, pdf, md); {fmt} lists every finding and table, so --brief has no meaning there")
    if not out.parent.is_dir():
        bad_option("--out", f"the folder {str(out.parent)!r} does not exist")
    scope = scope_of(action_line, gdc, entity)
    hint = f"--{scope.kind}" if scope else None
    options = ProjectionOptions(confidence=_confidence(confidence), proposals=include_proposals, records=include_records)
    store = open_for_command(store_url, read_only=True)
    timings: dict[str, float] = {}
    with store_answers():
        require_data(store, store_url)
        options = on_graphs(store, options, graph_names)
        try:
            built = build_report(store, options=options, scope=scope, with_charts=FORMATS[fmt], timings=timings,
                                 gdc_coverage=gdc_coverage(store, mint), brief=brief)
        except LookupError as exc:  # an unknown scope value
            bad_option(hint, str(exc).strip("'\""))
        except ValueError as exc:  # ResolveError and other refusals of a scope value
            if scope is None:
                fail(f"the analyses failed: {exc}")
            bad_option(hint, str(exc))
    rendering = time.perf_counter()
    try:
        size = write(built, fmt, out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    except RuntimeError as exc:  # PdfUnavailable
        fail(str(exc))
    done = time.perf_counter()
    if not quiet:
        findings = sum(len(r.findings) for r in built.results)
        click.echo(
            f"wrote {out} ({fmt}, {size:,} bytes): {len(built.results)} analyses, {findings} findings, "
            f"{sum(len(s.charts) for s in built.sections)} charts; analyses {timings['analyses']:.2f} s, "
            f"charts and profile {timings['assembly']:.2f} s, rendering {done - rendering:.2f} s",
            err=True,
        )

