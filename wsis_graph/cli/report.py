"""The command ``wsis-graph report``: write an alignment gap report.

``--format`` is one of html, pdf, md, json, csv; when it is left out, the suffix of ``--out`` says
(``.html``, ``.pdf``, ``.md``, ``.json``, ``.csv``, ``.zip`` for csv). For csv, ``--out x.csv``
writes one CSV of all findings and ``--out x.zip`` a ZIP with the findings, every analysis table and
the cover. The file is written atomically: on any error nothing is left at ``--out``.

Exit codes: 0 written; 1 the store or a library could not be used, or the analyses failed on the
data; 2 a bad option (format, confidence mark, unknown scope value, output folder missing).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import click

from wsis_graph.analysis.findings import CONFIDENCE_ORDER
from wsis_graph.analysis.options import ProjectionOptions, Scope
from wsis_graph.cli.options import chosen_graphs, graph_option, store_option
from wsis_graph.store import QueryError, StoreError, default_store_url, open_store

_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".json": "json", ".csv": "csv", ".zip": "csv"}


def _confidence(values: tuple[str, ...]) -> frozenset[str] | None:
    marks = [m.strip() for v in values for m in v.split(",") if m.strip()]
    if not marks:
        return None
    unknown = [m for m in marks if m not in CONFIDENCE_ORDER]
    if unknown:
        raise click.BadParameter(f"unknown confidence mark {unknown[0]!r}; the marks are: {', '.join(CONFIDENCE_ORDER)}", param_hint="--confidence")
    return frozenset(marks)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md", "json", "csv"]), default=None,
              help="Output format (default: from the suffix of --out).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write (replaced atomically). For csv: a .csv of findings, or a .zip with every table.")
@store_option
@click.option("--action-line", "action_line", default=None, metavar="CODE", help="Report on one Action Line (C5, C7.e-health or IRI).")
@click.option("--gdc", "gdc", default=None, metavar="ID", help="Report on one GDC objective or commitment (GDC-O3, GDC-29(b) or IRI).")
@click.option("--entity", "entity", default=None, metavar="CODE", help="Report on one entity (ITU, UNESCO or IRI).")
@graph_option
@click.option("--include-proposals", is_flag=True, help="Include the proposal sets in the analyses.")
@click.option("--include-records", is_flag=True, help="Include the practice-record graphs (and the practice analysis).")
@click.option("--confidence", "confidence", multiple=True, metavar="MARKS",
              help="Keep only links with these confidence marks (repeat or comma-separate: verified,single-source).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def report(fmt, out, store_url, action_line, gdc, entity, graph_names, include_proposals, include_records, confidence, quiet) -> None:
    """Write an alignment gap report: executive summary, one section per analysis, charts.

    Every chart and table names the analysis (or named query) that computed it and the named graphs
    and confidence marks it rests on; the cover gives the data version and the date.
    """
    from wsis_graph.reports import FORMATS, write

    if fmt is None:
        fmt = _SUFFIXES.get(out.suffix.lower())
        if fmt is None:
            raise click.UsageError(f"cannot tell the format from {out.name!r}; give --format ({'|'.join(FORMATS)})")
    if not out.parent.is_dir():
        raise click.BadParameter(f"the folder {str(out.parent)!r} does not exist", param_hint="--out")
    scopes = [(k, v) for k, v in (("action-line", action_line), ("gdc", gdc), ("entity", entity)) if v]
    if len(scopes) > 1:
        raise click.UsageError("give at most one of --action-line, --gdc, --entity")
    scope = Scope(*scopes[0]) if scopes else None
    options = ProjectionOptions(confidence=_confidence(confidence), proposals=include_proposals, records=include_records)

    from wsis_graph.reports.model import build_report

    try:
        store = open_store(store_url, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    timings: dict[str, float] = {}
    try:
        if len(store) == 0:
            raise click.ClickException(f"the store {store_url or default_store_url()} is empty; run `wsis-graph build` first")
        graphs = chosen_graphs(store, graph_names)
        if graphs is not None:
            options = replace(options, graphs=graphs)
        try:
            built = build_report(store, options=options, scope=scope, with_charts=FORMATS[fmt], timings=timings)
        except LookupError as exc:  # an unknown scope value
            raise click.BadParameter(str(exc).strip("'\""), param_hint=f"--{scope.kind}" if scope else None) from None
        except ValueError as exc:  # ResolveError and other refusals of a scope value
            if scope is None:
                raise click.ClickException(f"the analyses failed: {exc}") from None
            raise click.BadParameter(str(exc), param_hint=f"--{scope.kind}") from None
        except (QueryError, StoreError) as exc:
            raise click.ClickException(f"the store could not answer: {exc}") from None
        rendering = time.perf_counter()
        try:
            size = write(built, fmt, out)
        except OSError as exc:
            raise click.ClickException(f"cannot write {out}: {exc}") from None
        except RuntimeError as exc:  # PdfUnavailable
            raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    done = time.perf_counter()
    if not quiet:
        findings = sum(len(r.findings) for r in built.results)
        click.echo(
            f"wrote {out} ({fmt}, {size:,} bytes): {len(built.results)} analyses, {findings} findings, "
            f"{sum(len(s.charts) for s in built.sections)} charts; analyses {timings['analyses']:.2f} s, "
            f"charts and profile {timings['assembly']:.2f} s, rendering {done - rendering:.2f} s",
            err=True,
        )

