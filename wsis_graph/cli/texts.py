"""``wsis-graph texts import|list|reconcile|diff``: official texts (UN resolutions, WSIS outcome documents) read paragraph by paragraph.

Exit statuses: 0 when the text was written, or was there already, or (``--dry-run``) was read;
2 for the user's mistakes: a file that cannot be read as the document it is said to be, an
unknown key, a generic document with no name, a diff with no two editions to compare; 1 when
the store cannot be used or the text would violate the shapes (nothing is written then).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import NoReturn

import click

from wsis_graph.cli.errors import FAILURE, USAGE, fail
from wsis_graph.cli.options import base_option, minter, open_for_command, require_data, store_option, text_or_json
from wsis_graph.store import QueryError, StoreError, default_store_url

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _refuse(file: Path | str, message: str) -> NoReturn:
    """One line naming the file and what was (not) found in it; exit status 2."""
    fail(f"{file}: {message}", USAGE)


def _write(action, subject, store_url: str | None):
    """Run a write to the store; a text the shapes refuse, or a store that cannot be used, ends the command
    (exit status 1) with the report or the store's message. Nothing was written then."""
    from wsis_graph.texts.write import TextRejected

    try:
        return action()
    except TextRejected as exc:
        click.echo(exc.report.text(), err=True)
        fail(f"{subject}: {exc}")
    except (StoreError, QueryError) as exc:
        fail(f"the store {store_url or default_store_url()} cannot be used: {exc}")


@click.group("texts")
def texts() -> None:
    """Official texts: UN resolutions and WSIS outcome documents, paragraph by paragraph."""


@texts.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--document", "key", required=True, metavar="KEY",
              help="What the file is: gdc (annex I of A/RES/79/1 only), geneva-declaration, geneva-plan, "
                   "tunis-commitment, tunis-agenda (with its annex), wsis20-outcome, or generic.")
@click.option("--symbol", default=None, metavar="SYMBOL", help="The document symbol (default: the one the file prints, else the key's).")
@click.option("--language", default="en", show_default=True, metavar="TAG", help="The language of the text (en, fr, es, ru, ar, zh …).")
@click.option("--name", default=None, metavar="NAME",
              help="For a generic document: the name of its graph and IRIs (default: made from its symbol).")
