"""The moderation workflow: draft → review by "Satura recenzenti" → publish.

Created idempotently after ``migrate`` (and by tests through ``ensure_moderation``): the group,
its admin access and page permissions on every home page tree, a group approval task and a
workflow assigned to each language's home page.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from catalogue_pages.models import HomePage

REVIEWERS = "Satura recenzenti"
WORKFLOW = "Satura pārskatīšana (melnraksts → pārskatīšana → publicēšana)"
TASK = "Satura recenzentu apstiprinājums"
EDITORS = "Editors"


@transaction.atomic
def ensure_moderation() -> Workflow:
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access:
        reviewers.permissions.add(access)
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=["add_page", "change_page", "publish_page"],
    )
    editors = Group.objects.filter(name=EDITORS).first()
    homes = list(HomePage.objects.all())
    for home in homes:
        for permission in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=reviewers, page=home, permission=permission
            )
        if editors is not None:
            for permission in page_perms.exclude(codename="publish_page"):
                GroupPagePermission.objects.get_or_create(
                    group=editors, page=home, permission=permission
                )

    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK)
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
