"""Attachment files built in the tests, byte by byte, so each case shows what it carries.

``pdf`` writes a real PDF (objects, a cross-reference table with true offsets, trailer);
``pdf_with_object_stream`` puts objects into a Flate-compressed ``/ObjStm`` with a
cross-reference stream, as PDF 1.5+ writers do. Images come from Pillow (Wagtail's own
dependency), so they are pictures any viewer opens.
"""

from __future__ import annotations

import io
import zlib

from PIL import Image


def pdf(
    *objects: bytes, trailer: bytes = b"", catalog: bytes = b"", version: bytes = b"1.7"
) -> bytes:
    """Objects 1 (catalog) and 2 (pages) are made; ``objects`` become 3, 4, …"""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        *objects,
    ]
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(bodies) + 1) + trailer + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_with_object_stream(*hidden: bytes, catalog: bytes = b"") -> bytes:
    """The catalog (1) and pages (2) are plain objects; ``hidden`` become objects 3, 4, … inside
    a compressed object stream (object ``n+3``), indexed by a cross-reference stream."""
    first_hidden = 3
    header = b""
    payload = b""
    for index, body in enumerate(hidden):
        header += b"%d %d " % (first_hidden + index, len(payload))
        payload += body + b"\n"
    stream_number = first_hidden + len(hidden)
    content = zlib.compress(header + payload)
    plain = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in enumerate(plain, start=1):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[stream_number] = len(out)
    out += (
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (stream_number, len(hidden), len(header), len(content))
        + content
        + b"\nendstream\nendobj\n"
    )
    xref_number = stream_number + 1
    xref_offset = len(out)
    rows = [b"\x00\x00\x00\x00\xff\xff"]  # object 0: free
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00")
        elif number == xref_number:
            rows.append(b"\x01" + xref_offset.to_bytes(4, "big") + b"\x00")
        else:
            index = number - first_hidden
            rows.append(b"\x02" + stream_number.to_bytes(4, "big") + bytes([index]))
    table = b"".join(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 1] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(table))
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def image(kind: str) -> bytes:
    """A small real picture: ``PNG`` or ``JPEG``."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()
