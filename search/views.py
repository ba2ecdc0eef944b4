"""Search views: they call the search service and never branch on the backend.

Every parameter is validated here; junk gets a sensible page (HTML) or a 400 with a message
(JSON API), never a 500 and never an Elasticsearch error.
"""

from __future__ import annotations

import unicodedata
from html import unescape
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from catalogue_pages.audiences import Audience
from catalogue_pages.models import ServicePage
from requestkit.numbers import parse_int, parse_positive_int
from search import query_log
from search.backend import SearchResults
from search.models import ClickLog, QueryLog
from search.openapi import SCHEMA
from search.queries import AUDIENCE_VALUES, FACETS, SORTS, VALUE_FACETS, SearchParams
from search.service import autocomplete, search_services

#: The result links of a search that is not logged (filters only, later pages): clicks count
#: without a query.
NOT_LOGGED = "0"
MAX_QUERY = 200
MAX_PAGE = 1000
LANGS = tuple(code for code, _name in settings.LANGUAGES)


#: The API's JSON: UTF-8 as is, no spaces after separators (fewer bytes to encode and send
#: for the same answer).
_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


class BadParameter(ValueError):
    """A request parameter the user (or client) got wrong; the message is translated."""


def clean_query(raw: str) -> str:
    """Drop undecodable bytes (U+FFFD), control characters and excess length."""
    text = "".join(
        ch for ch in raw if ch != "\ufffd" and not unicodedata.category(ch).startswith("C")
    )
    return " ".join(text.split())[:MAX_QUERY]


def parse_params(data: QueryDict, language: str, strict: bool) -> SearchParams:
    """Build validated ``SearchParams``; ``strict`` raises ``BadParameter`` instead of ignoring."""

    def bad(message: str) -> None:
        if strict:
            raise BadParameter(message)

    raw_query = data.get("q", "")
    if len(raw_query) > MAX_QUERY:
        bad(
            gettext("The search text is too long: at most %(max)d characters.") % {"max": MAX_QUERY}
        )
    params = SearchParams(query=clean_query(raw_query), language=language)
    audience = data.get("audience", "").strip()
    if audience in AUDIENCE_VALUES:
        params.audience = audience
    elif audience:
        bad(
            gettext("Unknown audience. Use one of: %(values)s.")
            % {"values": ", ".join(AUDIENCE_VALUES)}
        )
    for name in VALUE_FACETS:
        setattr(params, name, clean_query(data.get(name, ""))[:255])
    # Where the search started (a catalogue's header search): ranks, never filters; unknown
    # values are ignored even by the API, since the parameter only tunes the order.
    started_from = data.get("from", "").strip()
    params.prefer_audience = started_from if started_from in AUDIENCE_VALUES else ""
    params.online = data.get("online", "") in ("1", "true", "on")
    params.free = data.get("free", "") in ("1", "true", "on")
    sort = data.get("sort", "relevance")
    if sort in SORTS:
        params.sort = sort
    else:
        bad(gettext("Unknown sort order."))
    page = parse_positive_int(data.get("page", "1").strip() or "1")
    if page is None:
        bad(gettext("The page number must be a whole number."))
        page = 1
    elif page > MAX_PAGE:
        bad(gettext("The page number is too high: at most %(max)d.") % {"max": MAX_PAGE})
    params.page = min(page, MAX_PAGE)
    return params


def _current_language() -> str:
    lang = (get_language() or settings.LANGUAGE_CODE)[:2]
    return lang if lang in LANGS else settings.LANGUAGE_CODE


def _page_link(request: HttpRequest, **changes: Any) -> str:
    data = request.GET.copy()
    for key, value in changes.items():
        if value in (None, "", False):
            data.pop(key, None)
        else:
            data[key] = str(value)
    if "page" not in changes:
        data.pop("page", None)
    return "?" + urlencode(sorted((k, clean_query(v)) for k, v in data.items() if v))


