"""Content negotiation for the SPARQL endpoint: the ``Accept`` header and the ``format`` parameter.

A query result is served in one of the formats below, chosen by the query's form:

- ``SELECT`` and ``ASK`` (:data:`RESULT_FORMATS`): SPARQL 1.1 Query Results JSON, XML, CSV and TSV
  (CSV and TSV define tables only; an ``ASK`` answer in them is one ``_askResult`` column, as
  Apache Jena writes it);
- ``CONSTRUCT`` and ``DESCRIBE`` (:data:`GRAPH_FORMATS`): Turtle, N-Triples, RDF/XML, JSON-LD,
  TriG and N-Quads;
- the service description (:data:`DESCRIPTION_FORMATS`): Turtle, RDF/XML, JSON-LD, N-Triples.

The client names what it wants with the ``Accept`` header (media ranges with q-values and
wildcards, RFC 9110 section 12.5.1) or with a ``format`` parameter (``json``, ``xml``, ``csv``,
``tsv``, ``turtle``, ``ntriples``, ``rdfxml``, ``jsonld``, ``trig``, ``nquads``, or a media type),
which wins over the header. ``output`` is read as a synonym of ``format``, as several endpoints
and clients use it.

>>> choose("text/csv;q=0.5, application/sparql-results+xml", RESULT_FORMATS).key
'xml'
>>> choose("text/turtle", RESULT_FORMATS) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """A serialization the endpoint can send.

    Attributes:
        key: the short name (the value of the ``format`` parameter).
        media_type: the registered media type, sent in ``Content-Type``.
        aliases: other media types a client may ask for; the answer then carries the one asked for.
        label: a name for messages.
        w3c: the W3C format IRI (``http://www.w3.org/ns/formats/…``) for the service description.
    """

    key: str
    media_type: str
    aliases: tuple[str, ...] = ()
    label: str = ""
    w3c: str = ""

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


@dataclass(frozen=True)
class Choice:
    """A negotiated format and the media type to send (the alias the client asked for, if any)."""

    format: Format
    media_type: str

    @property
    def key(self) -> str:
        return self.format.key

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


_NS = "http://www.w3.org/ns/formats/"

JSON = Format("json", "application/sparql-results+json", ("application/json",), "SPARQL JSON", _NS + "SPARQL_Results_JSON")
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "SPARQL XML", _NS + "SPARQL_Results_XML")
CSV = Format("csv", "text/csv", (), "SPARQL CSV", _NS + "SPARQL_Results_CSV")
TSV = Format("tsv", "text/tab-separated-values", (), "SPARQL TSV", _NS + "SPARQL_Results_TSV")
TURTLE = Format("turtle", "text/turtle", ("application/x-turtle",), "Turtle", _NS + "Turtle")
NTRIPLES = Format("ntriples", "application/n-triples", (), "N-Triples", _NS + "N-Triples")
RDFXML = Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), "RDF/XML", _NS + "RDF_XML")
JSONLD = Format("jsonld", "application/ld+json", ("application/json",), "JSON-LD", _NS + "JSON-LD")
TRIG = Format("trig", "application/trig", (), "TriG", _NS + "TriG")
NQUADS = Format("nquads", "application/n-quads", (), "N-Quads", _NS + "N-Quads")

#: SELECT and ASK results, in the server's order of preference (the first is the default).
RESULT_FORMATS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
#: CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, RDFXML, JSONLD, TRIG, NQUADS)
#: The service description.
DESCRIPTION_FORMATS: tuple[Format, ...] = (TURTLE, RDFXML, JSONLD, NTRIPLES)

#: ``format`` parameter values: short name → format key for results, format key for graphs.
_SHORT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"),
    "srj": ("json", None),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"),
    "nt": (None, "ntriples"),
    "rdfxml": (None, "rdfxml"),
    "rdf/xml": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "trig": (None, "trig"),
    "nquads": (None, "nquads"),
    "n-quads": (None, "nquads"),
    "nq": (None, "nquads"),
}

FORMAT_NAMES = tuple(_SHORT_NAMES)

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_RANGE = re.compile(rf"^\s*({_TOKEN})/({_TOKEN})\s*$")


class UnknownFormat(ValueError):
    """A ``format`` parameter that names no format this endpoint knows."""


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    position: int

    def specificity(self, media_type: str) -> int:
        """2 for an exact match, 1 for ``type/*``, 0 for ``*/*``, -1 for no match."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == kind and self.subtype == "*":
            return 1
        if self.type == kind and self.subtype == sub:
            return 2
        return -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped (RFC 9110 allows that).

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.3, Application/JSON;x=y;q=1")]
    [('text', '*', 0.3), ('application', 'json', 1.0)]
    """
    ranges: list[MediaRange] = []
    if not header:
        return ranges
    for position, item in enumerate(header.split(",")):
        media, *params = item.split(";")
        match = _RANGE.match(media)
        if not match:
            continue
        kind, sub = match.group(1).lower(), match.group(2).lower()
        if kind == "*" and sub != "*":
            continue
        q = 1.0
        valid = True
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    valid = False
                    break
                if not 0.0 <= q <= 1.0:
                    valid = False
                    break
        if valid:
            ranges.append(MediaRange(kind, sub, q, position))
    return ranges


def choose(header: str | None, offered: tuple[Format, ...]) -> Choice | None:
    """The offered format the Accept header prefers, or ``None`` when nothing offered is acceptable.

    Each offered media type (aliases included) takes the q-value of the most specific range that
    matches it (so ``text/csv;q=0`` excludes CSV even beside ``*/*``). The highest q wins; among
    equals, an exact match beats a wildcard, then the range the client listed first, then the
    server's order. No header (or only malformed ranges) means the first offered format.

    >>> choose("*/*", GRAPH_FORMATS).media_type
    'text/turtle'
    >>> choose("application/json", RESULT_FORMATS).media_type
    'application/json'
    >>> choose("text/csv;q=0, */*;q=0.1", (CSV,)) is None
    True
    """
    ranges = parse_accept(header)
    if not ranges:
        return Choice(offered[0], offered[0].media_type)
    best: tuple | None = None
    best_choice: Choice | None = None
    order = 0
    for fmt in offered:
        for media_type in fmt.media_types:
            order += 1
            match: MediaRange | None = None
            level = -1
            for candidate in ranges:
                specificity = candidate.specificity(media_type)
                if specificity > level or (specificity == level and match is not None and candidate.q > match.q):
                    match, level = candidate, specificity
            if match is None or level < 0 or match.q <= 0:
                continue
            # A wildcard match stands for the format's registered type, never for an alias.
            if level < 2 and media_type != fmt.media_type:
                continue
            rank = (match.q, level, -match.position, -order)
            if best is None or rank > best:
                best, best_choice = rank, Choice(fmt, media_type)
    return best_choice


def from_parameter(value: str, offered: tuple[Format, ...], kind: str) -> Choice | None:
    """The format a ``format`` parameter names for a result of ``kind`` (``results`` or ``graph``).

    Returns ``None`` when the name is known but does not apply to this kind of result.

    Raises:
        UnknownFormat: the value names no format at all.

    >>> from_parameter("json", GRAPH_FORMATS, "graph").media_type
    'application/ld+json'
    >>> from_parameter("text/csv", RESULT_FORMATS, "results").key
    'csv'
    >>> from_parameter("csv", GRAPH_FORMATS, "graph") is None
    True
    """
    name = value.strip().lower()
    if "/" in name and name not in _SHORT_NAMES:
        media = name.split(";")[0].strip()
        for fmt in offered:
            if media in fmt.media_types:
                return Choice(fmt, media)
        known = {m for f in RESULT_FORMATS + GRAPH_FORMATS for m in f.media_types}
        if media in known:
            return None
        raise UnknownFormat(value)
    if name not in _SHORT_NAMES:
        raise UnknownFormat(value)
    key = _SHORT_NAMES[name][0 if kind == "results" else 1]
    for fmt in offered:
        if fmt.key == key:
            return Choice(fmt, fmt.media_type)
    return None


def media_type_list(offered: tuple[Format, ...]) -> list[str]:
    """Every media type of ``offered``, for a 406 answer."""
    return [m for fmt in offered for m in fmt.media_types]
