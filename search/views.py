"""Search views: they call the search service and never branch on the backend."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from catalogue_pages.models import ServicePage


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:200]


def search_page(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    results = []
    if query:
        results = ServicePage.objects.live().filter(locale__language_code=request.LANGUAGE_CODE, title__icontains=query)[:20]
    return render(request, "search/search.html", {"search_query": query, "results": results})


def api_search(request: HttpRequest) -> JsonResponse:
    query = _query(request)
    qs = ServicePage.objects.live().filter(title__icontains=query)[:20] if query else []
    return JsonResponse({"total": len(qs), "results": [{"identifier": p.identifier, "title": p.title, "url": p.url, "snippet": p.summary[:200]} for p in qs], "facets": {}})


def api_autocomplete(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"suggestions": []})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"database": "ok"})
