"""The human-readable site map and the footer's links to the portal information pages.

The XML sitemap (``/sitemap.xml``) is for search engines; people get this page. Both lists
are cached per language and listing generation, so a footer costs no query on a warm cache.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from catalogue_pages import cache as cache_keys
from catalogue_pages.latvian import by_title
from catalogue_pages.models import (
    CatalogueIndexPage,
    InfoPage,
    InstitutionIndexPage,
    LifeSituationIndexPage,
    LifeSituationPage,
)
from catalogue_pages.models.routing import few, page_url


def footer_links(language: str, request: HttpRequest | None = None) -> list[dict[str, str]]:
    """Information pages with a footer place, in that order, in ``language``.

    With the request, the URLs share its site root paths (see ``routing.page_url``)."""
    key = cache_keys.key("footer-pages", language)
    links = cache.get(key)
    if links is None:
        # few(): filtered by language alone, SQLite walked every page of the locale (every
        # service) to find a handful of information pages; only what the link needs.
        rows = (
            few(InfoPage)
            .live()
            .filter(locale__language_code=language, footer_order__isnull=False)
            .order_by("footer_order", "title")
            .only("title", "url_path")
        )
        links = [{"title": page.title, "url": page_url(page, request)} for page in rows]
        cache.set(key, links, cache_keys.TIMEOUT)
    return links


def _links(rows: Any, request: HttpRequest | None) -> list[dict[str, str]]:
    return [{"title": page.title, "url": page.get_url(request)} for page in rows]


def site_map_sections(language: str, request: HttpRequest | None = None) -> list[dict[str, Any]]:
    """Sections of the portal and their pages, as the site map page lists them."""
    live = {"live": True, "locale__language_code": language}
    situations_index = LifeSituationIndexPage.objects.filter(**live).first()
    institutions_index = InstitutionIndexPage.objects.filter(**live).first()
    sections: list[dict[str, Any]] = [
        {"title": None, "kind": "catalogues", "links": CatalogueIndexPage.links(language)},
    ]
    if situations_index:
        guides = by_title(
            LifeSituationPage.objects.filter(**live).only("title", "url_path"),
            lambda guide: guide.title,
        )
        sections.append(
            {
                "title": situations_index.title,
                "url": situations_index.get_url(request),
                "links": _links(guides, request),
            }
        )
    if institutions_index:
        sections.append(
            {
                "title": institutions_index.title,
                "url": institutions_index.get_url(request),
                "links": [],
            }
        )
    info = InfoPage.objects.filter(**live).order_by("footer_order", "title")
    sections.append({"title": None, "kind": "about", "links": _links(info, request)})
    return sections
