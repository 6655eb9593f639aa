"""The Geneva Plan of Action against the curated Action Lines.

Each Action Line is found in the text by its heading: ``C1.`` … ``C11.`` followed by its name, or,
for the applications of C7, a heading (or a paragraph's opening words) that is its name as the
Plan gives it ("E-government"). Its paragraph is the first numbered paragraph under that heading;
the Action Line gets that paragraph's words and the paragraph as ``wsis:inOfficialText`` (its items
are parts of it). The curated paragraph number is then *confirmed* or *corrected* when the
table marks it inferred, and a number marked verified that the text contradicts is a *conflict*;
the curated number is never removed, so both stay visible.
"""

from __future__ import annotations


from wsis_graph.texts.model import Part, TextStructure
from wsis_graph.texts.reconcile import curated
from wsis_graph.texts.reconcile.context import ACTION_LINE_CODE, Context, Outcome, normal
from wsis_graph.namespaces import WSIS



def reconcile(ctx: Context, structure: TextStructure) -> Outcome:
    """Each Action Line's paragraph in the Plan of Action, and its number checked (see the module docstring)."""
    out = Outcome()
    lines = curated.action_lines(ctx.store, ctx.mint)
    parts = structure.parts
    for line in lines:
        found = _paragraph_of(line, parts)
        if found is None:
            out.find("conflict", "", line.code, "no heading or paragraph of the text names this Action Line; nothing "
                     "was stated for it", line.node)
            continue
        out.official(ctx, line.node, found)
        _check_number(out, line, found)
    return out


def _paragraph_of(line: curated.ActionLine, parts: list[Part]) -> Part | None:
    """The numbered paragraph that opens the Action Line's place in the text."""
    names = {normal(n) for n in (line.geneva_name, line.name) if n}
    sub = "." in line.code
    for index, part in enumerate(parts):
        if part.kind == "heading" and _names_line(part.text, line.code, names, sub):
            return next((p for p in parts[index + 1:] if p.kind == "paragraph"), None)
        if sub and part.kind == "paragraph" and any(normal(part.text).startswith(n) for n in names):
            return part
    return None


def _names_line(text: str, code: str, names: set[str], sub: bool) -> bool:
    """Whether a heading names the Action Line: by its code and name, or (an application of C7) by its name."""
    if sub:
        return normal(text) in names
    m = ACTION_LINE_CODE.match(text)
    return bool(m) and m.group(1).upper() == code.upper()


def _check_number(out: Outcome, line: curated.ActionLine, part: Part) -> None:
    number = part.ref.rsplit("/", 1)[-1]
    inferred = line.paragraph_confidence != WSIS.Verified
    mark = "inferred" if inferred else "verified"
    if not line.paragraph:
        out.find("created", number, line.code, f"paragraph {number} of the text; the curated table gives none", line.node)
    elif line.paragraph == number:
        kind = "confirmed" if inferred else "matched"
        out.find(kind, number, line.code, f"paragraph {number}, as the curated table says ({mark})", line.node)
    elif inferred:
        out.find("corrected", number, line.code, f"the text puts it in paragraph {number}; the curated table inferred "
                 f"{line.paragraph} (both stay: the curated number and the link to paragraph {number})", line.node)
    else:
        out.find("conflict", number, line.code, f"the text puts it in paragraph {number}, the curated table "
                 f"(verified) in {line.paragraph}; both stay, for a person to settle", line.node)
