"""Attachment checks and private storage.

A file is accepted only when its extension is on the allow-list AND its content is that
type: magic bytes and structure for PNG/JPEG (``image_structure``), PDFs parsed with pypdf
(``pdf_structure``), the structure of zip-based office files (``file_structure``), UTF-8 text
for TXT/CSV; then the optional virus scanner (``virus_scan``). Files go to the private storage
(``STORAGES["private"]``, by default a folder at PRIVATE_MEDIA_ROOT) with random names.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from . import file_structure, image_structure, pdf_structure, virus_scan

logger = logging.getLogger(__name__)

MAX_FILES = 3

ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
    "csv": "text/csv",
}
_HTML_STARTS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")


def max_bytes() -> int:
    return settings.SERVICE_REQUESTS_MAX_ATTACHMENT_BYTES


def _is_text(upload: UploadedFile) -> bool:
    upload.seek(0)
    data = upload.read()
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    head = text.lstrip("\ufeff \t\r\n")[:64].lower().encode()
    return not head.startswith(_HTML_STARTS)


def detect_kind(upload: UploadedFile, extension: str) -> str | None:
    """The allow-listed kind the content really is, judged for the claimed extension."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess else None
    if extension == "pdf":
        upload.seek(0)
        return "pdf" if pdf_structure.pdf_is_sound(upload.read()) else None
    if extension == "png":
        upload.seek(0)
        sound = mime == "image/png" and image_structure.image_is_sound(upload.read(), "png")
        return "png" if sound else None
    if extension in ("jpg", "jpeg"):
        upload.seek(0)
        sound = mime == "image/jpeg" and image_structure.image_is_sound(upload.read(), "jpeg")
        return extension if sound else None
    if extension in ("docx", "xlsx", "odt"):
        return (
            extension
            if head.startswith(b"PK\x03\x04") and file_structure.office_kind(upload) == extension
            else None
        )
    if extension in ("txt", "csv"):
        return extension if guess is None and _is_text(upload) else None
    return None


def validate_attachment(upload: UploadedFile) -> str:
    """Return the content type to store, or raise a ValidationError in the user's language."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit_mb = max_bytes() // (1024 * 1024)
    if upload.size is None or upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB.") % {"name": name, "limit": limit_mb},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if extension not in ALLOWED:
        raise ValidationError(
            _(
                "“%(name)s”: this file type is not allowed. "
                "Allowed: PDF, PNG, JPEG, DOCX, XLSX, ODT, TXT, CSV."
            )
            % {"name": name},
            code="type",
        )
    kind = detect_kind(upload, extension)
    if kind is None:
        raise ValidationError(
            _("“%(name)s”: the content of the file does not match its type (.%(ext)s).")
            % {"name": name, "ext": extension},
            code="content",
        )
    if virus_scan.enabled():
        try:
            signature = virus_scan.scan(upload)
        except virus_scan.ScannerUnavailable as exc:
            logger.error("virus scanner unavailable: %s", exc)
            raise ValidationError(
                _("“%(name)s” could not be checked for viruses just now. Please try again later.")
                % {"name": name},
                code="scan",
            ) from exc
        if signature:
            logger.warning("attachment refused by the virus scanner: %s", signature)
            raise ValidationError(
                _("“%(name)s” contains malware (%(signature)s) and was refused.")
                % {"name": name, "signature": signature},
                code="virus",
            )
    upload.seek(0)
    return ALLOWED[kind]


def private_storage() -> Storage:
    """Where attachments live: ``STORAGES["private"]`` (a folder or a private bucket)."""
    return storages["private"]


def store(upload: UploadedFile) -> str:
    """Save the file in the private storage under a random name; return that name."""
    stored = secrets.token_hex(20)
    upload.seek(0)
    return private_storage().save(stored, upload)


def open_stored(stored_name: str) -> Any:
    """The stored file, opened for reading (the caller closes it)."""
    if not stored_name.isalnum():
        raise ValueError("bad stored name")
    return private_storage().open(stored_name, "rb")


def safe_filename(name: str) -> str:
    """A display/download name without path parts or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"\r\n')
    return cleaned[:200] or "attachment"
