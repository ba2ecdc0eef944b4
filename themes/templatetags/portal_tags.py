"""Template helpers of the public theme."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext as _
from wagtail.models import Page

from alerts import checklist as alerts_checklist
from catalogue_pages import cache as cache_keys
from catalogue_pages.durations import humanize_duration
from catalogue_pages.feedback import make_token
from catalogue_pages.models.routing import get_url, page_url
from catalogue_pages.sections import channel_items, contact_items
from catalogue_pages.site_map import site_map_sections

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
        translations = _translation_urls(page, request, context.get("page_translations"))
    # A routed sub-page (a guide's checklist) and the filters of a listing (?topic=) survive
    # the switch: the translation's URL gets the same remainder and query string.
    own_url = translations.get(current, "")
    remainder = request.path[len(own_url) :] if own_url and request.path.startswith(own_url) else ""
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, _name in settings.LANGUAGES:
        url = translations.get(code)
        if url:
            url = url + remainder + (f"?{query}" if query else "")
        else:
            url = translate_url(request.get_full_path(), code)
        info = get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "url": url, "current": code == current}
        )
    return links


def _translation_urls(page, request, read=None) -> dict[str, str]:
    """``read``, if the page's context has one (``page_translations``: the service card reads
    them with its other rows), replaces the query on a cache miss."""
    key = cache_keys.key("translations", page.translation_key)
    urls = cache.get(key)
    if urls is None and read is not None:
        urls = read()
        cache.set(key, urls, cache_keys.TIMEOUT)
    if urls is None:
        rows = (
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            .only("url_path", "locale__language_code")
        )
        # Base Page rows: routing.get_url builds their URLs without a reverse() each.
        urls = {row.locale.language_code: get_url(row, request) for row in rows}
        cache.set(key, urls, cache_keys.TIMEOUT)
    return urls


@register.simple_tag(takes_context=True)
def page_href(context: template.Context, page: object) -> object:
    """``{{ page.url }}``, with the site root paths of the request (``routing.page_url``):
    a bare ``page.url`` reads them from the shared cache again on every use."""
    if page is None or page == "":
        return ""
    if hasattr(page, "get_url_parts"):
        return page_url(page, context.get("request"))
    return getattr(page, "url", "")


@register.simple_tag
def feedback_token(page_id: int) -> str:
    """A signed timing token for the feedback form (see catalogue_pages.feedback)."""
    return make_token(int(page_id))


@register.simple_tag
def checklist_form_token(identifier: str) -> str:
    """A signed token for "E-mail me this checklist" (see alerts.checklist)."""
    return alerts_checklist.make_form_token(str(identifier))


@register.simple_tag
def alerts_unconfirmed_days() -> int:
    """How long an unconfirmed e-mail request is kept (``ALERTS_UNCONFIRMED_DAYS``)."""
    return int(settings.ALERTS_UNCONFIRMED_DAYS)


@register.filter
def duration(value: str, language: str = "lv") -> str:
    """An ISO 8601 duration in words: ``{{ "P10D"|duration:"lv" }}`` -> "10 dienu"."""
    return humanize_duration(value or "", language or "lv")


#: One date format for the public pages: "01.12.2026." in Latvian, "1 December 2026" in English.
DATE_FORMATS = {"lv": "d.m.Y.", "en": "j F Y"}


@register.filter
def public_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """A date as the public pages print it, in the page language (local time for datetimes)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    text = dateformat.format(value, DATE_FORMATS.get(language, DATE_FORMATS["lv"]))
    if with_time and isinstance(value, dt.datetime):
        text += " " + dateformat.format(value, "H:i")
    return text


@register.filter
def machine_time(value: dt.date | dt.datetime | None) -> str:
    """A ``<time datetime>`` value HTML accepts: whole seconds, never microseconds.

    Django's ``date:'c'`` prints microseconds when the value has them, which the HTML
    standard's "valid global date and time string" does not allow (the Nu checker reports it).
    """
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def meta_description(value: object, length: int = 160) -> str:
    """A ``<meta name="description">`` from a longer text: one line, cut at a word, with "…"."""
    text = " ".join(str(value or "").split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """``path`` as a full address (printed checklists must say where to go, not just link)."""
    request = context.get("request")
    if request is None or not path or "://" in path:
        return path or ""
    return request.build_absolute_uri(path)


@register.filter
def service_phone(service: object) -> dict[str, str] | None:
    """The first telephone a service names: its contact points, then its phone channel."""
    for contact in contact_items(getattr(service, "contact_points", None) or []):
        if contact.get("telephone"):
            return {"number": contact["telephone"], "href": contact.get("telephone_href", "")}
    for channel in channel_items(getattr(service, "channels", None) or []):
        if channel.get("telephone"):
            return {"number": channel["telephone"], "href": channel.get("telephone_href", "")}
    return None


@register.filter
def human_size(value: object) -> str:
    """A file size people read: "66 baiti", "1,2 MB" (plural forms, decimal comma by language)."""
    try:
        # mypy: a template filter gets any value; the except below turns a bad one into no text
        size = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": size}
    amount = float(size)
    for unit in (_("KB"), _("MB"), _("GB")):
        amount /= 1024
        if amount < 1024 or unit == _("GB"):
            break
    decimals = 0 if amount >= 100 or amount == int(amount) else 1
    return f"{number_format(round(amount, decimals), decimals, use_l10n=True)} {unit}"


@register.simple_tag(takes_context=True)
def site_map(context: template.Context) -> list[dict[str, object]]:
    """The sections of the human-readable site map in the page language."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return site_map_sections(language, context.get("request"))
