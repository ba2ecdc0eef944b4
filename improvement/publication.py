"""What the public sees of a service's figures (JSON and the "Statistika" page).

Why a separate module: the same aggregates feed the API, the public page and the admin, and
the public subset is decided in one place — counts, shares, durations, completeness, link
totals and frequent search queries; never comments, e-mails or the register's management data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from catalogue_pages.models import ServicePage
from service_requests.figures import figures_of
from service_requests.models import RequestFigures, RequestKind, ServiceRequest

from .completeness import missing_labels, refresh_completeness
from .models import ServiceHealth
from .statistics import refresh_statistics, top_queries


def health_for(identifier: str) -> ServiceHealth | None:
    """The stored row of a known service; computed on first use if the sync has not yet."""
    health = ServiceHealth.objects.filter(identifier=identifier).first()
    if health is not None:
        return health
    if not ServicePage.objects.filter(identifier=identifier).exists():
        return None
    refresh_completeness([identifier])
    refresh_statistics([identifier])
    return ServiceHealth.objects.filter(identifier=identifier).first()


def service_payload(health: ServiceHealth) -> dict[str, Any]:
    """The public JSON document of one service's statistics."""
    total_requests = sum(health.requests_by_kind.values())
    figures = figures_of(RequestFigures.SERVICE, health.identifier)
    return {
        "identifier": health.identifier,
        "title": health.title,
        "institution": health.institution_name,
        "withdrawn": health.withdrawn,
        "updated_at": health.updated_at.isoformat() if health.updated_at else None,
        "completeness": {
            "score": health.score,
            "filled": health.sections_filled,
            "total": health.sections_total,
            "missing": list(health.missing_sections),
            "stale": health.is_stale,
            "english_missing": health.english_missing,
            "register_modified": (
                health.register_modified.isoformat() if health.register_modified else None
            ),
        },
        "satisfaction": {
            "yes": health.feedback_yes,
            "no": health.feedback_no,
            "total": health.feedback_total,
            "share": health.satisfaction,
        },
        "requests": {
            "total": total_requests,
            "by_kind": dict(health.requests_by_kind),
            "by_status": dict(health.requests_by_status),
            "completed": health.completed_count,
            "median_hours": health.median_hours,
            "p90_hours": health.p90_hours,
            "due": due_figures(figures),
        },
        "search": {"queries": top_queries(health.identifier)},
        "links": {
            "checked": health.links_checked,
            "broken": health.links_broken,
            "redirected": health.links_redirected,
        },
    }


#: The kinds a "Report a problem" form creates (``improvement.forms.CATEGORIES``).
REPORT_KINDS = ("problem", "complaint")


def due_figures(figures: RequestFigures | None) -> dict[str, Any]:
    """Closed on time and lateness against the due date (``service_requests.figures``)."""
    return {
        "closed": figures.closed_with_due if figures else 0,
        "on_time": figures.closed_on_time if figures else 0,
        "on_time_percent": figures.on_time_percent if figures else None,
        "median_days_late": figures.median_lateness_days if figures else None,
        "p90_days_late": figures.p90_lateness_days if figures else None,
    }


def display_context(health: ServiceHealth) -> dict[str, Any]:
    """Template context shared by the public page and the admin view."""
    kinds = dict(RequestKind.choices)
    statuses = dict(ServiceRequest.Status.choices)
    return {
        "health": health,
        "stats": service_payload(health),
        "missing_labels": missing_labels(health.missing_sections),
        # Problem reports are not requests: the page counts them apart (issue 19).
        "kind_rows": [
            (str(kinds.get(k, k)), n)
            for k, n in health.requests_by_kind.items()
            if k not in REPORT_KINDS
        ],
        "report_rows": [
            (str(kinds.get(k, k)), n)
            for k, n in health.requests_by_kind.items()
            if k in REPORT_KINDS
        ],
        "status_rows": [(str(statuses.get(k, k)), n) for k, n in health.requests_by_status.items()],
    }


def institution_totals(institution_iris: list[str]) -> dict[str, Any]:
    """Sums over an institution's services (rows already aggregated: a cheap SUM)."""
    rows = ServiceHealth.objects.filter(institution_iri__in=institution_iris, withdrawn=False)
    sums = rows.aggregate(
        yes=Sum("feedback_yes"),
        no=Sum("feedback_no"),
        broken=Sum("links_broken"),
        problems=Sum("open_problems"),
        overdue=Sum("overdue_requests"),
        score=Sum("score"),
    )
    count = rows.count()
    yes, no = sums["yes"] or 0, sums["no"] or 0
    figures = [
        f for f in (figures_of(RequestFigures.INSTITUTION, i) for i in institution_iris) if f
    ]
    kinds = dict(RequestKind.choices)
    by_kind: dict[str, int] = {}
    for row in figures:
        for kind, n in row.by_kind.items():
            label = str(kinds.get(kind, kind))
            by_kind[label] = by_kind.get(label, 0) + n
    return {
        "requests_by_kind": sorted(by_kind.items()),
        "due": due_figures(figures[0] if len(figures) == 1 else None),
        "services": count,
        "average_score": round((sums["score"] or 0) / count) if count else 0,
        "feedback_yes": yes,
        "feedback_no": no,
        "satisfaction_percent": round(100 * yes / (yes + no)) if yes + no else None,
        "links_broken": sums["broken"] or 0,
        "open_problems": sums["problems"] or 0,
        "overdue_requests": sums["overdue"] or 0,
    }
