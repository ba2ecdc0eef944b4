"""The front office's and the executors' steps on a request, as the seeds name them.

Seed 004 (request management, ITIL): the front office (1st level, *KAC*) registers,
classifies and prioritises every request and answers simple ones; it passes a request to an
executor of its institution (2nd level, functional escalation) or forwards it to another
institution (3rd level); a request off course goes to the management (hierarchical
escalation); closing records the result.

Every step is audited (``RequestEvent``). Steps that concern the requester are public events
and e-mail them once, after commit (``tasks.send_status_email``); internal steps (notes,
reassignment inside the executors, escalation, linking) are ``internal`` and e-mail nobody
on the requester's side.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .attachments import safe_filename, store
from .due_dates import compute_due_date
from .models import (
    RequestAttachment,
    RequestEvent,
    ServiceRequest,
)
from .people import person_name
from .tasks import (
    refresh_request_figures,
    send_forward_email,
    send_owner_email,
    send_status_email,
)

logger = logging.getLogger(__name__)


class StepError(ValueError):
    """A step the request's state does not allow (closed already, nothing changed…)."""


def _event(request: ServiceRequest, actor: object, action: str, **fields: object) -> RequestEvent:
    event = RequestEvent.objects.create(
        request=request, actor=actor, actor_label=person_name(actor), action=action, **fields
    )
    if not event.internal:
        event_id = event.pk
        transaction.on_commit(lambda: send_status_email.enqueue(event_id))
    return event


def _locked_open(request: ServiceRequest) -> ServiceRequest:
    """The request re-read under a row lock; closed ones take no more steps."""
    current = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if not current.is_open:
        raise StepError("closed")
    return current


def classify(
    request: ServiceRequest, kind: str, priority: str, reason: str, actor: object
) -> RequestEvent | None:
    """Set kind and priority (with the reason) and the due date that follows from them.

    The due date counts from the day the request arrived. The requester is told when the kind
    or the due date changed; a new priority alone is internal.
    """
    with transaction.atomic():
        current = _locked_open(request)
        arrived = timezone.localdate(current.created_at)
        due = compute_due_date(
            arrived, kind, priority, current.provider_iri, current.processing_time
        )
        public = kind != current.request_kind or due != current.due_date
        changed = (
            public or priority != current.priority or reason.strip() != (current.priority_reason)
        )
        if not changed and current.classified_at:
            return None
        before = f"{current.request_kind} / {current.priority} / {current.due_date or ''}"
        current.request_kind = kind
        current.priority = priority
        current.priority_reason = reason.strip()
        current.due_date = due
        current.classified_at = current.classified_at or timezone.now()
        fields = ["request_kind", "priority", "priority_reason", "due_date", "classified_at"]
        if current.status == ServiceRequest.REGISTERED:
            current.status = ServiceRequest.ACCEPTED
            fields.append("status")
        current.save(update_fields=[*fields, "updated_at"])
        event = _event(
            current,
            actor,
            RequestEvent.CLASSIFIED,
            field="classification",
            from_value=before,
            to_value=f"{kind} / {priority} / {due.isoformat()}",
            comment=reason.strip(),
            internal=not public and request.classified_at is not None,
        )
    request.refresh_from_db()
    return event


def hand_over(request: ServiceRequest, owner: object, reason: str, actor: object) -> RequestEvent:
    """Pass the request to an executor of the same institution (2nd level).

    The new owner is e-mailed. The requester hears of the first hand-over to the executors;
    passing it on among them is internal.
    """
    with transaction.atomic():
        current = _locked_open(request)
        if current.owner_id == getattr(owner, "pk", None):
            raise StepError("same owner")
        first = current.level < 2
        before = (
            person_name(current.owner) if current.owner_id else str(current.get_level_display())
        )
        current.owner = owner
        current.level = 2
        if current.status in (ServiceRequest.REGISTERED, ServiceRequest.ACCEPTED):
            current.status = ServiceRequest.IN_PROGRESS
        current.save(update_fields=["owner", "level", "status", "updated_at"])
        event = _event(
            current,
            actor,
            RequestEvent.HANDOVER,
            field="owner",
            from_value=before,
            to_value=person_name(owner),
            comment=reason.strip(),
            internal=not first,
        )
        event_id = event.pk
        transaction.on_commit(lambda: send_owner_email.enqueue(event_id))
    request.refresh_from_db()
    return event


@dataclass
class Institution:
    iri: str
    name: str
    email: str


