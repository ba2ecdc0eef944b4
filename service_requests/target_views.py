"""The institution's response targets: working days per request kind and priority.

One grid per institution (kinds × priorities), edited by the institution's own request
handlers only; a blank cell means the portal's default (``due_dates.DEFAULT_TARGET_DAYS``).
Service requests take the register's processing time instead, when the service has one.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .due_dates import DEFAULT_TARGET_DAYS
from .models import PRIORITY_CHOICES, REQUEST_KIND_CHOICES, ResponseTarget
from .permissions import provider_memberships

MAX_DAYS = 365


class TargetsForm(forms.Form):
    """One optional whole number of working days per (kind, priority)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for kind, kind_label in REQUEST_KIND_CHOICES:
            for priority, priority_label in PRIORITY_CHOICES:
                self.fields[f"t-{kind}-{priority}"] = forms.IntegerField(
                    label=f"{kind_label}, {priority_label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_DAYS,
                    widget=forms.NumberInput(attrs={"size": 4}),
                    error_messages={
                        "invalid": gettext_lazy("Enter a whole number of working days."),
                        "min_value": gettext_lazy("Enter 0 or more working days."),
                        "max_value": gettext_lazy("Enter at most 365 working days."),
                    },
                )

    def grid(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (label, [self[f"t-{kind}-{priority}"] for priority, _p in PRIORITY_CHOICES])
            for kind, label in REQUEST_KIND_CHOICES
        ]


def targets(request: HttpRequest) -> HttpResponse:
    """Show and save the targets of one of the user's own institutions."""
    own = dict(
        provider_memberships(request.user).values_list("institution_iri", "institution_name")
    )
    if not own:
        raise PermissionDenied
    iri = request.GET.get("institution") or next(iter(own))
    if iri not in own:
        raise PermissionDenied
    stored = {
        f"t-{t.request_kind}-{t.priority}": t.working_days
        for t in ResponseTarget.objects.filter(institution_iri=iri)
    }
    form = TargetsForm(request.POST or None, initial=stored)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                ResponseTarget.objects.filter(institution_iri=iri).delete()
                ResponseTarget.objects.bulk_create(
                    ResponseTarget(
                        institution_iri=iri,
                        request_kind=kind,
                        priority=priority,
                        working_days=form.cleaned_data[f"t-{kind}-{priority}"],
                    )
                    for kind, _k in REQUEST_KIND_CHOICES
                    for priority, _p in PRIORITY_CHOICES
                    if form.cleaned_data.get(f"t-{kind}-{priority}") is not None
                )
            messages.success(
                request, _("Targets saved. They apply to requests classified from now on.")
            )
            return redirect(f"{request.path}?institution={iri}")
        messages.error(request, _("The targets were not saved: check the marked cells."))
    return render(
        request,
        "service_requests/admin/targets.html",
        {
            "form": form,
            "institution": own[iri],
            "institutions": own,
            "iri": iri,
            "priorities": PRIORITY_CHOICES,
            "defaults": [DEFAULT_TARGET_DAYS[p] for p, _p in PRIORITY_CHOICES],
        },
        status=400 if request.method == "POST" else 200,
    )
