"""Attachments: allow-listed types checked by content, private storage, guarded downloads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from service_requests.models import RequestAttachment, ServiceRequest

from .built_files import image, pdf
from .conftest import form_token, valid_data

pytestmark = pytest.mark.django_db

PDF = pdf()
PNG = image("PNG")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip(
    {
        "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" '
        b'ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
XLSX_AS_DOCX = _zip(
    {
        "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    }
)
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PLAIN_ZIP = _zip({"evil.exe": EXE})


def _post(client, world, django_capture_on_commit_callbacks, *uploads, lang="en"):
    url = f"/{lang}/requests/new/{world.service.identifier}/"
    data = valid_data(form_token(client.get(url).content.decode()))
    for index, (name, content) in enumerate(uploads, start=1):
        data[f"attachment_{index}"] = SimpleUploadedFile(name, content)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("lēmums.pdf", PDF, "application/pdf"),
        ("shēma.png", PNG, "image/png"),
        (
            "līgums.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("teksts.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("saraksts.csv", "vārds;uzvārds\nAnna;Bērziņa\n".encode(), "text/csv"),
        ("piezīmes.txt", b"Sveiki", "text/plain"),
    ],
)
def test_allowed_files_are_stored_privately_with_random_names(
    client, world, django_capture_on_commit_callbacks, settings, name, content, content_type
):
    client.force_login(world.requester_a)
    response = _post(client, world, django_capture_on_commit_callbacks, (name, content))
    assert response.status_code == 302
    item = RequestAttachment.objects.get()
    assert item.original_name == name
    assert item.content_type == content_type
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / item.stored_name
    assert stored.read_bytes() == content
    assert name not in item.stored_name and "." not in item.stored_name
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", EXE, "this file type is not allowed"),
        ("page.html", HTML, "this file type is not allowed"),
        ("invoice.pdf", EXE, "does not match its type"),
        ("invoice.pdf", HTML, "does not match its type"),
        ("photo.png", PDF, "does not match its type"),
        ("photo.jpg", PNG, "does not match its type"),
        ("document.docx", PLAIN_ZIP, "does not match its type"),
        ("document.docx", XLSX_AS_DOCX, "does not match its type"),
        ("notes.txt", "teksts".encode("utf-16"), "does not match its type"),
        ("notes.txt", HTML, "does not match its type"),
        ("data.csv", EXE, "does not match its type"),
        ("noextension", PDF, "this file type is not allowed"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_forbidden_or_lying_files_are_refused(
    client, world, django_capture_on_commit_callbacks, name, content, message
):
    client.force_login(world.requester_a)
    response = _post(client, world, django_capture_on_commit_callbacks, (name, content))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "attach them again" in html
    assert ServiceRequest.objects.count() == 0
    assert RequestAttachment.objects.count() == 0


def test_oversized_file_is_refused(client, world, django_capture_on_commit_callbacks, settings):
    settings.SERVICE_REQUESTS_MAX_ATTACHMENT_BYTES = 1024 * 1024
    client.force_login(world.requester_a)
    big = PDF + b"0" * (1024 * 1024)
    response = _post(client, world, django_capture_on_commit_callbacks, ("big.pdf", big))
    assert "is larger than 1 MB" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_latvian_message_for_a_lying_file(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.requester_a)
    response = _post(client, world, django_capture_on_commit_callbacks, ("a.pdf", EXE), lang="lv")
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 0


def test_at_most_three_files_are_taken(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    data = valid_data(form_token(client.get(url).content.decode()))
    for index in range(1, 6):
        data[f"attachment_{index}"] = SimpleUploadedFile(f"f{index}.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert RequestAttachment.objects.count() == 3


@pytest.fixture
def stored(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.requester_a)
    _post(client, world, django_capture_on_commit_callbacks, ("lēmums.pdf", PDF))
    item = RequestAttachment.objects.select_related("request").get()
    client.logout()
    return f"/lv/requests/r/{item.request.reference}/files/{item.pk}/"


def test_requester_institution_and_provider_may_download(client, world, stored):
    for user in (world.requester_a, world.requester_a2, world.handler):
        client.force_login(user)
        response = client.get(stored)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"


def test_others_cannot_download(client, world, stored):
    for user in (world.requester_b, world.other_handler, world.outsider):
        client.force_login(user)
        assert client.get(stored).status_code == 404, user
    client.logout()
    assert client.get(stored).status_code == 404


def test_files_are_not_under_public_media(world, stored, settings):
    item = RequestAttachment.objects.get()
    assert not (Path(settings.MEDIA_ROOT) / item.stored_name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / item.stored_name).exists()


def test_a_body_larger_than_all_allowed_files_is_refused_unread(client, world, settings):
    settings.SERVICE_REQUESTS_MAX_ATTACHMENT_BYTES = 100 * 1024
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    data = valid_data(form_token(client.get(url).content.decode()))
    data["attachment_1"] = SimpleUploadedFile("big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    response = client.post(url, data)
    assert response.status_code == 413
    assert "Files too large" in response.content.decode()
    assert ServiceRequest.objects.count() == 0
