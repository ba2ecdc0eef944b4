"""The life-situation and institution indexes: every guide by kind, every institution A–Z."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Model, Q
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


def _situation_groups(language: str) -> list[dict[str, Any]]:
    rows = _live_with_service_counts(LifeSituationPage, language, "kind", "summary")
    return [
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
    groups = _per_language("situations", _situation_groups)
    return {"situation_groups": [group for group in groups if group["items"]]}


@builds_context_of(InstitutionIndexPage)
def institution_index_context(
    page: InstitutionIndexPage, request: HttpRequest | None = None
) -> dict[str, object]:
    return {"institution_letters": _per_language("institutions", _institution_letters)}
