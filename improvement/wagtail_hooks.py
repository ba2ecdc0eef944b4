"""Admin wiring: owners' dashboard (menu), a service's figures (page header button), search
demand (reports menu)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from catalogue_pages.models import ServicePage

from . import admin_views, demand
from .attention import reasons
from .models import ServiceHealth

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


class DemandMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return demand.is_portal_editor(request.user)


@hooks.register("register_reports_menu_item")
def register_demand_menu_item() -> MenuItem:
    return DemandMenuItem(
        _("Search demand"),
        reverse("improvement_admin:search_demand"),
        icon_name="search",
        order=910,
    )


@hooks.register("register_page_header_buttons")
def quality_button(page: Any, user: Any, view_name: str = "", next_url: str | None = None):
    """On a service's admin views: its completeness, links and statistics."""
    if isinstance(page.specific_deferred, ServicePage) and page.specific_deferred.identifier:
        yield Button(
            _("Quality and statistics"),
            reverse("improvement_admin:service", args=[page.specific_deferred.identifier]),
            icon_name="order",
            priority=80,
        )


class AttentionPanel(Component):
    """On the admin home: the institution user's five services needing attention most."""

    name = "owners_attention"
    template_name = "improvement/admin/home_panel.html"
    order = 90

    def __init__(self, institution_iris: list[str]) -> None:
        self.institution_iris = institution_iris

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        rows = list(
            ServiceHealth.objects.filter(
                institution_iri__in=self.institution_iris, withdrawn=False, attention__gt=0
            ).order_by("-attention", "title")[:5]
        )
        for row in rows:
            row.reasons = reasons(row)
        return {"rows": rows}


@hooks.register("construct_homepage_panels")
def add_attention_panel(request: HttpRequest, panels: list) -> None:
    own = [
        iri
        for iri in admin_views.institutions_of(request.user)
        if not request.user.is_superuser or iri in admin_views.own_institutions(request.user)
    ]
    if own:
        panels.append(AttentionPanel(own))
