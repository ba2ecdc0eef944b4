"""The moderation workflow: draft → review by "Satura recenzenti" → publish.

Created idempotently after ``migrate`` (and by tests through ``ensure_moderation``): the group,
its admin access and page permissions on every home page tree, a group approval task and a
workflow assigned to each language's home page.

Roles (docs/editors.md):

* **Editors** (Wagtail's group) write editorial text, submit it for review and translate it
  with wagtail-localize; they never publish.
* **Satura recenzenti** and Wagtail's **Moderators** receive the review task. Approving it
  publishes the change (at once, or at its go-live date). Neither group publishes a Latvian
  page directly: only the workflow does.
* The English translation is written in wagtail-localize's editor and submitted for the same
  review (``translation_review``): nobody but an operator publishes any page directly.
* Superusers (operators) can do everything, for emergencies.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from catalogue_pages.models import HomePage
from catalogue_pages.models.permissions import MODERATORS, REVIEWERS

WORKFLOW = "Satura pārskatīšana (melnraksts → pārskatīšana → publicēšana)"
TASK = "Satura recenzentu apstiprinājums"
EDITORS = "Editors"


def ensure_permissions(app_label: str) -> None:
    """Create an app's model permissions now: during ``migrate`` Django creates them only when
    that app's own ``post_migrate`` reaches django.contrib.auth, which may come later."""
    create_permissions(apps.get_app_config(app_label), verbosity=0)


def _permissions(*codenames: str) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    )


@transaction.atomic
def ensure_moderation() -> Workflow:
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS)
    moderators = Group.objects.filter(name=MODERATORS).first()
    editors = Group.objects.filter(name=EDITORS).first()
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    ensure_permissions("wagtail_localize")
    translate = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    reviewing = [g for g in (reviewers, moderators) if g is not None]
    for group in [*reviewing, *([editors] if editors else [])]:
        if access:
            group.permissions.add(access)
        if translate:
            group.permissions.add(translate)

    edit = _permissions("add_page", "change_page")
    (publish,) = _permissions("publish_page") or [None]
    homes = list(HomePage.objects.all())
    for home in homes:
        for group in [*reviewing, *([editors] if editors else [])]:
            for permission in edit:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
    if publish is not None:
        # No direct publish in any language (nor on the root above): only the workflow. An
        # English translation is submitted for review too (catalogue_pages.translation_review).
        roots = list(Page.objects.filter(depth=1))
        GroupPagePermission.objects.filter(
            group__in=reviewing, permission=publish, page__in=[*homes, *roots]
        ).delete()

    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK)
    task.groups.add(*reviewing)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def grant(group_names: list[str], app_label: str, codenames: list[str]) -> None:
    """Give existing groups model permissions of another app (each app grants its own, after
    its migrations), idempotently. Groups that do not exist are skipped."""
    ensure_permissions(app_label)
    permissions = list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    for group in Group.objects.filter(name__in=group_names):
        group.permissions.add(*permissions)
