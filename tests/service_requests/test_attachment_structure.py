"""Attachments are checked by structure, not only by their first bytes."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from service_requests.attachments import validate_attachment

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100

PDF = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
)
CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _check(name: str, content: bytes) -> str:
    return validate_attachment(SimpleUploadedFile(name, content))


def test_a_well_formed_pdf_and_docx_are_accepted():
    assert _check("a.pdf", PDF) == "application/pdf"
    docx = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})
    assert _check("a.docx", docx).endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>",  # the file
        b"%PDF-1.4\n" + b"x" * 500,  # no trailer, no %%EOF
        PDF.replace(b"%%EOF", b""),  # truncated
        PDF.replace(b"startxref", b"startxrfe").replace(b"trailer", b"trialer"),  # no xref info
        PDF.replace(b"endobj\n2 0", b"endobj\n<script>alert(1)</script>\n2 0"),
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>"),
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /Launch /F (c.exe) >>"),
        b"%PDF-x\n" + PDF[9:],  # not a version
    ],
)
def test_pdfs_with_html_scripts_or_no_structure_are_refused(content):
    with pytest.raises(ValidationError) as error:
        _check("lēmums.pdf", content)
    assert error.value.code == "content"


@pytest.mark.parametrize(
    "entries",
    [
        # the file: [Content_Types].xml plus an .exe renamed .docx
        {"[Content_Types].xml": CONTENT_TYPES, "payload.exe": EXE},
        # the declared main part is missing
        {"[Content_Types].xml": CONTENT_TYPES, "word/other.xml": b"<x/>"},
        # an executable hidden under an innocent name
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": b"<w:document/>",
            "word/media/image1.png": EXE,
        },
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": b"<w:document/>",
            "word/embeddings/tool.bin": ELF,
        },
        # macros
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
        },
    ],
)
def test_docx_without_its_main_part_or_with_executables_is_refused(entries):
    with pytest.raises(ValidationError) as error:
        _check("līgums.docx", _zip(entries))
    assert error.value.code == "content"


def test_odt_with_an_executable_is_refused():
    odt = _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<x/>",
            "Scripts/run.exe": EXE,
        }
    )
    with pytest.raises(ValidationError):
        _check("teksts.odt", odt)


def test_zip_bomb_is_refused_without_unpacking_it(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (300 * 1024 * 1024))
    with pytest.raises(ValidationError):
        _check("liels.docx", buffer.getvalue())
