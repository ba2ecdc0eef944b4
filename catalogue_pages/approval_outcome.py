"""After a reviewer approves: say what happened and what happens next (docs/editors.md).

Wagtail's approve button only ever says "Approve"; from the edit view the result reads "Page …
has been updated", and from the dashboard there is no message at all — also when nothing was
approved because the reviewed text was no longer the latest (the task was restarted on a newer
draft: ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT``). This middleware looks, after the
approval request, at what the approval did to the page and adds one sentence saying so: live
now, going live at a date (and who may cancel it), or not approved and why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState

#: (URL name in ``wagtailadmin_pages``, how the request names its action).
APPROVAL_VIEWS = ("workflow_action", "edit")


def _is_approval(request: HttpRequest) -> int | None:
    """The page id of an approval request, else None."""
    match = request.resolver_match
    if request.method != "POST" or match is None or match.namespace != "wagtailadmin_pages":
        return None
    if match.url_name == "workflow_action" and match.kwargs.get("action_name") == "approve":
        return match.kwargs.get("page_id")
    if (
        match.url_name == "edit"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return match.kwargs.get("page_id")
    return None


def outcome(page: Page, approved: TaskState | None) -> tuple[int, str]:
    """The message level and sentence for what an approval did to ``page``."""
    if approved is None:
        return messages.WARNING, _(
            "Nothing was approved: the text you opened is no longer the one under review "
            "(a newer version was saved, and the review restarted on it). Open the page and "
            "review the current text."
        )
    scheduled = page.scheduled_revision
    if scheduled is not None and scheduled.pk == approved.revision_id:
        return messages.SUCCESS, _(
            "Approved. The change goes live on %(date)s; until then the current text stays "
            "public. A reviewer or a moderator can cancel the schedule on the page's edit screen."
        ) % {
            "date": date_format(
                timezone.localtime(scheduled.approved_go_live_at), "DATETIME_FORMAT"
            )
        }
    if page.live and page.live_revision_id == approved.revision_id:
        return messages.SUCCESS, _("Approved and published: the change is public now.")
    return messages.WARNING, _(
        "Approved, but not published: a newer draft was saved after the version you approved. "
        "The newer draft is published only after its own review."
    )


class ApprovalOutcomeMiddleware:
    """Adds the outcome sentence to approval requests of Wagtail's page workflow."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started: datetime = timezone.now()
        response = self.get_response(request)
        page_id = _is_approval(request)
        if page_id is None or response.status_code >= 400:
            return response
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            return response
        approved = (
            TaskState.objects.filter(
                status=TaskState.STATUS_APPROVED,
                finished_by=request.user,
                finished_at__gte=started,
                workflow_state__object_id=str(page.pk),
            )
            .order_by("-finished_at")
            .first()
        )
        level, text = outcome(page.specific, approved)
        messages.add_message(request, level, text)
        return response
