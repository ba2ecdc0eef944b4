"""Provider side in the Wagtail admin: inbox, request detail with status/notes, CSV export.

Every view starts from ``provider_queryset(user)``: a handler sees their own institution's
requests only, and someone else's id is a 404.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook

from catalogue_pages.models import InstitutionPage, ServicePage

from .conversation import MessageForm
from .forms import InboxFilterForm, NoteForm, StatusForm
from .handling import (
    Institution,
    StepError,
    classify,
    close_request,
    forward,
    hand_over,
    link_complaint,
    link_to_problem,
)
from .handling_forms import ClassifyForm, CloseForm, ForwardForm, HandOverForm, LinkForm
from .models import InstitutionMembership, ServiceRequest
from .people import person_name
from .permissions import is_provider, provider_queryset
from .services import TransitionError, add_note, change_status, first_email

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
        text = (data.get("q") or "").strip().replace("\x00", "")
        if text:
            qs = qs.filter(
                Q(reference__icontains=text)
                | Q(service_title__icontains=text)
                | Q(requester_institution_name__icontains=text)
                | Q(contact_name__icontains=text)
            )
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("service"):
            qs = qs.filter(service_identifier=data["service"])
        if data.get("kind"):
            qs = qs.filter(request_kind=data["kind"])
        if data.get("priority"):
            qs = qs.filter(priority=data["priority"])
        if data.get("attention") == "overdue":
            qs = qs.filter(
                status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=timezone.localdate()
            )
        elif data.get("attention") == "escalated":
            qs = qs.filter(status__in=ServiceRequest.OPEN_STATUSES, escalated_at__isnull=False)
        elif data.get("attention") == "mine":
            qs = qs.filter(owner=request.user)
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
    page = Paginator(qs.select_related("owner"), 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "service_requests/admin/inbox.html",
        {
            "page_obj": page,
            "filter_form": form,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _candidates(service_request: ServiceRequest) -> QuerySet:
    """People of the providing institution a request can be handed to (not the owner)."""
    users = get_user_model().objects.filter(
        is_active=True,
        institution_memberships__institution_iri=service_request.provider_iri,
        institution_memberships__role__in=InstitutionMembership.PROVIDER_ROLES,
    )
    if service_request.owner_id:
        users = users.exclude(pk=service_request.owner_id)
    return users.distinct().order_by("last_name", "first_name", "pk")


def _institutions(service_request: ServiceRequest) -> list[tuple[str, str]]:
    """Institutions of the register a request can be forwarded to, named in the reader's
    language where the register has it."""
    language = (get_language() or "lv")[:2]
    rows = (
        InstitutionPage.objects.live()
        .filter(register_iri__gt="")
        .exclude(register_iri=service_request.provider_iri)
        .values_list("register_iri", "title", "locale__language_code")
    )
    names: dict[str, str] = {}
    for iri, title, _code in sorted(rows, key=lambda row: row[2] == language):
        names[iri] = title
    return sorted(names.items(), key=lambda item: item[1])


def _institution(iri: str) -> Institution | None:
    page = (
        InstitutionPage.objects.live()
        .filter(register_iri=iri)
        .only("title", "contact_points", "register_iri")
        .first()
    )
    if page is None:
        return None
    return Institution(iri=iri, name=page.title, email=first_email(page.contact_points))


def _register_outputs(service_request: ServiceRequest) -> list[str]:
    """The result documents the register names for the service (``cv:produces``)."""
    outputs = (
        ServicePage.objects.filter(identifier=service_request.service_identifier)
        .values_list("outputs", flat=True)
        .first()
    )
    return [str(o.get("title")) for o in outputs or [] if isinstance(o, dict) and o.get("title")]


def _forms(service_request: ServiceRequest, data: dict | None = None, files: object = None) -> dict:
    return {
        "status_form": StatusForm(
            allowed=service_request.allowed_transitions(), labels=STATUS_LABELS
        ),
        "note_form": NoteForm(),
        "classify_form": ClassifyForm(
            auto_id="id_classify_%s",
            initial={
                "request_kind": service_request.request_kind,
                "priority": service_request.priority,
                "priority_reason": service_request.priority_reason,
            },
        ),
        "handover_form": HandOverForm(
            auto_id="id_handover_%s", candidates=_candidates(service_request)
        ),
        "forward_form": ForwardForm(
            auto_id="id_forward_%s", institutions=_institutions(service_request)
        ),
        "close_form": CloseForm(auto_id="id_close_%s"),
        "link_form": LinkForm(auto_id="id_link_%s"),
        "message_form": MessageForm(auto_id="id_message_%s"),
    }


def _do_status(request: HttpRequest, r: ServiceRequest, forms: dict) -> str | None:
    form = StatusForm(request.POST, allowed=r.allowed_transitions(), labels=STATUS_LABELS)
    forms["status_form"] = form
    if not form.is_valid():
        return None
    try:
        change_status(r, form.cleaned_data["status"], request.user, form.cleaned_data["reason"])
    except TransitionError:
        messages.error(request, _("This status change is not allowed."))
        return ""
    return _("Status changed; the requester will be e-mailed.")


def _do_note(request: HttpRequest, r: ServiceRequest, forms: dict) -> str | None:
    form = forms["note_form"] = NoteForm(request.POST)
    if not form.is_valid():
        return None
    add_note(r, form.cleaned_data["text"], request.user)
    return _("Internal note added.")


def _do_classify(request: HttpRequest, r: ServiceRequest, forms: dict) -> str | None:
    form = forms["classify_form"] = ClassifyForm(request.POST, auto_id="id_classify_%s")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    event = classify(
        r, data["request_kind"], data["priority"], data["priority_reason"], request.user
    )
    if event is None:
        return _("Nothing changed.")
    return _("Classified; due by %(date)s.") % {"date": r.due_date.strftime("%d.%m.%Y")}


def _do_handover(request: HttpRequest, r: ServiceRequest, forms: dict) -> str | None:
    form = forms["handover_form"] = HandOverForm(
        request.POST, auto_id="id_handover_%s", candidates=_candidates(r)
    )
    if not form.is_valid():
        return None
    hand_over(r, form.cleaned_data["owner"], form.cleaned_data["reason"], request.user)
    return _("Handed over; the executor will be e-mailed.")


def _do_forward(request: HttpRequest, r: ServiceRequest, forms: dict) -> str | None:
    form = forms["forward_form"] = ForwardForm(
        request.POST, auto_id="id_forward_%s", institutions=_institutions(r)
    )
    if not form.is_valid():
        return None
    institution = _institution(form.cleaned_data["institution"])
    if institution is None:
        form.add_error("institution", _("Choose the institution."))
        return None
    forward(r, institution, form.cleaned_data["reason"], request.user)
    return _("Forwarded to %(name)s with its history.") % {"name": institution.name}


def _do_close(request: HttpRequest, r: ServiceRequest, forms: dict) -> str | None:
    form = forms["close_form"] = CloseForm(request.POST, request.FILES, auto_id="id_close_%s")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    result = (data["result_document"], data["result_type"]) if data.get("result_type") else None
    close_request(r, data["outcome"], data["note"], request.user, result)
    return _("Closed; the requester will be e-mailed.")


def _do_link(request: HttpRequest, r: ServiceRequest, forms: dict) -> str | None:
    form = forms["link_form"] = LinkForm(request.POST, auto_id="id_link_%s")
    if not form.is_valid():
        return None
    other = (
        provider_queryset(request.user)
        .filter(reference=form.cleaned_data["reference"].strip().upper())
        .first()
    )
    if other is None or other.pk == r.pk:
        form.add_error("reference", _("No other request of your institution has this reference."))
        return None
    if r.request_kind == "complaint":
        link_complaint(r, other, request.user)
        return _("Linked; the request the complaint is about goes to the management.")
    try:
        link_to_problem(r, other, request.user)
    except StepError:
        form.add_error(
            "reference", _("Only an incident can be linked, and only to an open problem.")
        )
        return None
    return _("Linked to problem %(ref)s.") % {"ref": other.reference}


_ACTIONS = {
    "status": _do_status,
    "note": _do_note,
    "classify": _do_classify,
    "handover": _do_handover,
    "forward": _do_forward,
    "close": _do_close,
    "link": _do_link,
}


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: answers, files, history, notes and every step of its handling."""
    service_request = get_object_or_404(_own_requests(request), pk=pk)
    forms = _forms(service_request)
    status = 200
    if request.method == "POST":
        action = _ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Unknown action."))
            status = 400
        else:
            try:
                done = action(request, service_request, forms)
            except StepError:
                messages.error(request, _("This step is not possible for this request now."))
                return redirect("service_requests_admin:detail", pk=service_request.pk)
            if done is not None:
                if done:
                    messages.success(request, done)
                return redirect("service_requests_admin:detail", pk=service_request.pk)
            messages.error(request, _("Nothing was changed: check the form."))
            status = 400
    return render(
        request,
        "service_requests/admin/detail.html",
        {
            "r": service_request,
            **forms,
            "events": service_request.events.select_related("actor"),
            "notes": service_request.notes.select_related("author"),
            "attachments": service_request.attachments.filter(message__isnull=True),
            "register_outputs": _register_outputs(service_request),
            "incidents": service_request.incidents.all(),
            "overdue": service_request.is_overdue(),
        },
        status=status,
    )


