"""``WAGTAIL_FINISH_WORKFLOW_ACTION``: what approving the last review task does.

A module of its own because Wagtail imports it while ``wagtail.models`` is still loading:
nothing here may import models at module level.
"""

from __future__ import annotations

from typing import Any


def publish_approved(workflow_state: Any, user: Any = None) -> None:
    """Publish the approved revision (at once, or at its go-live date).

    Wagtail's default checks the approver's own publish permission; here the approval *is*
    the permission, because reviewers hold no direct publish right on Latvian pages
    (``catalogue_pages.workflow``).

    What is published is the revision the last task approved, never simply the latest one: a
    draft saved (or autosaved) during the review is not what the reviewer approved. With
    ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` such an edit restarts the task on the new
    revision, so the two are the same whenever the workflow really finishes."""
    task_state = workflow_state.current_task_state
    revision = task_state.revision if task_state is not None and task_state.revision_id else None
    revision = revision or workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
