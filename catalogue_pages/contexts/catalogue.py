"""A catalogue page: one page of its services, the facets, the A–Z and the pagination.

Query budget: an unfiltered catalogue page costs one query for its 20 rows (by primary key, from
the stored catalogue order, one chunk of it); the facets, the A–Z counts and that chunk come from
a few queries
cached per catalogue, language and content generation (``catalogue_pages.cache``) and, computed
on write, stored in the database (``catalogue_pages.facets``), so its cost does not grow with the
catalogue beyond the page shown and the facet rows. Filtered pages find their services by
the filters' indexes and keep the stored order's (``filtered_paginator``).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from catalogue_pages import cache as cache_keys
from catalogue_pages import html_options
from catalogue_pages.catalogue_query import PER_PAGE, CatalogueQuery
from catalogue_pages.facets import (
    ORDER_CHUNK,
    catalogue_facets,
    catalogue_order_slice,
    catalogue_situations,
)
from catalogue_pages.latvian import by_title, sort_key
from catalogue_pages.models import (
    CatalogueIndexPage,
    LifeSituationIndexPage,
    LifeSituationPage,
    ServiceIndexPage,
    ServicePage,
)
from catalogue_pages.models.context import builds_context_of
from catalogue_pages.models.routing import page_url
from catalogue_pages.site_tree import INDEX_SLUGS


class FilteredStoredOrder:
    """A filtered catalogue as the paginator sees it: the stored order, kept where the filters
    allow, read chunk by chunk only as far as the page asked for (page 1 of a topic holding a
    fifth of the catalogue reads one chunk). ``count``: the stored facet count when one filter
    is set, else the whole walk's."""

    def __init__(self, audience: str, language: str, wanted: set[int]) -> None:
        self.audience = audience
        self.language = language
        self.wanted = wanted
        self.found: list[int] = []
        self.next_chunk = 0
        self.done = False

    def _walk_to(self, stop: int | None) -> None:
        while not self.done and (stop is None or len(self.found) < stop):
            start = self.next_chunk * ORDER_CHUNK
            chunk = catalogue_order_slice(self.audience, self.language, start, start + ORDER_CHUNK)
            self.next_chunk += 1
            self.done = len(chunk) < ORDER_CHUNK
            wanted = self.wanted
            self.found.extend(pk for pk in chunk if pk in wanted)

    def count(self) -> int:
        self._walk_to(None)
        return len(self.found)

    def __getitem__(self, window: slice) -> list[int]:
        self._walk_to(window.stop)
        return self.found[window]


class StoredOrder:
    """The unfiltered catalogue's order as the paginator sees it: a slice reads one chunk."""

    def __init__(self, audience: str, language: str) -> None:
        self.audience = audience
        self.language = language

    def __getitem__(self, window: slice) -> list[int]:
        return catalogue_order_slice(self.audience, self.language, window.start, window.stop)


#: Up to this many services allowed by the filters, a filtered page sorts their titles; above,
#: it walks the catalogue's stored order (cheaper than fetching and sorting thousands of titles).
FEW_FILTERED = 500


def _title(pair: tuple[int, str]) -> str:
    return pair[1]


def topic_name(item: dict[str, object], language: str) -> str:
    return str(
        item["name_en"] if language.startswith("en") and item["name_en"] else item["name_lv"]
    )


def situations_offered(
    facets: dict[str, Any], query: CatalogueQuery, result_count: int
) -> list[dict[str, object]]:
    """The situations the filter offers: the stored few, plus the visitor's own choice.

    Why the choice is added: a situation reached from the guides index or a guide may not be
    among those with the most services; left out of the select, the filter would be invisible
    and resubmitting the form would silently drop it. Its count is the catalogue's services in
    it: the page's own count when it is the only filter, else a COUNT over that situation's
    services (the link table's index, not the catalogue)."""
    shown: list[dict[str, object]] = facets["situations"]
    chosen = query.situation
    if chosen is None or any(item["slug"] == chosen.slug for item in shown):
        return shown
    if set(query.params) == {"situation"}:
        count = result_count
    else:
        # Its services by the link table's index first: a join from the catalogue's side
        # would make PostgreSQL scan every page.
        linked = LifeSituationPage.services.through.objects.filter(
            lifesituationpage=chosen
        ).values_list("servicepage_id", flat=True)
        count = (
            ServicePage.objects.in_catalogue(query.audience, query.language)
            .filter(pk__in=list(linked))
            .count()
        )
    extra = {"slug": chosen.slug, "title": chosen.title, "count": count}
    return sorted([*shown, extra], key=lambda item: sort_key(str(item["title"])))


