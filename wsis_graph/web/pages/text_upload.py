"""Importing an official text from the browser or a script: ``POST /texts/import``.

The same import as ``wsis-graph texts import``, in two steps for a person and one for a script.

* ``POST /texts/import`` takes ``multipart/form-data``: the file in the field ``file`` (``.pdf``
  with a text layer, ``.docx``, ``.html``, ``.txt``), ``document`` (a key of
  :data:`~wsis_graph.texts.documents.DOCUMENTS`), ``symbol`` (optional), ``language`` (default
  ``en``) and ``name`` (a ``generic`` document's name), as fields or as query parameters.
  With ``dry-run=1`` (or ``dry_run``) the file is read and nothing is written: a script gets
  :meth:`~wsis_graph.texts.model.TextStructure.to_dict` as JSON (200); a browser gets the
  ``/texts`` page with a preview (the counts, the spans skipped, the warnings, the first parts
  and the whole outline) and a button that writes it. Without ``dry-run`` the text is written:
  :meth:`~wsis_graph.texts.write.ImportOutcome.to_json` with 201 (``Location``: the document),
  or 200 when the store held the same file already.
* ``POST /texts/import/kept``: the preview's button. It writes exactly the text previewed (below).

**What is written is what was previewed.** The preview keeps the uploaded bytes on the server, in a
folder of their own under the system's temporary directory (:class:`KeptUploads`; one folder per
user of the machine, made private to it), as ``<sha256>/<the file's own name>``: the name is kept
because the import records it, and its suffix says how to read the file. The button sends back the
SHA-256, the file's name, the options and a digest of the structure shown. The second step finds
the bytes by their SHA-256, checks them against it, reads them again with the same options and
writes only when the structure's digest is the one previewed (409 otherwise, say after an upgrade
of the reader; 410 when the kept file is gone). Sending the bytes back with the button would not
do: a browser cannot refill a file field, and a file carried in the page grows by a third, so that
one near the request size limit would no longer fit under it. Kept files live at most :data:`KEPT_FOR` seconds, at most
:data:`MAX_KEPT` of them and :data:`MAX_KEPT_BYTES` in all (the oldest go first), and one goes as
soon as it is written. Several processes on one machine share the folder; a server restart loses
nothing but what is over age.

**Access.** Both steps need the update token, under the rule of every upload form
(:func:`~wsis_graph.web.protocol.update.require_write_access_or_form_token`): the header
``Authorization: Bearer <token>``, or the form's ``token`` field; 403 when updates are off, 401
without the right token. A preview needs it too, as a proposals dry run does: it keeps a file on
the server and runs the PDF reader on it. The token is the forms' protection from cross-site
requests, as for ``/proposals``: a page elsewhere cannot know it. The preview's button carries the
token the person typed back in a hidden field, so the page is sent ``Cache-Control: no-store``.

**Refusals** name the file and what was or was not found, and write nothing: 400 for a file that
cannot be read as the document (a scan, a file whose bytes are not what its suffix says, no
numbered paragraph, ``gdc`` without annex I), an unknown key, a bad language tag or name; 413 for
an upload over the server's request size limit (``Settings.max_body``); 415 for a request that is
not a form upload, or a file whose suffix is not read; 422 with the SHACL report when the shapes
refuse the text; 409 when the file is imported already as another language. A browser gets each on
the ``/texts`` page, a script in the one JSON error shape.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from flask import Blueprint, Response, current_app, redirect, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from wsis_graph.problems import Problem
from wsis_graph.store import StoreError
from wsis_graph.texts import TextImportError, TextStructure, read_structure
from wsis_graph.texts.documents import DOCUMENTS
from wsis_graph.texts.editions import ImportedEdition, editions
from wsis_graph.texts.outline import counts_text, outline
from wsis_graph.texts.readers import SUFFIXES
from wsis_graph.texts.write import ImportOutcome, TextRejected, document_key, import_text
from wsis_graph.uris import Minter
from wsis_graph.web.pages.texts import size_text, texts_html
from wsis_graph.web.pages.view import current_store, wants_html
from wsis_graph.web.protocol.update import ShaclRefused, require_write_access_or_form_token, write_lock

bp = Blueprint("text_upload", __name__)

#: Seconds a previewed upload is kept for the button that writes it.
KEPT_FOR = 3600
#: The most previewed uploads kept at once, and their most bytes in all.
MAX_KEPT = 16
MAX_KEPT_BYTES = 64 * 1024 * 1024
#: The parts a preview shows in its table (the whole outline follows, folded).
PREVIEW_PARTS = 40

_TRUE = ("1", "true", "yes", "on")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DEPTH = {"heading": 0, "preamble": 0, "paragraph": 0, "item": 1, "subitem": 2, "footnote": 1}


# -- what the request asks ----------------------------------------------------------------------


def _field(name: str, *aliases: str) -> str:
    """A form field, else a query parameter, stripped ("" when absent)."""
    for key in (name, *aliases):
        value = request.form.get(key) if request.mimetype == "multipart/form-data" else None
        if value is None:
            value = request.args.get(key)
        if value is not None and value.strip():
            return value.strip()
    return ""


def upload_name(raw: str) -> str:
    """The file's own name as the browser sent it, without folders or control characters.

    >>> upload_name("C:\\\\Users\\\\ana\\\\A_RES_79_1-FR.pdf"), upload_name("../../résolution 79-1.docx")
    ('A_RES_79_1-FR.pdf', 'résolution 79-1.docx')
    >>> upload_name("a\\x00b.txt")
    'ab.txt'
    """
    name = "".join(ch for ch in PureWindowsPath(raw or "").name if ch.isprintable()).strip()
    if name in ("", ".", ".."):
        raise Problem(400, "missing_file", "send the file in the form field 'file' (a .pdf, .docx, .html or .txt)")
    while len(name.encode("utf-8")) > 200:  # a folder entry holds 255 bytes; keep the suffix
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[:-1]}{dot}{suffix}" if dot and stem else name[:-1]
    return name


@dataclass(frozen=True)
class Options:
    """What the text is said to be: the form's fields, checked before the file is read."""

    document: str
    symbol: str = ""
    language: str = "en"
    name: str = ""

    @classmethod
    def from_request(cls) -> Options:
        key = _field("document", "key")
        if not key:
            raise Problem(400, "missing_document", f"say which document the file is: document={'|'.join(DOCUMENTS)}")
        if key not in DOCUMENTS:
            raise Problem(400, "unknown_document", f"unknown document key {key!r}; the keys are {', '.join(DOCUMENTS)}")
        language = _field("language") or "en"
        if not _LANGUAGE.match(language):
            raise Problem(400, "bad_language", f"{language!r} is not a language tag (en, fr, es, ru, ar, zh …)")
        return cls(key, _field("symbol"), language, _field("name"))

    def as_fields(self) -> dict[str, str]:
        return {"document": self.document, "symbol": self.symbol, "language": self.language, "name": self.name}


