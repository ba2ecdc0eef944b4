"""Wagtail admin for editors: synonyms and promoted results (snippets) and a search report."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from requestkit.numbers import parse_positive_int
from search.models import Promotion, QueryLog, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Search synonyms")
    list_display = ["terms", "language"]
    list_filter = ["language"]
    search_fields = ["terms"]


class PromotionViewSet(SnippetViewSet):
    model = Promotion
    icon = "pick"
    menu_label = _("Promoted results")
    list_display = ["query", "service_identifier", "language", "sort_order"]
    list_filter = ["language"]
    search_fields = ["query", "service_identifier"]


register_snippet(SynonymViewSet)
register_snippet(PromotionViewSet)


def search_report(request: HttpRequest) -> HttpResponse:
    """Top queries, zero-result queries and click-through over the last N days."""
    days = min(parse_positive_int(request.GET.get("days", "30")) or 30, 365)
    since = timezone.now() - timedelta(days=days)
    logs = QueryLog.objects.filter(created_at__gte=since)
    top = (
        logs.values("query", "language")
        .annotate(
            searches=Count("id", distinct=True),
            # Not named "clicks": an annotation of the relation's own name makes the filter
            # below count over the aggregate ("misuse of aggregate function COUNT()").
            click_count=Count("clicks"),
            clicked=Count("id", filter=Q(clicks__isnull=False), distinct=True),
        )
        .order_by("-searches", "query")[:50]
    )
    zero = (
        logs.filter(result_count=0)
        .values("query", "language")
        .annotate(searches=Count("id"))
        .order_by("-searches", "query")[:50]
    )
    total = logs.count()
    with_click = logs.filter(clicks__isnull=False).distinct().count()
    rows = [
        {
            **row,
            "clicks": row["click_count"],
            "ctr": round(100 * row["clicked"] / row["searches"]) if row["searches"] else 0,
        }
        for row in top
    ]
    return render(
        request,
        "search/admin/report.html",
        {
            "days": days,
            "top": rows,
            "zero": zero,
            "total": total,
            "ctr": round(100 * with_click / total) if total else 0,
            "degraded": logs.filter(degraded=True).count(),
        },
    )


@hooks.register("register_admin_urls")
def register_report_url() -> list:
    return [path("search-report/", search_report, name="search_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item() -> MenuItem:
    return MenuItem(_("Search queries"), reverse("search_report"), icon_name="search", order=900)
