"""Domain operations on requests: find the service, number, create, change status.

Views stay thin; everything that must be atomic or audited happens here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from catalogue_pages.models import ServicePage

from .attachments import safe_filename, store
from .due_dates import compute_due_date
from .models import (
    REQUEST_KINDS,
    InternalNote,
    RequestAttachment,
    RequestEvent,
    RequestFormDefinition,
    RequestSequence,
    ServiceRequest,
)
from .people import person_name
from .tasks import (
    refresh_request_figures,
    send_confirmation_email,
    send_provider_notification,
    send_status_email,
)

logger = logging.getLogger(__name__)

REQUEST_FORM_CHANNEL = "request-form"


def request_channel(service: ServicePage) -> dict | None:
    """The service's request-form channel from the register, if it has one."""
    for channel in service.channels or []:
        if isinstance(channel, dict) and channel.get("type") == REQUEST_FORM_CHANNEL:
            return channel
    return None


#: What the form needs from a service page; loading all register columns costs ~10 ms.
_SERVICE_FIELDS = (
    "id",
    "title",
    "identifier",
    "channels",
    "requirements",
    "contact_points",
    "for_institutions",
    "competent_authority__title",
    "competent_authority__register_iri",
    "competent_authority__contact_points",
    "locale__language_code",
    "processing_time",
)


def get_requestable_service(identifier: str) -> ServicePage:
    """The live service with this identifier that has a request form, else 404.

    The page in the active language is preferred; any live translation will do otherwise.
    """
    pages = (
        ServicePage.objects.live()
        .filter(identifier=identifier, withdrawn_at__isnull=True)
        .select_related("competent_authority", "locale")
        .only(*_SERVICE_FIELDS)
        .order_by()
    )
    lang = (get_language() or "lv")[:2]
    candidates = sorted(pages, key=lambda p: p.locale.language_code != lang)
    for page in candidates:
        if request_channel(page) is not None:
            return page
    raise Http404("No requestable service")


def requires_institution_user(service: ServicePage) -> bool:
    """Institution-catalogue services may be requested only by signed-in institution users."""
    return bool(service.for_institutions)


def form_definition(identifier: str) -> RequestFormDefinition | None:
    return RequestFormDefinition.objects.filter(service_identifier=identifier).first()


def fixed_request_kind(service: ServicePage, definition: RequestFormDefinition | None) -> str:
    """The kind set by the editor or the register; empty means the requester chooses."""
    if definition and definition.request_kind:
        return definition.request_kind
    channel = request_channel(service) or {}
    for key in ("request_kind", "kind"):
        kind = channel.get(key)
        if kind in REQUEST_KINDS:
            return kind
    kind = getattr(service, "request_kind", "")
    return kind if kind in REQUEST_KINDS else ""


def first_email(contact_points: object) -> str:
    for point in contact_points or []:
        if isinstance(point, dict) and point.get("email"):
            return str(point["email"]).removeprefix("mailto:")
    return ""


def provider_of(service: ServicePage) -> tuple[str, str, str]:
    """(IRI, name, e-mail) of the providing institution, from the register's contact points."""
    authority = service.competent_authority
    iri = authority.register_iri if authority else ""
    name = authority.title if authority else ""
    email = first_email(authority.contact_points if authority else None)
    return iri, name, email or first_email(service.contact_points)


def next_reference(year: int) -> tuple[int, str]:
    """Take the next number of ``year``; call inside ``transaction.atomic``.

    The UPDATE … RETURNING (SQLite ≥ 3.35, PostgreSQL) takes the write lock (row lock on
    PostgreSQL, database lock on SQLite) and reads the new value in one statement: two
    transactions can never get the same number.
    """
    table = connection.ops.quote_name(RequestSequence._meta.db_table)
    sql = f"UPDATE {table} SET last = last + 1 WHERE year = %s RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [year])
        row = cursor.fetchone()
    if row is None:
        try:
            with transaction.atomic():
                RequestSequence.objects.create(year=year, last=1)
            row = (1,)
        except IntegrityError:
            with connection.cursor() as cursor:
                cursor.execute(sql, [year])
                row = cursor.fetchone()
    number = int(row[0])
    return number, f"PP-{year}-{number:06d}"


@dataclass
class NewRequest:
    token: str
    service: ServicePage
    request_kind: str
    requester_user: object | None
    requester_institution_iri: str
    requester_institution_name: str
    contact_name: str
    email: str
    phone: str
    needed: str
    desired_date: date | None
    answers: list
    uploads: list = field(default_factory=list)


