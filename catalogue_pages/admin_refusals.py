"""Refusals on register pages that say why, instead of Wagtail's generic "no permission".

Wagtail answers a refused delete, move, copy or unpublish with "Sorry, you do not have
permission to access this area." — true, but it leaves an editor guessing. Register pages are
refused to everyone because the register sync owns their existence, so we say that, before
Wagtail's view runs. Bulk Move and Delete of pages are not offered at all: every page type of
the site is register-owned or part of the fixed skeleton (none is creatable in the admin).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page

from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage

#: Admin page views refused on register pages, and whom they are refused to.
REFUSED_VIEWS = {"delete", "move", "move_confirm", "set_page_position", "copy", "unpublish"}
REFUSED_BULK_ACTIONS = ("delete", "move")


def register_page_refusal(request: HttpRequest, page: Page) -> HttpResponse:
    messages.error(
        request,
        _(
            "This page is made by the register sync: only the sync creates, moves, copies, "
            "deletes or withdraws it. Change the service in the register."
        ),
    )
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)


class RegisterPageRefusalMiddleware:
    """Explains refusals of the admin's page views on register pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.namespace != "wagtailadmin_pages":
            return None
        page_id = kwargs.get("page_id") or kwargs.get("page_to_move_id")
        if match.url_name not in REFUSED_VIEWS or page_id is None:
            return None
        page = Page.objects.filter(pk=page_id).first()
        register_types = (ServicePage, LifeSituationPage, InstitutionPage)
        if page is None or not issubclass(page.specific_class or Page, register_types):
            return None
        if match.url_name == "unpublish" and request.user.is_superuser:
            return None  # an operator's emergency (RegisterPagePermissionTester.can_unpublish)
        return register_page_refusal(request, page)


def drop_refused_bulk_actions() -> None:
    """Remove bulk Move and Delete of pages from Wagtail's bulk action bar (and its URLs)."""
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # scans hooks
    page_actions = bulk_action_registry.actions.get("wagtailcore", {}).get("page", {})
    for action_type in REFUSED_BULK_ACTIONS:
        page_actions.pop(action_type, None)
