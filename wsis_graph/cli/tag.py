"""``wsis-graph tag``: the SDG goals (and, as the matcher grows, the other frameworks) that each paragraph of
a document, or each row of a table, is about, each tag with the words that weighed for it.

Exit statuses: 0 tagged; 2 for the user's mistakes (a file that cannot be read, an empty file, a CSV
without the named columns, an unknown kind); 1 when the store cannot be used or the output not written.
Tags are never written into the graph.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from wsis_graph.cli.errors import USAGE, fail
from wsis_graph.cli.options import open_for_command, require_data, store_option
from wsis_graph.files import write_atomically

_DOCUMENTS = (".pdf", ".docx", ".html", ".htm", ".txt")


@click.command("tag")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "kinds", multiple=True, metavar="KIND", help="What to tag with (repeatable); default sdg-goals.")
@click.option("--text-column", default="text", show_default=True, metavar="C", help="For a CSV: the column with the words.")
@click.option("--id-column", default="id", show_default=True, metavar="I", help="For a CSV: the column that names each row.")
@click.option("--language", default="en", show_default=True, metavar="TAG", help="The language of the texts.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "html", "md"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here instead of standard output.")
@store_option
def tag(file: Path, kinds: tuple[str, ...], text_column: str, id_column: str, language: str, fmt: str, out: Path | None,
        store_url: str | None) -> None:
    """Tag each paragraph of FILE (.pdf with a text layer, .docx, .html, .txt) or each row of a CSV table.

    A UN document is split into its numbered paragraphs and items (ids 11, 11(b)); any other document into
    its paragraphs of running text (ids p1, p2 …). Each gets the tags the tagger decides are present, not a
    fixed number: the things whose score stands within the kind's calibrated gap of the best one, each
    with its score and the terms that weighed for it. CSV output has one row per tag:
    id,kind,tag,label,score,rank,matched_terms. HTML shows the paragraphs with the matched words marked.
    """
    from wsis_graph.matching.tagger import TAG_KINDS, model_for
    from wsis_graph.matching.tagging import TaggingInputError, Text, csv_text, json_data, tag_texts, texts_of_table
    from wsis_graph.texts import TextImportError
    from wsis_graph.texts.paragraphs import paragraphs_of

    from wsis_graph.matching.text import LANGUAGES

    if language not in LANGUAGES:
        fail(f"unknown language {language!r} for --language; the tagger reads {', '.join(LANGUAGES)}", USAGE)
    kinds = tuple(dict.fromkeys(kinds or ("sdg-goals",)))
    unknown = [k for k in kinds if k not in TAG_KINDS]
    if unknown:
        fail(f"unknown kind {unknown[0]!r} for --to; the kinds are {', '.join(TAG_KINDS)}", USAGE)
    if not file.is_file():
        fail(f"{file}: no such file", USAGE)
    if file.stat().st_size == 0:
        fail(f"{file}: the file is empty", USAGE)
    try:
        if file.suffix.lower() == ".csv":
            texts = texts_of_table(file, text_column, id_column)
        elif file.suffix.lower() in _DOCUMENTS:
            texts = [Text(p.id, p.text, p.where) for p in paragraphs_of(file, language)]
        else:
            fail(f"{file}: cannot tag a {file.suffix or 'suffix-less'} file; give a .csv, .pdf, .docx, .html or .txt", USAGE)
    except (TaggingInputError, TextImportError) as exc:
        fail(f"{file}: {exc}", USAGE)
    except OSError as exc:
        fail(f"{file}: cannot be read: {exc.strerror or exc}", USAGE)
    warning = _language_warning(texts, language)
    if warning:
        click.echo(f"warning: {file}: {warning}", err=True)
    store = open_for_command(store_url, read_only=True)
    require_data(store, store_url)
    try:
        models = {kind: model_for(store, kind, language=language) for kind in kinds}
    except ValueError as exc:
        fail(str(exc))
    found = tag_texts(texts, models)
    described = {kind: TAG_KINDS[kind] for kind in kinds}
    if fmt == "csv":
        text = csv_text(found)
    elif fmt == "json":
        text = json.dumps(json_data(found, file.name, described), ensure_ascii=False, indent=1) + "\n"
    else:
        from wsis_graph.reports.tags import tags_html, tags_markdown

        title = f"Tags of {file.name}"
        text = tags_html(found, title=title, kinds=described, language=language) if fmt == "html" else \
            tags_markdown(found, title=title, kinds=described)
    _emit(text, out)


def _language_warning(texts, language: str) -> str:
    """A warning when the texts do not read as the language the tagger was told (a crude check on common words)."""
    if language != "en":
        return f"the tagger's lexicon is English; texts in {language!r} are tagged on the words they share with it"
    common = {"the", "and", "of", "to", "in", "for", "is", "that", "with", "on"}
    words = [w.lower() for t in texts for w in t.text.split()[:200]]
    if words and sum(w in common for w in words) / len(words) < 0.02:
        return "the texts do not read as English (few of its common words); tags may be missing or weak"
    return ""


def _emit(text: str, out: Path | None) -> None:
    """Print, or write ``out`` whole (a temporary file renamed into place), or fail with nothing written."""
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomically(out, text)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"wrote {out}", err=True)
