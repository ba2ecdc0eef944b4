"""One way to read a whole number from untrusted text: ASCII digits only, bounded."""

from __future__ import annotations

import pytest

from requestkit.numbers import parse_positive_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), ("42", 42), (" 7 ", 7), ("0", None), ("", None), (None, None)],
)
def test_plain_digits_are_read(raw, expected):
    assert parse_positive_int(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["²", "1²", "١٢", "𝟙", "Ⅻ", "-1", "+1", "1.0", "1e3", "0x10", "1_000", "abc", "\x00", "9" * 30],
)
def test_anything_else_is_none_never_an_exception(raw):
    """``str.isdigit()`` accepts "²" and Arabic-Indic digits; ``int("²")`` then raises."""
    assert parse_positive_int(raw) is None


def test_upper_bound_and_zero_allowed_on_request():
    assert parse_positive_int("1000", maximum=999) is None
    assert parse_positive_int("999", maximum=999) == 999
    assert parse_positive_int("0", minimum=0) == 0