def forward(
    request: ServiceRequest, institution: Institution, reason: str, actor: object
) -> RequestEvent:
    """Forward the request with its history to another institution (3rd level).

    The other institution becomes the provider (its register contact address is e-mailed);
    the service holder keeps seeing it. The requester is told where it went.
    """
    with transaction.atomic():
        current = _locked_open(request)
        if institution.iri == current.provider_iri:
            raise StepError("same institution")
        before = current.provider_name
        current.provider_iri = institution.iri
        current.provider_name = institution.name
        current.provider_email = institution.email
        current.level = 3
        current.owner = None
        current.save(
            update_fields=[
                "provider_iri",
                "provider_name",
                "provider_email",
                "level",
                "owner",
                "updated_at",
            ]
        )
        event = _event(
            current,
            actor,
            RequestEvent.HANDOVER,
            field="provider",
            from_value=before,
            to_value=institution.name,
            comment=reason.strip(),
        )
        event_id = event.pk
        transaction.on_commit(lambda: send_forward_email.enqueue(event_id))
    request.refresh_from_db()
    return event


def close_request(
    request: ServiceRequest,
    outcome: str,
    note: str,
    actor: object,
    result_file: tuple[object, str] | None = None,
) -> RequestEvent:
    """Close in one step: outcome, the note the requester reads, the result document.

    Closing a problem closes its open incidents with the same note, one e-mail to each of
    their requesters.
    """
    if outcome not in ServiceRequest.OUTCOME_STATUS or not note.strip():
        raise StepError("outcome and note")
    with transaction.atomic():
        event = _close_one(request, outcome, note, actor, result_file)
        if request.request_kind == "problem":
            for incident in ServiceRequest.objects.filter(
                problem=request, status__in=ServiceRequest.OPEN_STATUSES
            ):
                _close_one(incident, outcome, note, actor, None)
    request.refresh_from_db()
    logger.info("service request %s closed (%s)", request.reference, outcome)
    return event


def _close_one(
    request: ServiceRequest,
    outcome: str,
    note: str,
    actor: object,
    result_file: tuple[object, str] | None,
) -> RequestEvent:
    current = _locked_open(request)
    old = current.status
    current.status = ServiceRequest.OUTCOME_STATUS[outcome]
    current.outcome = outcome
    current.closing_note = note.strip()
    current.closed_at = timezone.now()
    if outcome == "refused":
        current.rejection_reason = note.strip()
    current.save(
        update_fields=[
            "status",
            "outcome",
            "closing_note",
            "closed_at",
            "rejection_reason",
            "updated_at",
        ]
    )
    if result_file is not None:
        upload, content_type = result_file
        RequestAttachment.objects.create(
            request=current,
            original_name=safe_filename(getattr(upload, "name", "") or ""),
            stored_name=store(upload),
            content_type=content_type,
            size=getattr(upload, "size", 0) or 0,
            is_result=True,
        )
    keys = ([current.service_identifier], [current.provider_iri])
    transaction.on_commit(lambda: refresh_request_figures.enqueue(*keys))
    return _event(
        current,
        actor,
        RequestEvent.CLOSED,
        field="status",
        from_value=old,
        to_value=current.status,
        comment=note.strip(),
    )


def link_to_problem(incident: ServiceRequest, problem: ServiceRequest, actor: object) -> None:
    """Link an incident report to the problem behind it (internal step)."""
    if incident.request_kind != "incident" or problem.request_kind != "problem":
        raise StepError("kinds")
    if incident.pk == problem.pk or not problem.is_open:
        raise StepError("problem")
    with transaction.atomic():
        current = _locked_open(incident)
        current.problem = problem
        current.save(update_fields=["problem", "updated_at"])
        _event(
            current,
            actor,
            RequestEvent.LINKED,
            field="problem",
            to_value=problem.reference,
            internal=True,
        )


def link_complaint(complaint: ServiceRequest, about: ServiceRequest, actor: object) -> None:
    """Link a complaint to the request whose progress it is about, and escalate that one."""
    if complaint.request_kind != "complaint" or complaint.pk == about.pk:
        raise StepError("kinds")
    with transaction.atomic():
        current = _locked_open(complaint)
        current.complaint_about = about
        current.save(update_fields=["complaint_about", "updated_at"])
        _event(
            current,
            actor,
            RequestEvent.LINKED,
            field="complaint_about",
            to_value=about.reference,
            internal=True,
        )
        escalate(
            about, gettext("Complaint %(ref)s about its progress") % {"ref": current.reference}
        )


def escalate(request: ServiceRequest, reason: str) -> bool:
    """Mark a request escalated to the management once (the daily job mails the digest)."""
    with transaction.atomic():
        updated = ServiceRequest.objects.filter(
            pk=request.pk, escalated_at__isnull=True, status__in=ServiceRequest.OPEN_STATUSES
        ).update(escalated_at=timezone.now())
        if not updated:
            return False
        _event(
            request, None, RequestEvent.ESCALATED, field="escalation", comment=reason, internal=True
        )
    return True
