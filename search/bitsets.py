"""Sets of row positions as Python integers: bit ``n`` set when row ``n`` belongs.

Why integers: the database fallback must answer a word that half of 100,000 services hold
(issue 23) without a Python step per service. An ``&``, ``|`` or ``bit_count()`` of two such
sets runs in C over 12.5 kB, some microseconds, whatever the number of matches; a count of
matches per facet value is one ``&`` and one ``bit_count()``. Python loops remain only where
a set is small (building one from a short posting list) or where the answer is (the rows of
one page of results).

Why some sets stay lists (``Posting``): a set of a few rows at the end of 100,000 would cost
12.5 kB as an integer against a few dozen bytes as a list; ``dense`` says which is smaller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: a posting as stored: an integer set, or the sorted positions of a small one
Posting = int | list[int]

_NONZERO = re.compile(rb"[^\x00]")
#: byte value -> the positions of its set bits, lowest first
_BITS = tuple(tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256))


def dense(count: int, size: int, room: int = 1) -> bool:
    """Whether ``count`` positions out of ``size`` take less room as an integer (``size`` / 8
    bytes) than ``room`` times their room as a list (8 bytes a position)."""
    return count * 64 * room >= size


def from_positions(positions: Iterable[int], size: int) -> int:
    """The set of ``positions`` (each below ``size``): one bytearray, one conversion."""
    buffer = bytearray((size + 7) >> 3)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def as_set(posting: Posting, size: int) -> int:
    return posting if isinstance(posting, int) else from_positions(posting, size)


def as_bytes(mask: int) -> bytes:
    """The set as little-endian bytes, for membership tests in O(1) (``contains``)."""
    return mask.to_bytes((mask.bit_length() + 7) >> 3, "little")


def contains(data: bytes, position: int) -> bool:
    index = position >> 3
    return index < len(data) and bool(data[index] >> (position & 7) & 1)


def positions(mask: int, limit: int | None = None) -> list[int]:
    """The set's positions in ascending order, the first ``limit`` of them if given.

    The empty bytes are skipped by a regular expression (C); Python steps only over the
    non-zero bytes, so the cost follows the positions returned, not the set's width."""
    data = as_bytes(mask)
    out: list[int] = []
    for found in _NONZERO.finditer(data):
        index = found.start()
        base = index << 3
        out.extend(base + bit for bit in _BITS[data[index]])
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def selector(mask: int, size: int) -> bytes:
    """One byte per position, 1 where the set holds it: the ``selectors`` of
    ``itertools.compress``, so a list indexed by position is filtered in C."""
    return bin(mask)[:1:-1].encode("ascii").translate(_FLAGS).ljust(size, b"\x00")


def span(start: int, end: int) -> int:
    """The positions ``start`` to ``end`` - 1."""
    return ((1 << end) - 1) ^ ((1 << start) - 1) if end > start else 0
