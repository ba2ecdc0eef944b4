"""Marking the query's words in a shown title or summary, in Python.

Why not Elasticsearch's highlighter on the one-request path: it would highlight every one of
the candidate hits fetched for the relative cut-off (``queries.CANDIDATES``), and that cost as
much as the query itself (bench/search_floor_bench.py); only the page's ten are shown. A word
is marked when its folded form is a query word, or begins with the stem of one of 4+ letters
("pases" for "pase", "deklarēšana" for "deklaresana"), as the ``.lvf`` / folded fields match.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from search.curation import crude_stem
from search.documents import fold

_WORD = re.compile(r"\w+")


def query_stems(query: str) -> list[str]:
    """The folded forms a shown word is compared with (stems for words of 4+ letters)."""
    out = []
    for word in _WORD.findall(fold(query)):
        stem = crude_stem(word) if len(word) >= 4 else word
        if stem not in out:
            out.append(stem)
    return out


@lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    """``fold`` of a shown word, remembered: the same words recur in every result page, and
    folding each anew was most of the time spent marking a page (bench/search_bench.py)."""
    return fold(word)


def _hit(word: str, stems: list[str]) -> bool:
    folded = _folded(word)
    return any(folded == s or (len(s) >= 3 and folded.startswith(s)) for s in stems)


def highlighted(text: str, stems: list[str]) -> SafeString:
    """``text`` escaped, with the words matching ``stems`` in ``<mark>``.

    ``html.escape`` is what ``django.utils.html.escape`` calls (same output, without the lazy
    string wrapper); a word (``\\w+``) holds none of the characters it escapes."""
    out, last = [], 0
    for m in _WORD.finditer(text):
        start = m.start()
        if start > last:
            out.append(escape(text[last:start]))
        word = m.group()
        out.append(f"<mark>{word}</mark>" if _hit(word, stems) else word)
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece between words escaped above
