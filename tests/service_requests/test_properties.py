"""Properties of the small pure helpers: CSV cells, file checks, tokens, references."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from service_requests.admin_views import csv_safe
from service_requests.attachments import detect_kind, safe_filename
from service_requests.forms import issue_token, read_token


@given(st.text())
def test_csv_cells_never_start_a_formula(value):
    cell = csv_safe(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert cell.removeprefix("'") == value or cell == value


@settings(max_examples=200)
@given(st.binary(max_size=2048), st.sampled_from(["pdf", "png", "jpg", "docx", "xlsx", "odt"]))
def test_random_bytes_are_not_taken_for_a_binary_type(data, extension):
    upload = SimpleUploadedFile(f"f.{extension}", data)
    kind = detect_kind(upload, extension)
    if extension == "pdf":
        assert (kind == "pdf") == data.startswith(b"%PDF-")
    else:
        assert (
            kind is None or data[:4] in (b"\x89PNG", b"PK\x03\x04") or data[:3] == b"\xff\xd8\xff"
        )


@given(st.text(max_size=300))
def test_download_names_have_no_paths_quotes_or_newlines(name):
    cleaned = safe_filename(name)
    assert cleaned and "/" not in cleaned and "\\" not in cleaned
    assert not any(ch in cleaned for ch in '"\r\n')
    assert len(cleaned) <= 200


@given(st.text(max_size=100), st.text(max_size=40))
def test_tokens_only_open_for_their_own_service(junk, identifier):
    assert read_token(junk, identifier) is None  # junk is never a valid token
    token = issue_token("PAK-1")
    key = read_token(token, "PAK-1")
    assert key is not None and len(key) == 32
    if identifier != "PAK-1":
        assert read_token(token, identifier) is None


def test_text_detection_accepts_utf8_and_refuses_binary():
    assert detect_kind(SimpleUploadedFile("a.txt", "Ā ē ī".encode()), "txt") == "txt"
    assert detect_kind(SimpleUploadedFile("a.txt", b"\x00\x01"), "txt") is None
    assert (
        detect_kind(SimpleUploadedFile("a.csv", io.BytesIO(b"a;b\n1;2\n").read()), "csv") == "csv"
    )
