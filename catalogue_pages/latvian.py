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


def sort_key(text: str) -> tuple:
    """A key that orders strings the Latvian way, case-insensitively."""
    return tuple(
        (_RANK.get(char, 100 + ord(char)) if char.isalpha() else ord(char)) for char in text.upper()
    )


def by_title(rows: Iterable[T], title: Callable[[T], str]) -> list[T]:
    """``rows`` in Latvian alphabetical order of their titles (a stable sort)."""
    return sorted(rows, key=lambda row: sort_key(title(row)))


def initial(text: str) -> str:
    """The first letter of a title as shown in the A–Z navigation ("" for none)."""
    for char in text.strip():
        if char.isalnum():
            return char.upper() if char.isalpha() else "0–9"
    return ""