def _check_suffix(name: str) -> None:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Problem(415, "unsupported_media_type",
                      f"{name}: the suffix {suffix or '(none)'!r} is not read; send a {', '.join(sorted(SUFFIXES))} file")


def _upload() -> tuple[bytes, str]:
    """The uploaded file's bytes and its own name."""
    if request.mimetype != "multipart/form-data":
        raise Problem(415, "unsupported_media_type",
                      f"send the file as multipart/form-data in the field 'file', not {request.mimetype or 'no media type'}")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Problem(400, "missing_file", "send the file in the form field 'file' (a .pdf, .docx, .html or .txt)")
    name = upload_name(upload.filename)
    _check_suffix(name)
    return upload.read(), name


def _too_large() -> Problem:
    limit = current_app.config["SETTINGS"].max_body
    sent = f" ({request.content_length:,} bytes)" if request.content_length else ""
    return Problem(413, "request_too_large",
                   f"the upload{sent} is over the {size_text(limit)} this server takes in one request; "
                   "import it on the server with `wsis-graph texts import FILE --document KEY` instead")


def _mint() -> Minter:
    return Minter(current_app.config["SETTINGS"].base)


# -- reading -----------------------------------------------------------------------------------------


def digest(structure: TextStructure) -> str:
    """A fingerprint of a structure: the same bytes read with the same options give the same one."""
    text = json.dumps(structure.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path, options: Options) -> TextStructure:
    """The structure of the file at ``path`` (named as uploaded), the generic name checked too."""
    try:
        structure = read_structure(path, options.document, symbol=options.symbol or None, language=options.language)
        document_key(structure.document, options.name or None)
    except TextImportError as exc:
        raise Problem(400, "unreadable_text", f"{path.name}: {exc}; nothing was written") from None
    return structure


