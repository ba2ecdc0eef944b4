"""The one search service views call: Elasticsearch when configured, the database otherwise.

Any Elasticsearch failure (down, slow beyond ``ELASTICSEARCH_TIMEOUT``, bad response) gives
database results marked ``degraded=True``; after a failure the node is skipped for
``BREAKER_SECONDS`` so a dead node does not add a timeout to every request.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalogue_pages.models import ServicePage
from search import fallback, indexing
from search.curation import expand_synonyms, promoted_identifiers
from search.queries import (
    FACETS,
    RELATIVE_CUTOFF,
    AutocompleteQuery,
    SearchParams,
    ServiceQuery,
)

logger = logging.getLogger(__name__)
BREAKER_SECONDS = 10.0
_breaker: dict[str, float] = {}
_breaker_lock = threading.Lock()


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


def _es_available() -> bool:
    if not indexing.is_enabled():
        return False
    return _breaker.get(settings.ELASTICSEARCH_URL, 0.0) <= time.monotonic()


def _trip(exc: BaseException) -> None:
    logger.warning("Elasticsearch unavailable, using the database: %s", exc.__class__.__name__)
    with _breaker_lock:
        _breaker[settings.ELASTICSEARCH_URL] = time.monotonic() + BREAKER_SECONDS


def reset_breaker() -> None:
    """Forget past failures (tests, and after an operator restores the node)."""
    _breaker.clear()


def _snippet(text: str, limit: int = 200) -> SafeString:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return mark_safe(escape(text))  # noqa: S308 — escaped just above


def _first_highlight(hl: dict[str, list[str]], name: str) -> str | None:
    for sub in (f"{name}.lv", f"{name}.en", f"{name}.lvf", name):
        if hl.get(sub):
            return hl[sub][0]
    return None


def _relative_floor(p: SearchParams) -> float | None:
    """The score a hit needs to be shown: a share of the best hit's (trims the long tail)."""
    if not p.query:
        return None
    top = ServiceQuery(p).top_score_search(indexing.alias_name())
    best = top.using(indexing.get_client()).execute().hits.max_score
    return best * RELATIVE_CUTOFF if best else None


def _es_search(p: SearchParams) -> SearchResults:
    p.min_score = _relative_floor(p)
    if p.min_score is None and p.query and not p.lenient:
        p.lenient = True  # nothing at all: allow more typos (short words too) before giving up
        p.min_score = _relative_floor(p)
    response = ServiceQuery(p).search(indexing.alias_name()).using(indexing.get_client()).execute()
    hits = []
    for h in response.hits:
        hl = h.meta.highlight.to_dict() if "highlight" in h.meta else {}
        summary_hl = _first_highlight(hl, "summary")
        title_hl = _first_highlight(hl, "title")
        hits.append(
            SearchHit(
                identifier=h.identifier,
                title=h.title,
                url=h.url,
                # The highlighter's html encoder escapes the text around <mark>.
                snippet=(
                    mark_safe(summary_hl)  # noqa: S308
                    if summary_hl
                    else _snippet(getattr(h, "summary", "") or "")
                ),
                title_html=mark_safe(title_hl) if title_hl else mark_safe(escape(h.title)),  # noqa: S308
                institution=getattr(h, "institution", "") or "",
                is_free=bool(getattr(h, "is_free", False)),
                is_online=bool(getattr(h, "is_online", False)),
            )
        )
    aggs = response.aggregations
    facets = {name: [FacetValue(b.key, b.doc_count) for b in aggs[name].buckets] for name in FACETS}
    facets["online"] = [FacetValue("1", aggs.online.doc_count)]
    facets["free"] = [FacetValue("1", aggs.free.doc_count)]
    return SearchResults(
        params=p, total=response.hits.total.value, hits=hits, facets=facets, backend="elasticsearch"
    )


def _db_search(p: SearchParams, degraded: bool) -> SearchResults:
    rows, total, raw = fallback.search(p)
    pages = {sp.pk: sp for sp in ServicePage.objects.filter(pk__in=[r.pk for r, _ in rows])}
    hits = []
    for row, _ in rows:
        page = pages.get(row.pk)
        hits.append(
            SearchHit(
                identifier=row.identifier,
                title=row.title,
                url=(page.get_url() if page else "") or "",
                snippet=_snippet(row.summary),
                title_html=mark_safe(escape(row.title)),  # noqa: S308
                institution=row.institution,
                is_free=row.is_free,
                is_online=row.is_online,
            )
        )
    facets = {name: [FacetValue(k, v) for k, v in raw[name]] for name in FACETS}
    facets["online"] = [FacetValue("1", raw["online"])]
    facets["free"] = [FacetValue("1", raw["free"])]
    return SearchResults(params=p, total=total, hits=hits, facets=facets, degraded=degraded)


def _promote(results: SearchResults) -> None:
    """Put editors' promoted services first (page 1 only), labelled, without duplicates."""
    p = results.params
    wanted = promoted_identifiers(p.query, p.language)
    if not wanted or p.page != 1:
        return
    pages = {
        sp.identifier: sp
        for sp in ServicePage.objects.live().filter(
            identifier__in=wanted, locale__language_code=p.language, withdrawn_at__isnull=True
        )
    }
    promoted = [
        SearchHit(
            identifier=i,
            title=pages[i].title,
            url=pages[i].get_url() or "",
            snippet=_snippet(pages[i].summary),
            title_html=mark_safe(escape(pages[i].title)),  # noqa: S308
            is_free=pages[i].is_free,
            is_online=pages[i].is_online,
            promoted=True,
        )
        for i in wanted
        if i in pages
    ]
    ids = {h.identifier for h in promoted}
    results.hits = promoted + [h for h in results.hits if h.identifier not in ids]


def search_services(params: SearchParams) -> SearchResults:
    """Search published services; never raises for backend trouble (falls back, degraded)."""
    if params.query:
        params.synonyms = expand_synonyms(params.query, params.language)
    results: SearchResults | None = None
    degraded = False
    if _es_available():
        try:
            results = _es_search(params)
        except Exception as exc:  # noqa: BLE001 — any ES/transport failure means fallback
            _trip(exc)
            degraded = True
    elif indexing.is_enabled():
        degraded = True
    if results is None:
        results = _db_search(params, degraded=degraded)
    _promote(results)
    return results


def autocomplete(
    text: str, language: str, audience: str = "", size: int = 8
) -> tuple[list[Suggestion], bool]:
    """Title suggestions; returns (suggestions, degraded)."""
    if _es_available():
        try:
            s = AutocompleteQuery(text, language, audience, size).search(indexing.alias_name())
            response = s.using(indexing.get_client()).execute()
            return [Suggestion(h.identifier, h.title, h.url) for h in response.hits], False
        except Exception as exc:  # noqa: BLE001
            _trip(exc)
    rows = fallback.autocomplete(text, language, audience, size)
    pages = {sp.pk: sp for sp in ServicePage.objects.filter(pk__in=[r.pk for r in rows])}
    return (
        [
            Suggestion(
                r.identifier, r.title, (pages[r.pk].get_url() if r.pk in pages else "") or ""
            )
            for r in rows
        ],
        indexing.is_enabled(),
    )


def elasticsearch_status() -> str:
    """ "ok", "unavailable" or "disabled" (for /healthz)."""
    if not indexing.is_enabled():
        return "disabled"
    try:
        indexing.get_client().cluster.health(timeout="1s")
        return "ok"
    except Exception:  # noqa: BLE001
        return "unavailable"


__all__ = [
    "SearchHit",
    "SearchParams",
    "SearchResults",
    "Suggestion",
    "autocomplete",
    "search_services",
]
