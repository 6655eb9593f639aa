"""The GDC on a page: what a paragraph or commitment says, and how much of the adopted text the graph holds.

:func:`shown_text` turns the words of a GDC node (:class:`~wsis_graph.analysis.gdc_texts.GdcText`)
into what the macro ``gdc_text`` of ``pages/macros.html`` renders: the reference, a badge that
says whether the words are the official text or our own summary, the words (shortened, with the
full text behind "Full text", when they are long), in their language and writing direction, and
the objective they fall under. :func:`page_coverage` reads the GDC coverage
(:func:`wsis_graph.texts.coverage.gdc_coverage`) for the store this application serves. The map
(``/map``) and the GDC browse list (``/browse/gdc``) use both.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from wsis_graph.analysis.gdc_texts import GdcText, gdc_texts, shorten
from wsis_graph.texts.coverage import GdcCoverage, gdc_coverage
from wsis_graph.uris import Minter
from wsis_graph.web.pages import labels
from wsis_graph.web.pages.view import View, current_store

#: Words longer than this are shortened on the page, the full text one click away.
SHOWN_WIDTH = 320


@dataclass
class ShownText:
    """The words of a GDC node as a page shows them."""

    code: str
    href: str | None
    paragraph: str
    source: str
    official: bool
    words: str | None
    short: str | None  # the shortened words, when the words are long
    lang: str | None
    dir: str | None
    fallback: bool  # not in the language of the page
    objective_code: str | None
    objective_title: str | None
    objective_href: str | None
    confidence: str | None


def shown_text(text: GdcText, view: View, width: int = SHOWN_WIDTH) -> ShownText:
    """What the ``gdc_text`` macro needs to show one GDC node's words."""
    words = " ".join(text.words.split()) if text.words else None
    lang = text.language
    return ShownText(
        code=text.code or labels.local_name(text.iri),
        href=view.href(text.iri),
        paragraph=text.paragraph,
        source=text.source,
        official=text.official,
        words=words,
        short=shorten(words, width) if words and len(words) > width else None,
        lang=lang,
        dir="rtl" if labels.is_rtl(lang) else ("ltr" if lang else None),
        fallback=bool(lang) and labels.primary(lang) != labels.primary(view.lang),
        objective_code=text.objective_code,
        objective_title=text.objective_title,
        objective_href=view.href(text.objective) if text.objective else None,
        confidence=text.confidence,
    )


def page_texts(view: View) -> dict[str, GdcText]:
    """The words of every GDC node, in the page's language (one query)."""
    return gdc_texts(current_store(), view.lang)


def page_coverage() -> GdcCoverage:
    """How much of the adopted GDC the served store holds."""
    return gdc_coverage(current_store(), Minter(current_app.config["SETTINGS"].base))


__all__ = ["SHOWN_WIDTH", "ShownText", "page_coverage", "page_texts", "shown_text"]
