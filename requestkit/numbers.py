"""Reading whole numbers from untrusted text (query strings, form fields, HTTP headers).

Why one helper: ``str.isdigit()`` is true for "²", "١" and other Unicode digits that
``int()`` then refuses (or reads as a different number), which turned junk input into 500s.
Here only ASCII digits count, the length is bounded before conversion, and anything else is
``None`` — callers turn that into their own clear message.
"""

from __future__ import annotations

import re

_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def parse_int(raw: object, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """``raw`` as an int if it is 1–18 ASCII digits (surrounding spaces allowed) within bounds."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    if minimum is not None and value < minimum:
        return None
    if maximum is not None and value > maximum:
        return None
    return value


def parse_positive_int(raw: object, *, minimum: int = 1, maximum: int | None = None) -> int | None:
    """A count or page number: 1 or more unless ``minimum`` says otherwise."""
    return parse_int(raw, minimum=minimum, maximum=maximum)
