"""One interface for both search backends, and the results every backend returns.

Like Wagtail's ``BaseSearchBackend``: Elasticsearch (``search.es_backend``) and the database
(``search.fallback``) answer the same two calls with the same ``SearchResults`` and
``Suggestion`` objects, built by the helpers here, so ``search.service`` picks a backend and
the views never know which one answered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.documents import title_order
from search.queries import FACETS, SearchParams


@dataclass
class SearchHit:
    identifier: str
    title: str
    url: str
    snippet: SafeString
    title_html: SafeString
    institution: str = ""
    is_free: bool = False
    is_online: bool = False
    promoted: bool = False
    #: ``snippet`` as plain text (what the JSON API shows), when the backend knows it without
    #: parsing the markup back; empty: the API strips ``snippet``'s tags.
    text: str = ""


@dataclass
class GuideHit:
    """A life-situation guide shown above the services (``kind``: "life" or "business")."""

    identifier: str
    title: str
    url: str
    snippet: SafeString
    kind: str = "life"
    #: ``snippet`` as plain text, as on ``SearchHit``.
    text: str = ""


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResults:
    params: SearchParams
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    degraded: bool = False
    backend: str = "database"
    #: Guides that match well, shown above the services (page 1 of a relevance search).
    guides: list[GuideHit] = field(default_factory=list)
    #: A corrected query, when this one found nothing or a correction finds much more.
    did_you_mean: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.params.page_size))

    @property
    def has_next(self) -> bool:
        return self.params.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.params.page > 1


@dataclass
class Suggestion:
    identifier: str
    title: str
    url: str


class SearchBackend(Protocol):
    """What a search backend answers. Failures raise; ``search.service`` decides what then."""

    name: ClassVar[str]

    def search(self, params: SearchParams) -> SearchResults: ...

    def autocomplete(
        self, text: str, language: str, audience: str, size: int
    ) -> list[Suggestion]: ...


def excerpt(text: str, limit: int = 200) -> str:
    """The summary shortened to about ``limit`` characters at a word, as plain text."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def snippet(text: str, limit: int = 200) -> SafeString:
    """The summary as an escaped excerpt of about ``limit`` characters."""
    return mark_safe(escape(excerpt(text, limit)))  # noqa: S308 — escaped just here


def plain_hit(
    *,
    identifier: str,
    title: str,
    url: str,
    summary: str,
    institution: str = "",
    is_free: bool = False,
    is_online: bool = False,
    promoted: bool = False,
) -> SearchHit:
    """A hit without highlights: escaped title, summary excerpt."""
    return SearchHit(
        identifier=identifier,
        title=title,
        url=url,
        snippet=snippet(summary),
        text=excerpt(summary),
        title_html=mark_safe(escape(title)),  # noqa: S308 — escaped
        institution=institution,
        is_free=is_free,
        is_online=is_online,
        promoted=promoted,
    )


def results(
    params: SearchParams,
    *,
    total: int,
    hits: list[SearchHit],
    buckets: Mapping[str, Iterable[tuple[str, int]]],
    online: int,
    free: int,
    backend: str,
) -> SearchResults:
    """``SearchResults`` from (value, count) buckets per ``FACETS`` name and two filter counts.

    Values are listed by count, equal counts in Latvian alphabetical order (a node orders
    them by bytes: "ALTUM" before "Aizbildnības")."""
    facets = {
        name: [
            FacetValue(value, count)
            for value, count in sorted(buckets[name], key=lambda vc: (-vc[1], title_order(vc[0])))
        ]
        for name in FACETS
    }
    facets["online"] = [FacetValue("1", online)]
    facets["free"] = [FacetValue("1", free)]
    return SearchResults(params=params, total=total, hits=hits, facets=facets, backend=backend)
