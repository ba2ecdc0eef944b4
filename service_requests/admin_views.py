"""Provider side in the Wagtail admin: inbox, request detail with status/notes, CSV export.

Every view starts from ``provider_queryset(user)``: a handler sees their own institution's
requests only, and someone else's id is a 404.
"""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import InboxFilterForm, NoteForm, StatusForm
from .models import ServiceRequest
from .permissions import is_provider, provider_queryset
from .services import TransitionError, add_note, change_status

STATUS_LABELS = dict(ServiceRequest.Status.choices)
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _own_requests(request: HttpRequest) -> QuerySet[ServiceRequest]:
    if not is_provider(request.user):
        raise PermissionDenied
    return provider_queryset(request.user)


def _filtered(request: HttpRequest) -> tuple[QuerySet[ServiceRequest], InboxFilterForm]:
    qs = _own_requests(request)
    services = (
        qs.order_by("service_title").values_list("service_identifier", "service_title").distinct()
    )
    form = InboxFilterForm(
        request.GET or None, statuses=ServiceRequest.Status.choices, services=list(services)
    )
    if form.is_valid():
        data = form.cleaned_data
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("service"):
            qs = qs.filter(service_identifier=data["service"])
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            qs = qs.filter(created_at__gte=dt.datetime.combine(data["date_from"], dt.time.min, tz))
        if data.get("date_to"):
            qs = qs.filter(
                created_at__lt=dt.datetime.combine(
                    data["date_to"] + dt.timedelta(days=1), dt.time.min, tz
                )
            )
    return qs.order_by("-created_at", "-id"), form


def inbox(request: HttpRequest) -> HttpResponse:
    """Requests for the handler's institution, newest first, filterable."""
    qs, form = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "service_requests/admin/inbox.html",
        {"page_obj": page, "filter_form": form, "query": query.urlencode()},
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: answers, files, history, internal notes, status change."""
    service_request = get_object_or_404(_own_requests(request), pk=pk)
    status_form = StatusForm(allowed=service_request.allowed_transitions(), labels=STATUS_LABELS)
    note_form = NoteForm()
    if request.method == "POST":
        if request.POST.get("action") == "status":
            status_form = StatusForm(
                request.POST, allowed=service_request.allowed_transitions(), labels=STATUS_LABELS
            )
            if status_form.is_valid():
                try:
                    change_status(
                        service_request,
                        status_form.cleaned_data["status"],
                        request.user,
                        status_form.cleaned_data.get("reason", ""),
                    )
                except TransitionError:
                    messages.error(request, _("This status change is not allowed."))
                else:
                    messages.success(request, _("Status changed; the requester will be e-mailed."))
                return redirect("service_requests_admin:detail", pk=service_request.pk)
            messages.error(request, _("The status was not changed: check the form."))
        elif request.POST.get("action") == "note":
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                add_note(service_request, note_form.cleaned_data["text"], request.user)
                messages.success(request, _("Internal note added."))
                return redirect("service_requests_admin:detail", pk=service_request.pk)
        else:
            messages.error(request, _("Unknown action."))
    return render(
        request,
        "service_requests/admin/detail.html",
        {
            "r": service_request,
            "status_form": status_form,
            "note_form": note_form,
            "events": service_request.events.select_related("actor"),
            "notes": service_request.notes.select_related("author"),
            "attachments": service_request.attachments.all(),
        },
        status=400 if request.method == "POST" else 200,
    )


def csv_safe(value: object) -> str:
    """Neutralise spreadsheet formulas (CSV injection): prefix risky cells with an apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(_CSV_TRIGGERS):
        return "'" + text
    return text


def export_csv(request: HttpRequest) -> HttpResponse:
    """The inbox as CSV, with the same filters, own institution only."""
    qs, _form = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="requests-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Reference"),
            _("Submitted"),
            _("Status"),
            _("Request kind"),
            _("Service identifier"),
            _("Service"),
            _("Requesting institution"),
            _("Contact person"),
            _("E-mail"),
            _("Phone"),
            _("Desired date"),
            _("What is needed"),
        ]
    )
    for r in qs.iterator():
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    r.reference,
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    r.get_status_display(),
                    r.get_request_kind_display(),
                    r.service_identifier,
                    r.service_title,
                    r.requester_institution_name,
                    r.contact_name,
                    r.email,
                    r.phone,
                    r.desired_date.isoformat() if r.desired_date else "",
                    r.needed,
                )
            ]
        )
    return response
