"""sitemap.xml: every live, public page in every language, with hreflang alternates.

Wagtail's own sitemap covers one site root (one language); ours walks every locale's tree and
links translations through ``translation_key``. Withdrawn services are not live, so absent.
Addresses use ``PORTAL_BASE_URL`` (``portal/public_urls.py``), not the request's host and
scheme: behind the TLS proxy a request may say ``http://`` or an internal host name.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction, Site

from catalogue_pages import cache as cache_keys
from requestkit import public_urls


def sitemap_urls() -> list[dict[str, Any]]:
    base = public_urls.base_url()
    key = cache_keys.key("sitemap", base)
    urls = cache.get(key)
    if urls is not None:
        return urls
    roots = Site.get_site_root_paths()
    restricted = [p for p in PageViewRestriction.objects.values_list("page__path", flat=True)]
    pages = (
        Page.objects.live()
        .filter(depth__gte=2)
        .select_related("locale")
        .only("url_path", "path", "last_published_at", "translation_key", "locale__language_code")
        .order_by("path")
    )
    by_key: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    entries = []
    for page in pages.iterator(chunk_size=2000):
        if any(page.path.startswith(path) for path in restricted):
            continue
        language = page.locale.language_code
        location = None
        for root in roots:
            if page.url_path.startswith(root.root_path):
                location = f"{base}/{language}/{page.url_path[len(root.root_path) :]}"
                break
        if location is None:
            continue
        by_key[page.translation_key].append((language, location))
        entries.append((page.translation_key, location, page.last_published_at))
    urls = [
        {
            "location": location,
            "lastmod": lastmod,
            "alternates": [{"lang_code": code, "location": loc} for code, loc in by_key[tkey]]
            if len(by_key[tkey]) > 1
            else [],
        }
        for tkey, location, lastmod in entries
    ]
    cache.set(key, urls, cache_keys.TIMEOUT)
    return urls
