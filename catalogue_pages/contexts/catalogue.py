"""A catalogue page: one page of its services, the facets, the A–Z and the pagination.

Query budget: an unfiltered catalogue page costs one query for its 20 rows (by primary key, from
the stored catalogue order, one chunk of it); the facets, the A–Z counts and that chunk come from
a few queries
cached per catalogue, language and content generation (``catalogue_pages.cache``) and, computed
on write, stored in the database (``catalogue_pages.facets``), so its cost does not grow with the
catalogue beyond the page shown and the facet rows. Filtered pages add a count.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from catalogue_pages import cache as cache_keys
from catalogue_pages import html_options
from catalogue_pages.catalogue_query import PER_PAGE, CatalogueQuery
from catalogue_pages.facets import catalogue_facets, catalogue_order_slice, catalogue_situations
from catalogue_pages.latvian import by_title, sort_key
from catalogue_pages.models import CatalogueIndexPage, ServiceIndexPage
from catalogue_pages.models.context import builds_context_of


class StoredOrder:
    """The unfiltered catalogue's order as the paginator sees it: a slice reads one chunk."""

    def __init__(self, audience: str, language: str) -> None:
        self.audience = audience
        self.language = language

    def __getitem__(self, window: slice) -> list[int]:
        return catalogue_order_slice(self.audience, self.language, window.start, window.stop)


def _title(pair: tuple[int, str]) -> str:
    return pair[1]


def topic_name(item: dict[str, object], language: str) -> str:
    return str(
        item["name_en"] if language.startswith("en") and item["name_en"] else item["name_lv"]
    )


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
        # Latvian alphabetical order (``latvian.by_title``) over (pk, title) pairs; the page's
        # 20 rows are then fetched by primary key, as for the unfiltered catalogue.
        pairs = by_title(query.filtered().order_by("pk").values_list("pk", "title"), _title)
        paginator = Paginator([pk for pk, _title_text in pairs], PER_PAGE)
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
        "has_situations": facets["has_situations"],
        # Loaded only if a template asks for the list itself (the page uses the HTML below).
        "situations": lambda: catalogue_situations(page.audience, query.language),
        "situation_options": html_options.select(
            facets["situation_options"], query.situation.slug if query.situation else None
        ),
        # Escaped by html_options.links when the facets were counted.
        "situation_links": mark_safe(facets["situation_links"]),  # noqa: S308
        "letters": facets["letters"],
        "total_count": facets["total"],
        "audience": page.audience,
        "home_crumbs": [{"home": "1", "url": f"/{query.language}/"}],
        "cache_generation": cache_keys.generation(),
    }
