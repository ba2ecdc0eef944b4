"""Forms of the front office's and executors' steps (admin request page); no JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .attachments import validate_attachment
from .models import OUTCOME_CHOICES, PRIORITY_CHOICES, REQUEST_KIND_CHOICES


class ClassifyForm(forms.Form):
    request_kind = forms.ChoiceField(label=_("Kind of request"), choices=REQUEST_KIND_CHOICES)
    priority = forms.ChoiceField(label=_("Priority"), choices=PRIORITY_CHOICES)
    priority_reason = forms.CharField(
        label=_("Reason for the priority"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the request has this priority.")},
    )


class HandOverForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Executor"),
        queryset=get_user_model().objects.none(),
        error_messages={"required": _("Choose the executor.")},
    )
    reason = forms.CharField(
        label=_("Why (the executor reads this)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        field.queryset = candidates
        field.label_from_instance = lambda user: user.get_full_name() or user.email or "—"


class ForwardForm(forms.Form):
    institution = forms.ChoiceField(
        label=_("Institution"), error_messages={"required": _("Choose the institution.")}
    )
    reason = forms.CharField(
        label=_("Why (the requester and the institution read this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the request goes to another institution.")},
    )

    def __init__(self, *args: Any, institutions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", "—"), *institutions]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=OUTCOME_CHOICES, widget=forms.RadioSelect, initial="done"
    )
    note = forms.CharField(
        label=_("Closing note (the requester reads this)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the closing note for the requester.")},
    )
    result_document = forms.FileField(
        label=_("Result document (optional)"), required=False, max_length=255
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("result_document")
        if upload:
            try:
                cleaned["result_type"] = validate_attachment(upload)
            except forms.ValidationError as error:
                self.add_error("result_document", error)
        return cleaned


class LinkForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference of the related request"),
        max_length=32,
        help_text=_(
            "For an incident: the problem behind it. For a complaint: the request it is about."
        ),
        error_messages={"required": _("Enter a reference such as PP-2026-000123.")},
    )
