"""Statistics per service, pre-aggregated into ``ServiceHealth`` rows.

Why pre-aggregated: the public endpoint must answer from one row, not by scanning all
feedback or requests. ``refresh_statistics`` recounts the given services with a handful of
GROUP BY queries (the same code for one service after an event and for all 10,000 in the
nightly refresh); ``count_click`` adds one search click to its query counter in place.
Nothing personal is aggregated: feedback counts (never comments), request counts and
durations, and normalised search queries that at least ``MIN_PUBLIC_CLICKS`` clicks share.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from catalogue_pages.models import PageFeedback
from search.models import ClickLog
from service_requests.dashboard import overdue_after
from service_requests.models import RequestEvent, ServiceRequest

from .attention import attention_points
from .completeness import snapshot
from .models import ExternalLink, PageLink, SearchDemand, ServiceHealth

OPEN_STATUSES = ServiceRequest.OPEN_STATUSES
PROBLEM_KINDS = ("problem", "complaint", "incident")
#: A query is published for a service only once this many clicks share it (no rare, possibly
#: personal, query text in public).
MIN_PUBLIC_CLICKS = 3
STATISTICS_FIELDS = [
    "feedback_yes",
    "feedback_no",
    "feedback_comments",
    "requests_by_kind",
    "requests_by_status",
    "completed_count",
    "median_hours",
    "p90_hours",
    "open_problems",
    "overdue_requests",
    "links_checked",
    "links_broken",
    "links_redirected",
]
COMPARED = [*STATISTICS_FIELDS, "attention"]


def overdue_before(now: datetime | None = None) -> datetime:
    """Open requests without a due date created before this are overdue; the others are
    overdue past their due date — the inbox panel's definition, so the two agree."""
    return (now or timezone.now()) - overdue_after()


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1) of unsorted values; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _restrict(queryset: Any, field: str, identifiers: list[str] | None) -> Any:
    return queryset if identifiers is None else queryset.filter(**{f"{field}__in": identifiers})


def _feedback(identifiers: list[str] | None) -> dict[str, dict[str, int]]:
    rows = _restrict(
        PageFeedback.objects.filter(page__servicepage__identifier__gt=""),
        "page__servicepage__identifier",
        identifiers,
    )
    rows = (
        rows.values("page__servicepage__identifier")
        .annotate(
            yes=Count("id", filter=Q(useful=True)),
            no=Count("id", filter=Q(useful=False)),
            comments=Count("id", filter=~Q(comment="")),
        )
        .order_by()
    )
    return {row.pop("page__servicepage__identifier"): row for row in rows}


def _requests(identifiers: list[str] | None, now: datetime) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"kind": defaultdict(int), "status": defaultdict(int), "problems": 0, "overdue": 0}
    )
    late = overdue_before(now)
    rows = (
        _restrict(ServiceRequest.objects.all(), "service_identifier", identifiers)
        .values("service_identifier", "request_kind", "status")
        .annotate(
            n=Count("id"),
            late=Count(
                "id",
                filter=Q(due_date__lt=timezone.localdate(now))
                | Q(due_date__isnull=True, created_at__lt=late),
            ),
        )
        .order_by()
    )
    for row in rows:
        entry = result[row["service_identifier"]]
        entry["kind"][row["request_kind"]] += row["n"]
        entry["status"][row["status"]] += row["n"]
        if row["status"] in OPEN_STATUSES:
            entry["overdue"] += row["late"]
            if row["request_kind"] in PROBLEM_KINDS:
                entry["problems"] += row["n"]
    return result


def _durations(identifiers: list[str] | None) -> dict[str, list[float]]:
    """Hours from registered to completed of every completed request, per service."""
    events = _restrict(
        RequestEvent.objects.filter(
            action__in=(RequestEvent.STATUS, RequestEvent.CLOSED),
            to_value=ServiceRequest.COMPLETED,
        ),
        "request__service_identifier",
        identifiers,
    ).values_list("request__service_identifier", "request__created_at", "created_at")
    result: dict[str, list[float]] = defaultdict(list)
    for identifier, registered, completed in events.iterator(chunk_size=5000):
        result[identifier].append(max(0.0, (completed - registered).total_seconds() / 3600))
    return result


