"""Writing query results from pyoxigraph terms: SPARQL 1.1 Query Results JSON, XML, CSV and TSV.

The writers go row by row (:class:`SolutionWriter`), so that the query worker can stop at the row
cap or the size cap and still close the document properly; pyoxigraph's own serializer writes
every solution or none. Graph results (CONSTRUCT, DESCRIBE) go through :func:`pyoxigraph.serialize`
(:func:`write_graph`).

Formats, as the W3C wrote them:

- JSON (https://www.w3.org/TR/sparql11-results-json/): ``head.vars``, ``results.bindings``; a
  cut result also carries the top-level member ``truncated`` (``{"rows": N, "reason": …,
  "message": …}``), which clients that do not know it ignore.
- XML (https://www.w3.org/TR/rdf-sparql-XMLres/); characters that XML 1.0 cannot carry make the
  result unserializable in XML (:class:`Unserializable`, a 406), never silently changed.
- CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/): plain values, CRLF line ends, blank
  nodes as ``_:label``.
- TSV: terms in Turtle syntax, numbers and booleans in their abbreviated form when the lexical
  form allows it, LF line ends.

>>> import pyoxigraph as ox
>>> w = SolutionWriter("tsv", ["x"])
>>> w.header() + w.row([ox.Literal("4", datatype=ox.NamedNode(XSD + "integer"))]) + w.footer(None)
b'?x\\n4\\n'
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from wsis_graph.problems import Problem

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

# Characters XML 1.0 does not allow, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TURTLE_NUMBER = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD + "double": re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+$"),
    XSD + "boolean": re.compile(r"^(?:true|false)$"),
}

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


class Unserializable(Problem):
    """The result cannot be written in the requested format (406); the message says why and what
    to ask for."""

    def __init__(self, message: str) -> None:
        super().__init__(406, "unserializable", message)


# -- Terms ---------------------------------------------------------------------------------------


def _datatype(term: ox.Literal) -> str | None:
    """The datatype to write: none for simple and language-tagged literals."""
    if term.language:
        return None
    value = term.datatype.value
    return None if value in (_XSD_STRING, _RDF_LANG_STRING, _RDF_DIR_LANG_STRING) else value


def _xml_text(text: str) -> str:
    if _NOT_XML.search(text):
        raise Unserializable(
            "the result holds a control character that XML 1.0 cannot carry; ask for JSON, CSV or TSV instead"
        )
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


class _TermSyntax:
    """How one result format writes each kind of RDF term.

    Calling it writes one term: the term's type picks the method (:meth:`iri`, :meth:`bnode`,
    :meth:`literal`, :meth:`triple`). ``None`` (an unbound variable) is written only by the formats
    that define :meth:`unbound`; for the others it is no term.
    """

    def __init__(self) -> None:
        #: The writer of each type of term; the row writers look it up themselves (one call less).
        self.by_type = {ox.NamedNode: self.iri, ox.BlankNode: self.bnode, ox.Literal: self.literal, ox.Triple: self.triple}
        if hasattr(self, "unbound"):
            self.by_type[type(None)] = self.unbound

    def __call__(self, term):
        try:
            write = self.by_type[type(term)]
        except KeyError:
            raise TypeError(f"not an RDF term: {term!r}") from None
        return write(term)


class _Json(_TermSyntax):
    def iri(self, term):
        return {"type": "uri", "value": term.value}

    def bnode(self, term):
        return {"type": "bnode", "value": term.value}

    def literal(self, term):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        else:
            datatype = _datatype(term)
            if datatype:
                out["datatype"] = datatype
        return out

    def triple(self, term):
        return {"type": "triple", "value": {"subject": self(term.subject), "predicate": self(term.predicate), "object": self(term.object)}}


class _Xml(_TermSyntax):
    def iri(self, term):
        return f"<uri>{_xml_text(term.value)}</uri>"

    def bnode(self, term):
        return f"<bnode>{_xml_text(term.value)}</bnode>"

    def literal(self, term):
        text = _xml_text(term.value)
        if term.language:
            return f'<literal xml:lang="{_xml_attr(term.language)}">{text}</literal>'
        datatype = _datatype(term)
        return f'<literal datatype="{_xml_attr(datatype)}">{text}</literal>' if datatype else f"<literal>{text}</literal>"

    def triple(self, term):
        return (
            f"<triple><subject>{self(term.subject)}</subject><predicate>{self(term.predicate)}</predicate>"
            f"<object>{self(term.object)}</object></triple>"
        )


class _Tsv(_TermSyntax):
    """Turtle syntax, numbers and booleans abbreviated when their lexical form allows it."""

    def unbound(self, term):
        return ""

    def iri(self, term):
        return f"<{term.value}>"

    def bnode(self, term):
        return f"_:{term.value}"

    def literal(self, term):
        if term.language:
            return f"{_quoted(term.value)}@{term.language}"
        datatype = _datatype(term)
        if datatype is None:
            return _quoted(term.value)
        pattern = _TURTLE_NUMBER.get(datatype)
        if pattern is not None and pattern.match(term.value):
            return term.value
        return f"{_quoted(term.value)}^^<{datatype}>"

    def triple(self, term):
        return f"<< {self(term.subject)} {self(term.predicate)} {self(term.object)} >>"


class _Csv(_Tsv):
    """Plain values; blank nodes as ``_:label``; a triple term as TSV writes it."""

    def iri(self, term):
        return term.value

    def literal(self, term):
        return term.value

    def triple(self, term):
        return _TSV(term)


_JSON, _XML, _TSV, _CSV = _Json(), _Xml(), _Tsv(), _Csv()


def json_term(term) -> dict:
    """One RDF term in SPARQL JSON."""
    return _JSON(term)


def xml_term(term) -> str:
    """One RDF term in SPARQL XML."""
    return _XML(term)


def csv_value(term) -> str:
    """One RDF term as a CSV field's value (before quoting); ``None`` (unbound) as an empty field."""
    return _CSV(term)


