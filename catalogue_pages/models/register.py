"""What every register-fed page shares: identity, provenance and the read-only rule.

Register fields are owned by the register (docs/architecture.md, sync rule 2). Editors may edit
only the editorial fields; a draft or an old revision can never bring back an outdated register
value, because ``with_content_json`` always keeps the register fields of the current database
row.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .permissions import ReviewedPagePermissionTester


class RegisterFieldsMixin(models.Model):
    """Identity and provenance of content that comes from the national service register."""

    identifier = models.CharField(
        _("register identifier"), max_length=128, blank=True, db_index=True, editable=False
    )
    # Indexed: a run's verify and state steps read pages by IRI, 500 at a time; without the
    # index each read scanned the table (quadratic over a 100,000-service run).
    register_iri = models.CharField(
        _("register IRI"), max_length=500, blank=True, db_index=True, editable=False
    )
    register_modified = models.DateTimeField(
        _("changed in the register"), null=True, blank=True, editable=False
    )
    synced_at = models.DateTimeField(_("synced"), null=True, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    #: Model fields written only by the sync. Subclasses extend the tuple.
    register_fields: ClassVar[tuple[str, ...]] = (
        "title",
        "identifier",
        "register_iri",
        "register_modified",
        "synced_at",
        "content_hash",
    )

    #: Many-to-many relations written only by the sync; a revision never restores them either.
    register_relations: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        """Register pages are created and deleted only by the sync."""
        return RegisterPagePermissionTester(user, self)

    def with_content_json(self, content):
        """Restore a revision without ever restoring stale register data."""
        obj = super().with_content_json(content)
        for name in self.register_fields:
            setattr(obj, name, getattr(self, name))
        for name in self.register_relations:
            setattr(obj, name, list(getattr(self, name).all()) if self.pk else [])
        return obj


class RegisterPagePermissionTester(ReviewedPagePermissionTester):
    """Nobody deletes, moves, copies or adds register pages in the admin: only the sync does."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return False

    def can_move(self) -> bool:
        return False

    def can_copy(self) -> bool:
        return False

    def can_unpublish(self) -> bool:
        """Withdrawing a service is the register's decision (the sync unpublishes it); only an
        operator (superuser) may take a register page offline by hand, in an emergency."""
        return self.user.is_superuser and super().can_unpublish()

    def can_add_subpage(self) -> bool:
        return False

    def can_move_to(self, destination, pages_to_move=None) -> bool:
        return False

    def can_copy_to(self, destination, recursive=False) -> bool:
        return False