def filtered_paginator(
    page: CatalogueIndexPage, query: CatalogueQuery, facets: dict[str, Any]
) -> Paginator:
    """The paginator of a filtered catalogue, in the catalogue's (Latvian title) order.

    A few services (a situation's dozen): their titles, sorted here. Many (a topic or an
    institution holds thousands at 100,000 services): the catalogue's stored order, kept where
    the filters allow it (``FilteredStoredOrder``) — integers compared, no title fetched or
    sorted, no scan of every page (``CatalogueQuery.facet_pks``); with one filter its count is
    the stored facet's. A letter filter needs the titles: the old way."""
    wanted = query.facet_pks()
    if wanted is not None and len(wanted) > FEW_FILTERED:
        walk = FilteredStoredOrder(page.audience, query.language, wanted)
        paginator = Paginator(walk, PER_PAGE)  # type: ignore[arg-type]  # a sequence enough
        count = stored_count(facets, query)
        paginator.__dict__["count"] = walk.count() if count is None else count
        return paginator
    rows = query.filtered()
    if wanted is not None:
        rows = rows.filter(pk__in=wanted)
    # Latvian alphabetical order (``latvian.by_title``) over (pk, title) pairs; the page's
    # 20 rows are then fetched by primary key, as for the unfiltered catalogue.
    pairs = by_title(rows.order_by("pk").values_list("pk", "title"), _title)
    return Paginator([pk for pk, _title_text in pairs], PER_PAGE)


def stored_count(facets: dict[str, Any], query: CatalogueQuery) -> int | None:
    """How many services the one filter set allows, from the stored facets (None: count)."""
    if len(query.params.keys() - {"page"}) != 1:
        return None
    for name, chosen, key in (
        ("topics", query.topic, "slug"),
        ("institutions", query.institution, "slug"),
        ("situations", query.situation, "slug"),
    ):
        if chosen is not None:
            items: list[dict[str, object]] = facets[name]
            for item in items:
                if item[key] == getattr(chosen, key):
                    return int(item["count"])
    return None


def guides_index_url(facets: dict[str, Any], language: str, request: HttpRequest) -> str:
    """The URL of the guides index (every situation), from the stored ``pk`` and ``url_path``
    with the request's site root paths: no query."""
    index: dict[str, object] | None = facets["situations_index"]
    url = None
    if index is not None:
        url = page_url(LifeSituationIndexPage(pk=index["pk"], url_path=index["url_path"]), request)
    return url or f"/{language}/{INDEX_SLUGS['situations']}/"


@builds_context_of(CatalogueIndexPage)
def catalogue_page_context(page: CatalogueIndexPage, request: HttpRequest) -> dict[str, object]:
    """Reads the filters first: an invalid one raises ``InvalidFilter`` (the page answers 400)."""
    return catalogue_context(page, CatalogueQuery.from_request(page, request), request)


def catalogue_context(
    page: CatalogueIndexPage, query: CatalogueQuery, request: HttpRequest
) -> dict[str, object]:
    facets = catalogue_facets(page.audience, query.language)
    topics = sorted(
        ({**item, "name": topic_name(item, query.language)} for item in facets["topics"]),
        key=lambda item: sort_key(item["name"]),
    )
    if query.is_filtered:
        paginator = filtered_paginator(page, query, facets)
    else:
        # The stored order, read by the chunk holding this page: no COUNT, no sort, no OFFSET.
        paginator = Paginator(StoredOrder(page.audience, query.language), PER_PAGE)
        paginator.__dict__["count"] = facets["total"]
    count = paginator.count
    past_end = query.page_number > max(paginator.num_pages, 1)
    services = [] if past_end else list(paginator.page(query.page_number).object_list)
    if services:
        rows = query.filtered().filter(pk__in=services).rows().in_bulk()
        services = [rows[pk] for pk in services if pk in rows]
    base_url = ServiceIndexPage.base_url(query.language, request, services[0] if services else None)
    for service in services:
        service.listing_url = f"{base_url}{service.slug}/?no={page.audience}"
    return {
        "query": query,
        "services": services,
        "result_count": count,
        "page_number": query.page_number,
        "num_pages": paginator.num_pages,
        "past_end": past_end,
        "previous_url": query.url(page=query.page_number - 1)
        if 1 < query.page_number <= paginator.num_pages + 1
        else "",
        "next_url": query.url(page=query.page_number + 1)
        if query.page_number < paginator.num_pages
        else "",
        "topics": topics,
        "topic_options": html_options.select(
            html_options.options(
                (item["slug"], f"{item['name']} ({item['count']})") for item in topics
            ),
            query.topic.slug if query.topic else None,
        ),
        "institutions": facets["institutions"],
        "institution_options": html_options.select(
            facets["institution_options"], query.institution.slug if query.institution else None
        ),
        "has_situations": bool(facets["situation_total"]),
        # Every situation of the catalogue, loaded only if a template asks for the whole list
        # (as long as the catalogue's guides; the page shows the bounded one below).
        "situations": lambda: catalogue_situations(page.audience, query.language),
        "situation_options": html_options.select(
            html_options.options(
                (item["slug"], f"{item['title']} ({item['count']})")
                for item in situations_offered(facets, query, count)
            ),
            query.situation.slug if query.situation else None,
        ),
        # Escaped by html_options.links (a browse list, the same for every visitor).
        "situation_links": mark_safe(html_options.links("situation", facets["situations"])),  # noqa: S308
        "situations_shown": len(facets["situations"]),
        "situation_total": facets["situation_total"],
        "situations_index_url": guides_index_url(facets, query.language, request),
        "letters": facets["letters"],
        "total_count": facets["total"],
        "audience": page.audience,
        "home_crumbs": [{"home": "1", "url": f"/{query.language}/"}],
        "cache_generation": cache_keys.generation(),
    }
