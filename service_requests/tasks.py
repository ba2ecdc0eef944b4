"""E-mails go through the task queue so a slow mail server never slows the form.

Enqueue with ``transaction.on_commit`` so a worker never sees an uncommitted request.
Run the worker with ``python manage.py db_worker`` (django_tasks_db).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django_tasks import task

from requestkit import public_urls

from .figures import refresh_figures
from .models import RequestEvent, RequestMessage, ServiceRequest
from .permissions import status_link_key

logger = logging.getLogger(__name__)


def _public_url(request: ServiceRequest) -> str:
    with translation.override(request.language):
        url = public_urls.absolute(reverse("service_requests:detail", args=[request.reference]))
    if request.requester_user_id is None:
        url += "?" + urlencode({"k": status_link_key(request)})
    return url


def _templates(request: ServiceRequest, name: str) -> list[str]:
    """A kind may word its e-mails itself (``email/<kind>/<name>.txt``; problem reports do)."""
    return [
        f"service_requests/email/{request.request_kind}/{name}.txt",
        f"service_requests/email/{name}.txt",
    ]


def _send(
    template: str, request: ServiceRequest, to: str, language: str = "", **context: object
) -> None:
    with translation.override(language or request.language or settings.LANGUAGE_CODE):
        ctx = {"r": request, "url": _public_url(request), **context}
        subject = render_to_string(_templates(request, f"{template}_subject"), ctx)
        body = render_to_string(_templates(request, template), ctx)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
    logger.info("service request %s: %s e-mail sent", request.reference, template)


@task()
def send_confirmation_email(request_id: int) -> None:
    """Tell the requester the request arrived and its reference."""
    request = ServiceRequest.objects.get(pk=request_id)
    if not request.email:  # an anonymous problem report may leave no address
        return
    _send("confirmation", request, request.email)


@task()
def send_provider_notification(request_id: int) -> None:
    """Tell the providing institution (register contact point) a request is waiting."""
    request = ServiceRequest.objects.get(pk=request_id)
    if not request.provider_email:
        logger.warning("service request %s: provider has no e-mail address", request.reference)
        return
    admin_url = public_urls.absolute(reverse("service_requests_admin:detail", args=[request.pk]))
    # The institution reads the portal's language, whatever language the requester used.
    _send(
        "provider",
        request,
        request.provider_email,
        language=settings.LANGUAGE_CODE,
        admin_url=admin_url,
    )


@task()
def send_status_email(event_id: int) -> None:
    """Tell the requester what changed: one e-mail per public event, never internal notes."""
    event = RequestEvent.objects.select_related("request").get(pk=event_id)
    request = event.request
    if not request.email or event.internal:
        return
    labels = dict(ServiceRequest.Status.choices)
    with translation.override(request.language):
        status_label = str(labels.get(request.status, request.status))
        if event.field == "status":
            status_label = str(labels.get(event.to_value, event.to_value))
    _send("status", request, request.email, event=event, status_label=status_label)


def _admin_url(request: ServiceRequest) -> str:
    return public_urls.absolute(reverse("service_requests_admin:detail", args=[request.pk]))


@task()
def send_owner_email(event_id: int) -> None:
    """Tell the executor a request was handed to them, with who passed it and why."""
    event = RequestEvent.objects.select_related("request", "request__owner").get(pk=event_id)
    request = event.request
    owner = request.owner
    if owner is None or not owner.email:
        logger.warning("service request %s: the new owner has no e-mail", request.reference)
        return
    _send("owner", request, owner.email, event=event, admin_url=_admin_url(request))


@task()
def send_forward_email(event_id: int) -> None:
    """Tell the institution a request was forwarded to it (its register contact address)."""
    event = RequestEvent.objects.select_related("request").get(pk=event_id)
    request = event.request
    if not request.provider_email:
        logger.warning("service request %s: provider has no e-mail address", request.reference)
        return
    _send("forwarded", request, request.provider_email, event=event, admin_url=_admin_url(request))


@task()
def send_message_email(message_id: int) -> None:
    """Tell the other side of a request that a message was written to them."""
    message = RequestMessage.objects.select_related("request").get(pk=message_id)
    request = message.request
    if message.side == RequestMessage.PROVIDER:
        if request.email:  # an anonymous problem report may leave no address
            _send("message", request, request.email, message=message, to_provider=False)
    elif request.provider_email:
        admin_url = public_urls.absolute(
            reverse("service_requests_admin:detail", args=[request.pk])
        )
        _send(
            "message",
            request,
            request.provider_email,
            message=message,
            to_provider=True,
            admin_url=admin_url,
        )
    else:
        logger.warning("service request %s: provider has no e-mail address", request.reference)


@task()
def send_escalation_digest(user_id: int, request_ids: list[int]) -> None:
    """One e-mail to a service manager or owner listing their escalated open requests."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    rows = list(
        ServiceRequest.objects.filter(
            pk__in=request_ids, status__in=ServiceRequest.OPEN_STATUSES
        ).order_by("due_date", "pk")
    )
    if not rows:
        return
    for row in rows:
        row.admin_url = _admin_url(row)
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {
            "rows": rows,
            "user": user,
            "inbox_url": public_urls.absolute(
                reverse("service_requests_admin:inbox") + "?attention=escalated"
            ),
        }
        subject = render_to_string("service_requests/email/escalation_subject.txt", ctx)
        body = render_to_string("service_requests/email/escalation.txt", ctx)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    logger.info("escalation digest sent to user %s (%s requests)", user_id, len(rows))


@task()
def refresh_request_figures(identifiers: list[str], institution_iris: list[str]) -> None:
    """Recount the pre-aggregated figures of a request's service and institution."""
    refresh_figures(identifiers, institution_iris)
