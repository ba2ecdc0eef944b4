"""Request figures per service and per institution, counted when requests change.

Seed PU3-1 (continuous improvement) asks for request volumes by kind; the issue adds the
share closed on time and the median / 90th-percentile lateness against the due date. The
rows (``RequestFigures``) are recounted for the service and institution of a request when it
arrives or closes, and all of them by the daily ``escalate_requests``; readers never count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import RequestFigures, ServiceRequest


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    return (
        float(ordered[middle]) if len(values) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    )


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(1, math.ceil(0.9 * len(ordered))) - 1])


def _count(rows: QuerySet[ServiceRequest]) -> dict:
    by_kind = {
        row["request_kind"]: row["n"]
        for row in rows.values("request_kind").annotate(n=Count("id")).order_by("request_kind")
    }
    lateness = [
        float((timezone.localdate(closed) - due).days)
        for closed, due in rows.filter(closed_at__isnull=False, due_date__isnull=False)
        .values_list("closed_at", "due_date")
        .iterator(chunk_size=5000)
    ]
    return {
        "by_kind": by_kind,
        "total": sum(by_kind.values()),
        "closed_with_due": len(lateness),
        "closed_on_time": sum(1 for days in lateness if days <= 0),
        "median_lateness_days": _median(lateness),
        "p90_lateness_days": _p90(lateness),
    }


def refresh_figures(
    identifiers: Iterable[str] | None = None, institution_iris: Iterable[str] | None = None
) -> int:
    """Recount the given services and institutions (everything when both are None)."""
    if identifiers is None and institution_iris is None:
        identifiers = set(ServiceRequest.objects.values_list("service_identifier", flat=True))
        institution_iris = set(ServiceRequest.objects.values_list("provider_iri", flat=True))
    count = 0
    for scope, keys, field in (
        (RequestFigures.SERVICE, identifiers or (), "service_identifier"),
        (RequestFigures.INSTITUTION, institution_iris or (), "provider_iri"),
    ):
        for key in sorted(set(keys) - {""}):
            rows = ServiceRequest.objects.filter(Q(**{field: key}))
            RequestFigures.objects.update_or_create(scope=scope, key=key, defaults=_count(rows))
            count += 1
    return count


def figures_of(scope: str, key: str) -> RequestFigures | None:
    return RequestFigures.objects.filter(scope=scope, key=key).first()
