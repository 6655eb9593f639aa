"""Tagged texts as a page to read (HTML) or a document to edit (Markdown): each paragraph with its tags,
and in the HTML the words that weighed for a tag highlighted where they stand."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from wsis_graph.matching.tagging import Tagged

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
h1 { font-size: 1.4rem; } .meta { color: #555; }
article { border-top: 1px solid #ddd; padding: 0.8rem 0; }
.id { font-weight: 600; color: #555; margin-right: 0.5rem; }
.where { color: #777; font-size: 0.85rem; }
mark { background: #fff2a8; padding: 0 0.1em; }
ul.tags { list-style: none; padding: 0; margin: 0.4rem 0 0; }
ul.tags li { margin: 0.15rem 0; }
.code { display: inline-block; min-width: 3.5rem; font-weight: 600; }
.score { color: #555; font-size: 0.85rem; }
.terms { color: #555; font-size: 0.85rem; }
.none { color: #777; font-style: italic; }
"""


def matched_words(tagged: Tagged) -> set[str]:
    """The words (lower case) that weighed for any tag of ``tagged``, as its text writes them."""
    return {word for tags in tagged.tags.values() for tag in tags for term in tag.matched for word in term.lower().split()}


def highlighted(text: str, words: set[str]) -> str:
    """``text`` escaped for HTML, with each word of ``words`` (compared in lower case) in a ``<mark>``.

    >>> highlighted("Clean water & Schools", {"water", "schools"})
    'Clean <mark>water</mark> &amp; <mark>Schools</mark>'
    """
    out, last = [], 0
    for m in _WORD.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        word = m.group(0)
        out.append(f"<mark>{html.escape(word)}</mark>" if word.lower() in words else html.escape(word))
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def tags_html(found: Sequence[Tagged], *, title: str, kinds: dict[str, str], language: str = "en") -> str:
    """A whole HTML page: the paragraphs in order, each with its tags and the matched words highlighted."""
    parts = [f"<!DOCTYPE html>\n<html lang=\"{html.escape(language)}\"><head><meta charset=\"utf-8\">"
             f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p class=\"meta\">{len(found)} paragraph(s) tagged with {html.escape(', '.join(kinds.values()))}. "
             "A tag is a suggestion for a person to check, with the words that weighed for it; it is not a link of "
             "the graph.</p>"]
    for tagged in found:
        t = tagged.text
        parts.append(f"<article id=\"{html.escape(t.id)}\"><p><span class=\"id\">{html.escape(t.id)}</span>"
                     f"{highlighted(t.text, matched_words(tagged))} "
                     f"<span class=\"where\">{html.escape(t.where)}</span></p><ul class=\"tags\">")
        any_tag = False
        for kind, tags in tagged.tags.items():
            for tag in tags:
                any_tag = True
                parts.append(f"<li><span class=\"code\">{html.escape(tag.code)}</span> {html.escape(tag.label)} "
                             f"<span class=\"score\">(score {tag.score:.2f}, {html.escape(kind)})</span> "
                             f"<span class=\"terms\">· {html.escape(', '.join(tag.matched))}</span></li>")
        if not any_tag:
            parts.append("<li class=\"none\">no tag</li>")
        parts.append("</ul></article>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def tags_markdown(found: Sequence[Tagged], *, title: str, kinds: dict[str, str]) -> str:
    """The paragraphs and their tags as Markdown."""
    lines = [f"# {title}", "", f"{len(found)} paragraph(s) tagged with {', '.join(kinds.values())}. A tag is a "
             "suggestion for a person to check, with the words that weighed for it.", ""]
    for tagged in found:
        t = tagged.text
        lines += [f"## {t.id}" + (f" ({t.where})" if t.where else ""), "", t.text, ""]
        tags = [(kind, tag) for kind, ts in tagged.tags.items() for tag in ts]
        if not tags:
            lines += ["- no tag", ""]
            continue
        for kind, tag in tags:
            terms = ", ".join(f"`{term}`" for term in tag.matched)
            lines.append(f"- **{tag.code}** {tag.label} (score {tag.score:.2f}, {kind}){': ' + terms if terms else ''}")
        lines.append("")
    return "\n".join(lines)


__all__ = ["highlighted", "matched_words", "tags_html", "tags_markdown"]