@click.option("--dry-run", is_flag=True, help="Print the structure found and write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
@base_option
def import_command(file: Path, key: str, symbol: str | None, language: str, name: str | None, dry_run: bool, fmt: str,
                   store_url: str | None, base: str | None) -> None:
    """Read FILE (.pdf with a text layer, .docx, .html or .txt) as the document KEY and write it into the store.

    The text is read paragraph by paragraph: page headers and footers removed, hyphenated words
    joined, preambular and numbered paragraphs, lettered items, roman sub-items, headings,
    footnotes and annexes. With --dry-run the structure is printed (an outline, or JSON with
    --format json) and nothing is written.

    Otherwise the text goes into a named graph of its own, one per document, language and
    edition (graph/text/KEY for the first English edition, graph/text/KEY/LANGUAGE-N for the
    others), validated with the SHACL shapes and written all or nothing. The same file imported
    again changes nothing; another file for the same document and language is a new edition,
    which takes over the document's IRIs while the one it replaces is kept beside it (see
    `wsis-graph texts diff`). A text in another language adds its words and labels to the same
    parts. A generic document is named by --name, or by its symbol.

    A file that cannot be read (a scan with no text layer, an encrypted PDF, a file whose
    content is not what its suffix says, a text with no numbered paragraph, a gdc file with no
    annex I) or an unknown KEY is one line on stderr and exit status 2; nothing is written.
    """
    from wsis_graph.texts import TextImportError, read_structure
    from wsis_graph.texts.outline import outline
    from wsis_graph.texts.write import document_key, import_text

    started = dt.datetime.now(dt.timezone.utc)
    if not _LANGUAGE.match(language):
        _refuse(file, f"{language!r} is not a language tag (en, fr, es, ru, ar, zh …)")
    if not file.is_file():
        _refuse(file, "no such file")
    mint = minter(base)
    try:
        structure = read_structure(file, key, symbol=symbol, language=language)
        if dry_run and name:
            document_key(structure.document, name)
    except TextImportError as exc:
        _refuse(file, str(exc))
    if dry_run:
        if fmt == "json":
            click.echo(json.dumps(structure.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(outline(structure))
            click.echo("\ndry run: nothing was written", err=True)
        return
    probe = open_for_command(store_url, read_only=True)  # a store that is not there is not made
    require_data(probe, store_url)
    probe.close()
    store = open_for_command(store_url)
    try:
        outcome = _write(lambda: import_text(store, structure, name=name, mint=mint, started=started), file, store_url)
    except TextImportError as exc:
        _refuse(file, str(exc))
    if fmt == "json":
        click.echo(json.dumps(outcome.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(outcome.summary())
    if outcome.reconciliation is not None:
        click.echo("\n".join(outcome.reconciliation.lines()))
    if outcome.status == "written":
        for span in structure.skipped:
            click.echo(f"  skipped {span.span} ({span.where}): {span.parts} parts")
        if structure.warnings:
            click.echo(f"  {len(structure.warnings)} warning(s):")
            for warning in structure.warnings:
                click.echo(f"    {warning}")


@texts.command("list")
@store_option
@base_option
@text_or_json
def list_command(store_url: str | None, base: str | None, fmt: str) -> None:
    """The imported texts: each document's editions in each language, with the file each was read from."""
    from wsis_graph.texts.editions import editions, part_count, title_in

    mint = minter(base)
    store = open_for_command(store_url, read_only=True)
    try:
        found = editions(store, mint)
        rows = [(e, part_count(store, e.graph), title_in(store, e.graph, e.language)) for e in found]
    except (StoreError, QueryError) as exc:
        fail(f"cannot read the imported texts: {exc}")
    if fmt == "json":
        click.echo(json.dumps([e.to_json() | {"parts": parts, "title": title} for e, parts, title in rows],
                              ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo("no imported texts (see `wsis-graph texts import --help`)")
        return
    for key in dict.fromkeys(e.key for e, _, _ in rows):
        mine = [row for row in rows if row[0].key == key]
        current = next((title for e, _, title in mine if e.current and e.language == "en"), mine[0][2])
        click.echo(f"{key}: {current}")
        for e, parts, _ in mine:
            state = "current" if e.current else "replaced"
            symbol = f", {e.symbol}" if e.symbol else ""
            click.echo(f"  {e.language} edition {e.number} ({state}{symbol}): {parts} parts from {e.file}, "
                       f"imported {e.created}  <{e.graph}>")


@texts.command("reconcile")
@click.argument("key")
@click.option("--language", default="en", show_default=True, metavar="TAG", help="The language of the edition to reconcile.")
@store_option
@base_option
@text_or_json
def reconcile_command(key: str, language: str, store_url: str | None, base: str | None, fmt: str) -> None:
    """Reconcile the current edition of the text KEY again with the curated tables as they now stand.

    `wsis-graph build` does this for every imported text; run it by hand after changing a single
    table, or to read the report again. The reconciliation graph is made afresh, validated and written
    all or nothing.
    """
    from wsis_graph.texts import TextImportError
    from wsis_graph.texts.write import reconcile_again

    store = open_for_command(store_url)
    try:
        found = _write(lambda: reconcile_again(store, key, language, mint=minter(base)), key, store_url)
    except TextImportError as exc:
        fail(str(exc), USAGE)
    if fmt == "json":
        click.echo(json.dumps(found.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(found.lines()))


@texts.command("diff")
@click.argument("key")
@click.option("--language", default="en", show_default=True, metavar="TAG", help="The language whose editions to compare.")
@store_option
@base_option
@text_or_json
def diff_command(key: str, language: str, store_url: str | None, base: str | None, fmt: str) -> None:
    """The parts added, removed and changed between the two latest editions of the text KEY.

    KEY is a document key (gdc, tunis-agenda …) or a generic document's name, as `wsis-graph
    texts list` shows them. Parts are matched by reference; a part is changed when its words
    (or its kind) differ.
    """
    from wsis_graph.texts.diff import NothingToCompare, diff_editions

    mint = minter(base)
    store = open_for_command(store_url, read_only=True)
    try:
        found = diff_editions(store, key, language, mint=mint)
    except NothingToCompare as exc:
        fail(str(exc), USAGE)
    except (StoreError, QueryError) as exc:
        fail(f"cannot read the imported texts: {exc}", FAILURE)
    if fmt == "json":
        click.echo(json.dumps(found.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(found.text())
