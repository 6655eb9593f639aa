"""Reading RDF from request bodies, safely.

Graph Store Protocol writes carry one RDF graph in Turtle, N-Triples, RDF/XML or JSON-LD. This
module turns such a body into pyoxigraph triples and refuses, with a clear
:class:`~wsis_graph.problems.Problem`, anything it will not read:

- a media type it does not know (415), or a charset Python cannot decode (415);
- bytes that are not text in the declared charset (400);
- RDF/XML with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration: no XML entity is ever expanded, so
  neither "billion laughs" nor external entities (``SYSTEM "file:///…"``) can do harm (400);
- JSON-LD that names a remote ``@context``: nothing is fetched (400);
- a body that does not parse: the message gives the line and column where the parser gave up,
  and so does the error object (:class:`UnparseableBody`, 400);
- quads in named graphs or RDF 1.2 triple terms, which a single graph cannot hold here (400).

>>> triples = parse_graph(b'<http://ex.org/s> <http://ex.org/p> "o" .', "application/n-triples")
>>> len(triples)
1
>>> parse_graph(b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', "application/rdf+xml")
Traceback (most recent call last):
...
wsis_graph.problems.Problem: RDF/XML bodies with a DOCTYPE or ENTITY declaration are refused: entities are never expanded here
"""

from __future__ import annotations

import codecs
import re

import pyoxigraph as ox

from wsis_graph.problems import Problem

#: Media types accepted for graph bodies (``application/x-turtle`` is Turtle's former name).
GRAPH_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    media: ox.RdfFormat.from_media_type(media)
    for media in ("text/turtle", "application/x-turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
}

#: File name endings used for multipart parts that name no media type.
EXTENSIONS: dict[str, str] = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".jsonld": "application/ld+json",
}

_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_POSITION = re.compile(r"line (\d+)(?: between columns| column) (\d+)")
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])([A-Za-z0-9._-]+)\2""")


class UnparseableBody(Problem):
    """A body that does not parse (400), with where the parser gave up when it said so: the
    error object then carries ``line`` and ``column`` after the message."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(400, "unparseable_body", message)
        self.line = line
        self.column = column

    def details(self) -> dict:
        return {} if self.line is None else {"line": self.line, "column": self.column}


def media_type_names() -> str:
    return ", ".join(sorted(GRAPH_MEDIA_TYPES))


def decode(data: bytes, charset: str | None, what: str) -> str:
    """Bytes to text in the declared charset (UTF-8 when none is declared).

    Raises:
        Problem: 415 for a charset Python does not know, 400 for bytes that are not in it.
    """
    name = (charset or "utf-8").strip().strip('"') or "utf-8"
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise Problem(415, "unsupported_media_type", f"{what}: unknown charset {name!r}") from None
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise Problem(
            400, "bad_encoding", f"{what}: the body is not valid {name} (byte {exc.start}: {exc.reason})"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_graph(
    data: bytes, media_type: str, *, charset: str | None = None, base_iri: str | None = None
) -> list[ox.Triple]:
    """Parse a request body holding one RDF graph.

    Args:
        data: the body.
        media_type: its media type, without parameters (lower case).
        charset: the ``charset`` parameter of the Content-Type, if any.
        base_iri: the IRI relative IRIs in the body resolve against.

    Raises:
        Problem: the body was refused; nothing was read from it.
    """
    fmt = GRAPH_MEDIA_TYPES.get(media_type)
    if fmt is None:
        shown = media_type or "none"
        raise Problem(
            415, "unsupported_media_type", f"cannot read a graph of media type {shown}; send one of {media_type_names()}"
        )
    name = fmt.name
    if fmt == ox.RdfFormat.RDF_XML:
        text = _xml_text(data, charset)
        if _DTD.search(text):
            raise Problem(
                400,
                "xml_dtd_refused",
                "RDF/XML bodies with a DOCTYPE or ENTITY declaration are refused: entities are never expanded here",
            )
    else:
        text = decode(data, charset, f"{name} body")
    try:
        quads = list(ox.parse(text, format=fmt, base_iri=base_iri))
    except SyntaxError as exc:
        raise _syntax_error(exc, name) from None
    except (ValueError, OSError) as exc:
        raise UnparseableBody(f"{name} body: {exc}") from None
    triples: list[ox.Triple] = []
    for quad in quads:
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            raise Problem(
                400, "unexpected_named_graph", f"{name} body holds a named graph; a Graph Store request carries one graph"
            )
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            raise Problem(400, "unsupported_term", f"{name} body holds an RDF 1.2 triple term, which this store does not keep")
        triples.append(quad.triple)
    return triples


def _xml_text(data: bytes, charset: str | None) -> str:
    """Decode an XML body: the charset parameter, else a BOM, else the XML declaration (RFC 7303).

    The parser reads UTF-8 only, so the declaration is rewritten to say so once the text is decoded.
    """
    if charset is None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            charset = "utf-16"
        else:
            declared = _XML_ENCODING.match(data[:300].decode("latin-1"))
            charset = declared.group(3) if declared else "utf-8"
    text = decode(data, charset, "RDF/XML body")
    return _XML_ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, count=1)


def _syntax_error(exc: SyntaxError, name: str) -> Problem:
    message = str(exc)
    line, column = exc.lineno, exc.offset
    match = _POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
    if "LoadDocumentCallback" in message or "remote context" in message.lower():
        return Problem(
            400, "remote_context_refused", f"{name} body names a remote @context; contexts are never fetched, put it inline"
        )
    where = f"line {line}, column {column}: " if line and "line" not in message else ""
    return UnparseableBody(f"{name} body does not parse: {where}{message}", line, column)