def tsv_term(term) -> str:
    """One RDF term in Turtle syntax, as TSV writes it; ``None`` (unbound) as an empty field.

    >>> tsv_term(ox.Literal("chat", language="fr")), tsv_term(None)
    ('"chat"@fr', '')
    """
    return _TSV(term)


# -- Solutions -----------------------------------------------------------------------------------


class SolutionWriter:
    """Writes a SELECT result in pieces: :meth:`header`, one :meth:`row` per solution, :meth:`footer`.

    Args:
        fmt: ``json``, ``xml``, ``csv`` or ``tsv``.
        variables: the projected variable names, in order.
    """

    def __init__(self, fmt: str, variables: Sequence[str]) -> None:
        if fmt not in ("json", "xml", "csv", "tsv"):
            raise ValueError(f"no solution writer for {fmt!r}")
        self.fmt = fmt
        self.variables = list(variables)
        self._first = True
        self._writers = {"json": _JSON, "xml": _XML, "csv": _CSV, "tsv": _TSV}[fmt].by_type

    def header(self) -> bytes:
        if self.fmt == "json":
            vars_ = json.dumps(self.variables, ensure_ascii=False, separators=(",", ":"))
            return ('{"head":{"vars":' + vars_ + '},"results":{"bindings":[').encode()
        if self.fmt == "xml":
            names = "".join(f'<variable name="{_xml_attr(v)}"/>' for v in self.variables)
            return (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<sparql xmlns="{RESULTS_NS}">\n<head>{names}</head>\n<results>\n'
            ).encode()
        if self.fmt == "csv":
            return _csv_line(self.variables)
        return ("\t".join(f"?{v}" for v in self.variables) + "\n").encode()

    def row(self, values: Sequence) -> bytes:
        """One solution; ``values`` are aligned with the variables, ``None`` where unbound."""
        writers = self._writers
        if self.fmt == "json":
            binding = {v: writers[type(t)](t) for v, t in zip(self.variables, values) if t is not None}
            text = json.dumps(binding, ensure_ascii=False, separators=(",", ":"))
            if self._first:
                self._first = False
                return text.encode()
            return ("," + text).encode()
        if self.fmt == "xml":
            cells = "".join(
                f'<binding name="{_xml_attr(v)}">{writers[type(t)](t)}</binding>' for v, t in zip(self.variables, values) if t is not None
            )
            return f"<result>{cells}</result>\n".encode()
        if self.fmt == "csv":
            return _csv_line([writers[type(t)](t) for t in values])
        return ("\t".join(writers[type(t)](t) for t in values) + "\n").encode()

    def footer(self, truncated: dict | None) -> bytes:
        """Close the document; ``truncated`` (rows, reason, message) when the result was cut."""
        if self.fmt == "json":
            tail = "]}"
            if truncated:
                tail += ',"truncated":' + json.dumps(truncated, ensure_ascii=False, separators=(",", ":"))
            return (tail + "}").encode()
        if self.fmt == "xml":
            note = f"<!-- {_xml_text(truncated['message']).replace('--', '- -')} -->\n" if truncated else ""
            return f"{note}</results>\n</sparql>\n".encode()
        return b""


