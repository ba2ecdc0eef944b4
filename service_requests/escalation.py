"""Hierarchical escalation (seed 004: *hierarhiskā eskalācija*) and its daily digest.

A request goes to the management when it is past its due date or when a complaint about
its progress arrives (linked on the complaint). The people told are the service managers
(``manager`` memberships) of the institution providing it now and of the service holder,
and the request's owner. The daily job (``manage.py escalate_requests``) marks newly overdue
requests and sends each of those people one digest listing every open escalated request they
answer for, never one e-mail per request.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext

from .figures import refresh_figures
from .handling import escalate
from .models import InstitutionMembership, ServiceRequest
from .tasks import send_escalation_digest


def escalate_overdue(today: dt.date | None = None) -> int:
    """Escalate every open request past its due date that is not escalated yet."""
    today = today or timezone.localdate()
    count = 0
    overdue = ServiceRequest.objects.filter(
        status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=today, escalated_at__isnull=True
    )
    for request in overdue.iterator():
        reason = gettext("Past its due date %(date)s") % {
            "date": request.due_date.strftime("%d.%m.%Y")
        }
        count += escalate(request, reason)
    return count


def digest_recipients() -> dict[int, list[int]]:
    """user id → ids of the open escalated requests they answer for."""
    escalated = list(
        ServiceRequest.objects.filter(
            status__in=ServiceRequest.OPEN_STATUSES, escalated_at__isnull=False
        ).values_list("pk", "provider_iri", "holder_iri", "owner_id")
    )
    iris = {iri for _pk, provider, holder, _o in escalated for iri in (provider, holder) if iri}
    managers: dict[str, set[int]] = defaultdict(set)
    for iri, user_id in InstitutionMembership.objects.filter(
        role=InstitutionMembership.MANAGER,
        institution_iri__in=iris,
        user__is_active=True,
    ).values_list("institution_iri", "user_id"):
        managers[iri].add(user_id)
    result: dict[int, list[int]] = defaultdict(list)
    for pk, provider, holder, owner_id in escalated:
        people = managers.get(provider, set()) | managers.get(holder, set())
        if owner_id:
            people.add(owner_id)
        for user_id in people:
            result[user_id].append(pk)
    with_email = set(
        get_user_model()
        .objects.filter(pk__in=result.keys(), is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    return {user_id: sorted(ids) for user_id, ids in result.items() if user_id in with_email}


def run_daily(today: dt.date | None = None) -> tuple[int, int]:
    """Escalate what became overdue, then enqueue one digest per person; (escalated, digests)."""
    escalated = escalate_overdue(today)
    refresh_figures()
    recipients = digest_recipients()
    for user_id, request_ids in recipients.items():
        send_escalation_digest.enqueue(user_id, request_ids)
    return escalated, len(recipients)
