"""What changed between the two latest editions of an imported text in one language.

Parts are matched by reference (``11(b)`` in one edition is ``11(b)`` in the other): a reference
only the later edition has is added, one only the earlier has is removed, and one both have is
changed when its words or its kind differ. The words are compared as the editions state them;
:func:`word_diff` shows where they differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from wsis_graph.store import Store
from wsis_graph.texts.editions import ImportedEdition, StoredPart, editions, parts_of
from wsis_graph.uris import Minter


class NothingToCompare(Exception):
    """The store holds no two editions of the text asked for; the message says what it holds."""


@dataclass
class EditionDiff:
    """The parts added, removed and changed from one edition to the next.

    Attributes:
        older: The earlier edition.
        newer: The later edition.
        added: Parts only the later edition has, in its order.
        removed: Parts only the earlier edition had, in its order.
        changed: ``(before, after)`` for each part both have whose words or kind differ, in the
            later edition's order.
        unchanged: How many parts both have alike.
    """

    older: ImportedEdition
    newer: ImportedEdition
    added: list[StoredPart] = field(default_factory=list)
    removed: list[StoredPart] = field(default_factory=list)
    changed: list[tuple[StoredPart, StoredPart]] = field(default_factory=list)
    unchanged: int = 0

    def to_json(self) -> dict:
        """The comparison as ``wsis-graph texts diff --format json`` gives it."""

        def part(p: StoredPart) -> dict:
            return {"ref": p.ref, "kind": p.kind, "text": p.text}

        return {
            "key": self.newer.key,
            "language": self.newer.language,
            "from": self.older.to_json(),
            "to": self.newer.to_json(),
            "added": [part(p) for p in self.added],
            "removed": [part(p) for p in self.removed],
            "changed": [
                {"ref": after.ref, "kind": after.kind, "kind_before": before.kind, "before": before.text, "after": after.text}
                for before, after in self.changed
            ],
            "unchanged": self.unchanged,
        }

    def text(self, width: int = 100) -> str:
        """The comparison for a person: the two editions, the counts, then each part added, removed or changed."""
        old, new = self.older, self.newer
        lines = [
            f"{new.key} ({new.language}): edition {old.number} ({old.file}, imported {old.created}) "
            f"→ edition {new.number} ({new.file}, imported {new.created})",
            f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed, {self.unchanged} unchanged",
        ]
        column = max([len(p.ref) for p in self.added + self.removed] + [len(a.ref) for _, a in self.changed] + [4]) + 2
        room = max(width - column - 2, 30)
        for title, parts in (("added", self.added), ("removed", self.removed)):
            if parts:
                lines += ["", f"{title}:"]
                lines += [f"  {p.ref.ljust(column)}{_short(p.text, room)}" for p in parts]
        if self.changed:
            lines += ["", "changed:"]
            for before, after in self.changed:
                what = word_diff(before.text, after.text)
                if before.kind != after.kind:
                    what = f"({before.kind} → {after.kind}) {what}"
                lines.append(f"  {after.ref.ljust(column)}{what}")
        return "\n".join(lines)


def compare(older: list[StoredPart], newer: list[StoredPart]) -> tuple[list, list, list, int]:
    """Match two editions' parts by reference.

    Returns:
        The parts added, removed and changed (``(before, after)`` pairs), and how many are alike.
    """
    before = {p.ref: p for p in older}
    after = {p.ref: p for p in newer}
    added = [p for p in newer if p.ref not in before]
    removed = [p for p in older if p.ref not in after]
    changed = [(before[p.ref], p) for p in newer if p.ref in before and (before[p.ref].text, before[p.ref].kind) != (p.text, p.kind)]
    unchanged = sum(1 for p in newer if p.ref in before) - len(changed)
    return added, removed, changed, unchanged


def diff_editions(store: Store, key: str, language: str = "en", *, mint: Minter | None = None) -> EditionDiff:
    """Compare the two latest editions of the document ``key`` in ``language``.

    Raises:
        NothingToCompare: No text of that key, none in that language, or only one edition.
    """
    known = [e for e in editions(store, mint) if e.key == key]
    if not known:
        keys = sorted({e.key for e in editions(store, mint)})
        listed = f"the imported texts are {', '.join(keys)}" if keys else "no text is imported"
        raise NothingToCompare(f"no imported text named {key!r}; {listed}")
    chosen = sorted((e for e in known if e.language == language), key=lambda e: e.number)
    if not chosen:
        languages = ", ".join(sorted({e.language for e in known}))
        raise NothingToCompare(f"no {language} text of {key} is imported (languages: {languages}); choose one with --language")
    if len(chosen) < 2:
        raise NothingToCompare(f"only one edition of {key} ({language}) is imported; a new edition is compared with the one it replaces")
    older, newer = chosen[-2], chosen[-1]
    added, removed, changed, unchanged = compare(parts_of(store, older.graph), parts_of(store, newer.graph))
    return EditionDiff(older, newer, added, removed, changed, unchanged)


def word_diff(before: str, after: str, *, context: int = 6) -> str:
    """Where two texts differ, word by word: ``[-removed-]`` and ``{+added+}``, with a little context.

    >>> word_diff("keep at least one room open in every town", "keep at least two rooms open in every town", context=2)
    '… at least [-one room-] {+two rooms+} open in …'
    >>> word_diff("Two  lines", "Two lines")
    '(spacing only)'
    """
    a, b = before.split(), after.split()
    opcodes = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return "(spacing only)"
    out: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if first and len(words) > context:
                words = ["…", *words[-context:]]
            elif last and len(words) > context:
                words = [*words[:context], "…"]
            elif not first and not last and len(words) > 2 * context:
                words = [*words[:context], "…", *words[-context:]]
            out += words
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


__all__ = ["EditionDiff", "NothingToCompare", "compare", "diff_editions", "word_diff"]
