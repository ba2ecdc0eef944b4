"""Owners' side in the Wagtail admin: dashboard, one service's figures, CSV, search demand.

Institution users (provider memberships) see their own institutions' services; superusers
may pick any institution. A service's page is open to its institution's users and to anyone
who may edit the page. Comments and problem reports appear here, never in public.
"""

from __future__ import annotations

import csv
from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alerts import counts as alert_counts
from catalogue_pages.latvian import sort_key
from catalogue_pages.models import PageFeedback, ServicePage
from service_requests.admin_views import csv_safe
from service_requests.models import ServiceRequest
from service_requests.permissions import provider_memberships

from . import digest
from .attention import reasons
from .charts import Bar, bar_chart
from .completeness import missing_labels
from .forms import DigestPreferenceForm
from .models import ExternalLink, PageLink, ServiceHealth
from .publication import display_context, health_for, institution_totals
from .statistics import OPEN_STATUSES, PROBLEM_KINDS, top_queries

PAGE_SIZE = 50
SCORE_BUCKETS = [(0, 49, "0–49 %"), (50, 74, "50–74 %"), (75, 99, "75–99 %"), (100, 100, "100 %")]


def own_institutions(user: Any) -> dict[str, str]:
    """The institutions (IRI → name) the user works for (front office, executor or service
    manager memberships)."""
    return dict(provider_memberships(user).values_list("institution_iri", "institution_name"))


def institutions_of(user: Any) -> dict[str, str]:
    """Institutions (IRI → name) whose services this user may look after (superusers: all)."""
    own = own_institutions(user)
    if getattr(user, "is_superuser", False):
        rows = (
            ServiceHealth.objects.exclude(institution_iri="")
            .values_list("institution_iri", "institution_name")
            .order_by("institution_name")
            .distinct()
        )
        return {**dict(rows), **own}
    return own


def _selected(request: HttpRequest) -> tuple[dict[str, str], str]:
    allowed = institutions_of(request.user)
    if not allowed:
        raise PermissionDenied
    wanted = request.GET.get("institution", "")
    return allowed, wanted if wanted in allowed else sorted(allowed, key=allowed.get)[0]


def _ranked(iri: str) -> QuerySet[ServiceHealth]:
    return ServiceHealth.objects.filter(institution_iri=iri, withdrawn=False).order_by(
        "-attention", "score", "title"
    )


def _charts(rows: list[ServiceHealth]) -> dict[str, Any]:
    top = [r for r in rows if r.attention][:10]
    buckets = [
        (label, sum(1 for r in rows if low <= r.score <= high))
        for low, high, label in SCORE_BUCKETS
    ]
    statuses: Counter[str] = Counter()
    for row in rows:
        statuses.update(row.requests_by_status)
    status_rows = [
        (str(label), statuses.get(code, 0)) for code, label in ServiceRequest.Status.choices
    ]
    return {
        "attention_chart": bar_chart(
            "chart-attention",
            _("Services needing the most attention (points)"),
            [Bar(r.title, r.attention) for r in top],
        ),
        "attention_rows": top,
        "score_chart": bar_chart(
            "chart-score",
            _("Services by completeness"),
            [Bar(label, count) for label, count in buckets],
        ),
        "score_rows": buckets,
        "status_chart": bar_chart(
            "chart-status",
            _("Requests by status"),
            [Bar(label, count) for label, count in status_rows],
        ),
        "status_rows": status_rows,
    }


