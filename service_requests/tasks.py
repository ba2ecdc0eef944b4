"""E-mails go through the task queue so a slow mail server never slows the form.

Enqueue with ``transaction.on_commit`` so a worker never sees an uncommitted request.
Run the worker with ``python manage.py db_worker`` (django_tasks_db).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django_tasks import task

from requestkit import public_urls

from .models import RequestEvent, RequestMessage, ServiceRequest
from .permissions import status_link_key

logger = logging.getLogger(__name__)


def _public_url(request: ServiceRequest) -> str:
    with translation.override(request.language):
        url = public_urls.absolute(reverse("service_requests:detail", args=[request.reference]))
    if request.requester_user_id is None:
        url += "?" + urlencode({"k": status_link_key(request)})
    return url


def _send(template: str, request: ServiceRequest, to: str, **context: object) -> None:
    with translation.override(request.language or settings.LANGUAGE_CODE):
        ctx = {"r": request, "url": _public_url(request), **context}
        subject = render_to_string(f"service_requests/email/{template}_subject.txt", ctx)
        body = render_to_string(f"service_requests/email/{template}.txt", ctx)
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
    _send("provider", request, request.provider_email, admin_url=admin_url)


@task()
def send_status_email(event_id: int) -> None:
    """Tell the requester the status changed (never includes internal notes)."""
    event = RequestEvent.objects.select_related("request").get(pk=event_id)
    request = event.request
    if not request.email:
        return
    labels = dict(ServiceRequest.Status.choices)
    with translation.override(request.language):
        status_label = str(labels.get(event.to_value, event.to_value))
    _send("status", request, request.email, event=event, status_label=status_label)


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
