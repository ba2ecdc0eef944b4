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
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page

from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage

#: Admin page views refused on register pages, and whom they are refused to.
REFUSED_VIEWS = {"delete", "move", "move_confirm", "set_page_position", "copy", "unpublish"}
REFUSED_BULK_ACTIONS = ("delete", "move")
CONVERT_TO_ALIAS = ("wagtail_localize", "convert_to_alias")
CONVERT_TO_ALIAS_ACTION = "localize-convert-to-alias"


def convert_to_alias_refusal(request: HttpRequest, page_id: Any) -> HttpResponse | None:
    """wagtail-localize's "Convert to alias page" replaces a translation with the Latvian
    page's latest revision, live, without review: only an operator may do that."""
    if request.user.is_superuser:
        return None
    messages.error(
        request,
        _(
            "Only an operator can convert a translation to an alias page: it would publish "
            "the Latvian text in place of the English one without review. Translate the page "
            "and submit it for review instead."
        ),
    )
    return (
        redirect("wagtailadmin_pages:edit", page_id) if page_id else redirect("wagtailadmin_home")
    )


def without_convert_to_alias(response: HttpResponse, page_id: int) -> HttpResponse:
    """Take the "Convert to alias page" action out of localize's translation editor.

    The editor is a React component configured by JSON in a ``data-props`` attribute; the
    action is offered when ``convertToAliasUrl`` is set, so it is set to null."""
    if response.status_code != 200 or response.streaming:
        return response
    url = reverse("wagtail_localize:convert_to_alias", args=[page_id])
    offered = f"&quot;convertToAliasUrl&quot;: &quot;{url}&quot;".encode()
    response.content = response.content.replace(offered, b"&quot;convertToAliasUrl&quot;: null")
    return response


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
        if match is not None and (match.namespace, match.url_name) == CONVERT_TO_ALIAS:
            return convert_to_alias_refusal(request, kwargs.get("page_id"))
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
