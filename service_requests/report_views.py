"""The request report: Wagtail's own report view over the institution's requests.

Why Wagtail's ``ReportView``: it brings the admin's filter panel (django-filter), search,
pagination and the CSV / XLSX export of the filtered list, the way every other Wagtail
report works. The queryset is ``provider_queryset``: the institution's own requests only;
every text cell is neutralised against spreadsheet formulas (``csv_safe``).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .admin_views import csv_safe
from .models import PRIORITY_CHOICES, REQUEST_KIND_CHOICES, ServiceRequest
from .permissions import is_provider, provider_queryset


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ServiceRequest.STATUS_CHOICES)
    request_kind = django_filters.ChoiceFilter(
        label=_("Kind of request"), choices=REQUEST_KIND_CHOICES
    )
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=PRIORITY_CHOICES)
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=ServiceRequest._meta.get_field("level").choices
    )

    class Meta:
        model = ServiceRequest
        fields = ["status", "request_kind", "priority", "level"]


class RequestReportView(ReportView):
    page_title = _("Request report")
    header_icon = "mail"
    filterset_class = RequestFilterSet
    index_url_name = "service_requests_admin:report"
    index_results_url_name = "service_requests_admin:report_results"
    is_searchable = True
    search_fields = ["reference", "service_title", "requester_institution_name", "contact_name"]
    search_backend_name = None  # database lookups over the scoped queryset
    export_filename = "requests"
    list_export = [
        "reference",
        "created_at",
        "get_status_display",
        "get_request_kind_display",
        "get_priority_display",
        "due_date",
        "closed_at",
        "get_outcome_display",
        "service_identifier",
        "service_title",
        "requester_institution_name",
        "contact_name",
    ]
    export_headings = {
        "reference": _("Reference"),
        "created_at": _("Submitted"),
        "get_status_display": _("Status"),
        "get_request_kind_display": _("Kind of request"),
        "get_priority_display": _("Priority"),
        "due_date": _("Due by"),
        "closed_at": _("Closed"),
        "get_outcome_display": _("Outcome"),
        "service_identifier": _("Service identifier"),
        "service_title": _("Service"),
        "requester_institution_name": _("Requesting institution"),
        "contact_name": _("Contact person"),
    }
    columns = [
        TitleColumn("reference", label=_("Reference"), url_name="service_requests_admin:detail"),
        Column("request_kind", label=_("Kind of request"), accessor="get_request_kind_display"),
        Column("priority", label=_("Priority"), accessor="get_priority_display"),
        Column("service_title", label=_("Service")),
        DateColumn("created_at", label=_("Submitted")),
        Column("due_date", label=_("Due by")),
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.custom_value_preprocess = {
            **self.custom_value_preprocess,
            str: {self.FORMAT_CSV: csv_safe, self.FORMAT_XLSX: csv_safe},
        }

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not is_provider(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):  # noqa: ANN201 - a QuerySet of ServiceRequest
        self.queryset = provider_queryset(self.request.user).order_by("-created_at", "-id")
        return super().get_queryset()
