"""What a reconciliation found, for the import report: one :class:`Finding` per thing a person may check.

Kinds, in the order the report lists them:

* ``conflict``: a curated row that the text contradicts (a number the text does not have, a
  summary that reads like another paragraph); nothing was stated for it, a person decides;
* ``corrected`` / ``confirmed``: an inferred number the text corrects or confirms;
* ``disagreement``: the text and a curated table say different things; both statements stand;
* ``superseded``: a draft row replaced by what the adopted text says;
* ``check``: a statement made that a person may want to look at (a curated row given official words
  its summary shares few words with);
* ``created``: a node made from the text, which the curated tables lacked;
* ``matched``: a curated node given its official text;
* ``mention``: a name or acronym found in a paragraph, to be confirmed by a person;
* ``candidate``: a curated row with no number whose summary reads like a part of the text.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("conflict", "corrected", "confirmed", "disagreement", "superseded", "check", "created", "matched", "mention",
         "candidate")


@dataclass(frozen=True)
class Finding:
    """One thing found while reconciling a text with the curated tables.

    Attributes:
        kind: One of :data:`KINDS`.
        ref: The part of the text it concerns (``11(b)``, ``annex/h3``), "" when none.
        subject: The curated row or node it concerns (``GDC-11(b)``, ``C7.e-health``, ``ITU``).
        message: What was found, in a sentence.
        node: The IRI of the node concerned, where there is one.
    """

    kind: str
    ref: str
    subject: str
    message: str
    node: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "ref": self.ref, "subject": self.subject, "message": self.message, "node": self.node}

    def __str__(self) -> str:
        where = f" [{self.ref}]" if self.ref else ""
        return f"{self.kind}: {self.subject}{where}: {self.message}"


def ordered(findings: list[Finding]) -> list[Finding]:
    """The findings in the order of :data:`KINDS`, then as found."""
    return sorted(findings, key=lambda f: KINDS.index(f.kind))


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each kind (kinds with none left out), in the order of :data:`KINDS`.

    >>> counts([Finding("matched", "1", "GDC-1", "x"), Finding("conflict", "2", "GDC-2", "y")])
    {'conflict': 1, 'matched': 1}
    """
    found = {kind: 0 for kind in KINDS}
    for finding in findings:
        found[finding.kind] += 1
    return {kind: n for kind, n in found.items() if n}


__all__ = ["Finding", "KINDS", "counts", "ordered"]
