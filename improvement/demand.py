"""Search demand for the whole portal: what people look for and do not find.

Editors see the queries with no results and the queries whose results nobody clicked,
ranked by how often they were asked, and act at once: add a synonym (so the query finds the
services it means) or promote a service for the exact query. Both write the ``search`` app's
own snippets, applied at query time without a reindex.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue_pages.models import ServicePage
from search.models import Language, Promotion, QueryLog, Synonym

LIMIT = 50
LANGUAGES = set(Language.values)


def _days(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("days", "30")), 365))
    except ValueError:
        return 30


def demand_rows(days: int) -> dict[str, list[dict]]:
    """Zero-result and no-click queries of the last ``days`` days, most frequent first."""
    logs = QueryLog.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
    zero = (
        logs.filter(result_count=0)
        .exclude(query="")
        .values("query", "language")
        .annotate(searches=Count("id"))
        .order_by("-searches", "query")[:LIMIT]
    )
    no_click = (
        logs.filter(result_count__gt=0, clicks__isnull=True)
        .exclude(query="")
        .values("query", "language")
        .annotate(searches=Count("id"))
        .order_by("-searches", "query")[:LIMIT]
    )
    return {"zero": list(zero), "no_click": list(no_click)}


def is_portal_editor(user: object) -> bool:
    """Who may see the whole portal's demand: those who curate search (synonyms, promotions).

    Why not every admin user: an institution's owner would see every query on the portal and
    could promote any service for any query; owners see their own services' queries on their
    dashboard (``admin_views.service_detail``) instead (issue 19).
    """
    # mypy: any request.user; an anonymous user's has_perm answers False
    return bool(
        getattr(user, "is_superuser", False)
        or user.has_perm("service_search.add_synonym")  # type: ignore[attr-defined]
        or user.has_perm("service_search.add_promotion")  # type: ignore[attr-defined]
    )


def search_demand(request: HttpRequest) -> HttpResponse:
    if not is_portal_editor(request.user):
        raise PermissionDenied
    days = _days(request)
    return render(
        request,
        "improvement/admin/search_demand.html",
        {
            "days": days,
            **demand_rows(days),
            "can_synonym": request.user.has_perm("service_search.add_synonym"),
            "can_promote": request.user.has_perm("service_search.add_promotion"),
            "synonyms_url": reverse(Synonym.snippet_viewset.get_url_name("list")),
            "promotions_url": reverse(Promotion.snippet_viewset.get_url_name("list")),
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(
        reverse("improvement_admin:search_demand") + "?" + urlencode({"days": _days(request)})
    )


@require_POST
def act_on_query(request: HttpRequest) -> HttpResponse:
    """Add a synonym group or a promotion straight from a row of the report."""
    action = request.POST.get("action", "")
    language = request.POST.get("language", "lv")
    if language not in LANGUAGES:
        language = "lv"
    if action == "synonym":
        if not request.user.has_perm("service_search.add_synonym"):
            raise PermissionDenied
        terms = [t.strip() for t in request.POST.get("terms", "").split(",") if t.strip()]
        if len(terms) < 2:
            messages.error(request, _("A synonym needs at least two comma-separated terms."))
            return _back(request)
        Synonym.objects.create(language=language, terms=", ".join(terms)[:500])
        messages.success(request, _("Synonym added: %(terms)s") % {"terms": ", ".join(terms)})
    elif action == "promote":
        if not request.user.has_perm("service_search.add_promotion"):
            raise PermissionDenied
        query = request.POST.get("query", "").strip()[:200]
        identifier = request.POST.get("identifier", "").strip()[:128]
        if not query or not ServicePage.objects.live().filter(identifier=identifier).exists():
            messages.error(
                request, _("No published service has the identifier “%(id)s”.") % {"id": identifier}
            )
            return _back(request)
        Promotion.objects.create(query=query, language=language, service_identifier=identifier)
        messages.success(
            request,
            _("%(id)s is now promoted for “%(query)s”.") % {"id": identifier, "query": query},
        )
    else:
        messages.error(request, _("Unknown action."))
    return _back(request)
