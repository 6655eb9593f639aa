"""The proposal table: its columns, how it is read, and who a proposer is.

A proposal table is a UTF-8 CSV file with one header row and one proposed link per row. Columns
(their order does not matter; a column that is not listed here is an error, so that a misspelt
header is caught):

================  ========  =====================================================================
column            required  what it holds
================  ========  =====================================================================
``proposal_id``   yes       The row's id, unique in the file: letters, digits, ``.``, ``_``,
                            ``-`` (at most 64 characters), e.g. ``P1``. It names the link's
                            IRI, so keep it when you correct and resubmit a set.
``subject``       yes       What the link starts from: a code of the graph (``C4``,
                            ``C7.e-health``, ``GDC-O3``, ``GDC-29(d)``, ``UDHR:19``, ``ITU``,
                            ``9.c``; ``SDG 9.c`` is read as ``9.c``) or the thing's full IRI.
``relation``      yes       ``wsis:linkedTo``, ``wsis:groundedIn`` or ``wsis:contributesTo``
                            (also written ``linkedTo``, ``linked to``, ``linked_to`` or as the
                            full IRI); what each may join is in :mod:`wsis_graph.proposals.rules`.
``object``        yes       What the link points to, written like ``subject``.
``justification`` yes       Why the link holds, in the proposer's words (20 characters at least).
``source``        yes       Where the evidence is: http(s) URLs and/or citations such as
                            ``A/RES/79/1``; several are separated by `` | ``.
``locator``       see note  Where in the source: paragraph, article or page (``para 29(d)``).
                            Required unless ``confidence`` is ``inferred``.
``confidence``    yes       ``single-source`` (a source states the link), ``draft-only`` (only
                            a draft text states it) or ``inferred`` (the proposer's reasoning
                            from the sources). See the note on confidence below.
``proposed_by``   see note  Who proposes this row: ``Name <e-mail>``, an ORCID iD
                            (``0000-0002-1825-0097`` or ``https://orcid.org/…``), an http(s)
                            IRI, or ``Name <IRI>``. Required when no proposer is given for the
                            whole file (``--proposer``).
``date``          no        When the row was proposed, ``YYYY-MM-DD``, not in the future.
``strength``      no        A weight between 0 and 1, where the proposer gives one.
``note``          no        Anything else a reviewer should know.
================  ========  =====================================================================

Confidence: a proposal never claims ``verified``. The graph's marks say how well a statement is
supported by its sources; ``verified`` means at least two independent sources, or a primary
source whose wording was seen. A proposal is one party's claim, not yet checked by anyone else,
so it carries at most ``single-source``; the curator who takes a proposed link into a source
table may mark it more strongly there. ``unknown-paragraph`` is not offered because a sourced
proposal must give its locator; ``dataset-anomaly`` and ``unknown`` make no sense for a link
someone proposes.

Every problem is a :class:`~wsis_graph.tables.SourceError` naming the file, the row (its line
number in the file, the header being line 1; a quoted cell spanning lines counts from the line
where the row starts) and the column, and every problem of the file is reported, not just the
first.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from wsis_graph.tables import Row, SourceError, Table


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str


#: The columns of a proposal table, one a line, in the order the documentation and the example use:
#: the name, whether it is required, and the short description that the web page shows.
_COLUMN_TABLE = """
proposal_id    yes  The row's id, unique in the file (letters, digits, '.', '_', '-'), e.g. P1.
subject        yes  What the link starts from: a code (C4, GDC-O3, GDC-29(d), UDHR:19, ITU, 9.c) or an IRI.
relation       yes  wsis:linkedTo, wsis:groundedIn or wsis:contributesTo.
object         yes  What the link points to, written like the subject.
justification  yes  Why the link holds, in the proposer's words (20 characters at least).
source         yes  Where the evidence is: http(s) URLs or citations, separated by ' | '.
locator        no   Paragraph, article or page in the source; required unless the confidence is 'inferred'.
confidence     yes  single-source, draft-only or inferred; a proposal never claims 'verified'.
proposed_by    no   'Name <e-mail>', an ORCID iD or an IRI; required when no proposer is given for the file.
date           no   When the row was proposed, YYYY-MM-DD, not in the future.
strength       no   A weight between 0 and 1, where the proposer gives one.
note           no   Anything else a reviewer should know.
"""
COLUMNS: tuple[Column, ...] = tuple(
    Column(name, required == "yes", description)
    for name, required, description in (line.split(None, 2) for line in _COLUMN_TABLE.strip().splitlines())
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)


@dataclass
class ProposalTable:
    """A read proposal table: its rows and the problems found while reading it.

    Attributes:
        name: how errors name the file.
        data: the file's bytes, as read.
        table: the parsed table; its rows are :class:`~wsis_graph.tables.Row` objects.
        errors: problems of the file as a whole, of its header, or of a row's shape.
    """

    name: str
    data: bytes
    table: Table
    errors: list[SourceError] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_proposal_table(data: bytes, name: str) -> ProposalTable:
    """Read the bytes of a proposal table, collecting every problem of its encoding, header and rows.

    Rows whose number of fields differs from the header are reported and left out; a header
    that lacks a required column stops the reading after the header (each missing column is
    reported).

    >>> t = read_proposal_table(b"proposal_id,subject\\nP1,C4\\n", "p.csv")
    >>> [str(e) for e in t.errors][:1]
    ["p.csv, row 1, column 'relation': required column is missing from the header"]
    """
    table = Table(path=None, display_name=name)  # type: ignore[arg-type]
    result = ProposalTable(name=name, data=data, table=table)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.errors.append(SourceError(name, line, None, f"not valid UTF-8 at byte {exc.start}; save the table as UTF-8"))
        return result
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        result.errors.append(SourceError(name, None, None, "the file is empty; expected a header row and one row per proposed link"))
        return result
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        result.errors.append(SourceError(name, 1, None, f"malformed CSV: {exc}"))
        return result
    for column in sorted({h for h in header if header.count(h) > 1}):
        result.errors.append(SourceError(name, 1, column, "column appears more than once in the header"))
    for column in header:
        if column not in COLUMN_NAMES:
            hint = "an empty header cell" if not column else f"unknown column {column!r}"
            result.errors.append(
                SourceError(name, 1, column or None, f"{hint}; the columns are: {', '.join(COLUMN_NAMES)}")
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    for column in missing:
        result.errors.append(SourceError(name, 1, column, "required column is missing from the header"))
    if missing:
        return result
    table.columns = tuple(header)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.errors.append(SourceError(name, start, None, f"malformed CSV: {exc}"))
            break
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            result.errors.append(
                SourceError(
                    name,
                    start,
                    None,
                    f"row has {len(fields)} fields but the header has {len(header)} (an unquoted comma, or a missing cell?)",
                )
            )
            continue
        table.rows.append(Row(table=table, line=start, values=dict(zip(header, fields))))
    if not table.rows and not result.errors:
        result.errors.append(SourceError(name, None, None, "the file has a header but no proposed links"))
    return result


# -- Proposers ---------------------------------------------------------------------------------------

_ORCID = re.compile(r"^(?:https?://orcid\.org/)?([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])$")
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_NAMED = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<contact>[^<>]+)>$")

AGENT_FORMS = "'Name <e-mail>', an ORCID iD (0000-0002-1825-0097 or https://orcid.org/…), an http(s) IRI, or 'Name <IRI>'"


@dataclass(frozen=True)
class Agent:
    """Someone who proposes links: a name and either an e-mail address or an IRI (ORCID iD …)."""

    name: str = ""
    email: str = ""
    iri: str = ""

    @property
    def key(self) -> str:
        """What makes two mentions the same agent: the IRI, or the e-mail in lower case."""
        return self.iri or f"mailto:{self.email.lower()}"

    def display(self) -> str:
        contact = self.iri or self.email
        return f"{self.name} <{contact}>" if self.name else contact


def orcid_checksum_ok(orcid: str) -> bool:
    """Whether the last character of an ORCID iD is its ISO 7064 MOD 11-2 check character.

    >>> orcid_checksum_ok("0000-0002-1825-0097"), orcid_checksum_ok("0000-0002-1825-0096")
    (True, False)
    """
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return digits[-1] == ("X" if result == 10 else str(result))


def parse_agent(text: str) -> Agent:
    """Read a proposer: ``Name <e-mail>``, an ORCID iD, an http(s) IRI, or ``Name <IRI>``.

    >>> parse_agent("Ada Lovelace <ada@example.org>")
    Agent(name='Ada Lovelace', email='ada@example.org', iri='')
    >>> parse_agent("0000-0002-1825-0097").iri
    'https://orcid.org/0000-0002-1825-0097'

    Raises:
        ValueError: the text is none of these, or an ORCID iD's check digit is wrong.
    """
    value = text.strip()
    if not value:
        raise ValueError("no proposer given")
    name, contact = "", value
    named = _NAMED.match(value)
    if named:
        name, contact = named.group("name").strip(), named.group("contact").strip()
    orcid = _ORCID.match(contact)
    if orcid:
        if not orcid_checksum_ok(orcid.group(1)):
            raise ValueError(f"{orcid.group(1)!r} is not a valid ORCID iD (its check digit is wrong)")
        return Agent(name=name, iri=f"https://orcid.org/{orcid.group(1)}")
    if _IRI.match(contact):
        return Agent(name=name, iri=contact)
    if _EMAIL.match(contact):
        if not name:
            raise ValueError(f"give a name with the e-mail address, as in 'Jane Doe <{contact}>'")
        return Agent(name=name, email=contact)
    raise ValueError(f"{value!r} is not a proposer; write {AGENT_FORMS}")


__all__ = [
    "AGENT_FORMS",
    "COLUMNS",
    "COLUMN_NAMES",
    "REQUIRED_COLUMNS",
    "Agent",
    "Column",
    "ProposalTable",
    "orcid_checksum_ok",
    "parse_agent",
    "read_proposal_table",
]
