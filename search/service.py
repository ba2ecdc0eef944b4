"""The one search service views call: Elasticsearch when configured, the database otherwise.

Both are ``search.backend.SearchBackend``s returning the same ``SearchResults``; this module
only chooses (circuit breaker), expands synonyms and puts editors' promotions first.

Any Elasticsearch failure (down, slow beyond ``ELASTICSEARCH_TIMEOUT``, bad response) gives
database results marked ``degraded=True``; after a failure the node is skipped for
``BREAKER_SECONDS`` so a dead node does not add a timeout to every request.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

from catalogue_pages.models import ServicePage
from requestkit.instruments import observe_search
from search import indexing
from search.backend import SearchBackend, SearchResults, Suggestion, plain_hit
from search.curation import expand_synonyms, promoted_identifiers, understand_query
from search.es_backend import ElasticsearchBackend
from search.fallback import DatabaseBackend
from search.queries import SearchParams
from search.result_cache import cached_search

logger = logging.getLogger(__name__)
BREAKER_SECONDS = 10.0
_breaker: dict[str, float] = {}
_breaker_lock = threading.Lock()

ELASTICSEARCH: SearchBackend = ElasticsearchBackend()
DATABASE: SearchBackend = DatabaseBackend()


def _breaker_key(url: str | None = None) -> str:
    url = str(url if url is not None else settings.ELASTICSEARCH_URL)
    return "search:breaker:" + hashlib.sha256(url.encode()).hexdigest()[:16]


def _es_available() -> bool:
    """False while the breaker is open, in this process or (through the cache) in any other."""
    if not indexing.is_enabled():
        return False
    now = time.time()
    if _breaker.get(settings.ELASTICSEARCH_URL, 0.0) > now:
        return False
    shared = cache.get(_breaker_key())
    if shared is not None and float(shared) > now:
        _breaker[settings.ELASTICSEARCH_URL] = float(shared)
        return False
    return True


def _trip(exc: BaseException) -> None:
    logger.warning("Elasticsearch unavailable, using the database: %s", exc.__class__.__name__)
    until = time.time() + BREAKER_SECONDS
    with _breaker_lock:
        _breaker[settings.ELASTICSEARCH_URL] = until
    cache.set(_breaker_key(), until, int(BREAKER_SECONDS) + 1)


def breaker_open() -> bool:
    """True while searches skip Elasticsearch after a failure seen by any process."""
    return indexing.is_enabled() and not _es_available()


def trip_breaker(exc: BaseException) -> None:
    """Open the breaker for every process (what a failed search does)."""
    _trip(exc)


def reset_breaker() -> None:
    """Forget past failures (tests, and after an operator restores the node)."""
    cache.delete_many([_breaker_key(url) for url in [*_breaker, settings.ELASTICSEARCH_URL]])
    _breaker.clear()


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
        plain_hit(
            identifier=i,
            title=pages[i].title,
            url=pages[i].get_url() or "",
            summary=pages[i].summary,
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
    started = time.perf_counter()
    if params.query:
        params.synonyms = expand_synonyms(params.query, params.language)
        params.everyday, params.core_query = understand_query(params.query, params.language)
    results: SearchResults | None = None
    degraded = False
    if _es_available():
        try:
            results = cached_search(params, indexing.alias_name(), ELASTICSEARCH.search)
        except Exception as exc:  # noqa: BLE001 — any ES/transport failure means fallback
            _trip(exc)
            degraded = True
    elif indexing.is_enabled():
        degraded = True
    if results is None:
        results = DATABASE.search(params)
        results.degraded = degraded
    _promote(results)
    observe_search(results.backend, results.degraded, time.perf_counter() - started)
    return results


def autocomplete(
    text: str, language: str, audience: str = "", size: int = 8
) -> tuple[list[Suggestion], bool]:
    """Title suggestions; returns (suggestions, degraded)."""
    if _es_available():
        try:
            return ELASTICSEARCH.autocomplete(text, language, audience, size), False
        except Exception as exc:  # noqa: BLE001
            _trip(exc)
    return DATABASE.autocomplete(text, language, audience, size), indexing.is_enabled()


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
    "SearchParams",
    "SearchResults",
    "Suggestion",
    "autocomplete",
    "elasticsearch_status",
    "reset_breaker",
    "search_services",
]
