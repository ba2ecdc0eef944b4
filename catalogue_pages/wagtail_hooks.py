"""Admin rules: the register owns the existence of register pages; feedback report for editors."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from catalogue_pages import translations
from catalogue_pages.admin_refusals import drop_refused_bulk_actions
from catalogue_pages.models import (
    InstitutionIndexPage,
    InstitutionPage,
    LifeSituationIndexPage,
    LifeSituationPage,
    PageFeedback,
    ServiceIndexPage,
    ServicePage,
)

#: Pages that exist because the register says so.
REGISTER_PAGE_TYPES = (ServicePage, LifeSituationPage, InstitutionPage)
#: Their fixed parents: nothing may be added under them by hand.
REGISTER_PARENT_TYPES = (ServiceIndexPage, LifeSituationIndexPage, InstitutionIndexPage)
SYNC_ONLY_ACTIONS = {"delete", "move", "copy"}


def is_register_page(page: Page) -> bool:
    return issubclass(page.specific_class or Page, REGISTER_PAGE_TYPES)


def _refuse(request: HttpRequest, page: Page) -> HttpResponse:
    messages.error(
        request,
        _(
            "This page is made by the register sync: only the sync creates, moves, copies, "
            "deletes or withdraws it. Change the service in the register."
        ),
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk if page.depth > 1 else page.pk)


@hooks.register("before_create_page")
def refuse_register_page_creation(
    request: HttpRequest, parent_page: Page, page_class: type
) -> HttpResponse | None:
    if issubclass(page_class, REGISTER_PAGE_TYPES) or isinstance(
        parent_page.specific, REGISTER_PARENT_TYPES
    ):
        messages.error(
            request,
            _("Services, life situations and institutions are created by the register sync only."),
        )
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@hooks.register("before_delete_page")
def refuse_register_page_deletion(request: HttpRequest, page: Page) -> HttpResponse | None:
    if is_register_page(page) or isinstance(page.specific, REGISTER_PARENT_TYPES):
        return _refuse(request, page)
    return None


@hooks.register("before_move_page")
def refuse_register_page_move(
    request: HttpRequest, page: Page, destination: Page
) -> HttpResponse | None:
    if is_register_page(page):
        return _refuse(request, page)
    return None


@hooks.register("before_copy_page")
def refuse_register_page_copy(request: HttpRequest, page: Page) -> HttpResponse | None:
    if is_register_page(page):
        return _refuse(request, page)
    return None


@hooks.register("construct_page_action_menu")
def hide_sync_only_actions(menu_items: list, request: HttpRequest, context: dict) -> None:
    page = context.get("page")
    if page is not None and is_register_page(page):
        menu_items[:] = [
            item for item in menu_items if getattr(item, "name", "") not in SYNC_ONLY_ACTIONS
        ]


@hooks.register("before_bulk_action")
def refuse_bulk_delete(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move", "copy") and any(
        isinstance(obj, Page) and is_register_page(obj) for obj in objects
    ):
        messages.error(request, _("Register pages cannot be deleted, moved or copied by hand."))
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_edit_page", order=-10)
def warn_translation_out_of_date(request: HttpRequest, page: Page) -> None:
    """Say so when the Latvian original changed after the English text was last translated
    (wagtail-localize does not); runs before localize replaces the English edit view."""
    stale = translations.out_of_date_translations(page)
    if not stale:
        return None
    changed = max(t.source.last_updated_at for t in stale)
    messages.warning(
        request,
        _(
            "Translation out of date: the Latvian original changed on %(date)s, after the "
            "English text was last translated. Use “Sync translated pages” on the Latvian page, "
            "then translate and publish the changes."
        )
        % {"date": date_format(timezone.localtime(changed), "DATETIME_FORMAT")},
    )
    return None


def _can_see_feedback(user) -> bool:
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


@user_passes_test(_can_see_feedback)
def feedback_report(request: HttpRequest) -> HttpResponse:
    """Per-page figures of "Was this page useful?", most answered first, with recent comments."""
    rows = (
        PageFeedback.objects.values("page_id", "page__title", "page__locale__language_code")
        .annotate(
            yes=Count("pk", filter=Q(useful=True)),
            no=Count("pk", filter=Q(useful=False)),
            total=Count("pk"),
        )
        .order_by("-total", "page__title")[:200]
    )
    comments = (
        PageFeedback.objects.exclude(comment="")
        .select_related("page")
        .only("comment", "useful", "created_at", "page__title")[:50]
    )
    figures = [
        {**row, "share": round(100 * row["yes"] / row["total"]) if row["total"] else 0}
        for row in rows
    ]
    return TemplateResponse(
        request,
        "catalogue_pages/admin/feedback_report.html",
        {"figures": figures, "comments": comments, "header_title": _("Page feedback")},
    )


@hooks.register("register_admin_urls")
def no_bulk_move_or_delete() -> list:
    """Runs once the admin's hooks are loaded: bulk Move/Delete are refused, so not offered."""
    drop_refused_bulk_actions()
    return []


@hooks.register("register_admin_urls")
def feedback_urls() -> list:
    return [path("reports/page-feedback/", feedback_report, name="catalogue_pages_feedback_report")]


@hooks.register("register_reports_menu_item")
def feedback_menu_item() -> MenuItem:
    return MenuItem(
        gettext_lazy("Page feedback"),
        reverse("catalogue_pages_feedback_report"),
        icon_name="help",
        order=900,
    )
