"""Admin wiring: owners' dashboard (menu), a service's figures (page header button), search
demand (reports menu)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from catalogue_pages.models import ServicePage

from . import admin_views, demand

admin_urlpatterns = [
    path("", admin_views.dashboard, name="dashboard"),
    path("export.csv", admin_views.dashboard_csv, name="export"),
    path("digest/", admin_views.digest_settings, name="digest"),
    path("services/<str:identifier>/", admin_views.service_detail, name="service"),
    path("search-demand/", demand.search_demand, name="search_demand"),
    path("search-demand/act/", demand.act_on_query, name="search_demand_act"),
]


@hooks.register("register_admin_urls")
def register_improvement_urls() -> list:
    return [path("owners/", include((admin_urlpatterns, "improvement_admin")))]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(admin_views.institutions_of(request.user))


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item() -> MenuItem:
    return DashboardMenuItem(
        _("Owners' dashboard"),
        reverse("improvement_admin:dashboard"),
        icon_name="order",
        order=240,
    )


@hooks.register("register_reports_menu_item")
def register_demand_menu_item() -> MenuItem:
    return MenuItem(
        _("Search demand"),
        reverse("improvement_admin:search_demand"),
        icon_name="search",
        order=910,
    )


@hooks.register("register_page_header_buttons")
def quality_button(page: Any, user: Any, view_name: str = "", next_url: str | None = None):  # type: ignore[no-untyped-def]
    """On a service's admin views: its completeness, links and statistics."""
    if isinstance(page.specific_deferred, ServicePage) and page.specific_deferred.identifier:
        yield Button(
            _("Quality and statistics"),
            reverse("improvement_admin:service", args=[page.specific_deferred.identifier]),
            icon_name="order",
            priority=80,
        )
