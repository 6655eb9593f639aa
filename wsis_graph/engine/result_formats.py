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

from wsis_graph.engine.problems import Problem

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


def json_term(term) -> dict:
    """One RDF term in SPARQL JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        else:
            datatype = _datatype(term)
            if datatype:
                out["datatype"] = datatype
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": json_term(term.subject),
                "predicate": json_term(term.predicate),
                "object": json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_text(text: str) -> str:
    if _NOT_XML.search(text):
        raise Unserializable(
            "the result holds a control character that XML 1.0 cannot carry; ask for JSON, CSV or TSV instead"
        )
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def xml_term(term) -> str:
    """One RDF term in SPARQL XML."""
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f'<literal xml:lang="{_xml_attr(term.language)}">{_xml_text(term.value)}</literal>'
        datatype = _datatype(term)
        if datatype:
            return f'<literal datatype="{_xml_attr(datatype)}">{_xml_text(term.value)}</literal>'
        return f"<literal>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{xml_term(term.subject)}</subject><predicate>{xml_term(term.predicate)}</predicate>"
            f"<object>{xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def csv_value(term) -> str:
    """One RDF term as a CSV field's value (before quoting)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.Triple):
        return f"<< {tsv_term(term.subject)} {tsv_term(term.predicate)} {tsv_term(term.object)} >>"
    raise TypeError(f"not an RDF term: {term!r}")


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def tsv_term(term) -> str:
    """One RDF term in Turtle syntax, as TSV writes it."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{_quoted(term.value)}@{term.language}"
        datatype = _datatype(term)
        if datatype is None:
            return _quoted(term.value)
        pattern = _TURTLE_NUMBER.get(datatype)
        if pattern is not None and pattern.match(term.value):
            return term.value
        return f"{_quoted(term.value)}^^<{datatype}>"
    if isinstance(term, ox.Triple):
        return f"<< {tsv_term(term.subject)} {tsv_term(term.predicate)} {tsv_term(term.object)} >>"
    raise TypeError(f"not an RDF term: {term!r}")


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
        if self.fmt == "json":
            binding = {v: json_term(t) for v, t in zip(self.variables, values) if t is not None}
            text = json.dumps(binding, ensure_ascii=False, separators=(",", ":"))
            if self._first:
                self._first = False
                return text.encode()
            return ("," + text).encode()
        if self.fmt == "xml":
            cells = "".join(
                f'<binding name="{_xml_attr(v)}">{xml_term(t)}</binding>' for v, t in zip(self.variables, values) if t is not None
            )
            return f"<result>{cells}</result>\n".encode()
        if self.fmt == "csv":
            return _csv_line([csv_value(t) for t in values])
        return ("\t".join(tsv_term(t) for t in values) + "\n").encode()

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
