"""The WSIS+20 outcome document: the bodies, processes and Action Lines each paragraph names.

Names are matched as they are written: an acronym (``ITU``, ``IGF``) as a whole word in capitals,
a full name or title in any case, an Action Line by its code (``C3``), or by its name where the
paragraph speaks of Action Lines ("enabling environment" alone is not Action Line C6). The longest
names are matched first and the words they cover are not matched again, so that "WSIS Forum" is
not also WSIS, and "United Nations Development Programme" not also the United Nations. Each match is
stated as a qualified link (``wsis:mentions``, method text-mined, marked inferred, with the
paragraph as locator) and listed in the report, one line per thing named, for a person to
confirm; nothing else is inferred from it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from wsis_graph.namespaces import WSIS
from wsis_graph.texts.model import TextStructure
from wsis_graph.texts.reconcile import curated
from wsis_graph.texts.reconcile.context import Context, Outcome

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_KINDS = ("preamble", "paragraph", "item", "subitem")


_ACTION_LINES = re.compile(r"\baction\s+lines?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Name:
    """A name to look for: its pattern, the thing it names, its code, and whether it counts only in a
    paragraph that speaks of Action Lines."""

    pattern: re.Pattern[str]
    node: URIRef
    code: str
    length: int
    needs_context: bool = False


def patterns(ctx: Context) -> list[Name]:
    """The names to look for, longest first."""
    found = []
    for thing in curated.named_things(ctx.store, ctx.mint):
        for name in thing.names:
            if _ACRONYM.match(name):
                # A two-letter acronym followed by a capitalised word begins another body's name ("UN Women").
                after = r"(?![\w-])(?!\s+[A-Z])" if len(name) <= 2 else r"(?![\w-])"
                found.append(Name(re.compile(rf"(?<![\w-]){re.escape(name)}{after}"), thing.node, thing.code, len(name)))
            elif len(name.split()) >= 2 and "(" not in name and "para" not in name.lower():
                found.append(Name(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), thing.node, thing.code,
                                  len(name)))
    for line in curated.action_lines(ctx.store, ctx.mint):
        if "." not in line.code:
            found.append(Name(re.compile(rf"(?<![\w.]){line.code}(?![\w])"), line.node, line.code, len(line.code)))
        for name in (line.name, line.geneva_name):
            if name and len(name.split()) >= 2:
                found.append(Name(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), line.node, line.code,
                                  len(name), needs_context=True))
    return sorted(found, key=lambda n: -n.length)


def mentions(text: str, names: list[Name]) -> list[tuple[Name, str]]:
    """The names found in ``text``, each thing once, longest names first; a span found is not searched again."""
    taken: list[tuple[int, int]] = []
    seen: set[URIRef] = set()
    out = []
    context = bool(_ACTION_LINES.search(text))
    for name in names:
        if name.needs_context and not context:
            continue
        for m in name.pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            if name.node not in seen:
                seen.add(name.node)
                out.append((name, m.group(0)))
            break
    return out


def reconcile(ctx: Context, structure: TextStructure) -> Outcome:
    """A qualified ``wsis:mentions`` link for each name found in a paragraph, and the list for a person."""
    out = Outcome()
    where: dict[str, list[str]] = defaultdict(list)
    nodes: dict[str, URIRef] = {}
    names = patterns(ctx)
    for part in structure.parts:
        if part.kind not in _KINDS or not part.text:
            continue
        for name, written in mentions(part.text, names):
            node, code = name.node, name.code
            subject = ctx.part(part)
            link = ctx.mint.iri("alignment", "text", ctx.key, part.ref.replace("/", "-"), code)
            out.add(
                (subject, WSIS.mentions, node),
                (link, RDF.type, WSIS.Alignment),
                (link, WSIS.alignmentSubject, subject),
                (link, WSIS.alignmentObject, node),
                (link, WSIS.relation, WSIS.mentions),
                (link, WSIS.relationAsWorded, Literal(written)),
                (link, WSIS.method, WSIS.TextMined),
                (link, WSIS.confidence, WSIS.Inferred),
                (link, WSIS.sourceDocument, ctx.document),
                (link, WSIS.locator, Literal(part.ref)),
            )
            where[code].append(part.ref)
            nodes[code] = node
    for code in sorted(where):
        refs = where[code]
        out.find("mention", refs[0], code, f"named in {len(refs)} part(s): {', '.join(refs[:12])}"
                 f"{' …' if len(refs) > 12 else ''}; to be confirmed", nodes[code])
    return out

