"""`wsis-graph roadmap`: one Action Line's roadmap sheet, for its facilitators' meeting (A/RES/80/173 para 113).

``wsis-graph roadmap --action-line C5 --out c5.pdf`` writes the sheet of C5: its facilitators and their
roles with the periods the sources give, the GDC commitments linked to it (reviewed, then curated, then
suggested by the review queue, each with its words), the SDG targets it serves, the rights provisions
it touches, its open gaps and the candidates waiting for review (:mod:`wsis_graph.analysis.roadmap`,
rendered by :mod:`wsis_graph.reports`). ``--format`` is one of html, pdf, md, xlsx, json; when it is
left out, the suffix of ``--out`` says. The file is written atomically: on any error nothing is left
at ``--out``. The HTML, PDF and Markdown sheets fit one or two pages and cut long lists ("and 12
more"); the workbook and the JSON hold every row.

Exit codes: 0 written; 1 the store or a library could not be used, or the file not written; 2 a bad
option (an unknown Action Line, whose message lists the codes; a format that cannot be told; a
missing output folder).
"""

from __future__ import annotations

from pathlib import Path

import click

from wsis_graph.analysis.common import plural
from wsis_graph.analysis.projection import ResolveError
from wsis_graph.analysis.roadmap import GROUPS
from wsis_graph.cli.errors import USAGE, bad_option, fail, store_answers
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option

_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".xlsx": "xlsx", ".json": "json"}


@click.command("roadmap")
@click.option("--action-line", "action_line", required=True, metavar="CODE",
              help="The Action Line (C5, C7.e-health, its English label or IRI).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md", "xlsx", "json"]), default=None,
              help="Output format (default: from the suffix of --out).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (replaced atomically).")
@store_option
@base_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def roadmap_command(action_line: str, fmt: str | None, out: Path, store_url: str | None, base: str | None, quiet: bool) -> None:
    """Write the roadmap sheet of one Action Line: facilitators, GDC commitments, SDG targets, rights, gaps, open candidates."""
    from wsis_graph.reports import SHEET_FORMATS, write
    from wsis_graph.reports.roadmap import build_sheet
    from wsis_graph.review.model import Names
    from wsis_graph.review.state import candidates
    from wsis_graph.texts.coverage import gdc_coverage

    mint = minter(base)
    if fmt is None:
        fmt = _SUFFIXES.get(out.suffix.lower())
        if fmt is None:
            fail(f"cannot tell the format from {out.name!r}; give --format ({'|'.join(SHEET_FORMATS)})", USAGE)
    if not out.parent.is_dir():
        bad_option("--out", f"the folder {str(out.parent)!r} does not exist")
    store = open_for_command(store_url, read_only=True)
    with store_answers():
        require_data(store, store_url)
        queue = list(candidates(store, Names(mint)).values())
        try:
            sheet = build_sheet(store, action_line, queue=queue, gdc_coverage=gdc_coverage(store, mint))
        except ResolveError as exc:
            bad_option("--action-line", str(exc))
    try:
        size = write(sheet, fmt, out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    except RuntimeError as exc:  # PdfUnavailable
        fail(str(exc))
    if not quiet:
        r = sheet.roadmap
        groups = ", ".join(f"{len(r.group(g))} {g}" for g in GROUPS)
        click.echo(
            f"wrote {out} ({fmt}, {size:,} bytes): {r.action_line.code}, {plural(len(r.facilitators), 'role')}, "
            f"{plural(len(r.commitments), 'GDC commitment')} ({groups}), {plural(len(r.targets), 'SDG target')}, "
            f"{plural(len(r.provisions), 'provision')}, {plural(len(r.gaps), 'gap')}, {plural(len(r.waiting), 'candidate')} waiting",
            err=True,
        )
