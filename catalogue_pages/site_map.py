"""The human-readable site map and the footer's links to the portal information pages.

The XML sitemap (``/sitemap.xml``) is for search engines; people get this page. Both lists
are cached per language and listing generation, so a footer costs no query on a warm cache.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from wagtail.models import Locale, Page

from catalogue_pages import cache as cache_keys
from catalogue_pages.latvian import by_title
from catalogue_pages.models import (
    CatalogueIndexPage,
    InfoPage,
    InstitutionIndexPage,
    LifeSituationIndexPage,
    LifeSituationPage,
)
from catalogue_pages.models.catalogue import link_rows
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


@functools.lru_cache(maxsize=4)
def _navigation_sql() -> str:
    """The live catalogues (by tree path) and the footer's information pages (by footer place,
    then title) of one locale: the rows of ``CatalogueIndexPage.links`` and ``footer_links``.

    Each table is the one the query starts from (``pk IN`` its own rows, as ``few()`` does):
    by the locale alone SQLite would walk every page of the language.
    """
    q = connection.ops.quote_name
    page = q(Page._meta.db_table)
    catalogue = q(CatalogueIndexPage._meta.db_table)
    info = q(InfoPage._meta.db_table)
    locale = f"(SELECT id FROM {q(Locale._meta.db_table)} WHERE language_code = %s)"  # noqa: S608
    return f"""
        SELECT 0 AS src, 0 AS place, p.path AS sort_key, p.id, p.title, p.url_path, c.audience
        FROM {catalogue} c INNER JOIN {page} p ON c.page_ptr_id = p.id
        WHERE p.live AND p.locale_id = {locale} AND p.id IN (SELECT page_ptr_id FROM {catalogue})
        UNION ALL
        SELECT 1, i.footer_order, p.title, p.id, p.title, p.url_path, ''
        FROM {info} i INNER JOIN {page} p ON i.page_ptr_id = p.id
        WHERE p.live AND p.locale_id = {locale} AND i.footer_order IS NOT NULL
            AND p.id IN (SELECT page_ptr_id FROM {info})
        ORDER BY 1, 2, 3"""  # noqa: S608 - names from the models, values as parameters


def navigation(
    language: str, request: HttpRequest | None = None
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """``(CatalogueIndexPage.links(language, request), footer_links(language, request))``,
    what every public page's header and footer show; when neither is cached, both from one
    query (two ORM queries cost ~1.3 ms of Django's time for a few rows).

    Cached under the same keys and for as long as the two functions cache them, and handed
    to ``CatalogueIndexPage.links``'s per-request memo, so the breadcrumbs reuse them.
    """
    links_key = cache_keys.catalogue_links(language)
    footer_key = cache_keys.key("footer-pages", language)
    found = cache.get_many([links_key, footer_key])
    if links_key in found or footer_key in found:
        return CatalogueIndexPage.links(language, request), footer_links(language, request)
    with connection.cursor() as cursor:
        cursor.execute(_navigation_sql(), [language, language])
        rows = cursor.fetchall()
    catalogues: dict[str, CatalogueIndexPage] = {}
    footer: list[dict[str, Any]] = []
    for src, _place, _sort, pk, title, url_path, audience in rows:
        if src == 0:
            catalogues[audience] = CatalogueIndexPage(
                id=pk, page_ptr_id=pk, title=title, url_path=url_path, audience=audience
            )
        else:
            stub = InfoPage(id=pk, page_ptr_id=pk, title=title, url_path=url_path)
            footer.append({"title": title, "url": page_url(stub, request)})
    links = link_rows(catalogues, request)
    cache.set(links_key, links, cache_keys.LINKS_TIMEOUT)
    cache.set(footer_key, footer, cache_keys.TIMEOUT)
    if request is not None:
        request.__dict__.setdefault("_catalogue_links", {})[language] = links
    return links, footer


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
