"""PNG and JPEG attachments must end where their format says they end.

Why: a PNG followed by an HTML page passed the magic-byte test, and a browser or mail client
that sniffs content may run what follows the picture. Each image is walked by its own
structure — PNG chunk by chunk to ``IEND``, JPEG marker by marker (through the entropy-coded
scans) to ``EOI`` — and nothing may follow the end. The bytes are also searched for HTML, which
no picture needs (a polyglot may hide it inside a comment or text chunk).
"""

from __future__ import annotations

import re
import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HTML = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|svg|img|object|embed|meta|form|base)[\s>/]"
    rb"|<[a-z][a-z0-9]*\s[^>]{0,400}?\bon[a-z]{3,30}\s*=",
    re.I,
)
# JPEG markers without a length: TEM, RST0–7, SOI, EOI.
_STANDALONE = {0x01, *range(0xD0, 0xD8), 0xD8, 0xD9}


def has_html(data: bytes) -> bool:
    return _HTML.search(data) is not None


def png_ends_at_iend(data: bytes) -> bool:
    """Signature, ``IHDR`` first, well-formed chunks, ``IEND`` as the last bytes."""
    if not data.startswith(PNG_SIGNATURE):
        return False
    offset, first = len(PNG_SIGNATURE), True
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        end = offset + 12 + length
        if length > 0x7FFFFFFF or end > len(data) or (first and kind != b"IHDR"):
            return False
        first = False
        if kind == b"IEND":
            return length == 0 and end == len(data)
        offset = end
    return False


def _skip_entropy_coded(data: bytes, offset: int) -> int:
    """The offset of the next marker after a scan's entropy-coded data."""
    while True:
        offset = data.find(b"\xff", offset)
        if offset < 0 or offset + 1 >= len(data):
            return -1
        following = data[offset + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            offset += 1  # a stuffed 0xFF, a restart marker, or fill bytes
            continue
        return offset


def jpeg_ends_at_eoi(data: bytes) -> bool:
    """``SOI``, length-prefixed segments and scans, ``EOI`` as the last two bytes."""
    if not data.startswith(b"\xff\xd8"):
        return False
    offset = 2
    while offset < len(data):
        if data[offset] != 0xFF:
            return False
        while offset < len(data) and data[offset] == 0xFF:
            offset += 1  # fill bytes before a marker
        if offset >= len(data):
            return False
        marker = data[offset]
        offset += 1
        if marker == 0xD9:
            return offset == len(data)
        if marker in _STANDALONE:
            continue
        if offset + 2 > len(data):
            return False
        (length,) = struct.unpack(">H", data[offset : offset + 2])
        if length < 2:
            return False
        offset += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            offset = _skip_entropy_coded(data, offset)
            if offset < 0:
                return False
    return False


def image_is_sound(data: bytes, kind: str) -> bool:
    """``kind`` is ``png`` or ``jpeg``."""
    ends = png_ends_at_iend(data) if kind == "png" else jpeg_ends_at_eoi(data)
    return ends and not has_html(data)
