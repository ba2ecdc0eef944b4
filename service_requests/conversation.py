"""Two-way messages on a request: the requester and the provider write to each other.

Each message is e-mailed to the other side through the task queue (after commit). Internal
notes are a different thing (``InternalNote``): they stay with the provider.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attachments import MAX_FILES, safe_filename, store, validate_attachment
from .models import RequestAttachment, RequestEvent, RequestMessage, ServiceRequest
from .people import institution_of, person_name, signature
from .tasks import send_message_email

MAX_MESSAGE = 5000


class MessageForm(forms.Form):
    """A message and up to three files, checked exactly like the request form's attachments."""

    text = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message before sending it.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_FILES + 1):
            self.fields[f"attachment_{index}"] = forms.FileField(
                label=_("Attachment %(n)s (optional)") % {"n": index},
                required=False,
                max_length=255,
            )

    @property
    def attachment_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("attachment_")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in list(self.fields):
            if name.startswith("attachment_") and cleaned.get(name):
                try:
                    cleaned[name + "_type"] = validate_attachment(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def uploads(self) -> list[tuple[Any, str]]:
        return [
            (self.cleaned_data[name], self.cleaned_data[name + "_type"])
            for name in self.fields
            if name.startswith("attachment_") and self.cleaned_data.get(name + "_type")
        ]


def author_label(user: object, side: str, service_request: ServiceRequest) -> str:
    """How the other side sees the author: a name and the institution they write for.

    Never a username: a provider without a name on their account signs with the
    institution alone; a requester falls back to the contact person of the request.
    """
    if side == RequestMessage.PROVIDER:
        institution = (
            institution_of(user, [service_request.provider_iri, service_request.holder_iri])
            or service_request.provider_name
        )
        return signature(user, institution)
    name = person_name(user) or service_request.contact_name
    return " — ".join(p for p in (name, service_request.requester_institution_name) if p)


def post_message(
    service_request: ServiceRequest,
    text: str,
    user: object,
    side: str,
    uploads: list[tuple[Any, str]] | None = None,
) -> RequestMessage:
    """Store a message (and its files) from ``side``; e-mail the other side once committed."""
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
        for upload, content_type in uploads or []:
            RequestAttachment.objects.create(
                request=service_request,
                message=message,
                original_name=safe_filename(upload.name or ""),
                stored_name=store(upload),
                content_type=content_type,
                size=upload.size or 0,
            )
        if side == RequestMessage.REQUESTER:
            _answered(service_request, user)
        message_id = message.pk
        transaction.on_commit(lambda: send_message_email.enqueue(message_id))
    return message


def _answered(service_request: ServiceRequest, user: object) -> None:
    """A request waiting for the requester's information goes back to work when they write.

    The step is internal: the requester caused it and is not e-mailed about it; the provider
    is e-mailed the message itself.
    """
    moved = ServiceRequest.objects.filter(
        pk=service_request.pk, status=ServiceRequest.WAITING
    ).update(status=ServiceRequest.IN_PROGRESS, updated_at=timezone.now())
    if moved:
        RequestEvent.objects.create(
            request=service_request,
            actor=user if getattr(user, "is_authenticated", False) else None,
            actor_label=person_name(user) or service_request.contact_name,
            action=RequestEvent.STATUS,
            field="status",
            from_value=ServiceRequest.WAITING,
            to_value=ServiceRequest.IN_PROGRESS,
            comment="",
            internal=True,
        )
        service_request.status = ServiceRequest.IN_PROGRESS
