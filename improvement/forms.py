"""Forms of the improvement app: the public problem report and the digest opt-out."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT = "website"
TEXT_MAX = 2000

#: (code, label, request kind): what went wrong decides whether it is a problem or a complaint.
CATEGORIES = [
    ("wrong-info", _("The information is wrong or out of date"), "problem"),
    ("broken-link", _("A link or the e-service does not work"), "problem"),
    ("unclear", _("The description is hard to understand"), "problem"),
    ("cannot-use", _("I could not use the service"), "problem"),
    ("complaint", _("I want to complain about how the service was provided"), "complaint"),
    ("other", _("Something else"), "problem"),
]
CATEGORY_KIND = {code: kind for code, _label, kind in CATEGORIES}
CATEGORY_LABEL = {code: label for code, label, _kind in CATEGORIES}


class ProblemReportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=400, required=False)
    category = forms.ChoiceField(
        label=_("What went wrong?"),
        choices=[(code, label) for code, label, _kind in CATEGORIES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what went wrong.")},
    )
    text = forms.CharField(
        label=_("Describe the problem"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 2000 characters. Do not write personal codes or health data."),
        error_messages={"required": _("Describe the problem in a few words.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional, if you want an answer)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an e-mail address such as name@example.lv.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["max_length"] = _(
            "The description is too long: at most %(limit_value)d characters, "
            "yours has %(show_value)d. Please shorten it."
        )
        # The browser would silently cut pasted text at maxlength: let the server explain.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    @property
    def bot_filled_honeypot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())

    def request_kind(self) -> str:
        return CATEGORY_KIND[self.cleaned_data["category"]]

    def category_label(self) -> str:
        return str(CATEGORY_LABEL[self.cleaned_data["category"]])


class DigestPreferenceForm(forms.Form):
    weekly_digest = forms.BooleanField(label=_("Send me the weekly digest"), required=False)