def _links(identifiers: list[str] | None) -> dict[str, dict[str, int]]:
    rows = (
        _restrict(PageLink.objects.filter(identifier__gt=""), "identifier", identifiers)
        .values("identifier", "link__outcome")
        .annotate(n=Count("link_id", distinct=True))
        .order_by()
    )
    result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        result[row["identifier"]][row["link__outcome"]] += row["n"]
    return result


def _apply(health: ServiceHealth, sources: dict[str, Any]) -> None:
    key = health.identifier
    feedback = sources["feedback"].get(key, {})
    health.feedback_yes = feedback.get("yes", 0)
    health.feedback_no = feedback.get("no", 0)
    health.feedback_comments = feedback.get("comments", 0)
    requests = sources["requests"].get(key)
    health.requests_by_kind = dict(sorted(requests["kind"].items())) if requests else {}
    health.requests_by_status = dict(sorted(requests["status"].items())) if requests else {}
    health.open_problems = requests["problems"] if requests else 0
    health.overdue_requests = requests["overdue"] if requests else 0
    hours = sources["durations"].get(key, [])
    health.completed_count = len(hours)
    health.median_hours = None if not hours else round(median(hours) or 0, 1)
    health.p90_hours = None if not hours else round(percentile(hours, 0.9) or 0, 1)
    links = sources["links"].get(key, {})
    health.links_checked = sum(
        n for outcome, n in links.items() if outcome != ExternalLink.UNCHECKED
    )
    health.links_broken = sum(links.get(outcome, 0) for outcome in ExternalLink.FAILING)
    health.links_redirected = links.get(ExternalLink.REDIRECT, 0)


def refresh_statistics(identifiers: Iterable[str] | None = None) -> int:
    """Recount the figures of existing ``ServiceHealth`` rows (all when None); returns count.

    Rows are created by ``refresh_completeness`` (a service the portal does not know has no
    statistics to show).
    """
    wanted = None if identifiers is None else sorted(set(identifiers))
    if wanted is not None and not wanted:
        return 0
    now = timezone.now()
    sources = {
        "feedback": _feedback(wanted),
        "requests": _requests(wanted, now),
        "durations": _durations(wanted),
        "links": _links(wanted),
    }
    rows = _restrict(ServiceHealth.objects.all(), "identifier", wanted)
    objects = []
    count = 0
    for health in rows.iterator(chunk_size=2000):
        count += 1
        before = snapshot(health, COMPARED)
        _apply(health, sources)
        health.attention = attention_points(health)
        if snapshot(health, COMPARED) == before:
            continue  # unchanged: no write
        health.updated_at = now
        objects.append(health)
    ServiceHealth.objects.bulk_create(
        objects,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["identifier"],
        update_fields=[*STATISTICS_FIELDS, "attention", "updated_at"],
    )
    return count


def count_click(identifier: str, query: str) -> None:
    """One more click on ``identifier`` from ``query`` (already normalised by the search log)."""
    identifier, query = identifier[:128], query[:200]
    if not identifier or not query:
        return
    updated = SearchDemand.objects.filter(identifier=identifier, query=query).update(
        clicks=F("clicks") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            SearchDemand.objects.create(identifier=identifier, query=query, clicks=1)
    except IntegrityError:
        SearchDemand.objects.filter(identifier=identifier, query=query).update(
            clicks=F("clicks") + 1
        )


def top_queries(identifier: str, limit: int = 10, public: bool = True) -> list[dict[str, Any]]:
    """Queries that led to clicks on the service, most clicks first."""
    rows = SearchDemand.objects.filter(identifier=identifier)
    if public:
        rows = rows.filter(clicks__gte=MIN_PUBLIC_CLICKS)
    return [
        {"query": q, "clicks": n}
        for q, n in rows.order_by("-clicks", "query").values_list("query", "clicks")[:limit]
    ]


def rebuild_search_demand() -> int:
    """Recount every query→service click from the search log (nightly; the counters drift
    only if a click was logged while this app was not installed)."""
    rows = (
        ClickLog.objects.values("identifier", "query_log__query").annotate(n=Count("id")).order_by()
    )
    objects = [
        SearchDemand(identifier=r["identifier"][:128], query=r["query_log__query"], clicks=r["n"])
        for r in rows.iterator()
        if r["identifier"] and r["query_log__query"]
    ]
    with transaction.atomic():
        SearchDemand.objects.all().delete()
        SearchDemand.objects.bulk_create(objects, batch_size=1000)
    return len(objects)
