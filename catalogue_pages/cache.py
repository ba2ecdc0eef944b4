"""One cache generation number for everything listings show.

Listings (catalogue facets, A–Z, institution and guide lists) depend on many pages at once, so
instead of tracking each dependency their cache keys carry a generation number that every
publish, unpublish, delete and sync run (``services_changed``) bumps. Old entries simply expire.
"""

from __future__ import annotations

from django.core.cache import cache

GENERATION_KEY = "catalogue-pages:generation"
TIMEOUT = 60 * 60


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return int(value)


def bump() -> None:
    """Invalidate every listing (called from signal handlers)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)
    # The header's catalogue links are cached separately by navigation.catalogue_links.
    from django.conf import settings

    cache.delete_many([f"catalogue-links:{code}" for code, _name in settings.LANGUAGES])


def key(*parts: object) -> str:
    return "cp:" + ":".join(str(part) for part in (generation(), *parts))
