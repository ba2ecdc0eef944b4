"""Latvian alphabetical order (A Ā B C Č D E Ē F G Ģ H I Ī J K Ķ L Ļ M N Ņ O P R S Š T U Ū V Z Ž).

Databases do not agree on Latvian collation (SQLite compares bytes, so "ALTUM" came before
"Aizbildnības" and "Brīvpusdienas" before "Bērna"), so every list sorted by name is sorted with
this key in Python: the A–Z navigation, catalogue pages, institution pages, related services,
the site map and the facets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

ALPHABET = "AĀBCČDEĒFGĢHIĪJKĶLĻMNŅOPQRSŠTUŪVWXYZŽ"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}


class _Ranks(dict[int, int]):
    """Code point → the code point standing for its rank: ``str.translate`` reads it in C.

    Filled on first sight of each character (``__missing__``), so the table stays as small as
    the characters the titles use."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        rank = _RANK.get(char, 100 + code) if char.isalpha() else code
        self[code] = rank
        return rank


_RANKS = _Ranks()


def sort_key(text: str) -> str:
    """A key that orders strings the Latvian way, case-insensitively.

    Each character of the upper-cased text becomes the character whose code is its rank
    (letters of ``ALPHABET`` by position, other letters after them, anything else by its code
    point), so comparing keys compares ranks one by one, as a tuple of ranks would. Why a string:
    a filtered catalogue page sorts every matching service (thousands at 100,000 services); the
    tuple, built character by character in Python, cost 3–4× the translate (docs/benchmarks.md)."""
    return text.upper().translate(_RANKS)


def by_title(rows: Iterable[T], title: Callable[[T], str]) -> list[T]:
    """``rows`` in Latvian alphabetical order of their titles (a stable sort)."""
    return sorted(rows, key=lambda row: sort_key(title(row)))


def initial(text: str) -> str:
    """The first letter of a title as shown in the A–Z navigation ("" for none)."""
    for char in text.strip():
        if char.isalnum():
            return char.upper() if char.isalpha() else "0–9"
    return ""
