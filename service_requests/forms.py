"""The request form: common fields, the editor's service-specific fields, files, token.

Server-side validation only (JavaScript is never needed); every message goes through gettext.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from .attachments import MAX_FILES, validate_attachment
from .models import InstitutionMembership, RequestFormDefinition, RequestKind

TOKEN_SALT = "service_requests.form-token"  # noqa: S105 - a salt, not a secret
TOKEN_MAX_AGE = 60 * 60 * 24
EXTRA_PREFIX = "extra_"
HONEYPOT = "website"


def issue_token(identifier: str) -> str:
    """A signed one-time token bound to the service: the idempotency key of one submission."""
    return signing.dumps({"t": secrets.token_hex(16), "s": identifier}, salt=TOKEN_SALT)


def read_token(value: str, identifier: str) -> str | None:
    """The raw idempotency key, or None if the token is forged, stale or for another service."""
    try:
        payload = signing.loads(value or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("s") != identifier:
        return None
    token = payload.get("t")
    return token if isinstance(token, str) and len(token) == 32 else None


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{5,40}$", _("Enter a phone number using digits, spaces and an optional +.")
)


class RequestForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=300, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[phone_validator]
    )
    needed = forms.CharField(
        label=_("What is needed"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe what your institution needs from the service (at most 5000 characters)."
        ),
    )
    desired_date = forms.DateField(
        label=_("Desired date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("Format: YYYY-MM-DD (for example 2026-12-31)."),
    )

    def __init__(
        self,
        *args: Any,
        identifier: str,
        institutions: list[InstitutionMembership] | None = None,
        anonymous: bool = False,
        fixed_kind: str = "",
        definition: RequestFormDefinition | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.identifier = identifier
        self.anonymous = anonymous
        self.fixed_kind = fixed_kind
        self.institutions = {m.institution_iri: m.institution_name for m in institutions or []}
        self.idempotency_key: str | None = None
        if not anonymous:
            choices = list(self.institutions.items())
            self.fields["institution"] = forms.ChoiceField(
                label=_("Requesting institution"),
                choices=choices,
                widget=forms.HiddenInput if len(choices) == 1 else forms.Select,
                initial=choices[0][0] if len(choices) == 1 else None,
            )
        else:
            self.fields["organisation"] = forms.CharField(
                label=_("Organisation or company (optional)"), max_length=255, required=False
            )
            self.fields[HONEYPOT] = forms.CharField(
                label=_("Leave this field empty"), required=False, max_length=200
            )
        if not fixed_kind:
            self.fields["request_kind"] = forms.ChoiceField(
                label=_("Kind of request"), choices=RequestKind.choices
            )
        self.extra_labels: dict[str, str] = {}
        if definition is not None:
            fields = list(definition.fields.all())
            for name, field in FormBuilder(fields).formfields.items():
                self.fields[EXTRA_PREFIX + name] = field
            for field in fields:
                self.extra_labels[EXTRA_PREFIX + field.clean_name] = field.label
        for index in range(1, MAX_FILES + 1):
            self.fields[f"attachment_{index}"] = forms.FileField(
                label=_("Attachment %(n)s (optional)") % {"n": index},
                required=False,
                max_length=255,
            )

    @property
    def institution_label(self) -> str:
        return next(iter(self.institutions.values()), "")

    @property
    def extra_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(EXTRA_PREFIX)]

    @property
    def attachment_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("attachment_")]

    def clean_token(self) -> str:
        value = self.cleaned_data["token"]
        key = read_token(value, self.identifier)
        if key is None:
            raise forms.ValidationError(
                _(
                    "The form has expired or was altered. "
                    "Please check your answers and send it again."
                ),
                code="token",
            )
        self.idempotency_key = key
        return value

    def clean_desired_date(self) -> dt.date | None:
        value = self.cleaned_data.get("desired_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The desired date cannot be in the past."))
        return value

    def clean_website(self) -> str:
        if self.cleaned_data.get(HONEYPOT):
            raise forms.ValidationError(_("This field must be left empty."), code="honeypot")
        return ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in list(self.fields):
            if name.startswith("attachment_") and cleaned.get(name):
                try:
                    cleaned[name + "_type"] = validate_attachment(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def institution_name(self) -> str:
        if self.anonymous:
            return self.cleaned_data.get("organisation", "")
        return self.institutions.get(self.cleaned_data.get("institution", ""), "")

    def answers(self) -> list[dict[str, Any]]:
        """Service-specific answers with their labels, JSON-ready."""
        result = []
        for name in self.fields:
            if not name.startswith(EXTRA_PREFIX):
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, dt.date | dt.datetime):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, list | tuple):
                value = [str(v) for v in value]
            result.append(
                {
                    "name": name.removeprefix(EXTRA_PREFIX),
                    "label": self.extra_labels.get(name, name),
                    "value": value,
                }
            )
        return result

    def uploads(self) -> list[tuple[Any, str]]:
        return [
            (self.cleaned_data[name], self.cleaned_data[name + "_type"])
            for name in self.fields
            if name.startswith("attachment_")
            and self.cleaned_data.get(name)
            and self.cleaned_data.get(name + "_type")
        ]

    def stashable_data(self) -> dict[str, Any]:
        """What a user typed, minus files, token and honeypot, for restoring after sign-in."""
        data = {}
        for name in self.fields:
            if name in ("token", HONEYPOT) or name.startswith("attachment_"):
                continue
            values = (
                self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            )
            values = [str(v)[:5000] for v in values if v is not None]
            if values:
                data[name] = values if len(values) > 1 else values[0]
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    reason = forms.CharField(
        label=_("Reason (required when rejecting)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, allowed: tuple[str, ...], labels: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(code, labels[code]) for code in allowed]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") == "rejected" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for rejecting the request."))
        return cleaned


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[])
    service = forms.ChoiceField(label=_("Service"), required=False, choices=[])
    date_from = forms.DateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Submitted to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, statuses: list, services: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(statuses)
        self.fields["service"].choices = [("", _("All"))] + list(services)