def _read_bytes(data: bytes, name: str, options: Options) -> TextStructure:
    with tempfile.TemporaryDirectory(prefix="wsis-graph-text-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return _read(path, options)


# -- the uploads kept between the preview and the write ------------------------------------------------


class KeptUploads:
    """Previewed uploads kept for the button that writes them, as ``<folder>/<sha256>/<name>`` (see the module)."""

    _lock = threading.Lock()

    def __init__(self, folder: Path | None = None) -> None:
        uid = os.getuid() if hasattr(os, "getuid") else 0
        self.folder = Path(folder) if folder else Path(tempfile.gettempdir()) / f"wsis-graph-text-uploads-{uid}"

    def _ready(self) -> Path:
        """The folder, made if need be, refused unless it is a real folder of ours that only we can read."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(self.folder)
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise Problem(500, "upload_folder_unsafe", f"the folder for uploads, {self.folder}, is not a folder of this server's user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(self.folder, 0o700)
        return self.folder

    def keep(self, data: bytes, name: str) -> str:
        """Keep ``data`` under its own ``name``; its SHA-256, by which :meth:`find` finds it."""
        sha = hashlib.sha256(data).hexdigest()
        with self._lock:
            folder = self._ready()
            self._prune(folder, incoming=len(data), keep=sha)
            entry = folder / sha
            entry.mkdir(mode=0o700, exist_ok=True)
            target = entry / name
            if not target.is_file():
                partial = entry / f".partial-{os.getpid()}-{threading.get_ident()}"
                partial.write_bytes(data)
                os.replace(partial, target)
            os.utime(entry)
        return sha

    def find(self, sha: str, name: str) -> Path:
        """The kept file, checked against its SHA-256.

        Raises:
            Problem: 410 when it is gone (written, over age, pushed out, or never kept).
        """
        path = self.folder / sha / name
        gone = Problem(410, "upload_expired", f"{name}: the previewed upload is no longer kept on the server: it was "
                                              f"written already, or its preview is over {KEPT_FOR // 60} minutes old; "
                                              "choose the file again")
        try:
            fresh = time.time() - os.stat(path.parent).st_mtime < KEPT_FOR
            data = path.read_bytes() if fresh else b""
        except OSError:
            raise gone from None
        if not fresh or hashlib.sha256(data).hexdigest() != sha:
            raise gone
        return path

    def discard(self, sha: str) -> None:
        shutil.rmtree(self.folder / sha, ignore_errors=True)

    def _prune(self, folder: Path, *, incoming: int, keep: str) -> None:
        """Drop what is over age, then the oldest until there is room for ``incoming`` more bytes."""
        entries = []
        for entry in folder.iterdir():
            try:
                if not _SHA256.match(entry.name) or not entry.is_dir() or entry.is_symlink():
                    continue
                size = sum(f.stat().st_size for f in entry.iterdir() if f.is_file())
                entries.append((entry.stat().st_mtime, size, entry))
            except OSError:  # another process removed it meanwhile
                continue
        now = time.time()
        entries.sort()
        total = sum(size for _, size, _ in entries)
        count = len(entries)
        for mtime, size, entry in entries:
            if entry.name == keep:
                continue
            if now - mtime < KEPT_FOR and count < MAX_KEPT and total + incoming <= MAX_KEPT_BYTES:
                continue
            shutil.rmtree(entry, ignore_errors=True)
            count, total = count - 1, total - size


def kept_uploads() -> KeptUploads:
    """The application's kept uploads (``app.config["TEXT_UPLOADS"]`` names another folder)."""
    return KeptUploads(current_app.config.get("TEXT_UPLOADS"))


# -- the preview -----------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    ref: str
    kind: str
    depth: int
    heading: str
    text: str


@dataclass
class Preview:
    """What the page shows of a file read and not yet written, and what the button sends back."""

    structure: TextStructure
    options: Options
    key: str
    sha256: str
    digest: str
    token: str
    counts: str
    rows: list[PreviewRow]
    more: int
    outline: str
    same_file: ImportedEdition | None = None
    current: ImportedEdition | None = None
    editions: list[ImportedEdition] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.structure.document.file

    @property
    def writable(self) -> bool:
        """Whether writing would change anything (not when the store holds this very file already)."""
        return self.same_file is None

    @property
    def next_number(self) -> int:
        return max((e.number for e in self.editions if e.language == self.options.language), default=0) + 1


def _preview(structure: TextStructure, options: Options, sha: str) -> Preview:
    key = document_key(structure.document, options.name or None)
    known = [e for e in editions(current_store(), _mint()) if e.key == key]
    rows = [PreviewRow(p.ref, p.kind, _DEPTH[p.kind], p.heading, p.text) for p in structure.parts[:PREVIEW_PARTS]]
    return Preview(
        structure=structure,
        options=options,
        key=key,
        sha256=sha,
        digest=digest(structure),
        token=_field("token") if request.mimetype == "multipart/form-data" else "",
        counts=counts_text(structure.counts()),
        rows=rows,
        more=max(len(structure.parts) - PREVIEW_PARTS, 0),
        outline=outline(structure),
        same_file=next((e for e in known if e.sha256 == structure.document.sha256.lower()), None),
        current=next((e for e in known if e.language == options.language and e.current), None),
        editions=known,
    )


# -- writing ------------------------------------------------------------------------------------------


def _write(structure: TextStructure, options: Options) -> ImportOutcome:
    settings = current_app.config["SETTINGS"]
    if settings.read_only:
        raise Problem(503, "store_read_only", "this server opened the store read-only (several worker processes); "
                                              "imports need the single-process server (`wsis-graph serve` without --workers)")
    try:
        with write_lock():
            outcome = import_text(current_store(), structure, name=options.name or None, mint=_mint())
    except TextImportError as exc:
        raise Problem(409, "text_conflict", f"{structure.document.file}: {exc}") from None
    except TextRejected as exc:
        raise ShaclRefused(exc.report) from None
    except StoreError as exc:
        raise Problem(503, "store_read_only", f"the store cannot be written here: {exc}") from None
    current_app.logger.info("texts import %s: %s", outcome.key, outcome.summary())
    return outcome


def _written(outcome: ImportOutcome, html: bool) -> Response:
    status = 201 if outcome.status == "written" else 200
    if html:
        return _page(status, outcome=outcome)
    response = Response(json.dumps(outcome.to_json(), ensure_ascii=False), status=status, mimetype="application/json")
    if outcome.status == "written" and outcome.edition.document is not None:
        response.headers["Location"] = str(outcome.edition.document)
    return response


# -- the routes ---------------------------------------------------------------------------------------


def _page(status: int = 200, **shown) -> Response:
    response = texts_html(status, **shown)
    response.headers["Cache-Control"] = "no-store"  # a preview carries the token in its button
    return response


def _answer(step) -> Response:
    """Run one step; a browser gets every refusal on the ``/texts`` page, a script as JSON."""
    html = wants_html()
    try:
        return step(html)
    except RequestEntityTooLarge:
        problem = _too_large()
    except Problem as exc:
        problem = exc
    if html:
        return _page(problem.status, problem=problem)
    raise problem


def _upload_step(html: bool) -> Response:
    require_write_access_or_form_token()
    data, name = _upload()
    options = Options.from_request()
    structure = _read_bytes(data, name, options)
    if _field("dry-run", "dry_run").lower() in _TRUE:
        if not html:
            return Response(json.dumps(structure.to_dict(), ensure_ascii=False), mimetype="application/json")
        kept = kept_uploads()
        preview = _preview(structure, options, kept.keep(data, name))
        if not preview.writable:
            kept.discard(preview.sha256)
        return _page(preview=preview)
    return _written(_write(structure, options), html)


def _kept_step(html: bool) -> Response:
    require_write_access_or_form_token()
    sha = _field("upload").lower()
    if not _SHA256.match(sha):
        raise Problem(400, "bad_request", "upload= must be the SHA-256 of a previewed file (64 hexadecimal digits)")
    name = upload_name(_field("file_name"))
    _check_suffix(name)
    options = Options.from_request()
    kept = kept_uploads()
    structure = _read(kept.find(sha, name), options)
    if digest(structure) != _field("digest").lower():
        raise Problem(409, "preview_changed", f"{name}: the file now reads differently from the preview shown "
                                              "(was the server upgraded meanwhile?); preview it again; nothing was written")
    outcome = _write(structure, options)
    kept.discard(sha)
    return _written(outcome, html)


@bp.post("/texts/import")
def upload() -> Response:
    return _answer(_upload_step)


@bp.post("/texts/import/kept")
def write_kept() -> Response:
    return _answer(_kept_step)


@bp.get("/texts/import")
def upload_form() -> Response:
    return redirect(url_for("texts.texts_page") + "#import", code=303)


__all__ = ["KEPT_FOR", "MAX_KEPT", "MAX_KEPT_BYTES", "KeptUploads", "Options", "Preview", "bp", "digest", "upload_name"]
