"""The life-situation and institution indexes: every guide by kind, every institution A–Z."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest
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


@builds_context_of(LifeSituationIndexPage)
def situation_index_context(
    page: LifeSituationIndexPage, request: HttpRequest | None = None
) -> dict[str, object]:
    language = get_language() or "lv"
    cache_key = cache_keys.key("situations", language)
    groups = cache.get(cache_key)
    if groups is None:
        rows = list(
            LifeSituationPage.objects.live()
            .filter(locale__language_code=language)
            .annotate(n=Count("services", filter=Q(services__live=True)))
            .only("title", "url_path", "kind", "summary")
        )
        rows.sort(key=lambda s: sort_key(s.title))
        groups = [
            {
                "kind": kind,
                "items": [
                    {"title": s.title, "url": s.get_url(), "summary": s.summary, "count": s.n}
                    for s in rows
                    if s.kind == kind
                ],
            }
            for kind in (LifeSituationPage.LIFE, LifeSituationPage.BUSINESS)
        ]
        cache.set(cache_key, groups, cache_keys.TIMEOUT)
    return {"situation_groups": [group for group in groups if group["items"]]}


@builds_context_of(InstitutionIndexPage)
def institution_index_context(
    page: InstitutionIndexPage, request: HttpRequest | None = None
) -> dict[str, object]:
    language = get_language() or "lv"
    cache_key = cache_keys.key("institutions", language)
    letters = cache.get(cache_key)
    if letters is None:
        rows = list(
            InstitutionPage.objects.live()
            .filter(locale__language_code=language)
            .annotate(n=Count("services", filter=Q(services__live=True)))
            .only("title", "url_path")
        )
        rows.sort(key=lambda s: sort_key(s.title))
        letters = []
        for row in rows:
            letter = initial(row.title)
            if not letters or letters[-1]["letter"] != letter:
                letters.append({"letter": letter, "items": []})
            letters[-1]["items"].append({"title": row.title, "url": row.get_url(), "count": row.n})
        cache.set(cache_key, letters, cache_keys.TIMEOUT)
    return {"institution_letters": letters}
