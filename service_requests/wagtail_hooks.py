"""Admin wiring: the provider's request inbox (menu + views) and the request-form snippets."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, message_views, target_views
from .dashboard import RequestsPanel
from .models import InstitutionMembership, RequestFormDefinition
from .permissions import is_provider
from .report_views import RequestReportView

admin_urlpatterns = [
    path("", admin_views.inbox, name="inbox"),
    path("export.csv", admin_views.export_csv, name="export"),
    path("export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
    path("targets/", target_views.targets, name="targets"),
    path("report/", RequestReportView.as_view(), name="report"),
    path("report/results/", RequestReportView.as_view(results_only=True), name="report_results"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/message/", message_views.provider_message, name="message"),
]


@hooks.register("register_admin_urls")
def register_inbox_urls() -> list:
    return [path("service-requests/", include((admin_urlpatterns, "service_requests_admin")))]


class InboxMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return is_provider(request.user)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item() -> MenuItem:
    return InboxMenuItem(
        _("Request inbox"), reverse("service_requests_admin:inbox"), icon_name="mail", order=250
    )


class TargetsMenuItem(InboxMenuItem):
    pass


@hooks.register("register_admin_menu_item")
def register_targets_menu_item() -> MenuItem:
    return TargetsMenuItem(
        _("Due-date targets"),
        reverse("service_requests_admin:targets"),
        icon_name="time",
        order=251,
    )


@hooks.register("construct_homepage_panels")
def add_requests_panel(request: HttpRequest, panels: list) -> None:
    """New and overdue requests on a provider's admin dashboard."""
    if is_provider(request.user):
        panels.append(RequestsPanel(request.user))


class RequestFormViewSet(SnippetViewSet):
    model = RequestFormDefinition
    icon = "form"
    menu_label = _("Request forms")
    list_display = ["service_identifier", "request_kind"]
    search_fields = ["service_identifier"]


class MembershipViewSet(SnippetViewSet):
    model = InstitutionMembership
    icon = "group"
    menu_label = _("Institution memberships")
    list_display = ["user", "institution_name", "role"]
    list_filter = ["role"]


register_snippet(RequestFormViewSet)
register_snippet(MembershipViewSet)
