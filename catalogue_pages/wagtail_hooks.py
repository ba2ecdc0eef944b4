"""Admin rules: the register owns the existence of register pages; feedback report for editors."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail_localize import wagtail_hooks as localize_hooks

from catalogue_pages import translation_review, translations
from catalogue_pages.admin_refusals import (
    CONVERT_TO_ALIAS_ACTION,
    drop_refused_bulk_actions,
    without_convert_to_alias,
)
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


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias(menu_items: list, request: HttpRequest, context: dict) -> None:
    """Converting a translation to an alias publishes without review: operators only."""
    if not request.user.is_superuser:
        menu_items[:] = [
            item for item in menu_items if getattr(item, "name", "") != CONVERT_TO_ALIAS_ACTION
        ]


@hooks.register("before_edit_page", order=-15)
def offer_translation_review(request: HttpRequest, page: Page) -> None:
    translation_review.submit_offer(request, page)


@hooks.register("insert_editor_js")
def editor_guard_js() -> str:
    """Leave warning while an edit is not saved yet; the header's draft badge."""
    return format_html(
        '<script src="{}"></script>', static("catalogue_pages/admin/editor_guard.js")
    )


@hooks.register("register_admin_urls")
def translation_review_urls() -> list:
    return [
        path(
            "translations/<int:page_id>/submit/",
            translation_review.submit_translation,
            name="catalogue_pages_submit_translation",
        )
    ]


@hooks.register("before_edit_page", order=-5)
def translation_editor_without_convert_to_alias(
    request: HttpRequest, page: Page
) -> HttpResponse | None:
    """Runs localize's own edit-view override first, to take "Convert to alias page" out of
    its translation editor for everyone but operators (``admin_refusals``)."""
    if request.user.is_superuser:
        return None
    response = localize_hooks.before_edit_page(request, page)
    return without_convert_to_alias(response, page.pk) if response is not None else None


@hooks.register("before_bulk_action")
def refuse_bulk_delete(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move", "copy") and any(
        isinstance(obj, Page) and is_register_page(obj) for obj in objects
    ):
        messages.error(request, _("Register pages cannot be deleted, moved or copied by hand."))
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_edit_page", order=-20)
def explain_schedule_lock(request: HttpRequest, page: Page) -> None:
    """Wagtail says only "locked, scheduled to go live at …"; a user who cannot cancel the
    schedule learns who can, and what to do next (``models.permissions``)."""
    if request.method != "GET" or not page.approved_schedule:
        return None
    if page.permissions_for_user(request.user).can_unschedule():
        return None
    messages.info(
        request,
        _(
            "Only a reviewer or a moderator (groups “Satura recenzenti”, “Moderators”) can "
            "cancel this scheduled publish. Ask one of them to open this page and choose "
            "“Cancel scheduled publish”: the page can then be edited again and submitted with "
            "a new go-live date."
        ),
    )
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
