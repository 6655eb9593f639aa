"""What every HTML page shares: terms shown in the request's language, the page layout, errors.

* :class:`View` turns terms of the graph into :class:`Shown` values for the templates (label in
  the asked language, ``lang`` and ``dir`` attributes, confidence badges, links to our pages).
* :func:`page_language` reads the language from ``?lang=`` or ``Accept-Language``.
* :func:`render_page` renders a template inside the base layout; :func:`html_error` answers an
  error as a page for a browser and in the JSON shape of :mod:`wsis_graph.web.errors` for
  everyone else; :func:`wants_html` tells the two apart.
* :func:`base_paths` says where the IRIs minted from the data base are served.
* :data:`bp` (named ``pages``) carries the templates and the stylesheet (``/pages-static/``) of
  every page; the routes are in :mod:`.resource`, :mod:`.browse`, :mod:`.search`,
  :mod:`.mapping` and :mod:`.proposals`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from wsis_graph import __version__
from wsis_graph.namespaces import SDG_NS, WSIS_NS
from wsis_graph.store import Store
from wsis_graph.uris import configured_base
from wsis_graph.web.errors import error_response
from wsis_graph.web.pages import labels
from wsis_graph.web.pages.labels import Labels

#: The web package's folder, which holds the page templates and their static files.
WEB = Path(__file__).resolve().parents[1]

bp = Blueprint(
    "pages",
    __name__,
    template_folder=str(WEB / "templates"),
    static_folder=str(WEB / "static"),
    static_url_path="/pages-static",
)

HTML_TYPES = ("text/html", "application/xhtml+xml")


# -- where minted IRIs are served -----------------------------------------------------------------


#: Hosts of permanent-identifier services whose first path segment names the project: they redirect
#: ``https://w3id.org/wsis-graph/id/…`` to our server as ``/id/…``.
REDIRECT_HOSTS = frozenset({"w3id.org", "purl.org", "www.w3id.org", "purl.archive.org"})


def base_paths(base: str) -> list[str]:
    """The local paths that serve IRIs minted from ``base``, the one to link first.

    The default base ``https://w3id.org/wsis-graph/id/`` is served at ``/id/`` (where the w3id
    redirect lands) and also at ``/wsis-graph/id/`` (behind a proxy that keeps the whole path); a
    base on our own host, ``https://example.org/data/id/``, at ``/data/id/``. A base that ends in
    ``#`` maps to no path: its IRIs resolve through ``/resource?iri=``.

    >>> base_paths("https://w3id.org/wsis-graph/id/")
    ['/id/', '/wsis-graph/id/']
    >>> base_paths("https://example.org/data/id/")
    ['/data/id/']
    >>> base_paths("https://example.org/vocab#")
    []
    """
    if not base.endswith("/"):
        return []
    parts = urlsplit(base)
    path = parts.path or "/"
    if not path.startswith("/"):
        return []
    paths = [path]
    segments = path.strip("/").split("/")
    if parts.hostname in REDIRECT_HOSTS and len(segments) > 1:
        paths.insert(0, "/" + "/".join(segments[1:]) + "/")
    return paths


def base_path(base: str) -> str | None:
    """The local path that our pages link minted IRIs to, or None."""
    paths = base_paths(base)
    return paths[0] if paths else None


def site_base() -> str:
    """The base of the IRIs this server mints (from its settings, else the configured one)."""
    settings = current_app.config.get("SETTINGS")
    return getattr(settings, "base", None) or configured_base()


def current_store() -> Store:
    """The store this application serves."""
    return current_app.config["STORE"]


# -- languages ---------------------------------------------------------------------------------------


def page_language() -> tuple[str, bool]:
    """The language to show labels in, and whether the request named it (``?lang=``)."""
    asked = request.args.get("lang")
    if asked:
        return labels.normalise_language(asked) or "en", True
    best = request.accept_languages.best_match([*labels.LANGUAGES, "zh"])
    return labels.normalise_language(best) or "en", False


# -- turning terms into what a page shows --------------------------------------------------------------


@dataclass
class Shown:
    """A term as a page shows it."""

    text: str
    lang: str | None = None
    dir: str | None = None
    href: str | None = None
    external: bool = False
    iri: str | None = None
    badge: str | None = None
    title: str | None = None
    code: str | None = None
    datatype: str | None = None
    fallback: bool = False  # shown in another language than the one asked for


def optional_text(node: Node | str | None) -> str | None:
    """The text of a value, or None when there is none."""
    return None if node is None else str(node)


class View:
    """What the templates need to render terms in one request's language."""

    def __init__(self, names: Labels, lang: str, explicit: bool) -> None:
        self.names = names
        self.lang = lang
        self.explicit = explicit
        self.base = site_base()
        self.path = base_path(self.base)

    @classmethod
    def for_request(cls, names: Labels | None = None) -> View:
        """A view in the language of the request (:func:`page_language`), naming things by ``names``."""
        lang, explicit = page_language()
        return cls(Labels() if names is None else names, lang, explicit)

    # links -------------------------------------------------------------------------------------------

    def href(self, iri: Node) -> str:
        """The URL of our page for ``iri`` (the minted path when the base maps to one)."""
        text = str(iri)
        params = {"lang": self.lang} if self.explicit else {}
        if self.path and text.startswith(self.base) and len(text) > len(self.base):
            local = quote(text[len(self.base):], safe="/._~-!$&'()*+,;=:@")
            url = request.script_root + self.path + local
            return url + ("?" + urlencode(params) if params else "")
        return url_for("resource.resource", iri=text, **params)

    def url(self, endpoint: str, **params: str) -> str:
        """The URL of one of our pages, keeping the language when the request named it."""
        if self.explicit and "lang" not in params:
            params["lang"] = self.lang
        return url_for(endpoint, **params)

    # terms -------------------------------------------------------------------------------------------

    def label(self, node: Node) -> Shown:
        """The label of a thing of the graph (no link)."""
        chosen = self.names.pick(node, self.lang)
        if chosen is None:
            return Shown(text=labels.local_name(str(node)) if isinstance(node, URIRef) else str(node), iri=str(node))
        return self.literal(chosen, iri=str(node))

    def literal(self, value: Literal, **extra) -> Shown:
        """A literal with its language, writing direction and datatype; marked when in another language."""
        lang = value.language
        shown = Shown(text=str(value), lang=lang, dir="rtl" if labels.is_rtl(lang) else ("ltr" if lang else None), **extra)
        if lang and labels.primary(lang) != labels.primary(self.lang):
            shown.fallback = True
        if value.datatype is not None and value.datatype != XSD.string:
            shown.datatype = labels.vocab_label(value.datatype) if labels.is_vocabulary_term(value.datatype) else (
                "xsd:" + labels.local_name(str(value.datatype))
                if str(value.datatype).startswith(str(XSD))
                else str(value.datatype)
            )
        return shown

    def term(self, node: Node | None, *, source: bool = False) -> Shown:
        """Any term: a literal, a confidence badge, a vocabulary term, a thing with a page, or a web page.

        Args:
            source: the term is the value of a source property (a page to open, not a thing).
        """
        if node is None:
            return Shown(text="")
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, BNode):
            return Shown(text=f"_:{node}")
        text = str(node)
        slug = labels.confidence_slug(node)
        if slug:
            return Shown(text=labels.vocab_label(node), badge=slug, title=labels.vocab_definition(node), iri=text)
        if labels.is_vocabulary_term(node) and not self.names.known(node):
            return Shown(text=labels.vocab_label(node), title=labels.vocab_definition(node) or text, iri=text,
                         href=self.term_href(node))
        ours = self.names.known(node) or text.startswith(self.base) or text.startswith(SDG_NS)
        if ours and not (source and not self.names.known(node)):
            shown = self.label(node)
            shown.href = self.href(node)
            code = self.names.notation(node)
            if code and code != shown.text:
                shown.code = code
            return shown
        if text.startswith(("http://", "https://")):
            return Shown(text=text, href=text, external=True, iri=text)
        return Shown(text=text, iri=text)

    def graph(self, graph: URIRef, titles: dict[URIRef, str]) -> Shown:
        """A named graph, by its title, linked to its page."""
        return Shown(text=titles.get(graph) or labels.local_name(str(graph)), href=self.href(graph), iri=str(graph))

    def types(self, nodes: Iterable[URIRef]) -> list[Shown]:
        """Classes by their vocabulary names, ours linked to their entry of ``/ontology``."""
        return [Shown(text=labels.vocab_label(t), title=labels.vocab_definition(t) or str(t), iri=str(t), href=self.term_href(t))
                for t in nodes]

    def prop(self, prop: URIRef) -> Shown:
        """A property by its vocabulary name, ours linked to its entry of ``/ontology``."""
        return Shown(text=labels.vocab_label(prop), title=labels.vocab_definition(prop) or str(prop), iri=str(prop),
                     href=self.term_href(prop))

    def term_href(self, node: Node) -> str | None:
        """The entry of ``/ontology`` for a term of our ontology (``wsis:ActionLine`` → ``/ontology#ActionLine``)."""
        text = str(node)
        if isinstance(node, URIRef) and text.startswith(WSIS_NS) and len(text) > len(WSIS_NS):
            return url_for("ontology.ontology_page") + "#" + text[len(WSIS_NS):]
        return None