def create_request(data: NewRequest, check_existing: bool = True) -> tuple[ServiceRequest, bool]:
    """Store a request exactly once per idempotency token; returns (request, created).

    Call outside any transaction: the token check reads before the write transaction starts,
    and the transaction's first statement is a write, so SQLite never has to upgrade a read
    lock (which fails at once under concurrency instead of waiting).
    """
    if check_existing:
        existing = ServiceRequest.objects.filter(idempotency_token=data.token).first()
        if existing:
            return existing, False
    provider_iri, provider_name, provider_email = provider_of(data.service)
    today = timezone.localdate()
    year = today.year
    processing_time = getattr(data.service, "processing_time", "") or ""
    user = data.requester_user if getattr(data.requester_user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            sequence, reference = next_reference(year)
            request = ServiceRequest.objects.create(
                reference=reference,
                year=year,
                sequence=sequence,
                idempotency_token=data.token,
                service_identifier=data.service.identifier,
                service_title=data.service.title,
                request_kind=data.request_kind,
                provider_iri=provider_iri,
                holder_iri=provider_iri,
                provider_name=provider_name,
                provider_email=provider_email,
                processing_time=processing_time,
                due_date=compute_due_date(
                    today, data.request_kind, "normal", provider_iri, processing_time
                ),
                requester_user=user,
                requester_institution_iri=data.requester_institution_iri,
                requester_institution_name=data.requester_institution_name,
                contact_name=data.contact_name,
                email=data.email,
                phone=data.phone,
                needed=data.needed,
                desired_date=data.desired_date,
                answers=data.answers,
                language=(get_language() or "lv")[:2],
            )
            RequestEvent.objects.create(
                request=request,
                actor=user,
                actor_label=person_name(user) or data.contact_name,
                action=RequestEvent.CREATED,
                field="status",
                to_value=ServiceRequest.REGISTERED,
            )
            for upload, content_type in data.uploads:
                RequestAttachment.objects.create(
                    request=request,
                    original_name=safe_filename(upload.name or ""),
                    stored_name=store(upload),
                    content_type=content_type,
                    size=upload.size or 0,
                )
            request_id = request.pk
            transaction.on_commit(lambda: send_confirmation_email.enqueue(request_id))
            transaction.on_commit(lambda: send_provider_notification.enqueue(request_id))
            keys = ([request.service_identifier], [provider_iri])
            transaction.on_commit(lambda: refresh_request_figures.enqueue(*keys))
    except IntegrityError:
        existing = ServiceRequest.objects.filter(idempotency_token=data.token).first()
        if existing is None:
            raise
        return existing, False
    logger.info("service request %s created", request.reference)
    return request, True


class TransitionError(ValueError):
    """A status change the workflow does not allow."""


def change_status(
    request: ServiceRequest, new_status: str, actor: object, reason: str = ""
) -> RequestEvent:
    """Move a request along the workflow, audit it and e-mail the requester after commit.

    The update is a compare-and-set on the old status, so two handlers clicking at once
    cannot both move the same request.
    """
    current = ServiceRequest.objects.get(pk=request.pk)
    old = current.status
    if new_status not in current.allowed_transitions():
        raise TransitionError(new_status)
    reason = reason.strip()
    if new_status == ServiceRequest.REJECTED and not reason:
        raise TransitionError("reason")
    with transaction.atomic():
        updated = ServiceRequest.objects.filter(pk=current.pk, status=old).update(
            status=new_status,
            rejection_reason=reason
            if new_status == ServiceRequest.REJECTED
            else current.rejection_reason,
            outcome={ServiceRequest.COMPLETED: "done", ServiceRequest.REJECTED: "refused"}.get(
                new_status, ""
            ),
            closed_at=None if new_status in ServiceRequest.OPEN_STATUSES else timezone.now(),
            updated_at=timezone.now(),
        )
        if not updated:
            raise TransitionError(new_status)
        event = RequestEvent.objects.create(
            request=current,
            actor=actor,
            actor_label=person_name(actor),
            action=RequestEvent.STATUS,
            field="status",
            from_value=old,
            to_value=new_status,
            comment=reason if new_status == ServiceRequest.REJECTED else "",
        )
        event_id = event.pk
        transaction.on_commit(lambda: send_status_email.enqueue(event_id))
    request.refresh_from_db()
    logger.info("service request %s: %s -> %s", request.reference, old, new_status)
    return event


def add_note(request: ServiceRequest, text: str, actor: object) -> InternalNote:
    """Store a provider's internal note and audit that one was added (never e-mailed)."""
    with transaction.atomic():
        note = InternalNote.objects.create(request=request, author=actor, text=text.strip())
        RequestEvent.objects.create(
            request=request,
            actor=actor,
            actor_label=person_name(actor),
            action=RequestEvent.NOTE,
            field="note",
            to_value=text.strip()[:5000],
            internal=True,
        )
    return note