def recent_comments(identifiers: list[str], limit: int = 15) -> QuerySet[PageFeedback]:
    """The newest feedback comments on these services (owners only, never public)."""
    return (
        PageFeedback.objects.filter(page__servicepage__identifier__in=identifiers)
        .exclude(comment="")
        .select_related("page")
        .order_by("-created_at")[:limit]
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    """The institution's services, the ones needing attention first, with charts and totals."""
    allowed, iri = _selected(request)
    rows = list(_ranked(iri))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    for row in page:
        row.reasons = reasons(row)
        row.missing = missing_labels(row.missing_sections)
    return render(
        request,
        "improvement/admin/dashboard.html",
        {
            "institutions": sorted(allowed.items(), key=lambda kv: sort_key(kv[1])),
            "institution_iri": iri,
            "institution_name": allowed[iri],
            "page_obj": page,
            "totals": institution_totals([iri]),
            "comments": recent_comments([row.identifier for row in rows]),
            "digest_form": DigestPreferenceForm(
                initial={"weekly_digest": digest.wants_digest(request.user)}
            ),
            **_charts(rows),
        },
    )


def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The ranked list as CSV (formula-like cells neutralised, as in the inbox export)."""
    _allowed, iri = _selected(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="services-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Service identifier"),
            _("Service"),
            _("Attention points"),
            _("Needs attention because"),
            _("Completeness"),
            _("Missing sections"),
            _("Useful: yes"),
            _("Useful: no"),
            _("Open problem reports"),
            _("Overdue requests"),
            _("Median hours to complete"),
            _("90th percentile hours"),
            _("Broken links"),
            _("Redirected links"),
        ]
    )
    for row in _ranked(iri):
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    row.identifier,
                    row.title,
                    row.attention,
                    "; ".join(reasons(row)),
                    row.score,
                    "; ".join(missing_labels(row.missing_sections)),
                    row.feedback_yes,
                    row.feedback_no,
                    row.open_problems,
                    row.overdue_requests,
                    "" if row.median_hours is None else row.median_hours,
                    "" if row.p90_hours is None else row.p90_hours,
                    row.links_broken,
                    row.links_redirected,
                )
            ]
        )
    return response


def _may_see(user: Any, health: ServiceHealth) -> bool:
    if health.institution_iri and health.institution_iri in institutions_of(user):
        return True
    page = ServicePage.objects.filter(pk=health.page_id).first() if health.page_id else None
    return bool(page and page.permissions_for_user(user).can_edit())


def service_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    """One service: completeness, links, statistics, recent comments and open problem reports."""
    health = health_for(identifier[:128])
    if health is None or not _may_see(request.user, health):
        raise PermissionDenied
    # One row per address: the Latvian and English pages share most links, and a link not yet
    # checked is no problem to fix, only a count until the nightly check reaches it.
    uses = (
        PageLink.objects.filter(identifier=health.identifier)
        .exclude(link__outcome__in=(ExternalLink.OK, ExternalLink.UNCHECKED))
        .select_related("link")
        .order_by("link__outcome", "link__url", "source")[:400]
    )
    links: list[PageLink] = []
    seen: set[int] = set()
    for use in uses:
        if use.link_id not in seen and len(links) < 200:
            seen.add(use.link_id)
            links.append(use)
    unchecked = (
        ExternalLink.objects.filter(
            uses__identifier=health.identifier, outcome=ExternalLink.UNCHECKED
        )
        .distinct()
        .count()
    )
    comments = (
        PageFeedback.objects.filter(page__servicepage__identifier=health.identifier)
        .exclude(comment="")
        .select_related("page__locale")
        .order_by("-created_at")[:30]
    )
    own = health.institution_iri in institutions_of(request.user)
    problems = ServiceRequest.objects.filter(
        service_identifier=health.identifier,
        request_kind__in=PROBLEM_KINDS,
        status__in=OPEN_STATUSES,
    ).order_by("-created_at")[:30]
    return render(
        request,
        "improvement/admin/service.html",
        {
            **display_context(health),
            "links": links,
            "unchecked_links": unchecked,
            "comments": comments,
            "problems": problems if own else [],
            "problems_hidden": not own and health.open_problems,
            "queries": top_queries(health.identifier, limit=20, public=False),
            "reasons": reasons(health),
            "followers": alert_counts.followers(health.identifier),  # counts, no address
        },
    )


@require_POST
def digest_settings(request: HttpRequest) -> HttpResponse:
    """Switch the weekly digest on or off for the signed-in user."""
    if not institutions_of(request.user):
        raise PermissionDenied
    form = DigestPreferenceForm(request.POST)
    wanted = form.is_valid() and form.cleaned_data["weekly_digest"]
    digest.set_preference(request.user.pk, bool(wanted))
    if wanted:
        messages.success(request, _("You will receive the weekly digest."))
    else:
        messages.success(request, _("You will no longer receive the weekly digest."))
    return redirect("improvement_admin:dashboard")
