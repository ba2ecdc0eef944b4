"""Every cache key of the public pages, and one generation number for everything they list.

Listings (catalogue facets, A–Z, institution and guide lists, the header's catalogue links)
depend on many pages at once, so instead of tracking each dependency their cache keys carry a
generation number that every publish, unpublish, delete and sync run (``services_changed``)
bumps. Old entries simply expire. Keys are made here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from requestkit.ratelimit import limits_cache

GENERATION_KEY = "catalogue-pages:generation"
TIMEOUT = 60 * 60
#: The header's catalogue links also change when a catalogue page moves (no bump): 5 minutes.
LINKS_TIMEOUT = 300


def fragment_timeout(request: Any) -> int:
    """Seconds a page's cached template fragment lives; 0 (nothing kept) for a preview.

    A fragment key names what was published (``last_published_at``) and synced. A preview
    renders a draft or the unsaved form, which no key part tells apart — every draft keeps the
    last publication time — so one cached preview would be shown for every later preview of
    the page for an hour: text an editor had changed, blocks they had deleted."""
    return 0 if getattr(request, "is_preview", False) else TIMEOUT


def fragment_scope(request: Any) -> str:
    """Key part that keeps previews and the public page apart (see ``fragment_timeout``)."""
    return "preview" if getattr(request, "is_preview", False) else "live"


def generation() -> int:
    """The current generation, kept with the rate-limit counters (``limits_cache``): in
    production a Redis without eviction, so an evicted generation can never restart at 1
    and bring back pages cached under the old 1."""
    store = limits_cache()
    value = store.get(GENERATION_KEY)
    if value is None:
        value = 1
        store.add(GENERATION_KEY, value, None)
    return int(value)


def bump() -> None:
    """Invalidate every listing (called from signal handlers)."""
    store = limits_cache()
    try:
        store.incr(GENERATION_KEY)
    except ValueError:
        store.set(GENERATION_KEY, 2, None)


def key(*parts: object) -> str:
    """A key of the current generation: ``key("facets", audience, language)``."""
    return "cp:" + ":".join(str(part) for part in (generation(), *parts))


def catalogue_links(language: str) -> str:
    return key("catalogue-links", language)


def service_base_url(language: str) -> str:
    return key("service-base", language)


def facets(audience: str, language: str) -> str:
    return key("facets", audience, language)


def order_chunk(audience: str, language: str, number: int) -> str:
    return key("order", audience, language, number)


def catalogue_situations(audience: str, language: str) -> str:
    return key("situations", audience, language)
