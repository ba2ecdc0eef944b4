"""English translations go through the same review as Latvian text (docs/editors.md).

wagtail-localize's translation editor has no workflow step: it only offers "Publish in
English" to users allowed to publish the English page, so an editor's translation reached the
public only if a reviewer happened to open it. Here the editor submits it instead: the
translated strings become a draft revision of the English page (``save_target(publish=False)``)
and the page's workflow (*Satura pārskatīšana*) starts on it; the reviewer's approval
publishes it like any Latvian change (``workflow_actions.publish_approved``). Nobody but an
operator publishes English directly any more (``workflow.ensure_moderation``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail_localize.fields import TranslatableField
from wagtail_localize.models import Translation


def translation_of(page: Page) -> Translation | None:
    """The enabled localize translation whose target is ``page``, if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )


def submit_offer(request: HttpRequest, page: Page) -> None:
    """Put the "Submit the translation for review" button above localize's editor."""
    if request.method != "GET" or translation_of(page) is None:
        return
    perms = page.permissions_for_user(request.user)
    if not perms.can_edit():
        return
    if page.workflow_in_progress:
        messages.info(request, _("This translation is waiting for review."))
        return
    messages.info(
        request,
        format_html(
            '{} <form method="post" action="{}" class="w-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="button button-small">{}</button></form>',
            _("When the translation is ready, submit it: a reviewer publishes it."),
            reverse("catalogue_pages_submit_translation", args=[page.pk]),
            get_token(request),
            _("Submit the translation for review"),
        ),
    )


def _editorial_values(page: Page) -> dict[str, object]:
    """The row's values of the fields localize translates (its ``TranslatableField``s)."""
    names = {
        field.field_name
        for field in getattr(page, "translatable_fields", [])
        if isinstance(field, TranslatableField)
    }
    concrete = {f.name for f in page._meta.concrete_fields}
    return {name: getattr(page, name) for name in sorted(names & concrete)}


@require_POST
def submit_translation(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    translation = translation_of(page)
    if translation is None or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    workflow = page.get_workflow()
    if workflow is None:
        raise PermissionDenied
    if page.workflow_in_progress:
        messages.info(request, _("This translation is waiting for review."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    live_values = _editorial_values(page)
    try:
        translation.save_target(user=request.user, publish=False)
    except ValidationError:
        messages.error(
            request,
            _("The translation could not be saved: fix the marked fields, then submit again."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    # localize writes a "draft" into the page row too, i.e. onto the public page: put the
    # published text back; the translation lives in the new revision until it is approved.
    type(page).objects.filter(pk=page.pk).update(**live_values, has_unpublished_changes=True)
    page = Page.objects.get(pk=page.pk).specific
    workflow.start(page, request.user)
    messages.success(
        request,
        _(
            "The translation was submitted for review. It goes live when a reviewer "
            "(“Satura recenzenti” or “Moderators”) approves it."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
