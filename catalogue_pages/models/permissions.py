"""Who may do what to a page, beyond Wagtail's per-tree permissions (docs/editors.md, Roles).

* **Reviewers and moderators release a schedule.** An approved change with a future go-live
  locks the page (Wagtail's ``ScheduledForPublishLock``) and Wagtail lets only users with the
  publish right cancel it. Here approval is the publish right (``workflow_actions``), so the
  groups that approve may also cancel ("Cancel scheduled publish") — otherwise a go-live a
  month away would freeze the page for a month for everyone but an operator.
* **The skeleton is fixed.** Home, the three catalogues and the service, guide and institution
  folders are created by ``site_tree``; nobody copies, moves or deletes them in the admin, not
  even a superuser (deleting a catalogue would take every listing down in one click; copying
  one offers to copy every service below it).
"""

from __future__ import annotations

from typing import Any

from wagtail.models import PagePermissionTester

#: The groups that receive the review task (``catalogue_pages.workflow``).
REVIEWERS = "Satura recenzenti"
MODERATORS = "Moderators"
REVIEWING_GROUPS = (REVIEWERS, MODERATORS)


def is_reviewer(user: Any) -> bool:
    """True for an active member of a reviewing group (or an operator)."""
    if not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=REVIEWING_GROUPS).exists()


class ReviewedPagePermissionTester(PagePermissionTester):
    """Wagtail's rules, plus: whoever reviews a page may cancel its approved schedule."""

    def can_unschedule(self) -> bool:
        return super().can_unschedule() or (self.can_edit() and is_reviewer(self.user))


class SkeletonPagePermissionTester(ReviewedPagePermissionTester):
    """The fixed skeleton (home, catalogues, folders): edited, never copied, moved or deleted."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return False

    def can_move(self) -> bool:
        return False

    def can_copy(self) -> bool:
        return False

    def can_move_to(self, destination: Any, pages_to_move: Any = None) -> bool:
        return False

    def can_copy_to(self, destination: Any, recursive: bool = False) -> bool:
        return False


class ReviewedPageMixin:
    """Page types edited through review (information pages)."""

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        return ReviewedPagePermissionTester(user, self)


class SkeletonPageMixin:
    """Page types of the fixed skeleton."""

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        return SkeletonPagePermissionTester(user, self)
