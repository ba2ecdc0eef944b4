"""PDF attachments judged by parsing them, not by byte patterns.

Why: a byte scan for ``/JavaScript`` missed every PDF that spelled the name with escapes
(``/S /J#61vaScript``, ``/L#61unch``), put a newline after ``/JS``, or hid the action inside a
compressed ``/ObjStm`` object stream — and the providing institution opens these files.
pypdf reads the file the way a viewer does: cross-reference tables and streams, object streams
decoded, names normalised (``#61`` is ``a``). Every object the file declares is visited, the
trailer included, and the decoded object streams and the file outside its streams are also
read name by name, so an object no table points at (a viewer that rebuilds a broken file would
find it) is judged too.

Refused:

* the names ``/JavaScript``, ``/JS``, ``/Launch``, ``/EmbeddedFile``, ``/EmbeddedFiles``,
  ``/EF``, ``/RichMedia`` and ``/XFA``, as a key or a value, anywhere;
* an ``/OpenAction`` that is an action (a dictionary; a plain destination array only opens a
  page) and any non-empty ``/AA`` (additional actions run on open, close, focus, …);
* HTML in the file outside its binary streams (a PDF/HTML polyglot such as ``<img onerror>``);
* a file pypdf cannot read, or an encrypted one it cannot open without a password (it cannot
  be inspected).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

logger = logging.getLogger(__name__)

FORBIDDEN_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/RichMedia",
        "/XFA",
    }
)
HEADER = re.compile(rb"\A%PDF-(1\.[0-7]|2\.0)\b")
# Stream bodies are binary (compressed); only the text around them is read for names and HTML.
_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.S)
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /\[\]()<>{}%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_HTML = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|frame|svg|img|object|embed|meta|link|style|"
    rb"form|input|base|video|audio|math|a\s+href)\b"
    rb"|<[a-z][a-z0-9]*\b[^>]{0,400}?\bon[a-z]{3,30}\s*="
    rb"|javascript\s*:",
    re.I,
)


class RefusedPDF(Exception):
    """What made the file unacceptable (logged, never shown: the visitor sees one message)."""


def normalise_name(raw: bytes) -> str:
    """``/J#61vaScript`` → ``/JavaScript``, as a viewer reads it."""
    decoded = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return "/" + decoded.decode("latin-1")


def _names_in(text: bytes) -> Iterator[str]:
    for match in _NAME.finditer(text):
        yield normalise_name(match.group(1))


def _check_names(text: bytes, where: str) -> None:
    for name in _names_in(text):
        if name in FORBIDDEN_NAMES:
            raise RefusedPDF(f"{name} in {where}")


def _runs_an_action(value: PdfObject | None) -> bool:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return isinstance(value, DictionaryObject)


def _check_dictionary(obj: DictionaryObject) -> None:
    for key, value in obj.items():
        if key in FORBIDDEN_NAMES:
            raise RefusedPDF(f"key {key}")
        if key == "/OpenAction" and _runs_an_action(value):
            raise RefusedPDF("/OpenAction runs an action")
        if key == "/AA":
            actions = value.get_object() if isinstance(value, IndirectObject) else value
            if not isinstance(actions, DictionaryObject) or len(actions):
                raise RefusedPDF("/AA runs actions")
    if isinstance(obj, StreamObject) and obj.get("/Type") == "/ObjStm":
        # Objects inside it are visited through the cross-reference table too; reading the
        # decoded stream itself also catches objects no table points at.
        _check_names(obj.get_data(), "an object stream")


def _walk(obj: PdfObject | None, seen: set[int]) -> None:
    """Visit a direct object tree; indirect objects are visited once, from the xref walk."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject) or item is None:
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, NameObject):
            if str(item) in FORBIDDEN_NAMES:
                raise RefusedPDF(f"name {item}")
        elif isinstance(item, DictionaryObject):
            _check_dictionary(item)
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _every_object(reader: PdfReader) -> Iterator[PdfObject | None]:
    yield reader.trailer
    for generation, table in reader.xref.items():
        for number in table:
            yield IndirectObject(number, generation, reader).get_object()
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader).get_object()


def check_pdf(data: bytes) -> None:
    """Raise ``RefusedPDF`` unless ``data`` is a readable PDF with nothing active in it."""
    if not HEADER.match(data):
        raise RefusedPDF("no %PDF-1.x/2.0 header")
    if b"%%EOF" not in data[-2048:]:
        raise RefusedPDF("no %%EOF at the end")
    if b"startxref" not in data and b"trailer" not in data:
        raise RefusedPDF("no cross-reference information")
    outside_streams = _STREAM_BODY.sub(b"stream endstream", data)
    if _HTML.search(outside_streams):
        raise RefusedPDF("HTML markup")
    _check_names(outside_streams, "the file's text")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise RefusedPDF("encrypted with a password")
        seen: set[int] = set()
        for obj in _every_object(reader):
            _walk(obj, seen)
    except RefusedPDF:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise RefusedPDF(f"unreadable: {exc.__class__.__name__}") from exc
    except RecursionError as exc:  # a hostile nesting depth
        raise RefusedPDF("nested too deeply") from exc


def pdf_is_sound(data: bytes) -> bool:
    try:
        check_pdf(data)
    except RefusedPDF as refusal:
        logger.info("PDF attachment refused: %s", refusal)
        return False
    return True