def _facet_groups(request: HttpRequest, results: SearchResults) -> list[dict[str, Any]]:
    p = results.params
    labels = dict(Audience.choices)
    titles = {
        "audience": gettext("Catalogue"),
        "institution": gettext("Institution"),
        "life_situation": gettext("Life situation"),
        "topic": gettext("Topic"),
    }
    groups = []
    for name in FACETS:
        title = titles[name]
        current = getattr(p, name)
        values = [
            {
                "label": labels.get(f.value, f.value) if name == "audience" else f.value,
                "count": f.count,
                "selected": f.value == current,
                "url": _page_link(request, **{name: "" if f.value == current else f.value}),
            }
            for f in results.facets.get(name, [])[:15]
        ]
        if values:
            group = {"name": name, "title": title, "values": values, "note": ""}
            if name == "audience" and p.prefer_audience and not p.audience:
                group["note"] = gettext(
                    "Services of the catalogue “%(catalogue)s”, where you started, come first."
                ) % {"catalogue": labels.get(p.prefer_audience, p.prefer_audience)}
            groups.append(group)
    return groups


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    language = _current_language()
    params = parse_params(request.GET, language, strict=False)
    has_filters = any(v for v in params.filters().values())
    results = None
    log_ref = None
    if params.query or has_filters:
        results = search_services(params)
        if params.query and params.page == 1:
            log_ref = query_log.record(params.query, language, results.total, results.degraded)
        else:
            log_ref = NOT_LOGGED
    offset = (params.page - 1) * params.page_size
    hits = []
    if results is not None:
        for i, hit in enumerate(results.hits, start=1):
            link = hit.url
            if log_ref is not None and hit.url:
                link = (
                    reverse("search:click", args=[log_ref, hit.identifier]) + f"?pos={offset + i}"
                )
            hits.append({"hit": hit, "link": link})
    context = {
        "search_query": params.query,
        "params": params,
        "results": results,
        "hits": hits,
        "facet_groups": _facet_groups(request, results) if results else [],
        "online_count": results.facets["online"][0].count if results else 0,
        "free_count": results.facets["free"][0].count if results else 0,
        "audience_choices": Audience.choices,
        "sort_choices": [
            ("relevance", gettext("Relevance")),
            ("title", gettext("A–Z")),
            ("recent", gettext("Recently changed")),
        ],
        "prev_url": _page_link(request, page=params.page - 1)
        if results and results.has_previous
        else None,
        "next_url": _page_link(request, page=params.page + 1)
        if results and results.has_next
        else None,
        "past_end": bool(results and not results.hits and results.total and params.page > 1),
        "first_page_url": _page_link(request, page=""),
        "did_you_mean_url": _page_link(request, q=results.did_you_mean, page="")
        if results and results.did_you_mean
        else None,
    }
    return render(request, "search/search.html", context)


@require_safe
def click(request: HttpRequest, log_ref: str, identifier: str) -> HttpResponse:
    """Record a click on a result (no personal data) and go to the service page.

    ``log_ref`` is the logged search's token (``search.query_log``); links rendered before
    the tokens carry the row's number, which still counts."""
    language = _current_language()
    page = (
        ServicePage.objects.live()
        .filter(identifier=identifier, locale__language_code=language)
        .first()
    )
    if page is None:
        raise Http404
    position = parse_int(request.GET.get("pos", "0"), minimum=0, maximum=10000) or 0
    query_log.flush()  # a click faster than this process's own log write
    logged = QueryLog.objects.filter(token=log_ref)
    if log_ref.isdigit():  # an older link: the row's number (bounded: SQLite has 64-bit ints)
        logged = QueryLog.objects.filter(pk=int(log_ref)) if len(log_ref) < 18 else logged.none()
    log_id = logged.values_list("pk", flat=True).first()
    if log_id is not None:
        ClickLog.objects.create(query_log_id=log_id, identifier=identifier, position=position)
    return HttpResponseRedirect(page.get_url(request=request) or "/")


def _api_language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", settings.LANGUAGE_CODE)
    if lang not in LANGS:
        raise BadParameter(gettext("Unknown language. Use lv or en."))
    return lang


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_safe
def api_search(request: HttpRequest) -> JsonResponse:
    try:
        language = _api_language(request)
        params = parse_params(request.GET, language, strict=True)
    except BadParameter as exc:
        return _error(str(exc))
    results = search_services(params)
    return JsonResponse(
        {
            "query": params.query,
            "lang": language,
            "total": results.total,
            "page": params.page,
            "pages": results.num_pages,
            "degraded": results.degraded,
            "results": [
                {
                    "identifier": h.identifier,
                    "title": h.title,
                    "url": h.url,
                    "snippet": h.text or _plain(h.snippet),
                    "kind": "service",
                    "promoted": h.promoted,
                    "institution": h.institution,
                    "is_free": h.is_free,
                    "is_online": h.is_online,
                }
                for h in results.hits
            ],
            "guides": [
                {
                    "identifier": g.identifier,
                    "title": g.title,
                    "url": g.url,
                    "snippet": g.text or _plain(g.snippet),
                    "kind": g.kind,
                }
                for g in results.guides
            ],
            "did_you_mean": results.did_you_mean,
            "facets": {
                **{
                    name: [{"value": f.value, "count": f.count} for f in results.facets[name]]
                    for name in FACETS
                },
                "online": results.facets["online"][0].count,
                "free": results.facets["free"][0].count,
            },
        },
        json_dumps_params=_COMPACT,
    )


def _plain(markup: str) -> str:
    return unescape(strip_tags(markup))


@require_safe
def api_autocomplete(request: HttpRequest) -> JsonResponse:
    try:
        language = _api_language(request)
    except BadParameter as exc:
        return _error(str(exc))
    text = clean_query(request.GET.get("q", ""))[:100]
    audience = request.GET.get("audience", "")
    audience = audience if audience in AUDIENCE_VALUES else ""
    suggestions, degraded = autocomplete(text, language, audience) if text else ([], False)
    return JsonResponse(
        {
            "suggestions": [
                {"identifier": s.identifier, "title": s.title, "url": s.url} for s in suggestions
            ],
            "degraded": degraded,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def openapi_schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(SCHEMA)
