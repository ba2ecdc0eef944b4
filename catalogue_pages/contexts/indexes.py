"""The life-situation and institution indexes: every guide by kind, every institution A–Z.

The guides index is paginated per kind (``GUIDES_PER_PAGE``): an aggregated register of
100,000 services holds ~11,000 guides, which as one page was several megabytes, a
``get_url()`` and a summary per guide. What stays cached per language is the ordered rows
without summaries (``_situation_rows``); a request reads the summaries of its own slice only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, Q
from django.http import HttpRequest, QueryDict
from django.utils.translation import get_language

from catalogue_pages import cache as cache_keys
from catalogue_pages.latvian import initial, sort_key
from catalogue_pages.models import (
    InstitutionIndexPage,
    InstitutionPage,
    LifeSituationIndexPage,
    LifeSituationPage,
)
from catalogue_pages.models.context import builds_context_of
from catalogue_pages.models.routing import page_url

#: A slug that stands in a URL as it is (as in ``contexts.home``).
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]+")
#: Guides of one kind on one page of the index: an A–Z page of a national portal's size.
GUIDES_PER_PAGE = 50
#: The query parameter of each kind's page number: residents' list keeps the usual ``page``.
PAGE_PARAMS = {LifeSituationPage.LIFE: "page", LifeSituationPage.BUSINESS: "business_page"}


def _per_language(name: str, build: Callable[[str], Any]) -> Any:
    """``build(language)`` once per language until the next sync or publish (cache generation)."""
    language = get_language() or "lv"
    cache_key = cache_keys.key(name, language)
    value = cache.get(cache_key)
    if value is None:
        value = build(language)
        cache.set(cache_key, value, cache_keys.TIMEOUT)
    return value


def _live_with_service_counts(model: type[Model], language: str, *fields: str) -> list[Any]:
    """Live pages of a language in Latvian alphabetical order, each with ``n`` live services."""
    rows = list(
        model.objects.live()
        .filter(locale__language_code=language)
        .annotate(n=Count("services", filter=Q(services__live=True)))
        .only("title", "url_path", *fields)
    )
    rows.sort(key=lambda row: sort_key(row.title))
    return rows


#: A guide as the index keeps it between requests: (pk, title, slug, n services). No
#: ``url_path``: every guide is a child of the index, so its path is the index's + slug.
GuideRow = tuple[int, str, str, int]


def _situation_rows(language: str) -> dict[str, list[GuideRow]]:
    """Every live guide of a language by kind, in Latvian title order, without summaries
    (~67 bytes a guide pickled: ~0.7 MB at 11,000 guides, measured in docs/benchmarks.md)."""
    rows = _live_with_service_counts(LifeSituationPage, language, "kind", "slug")
    return {
        kind: [(s.pk, s.title, s.slug, s.n) for s in rows if s.kind == kind]
        for kind in (LifeSituationPage.LIFE, LifeSituationPage.BUSINESS)
    }


def _page_of(rows: list[GuideRow], value: str | None) -> Page:
    """The page ``value`` asks for, as GOV.UK's finders answer: a number that is not one
    (``?page=abc``, ``0``, ``-2``) gives the first page, one past the end the last. A stale or
    hand-edited link still lands on real guides rather than an error page, and a crawler
    cannot make the index build an error for every number."""
    paginator = Paginator(rows, GUIDES_PER_PAGE)
    try:
        number = int(value or "1")
    except ValueError:
        number = 1
    # Not ``Paginator.get_page``: it sends ``0`` and negative numbers to the *last* page.
    return paginator.page(min(max(number, 1), paginator.num_pages))


def _page_link(numbers: dict[str, int], name: str, number: int) -> str:
    """``?…`` for page ``number`` of one kind, keeping the other kind's page shown; page 1 is
    the parameter left out. Built from the page parameters only, not the whole query string:
    a link carries no junk along, and the page cache keys this page on what it reads."""
    pairs = {**numbers, name: number}
    query = "&".join(f"{param}={n}" for param, n in pairs.items() if n > 1)
    return f"?{query}"


def _situation_groups(
    page: LifeSituationIndexPage, request: HttpRequest | None, language: str
) -> list[dict[str, Any]]:
    """Each kind's page of guides, with its summaries and the links of its pagination.

    Every guide is a child of this folder (``LifeSituationPage.parent_page_types``), so its
    URL is the folder's plus its slug, as the home page builds it (no ``get_url`` per row);
    a slug that would need quoting gets Wagtail's own URL."""
    by_kind = _per_language("situation_rows", _situation_rows)
    params = request.GET if request is not None else QueryDict()
    folder_url = page_url(page, request)
    shown = {
        kind: _page_of(by_kind[kind], params.get(PAGE_PARAMS[kind]))
        for kind in (LifeSituationPage.LIFE, LifeSituationPage.BUSINESS)
        if by_kind[kind]
    }
    numbers = {PAGE_PARAMS[kind]: rows.number for kind, rows in shown.items()}
    summaries = dict(
        LifeSituationPage.objects.filter(
            pk__in=[row[0] for rows in shown.values() for row in rows]
        ).values_list("pk", "summary")
    )
    groups = []
    for kind, rows in shown.items():
        items = []
        for pk, title, slug, count in rows:
            url = f"{folder_url}{slug}/" if folder_url and _PLAIN_SLUG.fullmatch(slug) else None
            if url is None:
                url_path = f"{page.url_path}{slug}/"
                url = page_url(LifeSituationPage(pk=pk, slug=slug, url_path=url_path), request)
            items.append(
                {"title": title, "url": url, "summary": summaries.get(pk, ""), "count": count}
            )
        name, number, total = PAGE_PARAMS[kind], rows.number, rows.paginator.num_pages
        groups.append(
            {
                "kind": kind,
                "items": items,
                "page_number": number,
                "num_pages": total,
                "previous_url": _page_link(numbers, name, number - 1) if number > 1 else "",
                "next_url": _page_link(numbers, name, number + 1) if number < total else "",
            }
        )
    return groups


def _institution_letters(language: str) -> list[dict[str, Any]]:
    letters: list[dict[str, Any]] = []
    for row in _live_with_service_counts(InstitutionPage, language):
        letter = initial(row.title)
        if not letters or letters[-1]["letter"] != letter:
            letters.append({"letter": letter, "items": []})
        letters[-1]["items"].append({"title": row.title, "url": row.get_url(), "count": row.n})
    return letters


@builds_context_of(LifeSituationIndexPage)
def situation_index_context(
    page: LifeSituationIndexPage, request: HttpRequest | None = None
) -> dict[str, object]:
    language = get_language() or "lv"
    return {"situation_groups": _situation_groups(page, request, language)}


@builds_context_of(InstitutionIndexPage)
def institution_index_context(
    page: InstitutionIndexPage, request: HttpRequest | None = None
) -> dict[str, object]:
    return {"institution_letters": _per_language("institutions", _institution_letters)}
