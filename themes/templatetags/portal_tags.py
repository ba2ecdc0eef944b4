"""Template helpers of the public theme."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language_info
from wagtail.models import Page

from catalogue_pages import cache as cache_keys
from catalogue_pages.durations import humanize_duration
from catalogue_pages.feedback import make_token

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, object]]:
    """Links to this same page in every language; a Wagtail page links to its translation.

    The translations of a page are looked up in one query and cached per listing generation,
    so the language switch costs nothing on a warm cache.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    translations: dict[str, str] = {}
    if page is not None and getattr(page, "translation_key", None) and getattr(page, "pk", None):
        translations = _translation_urls(page, request)
    links = []
    for code, _name in settings.LANGUAGES:
        url = translations.get(code) or translate_url(request.get_full_path(), code)
        info = get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "url": url, "current": code == current}
        )
    return links


def _translation_urls(page, request) -> dict[str, str]:  # type: ignore[no-untyped-def]
    key = cache_keys.key("translations", page.translation_key)
    urls = cache.get(key)
    if urls is None:
        rows = (
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            .only("url_path", "locale__language_code")
        )
        urls = {row.locale.language_code: row.get_url(request) for row in rows}
        cache.set(key, urls, cache_keys.TIMEOUT)
    return urls


@register.simple_tag
def feedback_token(page_id: int) -> str:
    """A signed timing token for the feedback form (see catalogue_pages.feedback)."""
    return make_token(int(page_id))


@register.filter
def duration(value: str, language: str = "lv") -> str:
    """An ISO 8601 duration in words: ``{{ "P10D"|duration:"lv" }}`` -> "10 dienu"."""
    return humanize_duration(value or "", language or "lv")