# -- responses --------------------------------------------------------------------------------------


def wants_html() -> bool:
    """Whether the client asked for a page (``?format=html``, or HTML over JSON in ``Accept``)."""
    if request.args.get("format") == "html":
        return True
    return request.accept_mimetypes.best_match(["application/json", *HTML_TYPES]) in HTML_TYPES


def html_error(status: int, code: str, message: str, **context) -> Response:
    """An error as an HTML page for browsers, in the JSON shape of :mod:`errors` for everyone else."""
    if wants_html():
        view = View.for_request()
        body = render_template(
            "pages/error.html", status=status, code=code, message=message, view=view, **_chrome(view), **context
        )
        return Response(body, status=status, mimetype="text/html")
    return error_response(status, code, message)


def _chrome(view: View) -> dict:
    """What the base layout needs: the language picker and the current query."""
    keep = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return {
        "languages": labels.LANGUAGES,
        "keep_args": keep,
        "version": __version__,
        "marks": labels.confidence_marks(),
        "lang": view.lang,
    }


def render_page(template: str, view: View, status: int = 200, **context) -> Response:
    """The page ``template`` in the base layout, varying by ``Accept`` and ``Accept-Language``."""
    body = render_template(template, view=view, **_chrome(view), **context)
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


__all__ = [
    "HTML_TYPES",
    "Shown",
    "View",
    "base_path",
    "base_paths",
    "bp",
    "current_store",
    "html_error",
    "optional_text",
    "page_language",
    "render_page",
    "site_base",
    "wants_html",
]