def _csv_line(values: Iterable[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(list(values))
    return buffer.getvalue().encode()


def write_boolean(fmt: str, value: bool) -> bytes:
    """An ASK answer.

    >>> write_boolean("json", True)
    b'{"head":{},"boolean":true}'
    """
    word = "true" if value else "false"
    if fmt == "json":
        return ('{"head":{},"boolean":' + word + "}").encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sparql xmlns="{RESULTS_NS}">\n<head/>\n<boolean>{word}</boolean>\n</sparql>\n'
        ).encode()
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{word}\n".encode()
    raise ValueError(f"no boolean writer for {fmt!r}")


# -- Graphs --------------------------------------------------------------------------------------

_NC_START = "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
_NC_LOCAL = re.compile(f"[{_NC_START}][{_NC_START}0-9.\\-\u00b7\u0300-\u036f\u203f-\u2040]*$")


def xml_splittable(iri: str) -> bool:
    """Whether an IRI ends in an XML local name, as an RDF/XML property element needs.

    >>> xml_splittable("http://purl.org/dc/terms/title"), xml_splittable("http://example.org/p/1")
    (True, False)
    """
    return _NC_LOCAL.search(iri) is not None


def write_graph(triples: list, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE triples in an RDF format (``turtle``, ``ntriples``, ``rdfxml``, ``jsonld``,
    ``trig``, ``nquads``).

    Raises:
        Unserializable: RDF/XML cannot write a predicate without an XML local name.
    """
    rdf_format = RDF_FORMATS[fmt]
    if fmt == "rdfxml":
        for triple in triples:
            if not xml_splittable(triple.predicate.value):
                raise Unserializable(
                    f"RDF/XML cannot write the predicate <{triple.predicate.value}> (it does not end in an XML "
                    "name); ask for Turtle, N-Triples or JSON-LD instead"
                )
            if isinstance(triple.subject, ox.Triple) or isinstance(triple.object, ox.Triple):
                raise Unserializable("RDF/XML cannot write triple terms; ask for Turtle or N-Triples instead")
    items = triples
    if rdf_format.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    used = None
    if prefixes and fmt in ("turtle", "trig", "rdfxml"):
        used = _used_prefixes(triples, prefixes)
    try:
        return ox.serialize(items, format=rdf_format, prefixes=used) if used else ox.serialize(items, format=rdf_format)
    except (ValueError, SyntaxError) as exc:
        raise Unserializable(f"the result cannot be written as {fmt}: {exc}") from None


def _used_prefixes(triples: list, prefixes: dict[str, str]) -> dict[str, str]:
    iris: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and not term.language:
                iris.add(term.datatype.value)
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}
