"""Request bodies are bounded before anything reads them (issue 18, item 3), in the app.

The same limits through nginx (``client_max_body_size``) are proven in ``tests/stack/``.
Here the Django side: a ``Content-Length`` over the URL's limit is a 413 before CSRF, the
session or a form parser reads one byte; a streamed (chunked) body is cut off as it passes
the limit; the 413 is a page in the visitor's language."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from catalogue_pages.models import PageFeedback
from requestkit.body_limits import CHUNK, limit_for

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class EndlessBody(io.RawIOBase):
    """A client that keeps sending: counts what the server reads from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = CHUNK if size is None or size < 0 else size
        self.read_bytes += size
        return b"a" * size


class FiniteBody(io.BytesIO):
    """A chunked body that ends (the server decoded the chunks)."""


def _temp_files() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).iterdir()}


def test_a_declared_600_mb_post_is_refused_before_anything_reads_it(client: Client) -> None:
    before = _temp_files()
    body = EndlessBody()
    response = client.generic(
        "POST",
        "/lv/feedback/",
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(600 * MB),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.read_bytes == 0, "not one byte was read"
    assert PageFeedback.objects.count() == 0
    assert _temp_files() - before == set(), "nothing reached the disk"


def test_the_413_page_speaks_the_visitors_language(client: Client) -> None:
    lv = client.post("/lv/feedback/", b"", content_type="text/plain", CONTENT_LENGTH=str(2 * MB))
    assert lv.status_code == 413 and lv["Content-Language"] == "lv"
    text = lv.content.decode()
    assert '<html lang="lv">' in text and "Nosūtītais ir pārāk liels" in text and "1 MB" in text
    en = client.post("/en/feedback/", b"", content_type="text/plain", CONTENT_LENGTH=str(2 * MB))
    assert "What you sent is too large" in en.content.decode() and en["Content-Language"] == "en"
    # No language in the path: the browser's.
    other = client.post(
        "/open-data/changes",
        b"",
        content_type="text/plain",
        CONTENT_LENGTH=str(2 * MB),
        HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9",
    )
    assert other.status_code == 413 and other["Content-Language"] == "en"
    assert other["Cache-Control"] == "no-store"


def test_limits_are_per_url_and_come_from_settings(settings) -> None:
    assert limit_for("/lv/feedback/") == settings.REQUEST_BODY_MAX_BYTES == 1 * MB
    assert limit_for("/lv/requests/new/PAK-0001/") == 32 * MB  # 3 attachments of 10 MB
    assert limit_for("/en/requests/r/REF-1/messages/") == 32 * MB
    assert limit_for("/admin/images/multiple/add/") == 64 * MB
    settings.REQUEST_BODY_LIMITS = [(r"^/lv/feedback/", 10)]
    assert limit_for("/lv/feedback/") == 10
    assert limit_for("/lv/requests/new/PAK-0001/") == 1 * MB


def test_under_the_limit_the_form_is_read_as_usual(client: Client) -> None:
    response = client.post("/lv/requests/login/", {"username": "nobody", "password": "x"})
    assert response.status_code in (200, 403)  # the form's own answer, not a 413


def test_a_streamed_body_is_cut_off_as_it_passes_the_limit(client: Client) -> None:
    body = EndlessBody()
    response = client.generic(
        "POST",
        "/lv/feedback/",
        b"",
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert 1 * MB < body.read_bytes <= 1 * MB + CHUNK, "read up to the limit, then stopped"
    assert PageFeedback.objects.count() == 0


def test_a_streamed_body_under_the_limit_reaches_the_form(settings, client: Client) -> None:
    """Chunked and small: handed on with its length, so the login form reads its fields."""
    body = FiniteBody(b"username=nobody&password=wrong")
    response = client.generic(
        "POST",
        "/lv/requests/login/",
        b"",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )
    # The form answers "wrong password" and keeps the name it read from the streamed body.
    assert response.status_code == 200
    assert 'value="nobody"' in response.content.decode()


def test_a_junk_content_length_is_a_400(client: Client) -> None:
    response = client.generic(
        "POST", "/lv/feedback/", b"", content_type="text/plain", CONTENT_LENGTH="²"
    )
    assert response.status_code == 400
