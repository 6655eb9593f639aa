"""``wsis-graph texts``: official texts (UN resolutions, WSIS outcome documents) read paragraph by paragraph."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from wsis_graph.cli.errors import USAGE, fail
from wsis_graph.cli.options import store_option

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _refuse(file: Path | str, message: str) -> None:
    """One line naming the file and what was (not) found in it; exit status 2."""
    fail(f"{file}: {message}", USAGE)


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
@click.option("--dry-run", is_flag=True, help="Print the structure found and write nothing (the only mode built so far).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
def import_command(file: Path, key: str, symbol: str | None, language: str, dry_run: bool, fmt: str,
                   store_url: str | None) -> None:
    """Read FILE (.pdf with a text layer, .docx, .html or .txt) as the document KEY.

    The text is read paragraph by paragraph: page headers and footers removed, hyphenated words
    joined, preambular and numbered paragraphs, lettered items, roman sub-items, headings,
    footnotes and annexes. With --dry-run the structure is printed (an outline, or JSON with
    --format json) and nothing is written.

    Writing imported texts into the store is not built yet: without --dry-run the command
    refuses with exit status 2 and writes nothing; --store is accepted for that later step.

    A file that cannot be read (a scan with no text layer, an encrypted PDF, a file whose
    content is not what its suffix says, a text with no numbered paragraph, a gdc file with no
    annex I) or an unknown KEY is one line on stderr and exit status 2.
    """
    from wsis_graph.texts import TextImportError, read_structure
    from wsis_graph.texts.outline import outline

    if not dry_run:
        _refuse(file, "writing imported texts into the store is not built yet; use --dry-run")
    if not _LANGUAGE.match(language):
        _refuse(file, f"{language!r} is not a language tag (en, fr, es, ru, ar, zh …)")
    if not file.is_file():
        _refuse(file, "no such file")
    try:
        structure = read_structure(file, key, symbol=symbol, language=language)
    except TextImportError as exc:
        _refuse(file, str(exc))
    if fmt == "json":
        click.echo(json.dumps(structure.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(outline(structure))
        click.echo("\ndry run: nothing was written", err=True)
