"""Two-way messages on a request: the requester and the provider write to each other.

Each message is e-mailed to the other side through the task queue (after commit). Internal
notes are a different thing (``InternalNote``): they stay with the provider.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import RequestMessage, ServiceRequest
from .tasks import send_message_email

MAX_MESSAGE = 5000


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message before sending it.")},
    )


def author_label(user: object, side: str, service_request: ServiceRequest) -> str:
    """How the other side sees the author: a name and the institution they write for."""
    name = ""
    if getattr(user, "is_authenticated", False):
        # mypy: the stubs type request.user as AbstractBaseUser; AUTH_USER_MODEL is auth.User
        name = (user.get_full_name() or user.get_username()).strip()  # type: ignore[attr-defined]
    if side == RequestMessage.PROVIDER:
        institution = service_request.provider_name
    else:
        institution = service_request.requester_institution_name
        name = name or service_request.contact_name
    return " — ".join(part for part in (name, institution) if part)


def post_message(
    service_request: ServiceRequest, text: str, user: object, side: str
) -> RequestMessage:
    """Store a message from ``side`` and e-mail it to the other side once committed."""
    if side not in (RequestMessage.REQUESTER, RequestMessage.PROVIDER):
        raise ValueError(side)
    with transaction.atomic():
        message = RequestMessage.objects.create(
            request=service_request,
            author=user if getattr(user, "is_authenticated", False) else None,
            author_label=author_label(user, side, service_request)[:255],
            side=side,
            text=text.strip()[:MAX_MESSAGE],
        )
        message_id = message.pk
        transaction.on_commit(lambda: send_message_email.enqueue(message_id))
    return message
