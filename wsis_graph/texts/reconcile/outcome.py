"""The WSIS+20 outcome document: the bodies, processes and Action Lines each paragraph names.

Names are matched as they are written: an acronym (``ITU``, ``IGF``) as a whole word in capitals,
a full name or title in any case, an Action Line by its code (``C3``) or its name. Each match is
stated as a qualified link (``wsis:mentions``, method text-mined, marked inferred, with the
paragraph as locator) and listed in the report, one line per thing named, for a person to
confirm; nothing else is inferred from it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from wsis_graph.namespaces import WSIS
from wsis_graph.texts.model import TextStructure
from wsis_graph.texts.reconcile import curated
from wsis_graph.texts.reconcile.context import Context, Outcome

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_KINDS = ("preamble", "paragraph", "item", "subitem")


def patterns(ctx: Context) -> list[tuple[re.Pattern[str], URIRef, str]]:
    """The names to look for: a pattern, the thing it names, and its code."""
    found = []
    for thing in curated.named_things(ctx.store, ctx.mint):
        for name in thing.names:
            if _ACRONYM.match(name):
                found.append((re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), thing.node, thing.code))
            elif len(name.split()) >= 2 and "(" not in name and "para" not in name.lower():
                found.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), thing.node, thing.code))
    for line in curated.action_lines(ctx.store, ctx.mint):
        if "." not in line.code:
            found.append((re.compile(rf"(?<![\w.]){line.code}(?![\w])"), line.node, line.code))
        for name in (line.name, line.geneva_name):
            if name and len(name.split()) >= 2:
                found.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), line.node, line.code))
    return found


def reconcile(ctx: Context, structure: TextStructure) -> Outcome:
    """A qualified ``wsis:mentions`` link for each name found in a paragraph, and the list for a person."""
    out = Outcome()
    where: dict[str, list[str]] = defaultdict(list)
    nodes: dict[str, URIRef] = {}
    names = patterns(ctx)
    for part in structure.parts:
        if part.kind not in _KINDS or not part.text:
            continue
        seen: set[URIRef] = set()
        for pattern, node, code in names:
            m = pattern.search(part.text)
            if m is None or node in seen:
                continue
            seen.add(node)
            subject = ctx.part(part)
            link = ctx.mint.iri("alignment", "text", ctx.key, part.ref.replace("/", "-"), code)
            out.add(
                (subject, WSIS.mentions, node),
                (link, RDF.type, WSIS.Alignment),
                (link, WSIS.alignmentSubject, subject),
                (link, WSIS.alignmentObject, node),
                (link, WSIS.relation, WSIS.mentions),
                (link, WSIS.relationAsWorded, Literal(m.group(0))),
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

