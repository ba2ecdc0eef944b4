"""The JSON API's plain snippet is known without parsing the page's markup back, and it is
exactly what stripping that markup gave (the API's answers do not change)."""

from __future__ import annotations

import pytest

from search.backend import excerpt, plain_hit, snippet
from search.es_backend import SNIPPET_LIMIT, _marked_hit
from search.highlight import highlighted, query_stems
from search.views import _plain

SUMMARIES = [
    "Pases izsniegšana Latvijas pilsoņiem un nepilsoņiem.",
    "Tom & Jerry <b>bold</b> \"quoted\" 'single' &amp; already an entity; a < b > c",
    "  Vārdi   ar\tatstarpēm\nun rindām  ",
    "Ilgs apraksts " + "ar daudziem vārdiem par pabalstu " * 20,
    "",
]


@pytest.mark.parametrize("summary", SUMMARIES)
def test_a_marked_hit_carries_its_snippet_as_plain_text(summary: str) -> None:
    hit = _marked_hit(
        {"_source": {"identifier": "X", "title": "T", "url": "/x/", "summary": summary}},
        query_stems("pabalsts vārdi pase"),
    )
    assert hit.text == _plain(hit.snippet) == excerpt(summary, SNIPPET_LIMIT)
    assert _plain(highlighted(summary, query_stems("amp quot lt"))) == summary


@pytest.mark.parametrize("summary", SUMMARIES)
def test_a_plain_hit_and_a_guide_excerpt_strip_to_the_same_text(summary: str) -> None:
    hit = plain_hit(identifier="X", title="T", url="/x/", summary=summary)
    assert hit.text == _plain(hit.snippet) == _plain(snippet(summary)) == excerpt(summary)