def csv_safe(value: object) -> str:
    """Neutralise spreadsheet formulas (CSV injection): prefix risky cells with an apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(_CSV_TRIGGERS):
        return "'" + text
    return text


def _export_rows(request: HttpRequest) -> Iterator[list[str]]:
    """The filtered inbox as rows (header first), every cell neutralised against formulas."""
    qs, _form = _filtered(request)
    yield [
        _("Reference"),
        _("Submitted"),
        _("Status"),
        _("Request kind"),
        _("Priority"),
        _("Due by"),
        _("Closed"),
        _("Outcome"),
        _("Level"),
        _("Owner"),
        _("Service identifier"),
        _("Service"),
        _("Requesting institution"),
        _("Contact person"),
        _("E-mail"),
        _("Phone"),
        _("Desired date"),
        _("What is needed"),
    ]
    for r in qs.select_related("owner").iterator(chunk_size=2000):
        yield [
            csv_safe(v)
            for v in (
                r.reference,
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                r.get_status_display(),
                r.get_request_kind_display(),
                r.get_priority_display(),
                r.due_date.isoformat() if r.due_date else "",
                timezone.localtime(r.closed_at).strftime("%Y-%m-%d %H:%M") if r.closed_at else "",
                r.get_outcome_display(),
                r.get_level_display(),
                person_name(r.owner) if r.owner_id else "",
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


def _download(content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="requests-{stamp}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_csv(request: HttpRequest) -> HttpResponse:
    """The inbox as CSV, with the same filters, own institution only."""
    response = _download("text/csv; charset=utf-8", "csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in _export_rows(request):
        writer.writerow(row)
    return response


def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The inbox as an Excel workbook, same filters and cells as the CSV."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Requests")[:31])
    for row in _export_rows(request):
        sheet.append(row)
    response = _download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    )
    workbook.save(response)
    return response
