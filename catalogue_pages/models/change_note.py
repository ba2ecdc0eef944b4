"""What the register changed on a service, run by run: the public "Changes" list.

Why a row of its own and not a revision: the sync writes register fields on the page row only
(``RegisterFieldsMixin``), so no revision remembers them; and a note must outlive later
changes of the same field. The sync is the only writer (``sync.changes``); no admin form
edits or deletes a note. ``changes`` holds plain data (field names and the register's values,
never prose), which ``catalogue_pages.change_notes`` turns into sentences in the page's
language when the page is shown.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeNote(models.Model):
    page = models.ForeignKey(
        "catalogue_pages.ServicePage",
        on_delete=models.CASCADE,
        related_name="change_notes",
        verbose_name=_("service"),
    )
    changed_at = models.DateTimeField(_("changed at"), db_index=True)
    #: [{"field": "costs", "before": …, "after": …} | {"field": …, "added": […], …}]
    changes = models.JSONField(_("changes"), default=list)
    #: The sync run that recorded it (a plain number: this app knows nothing of the sync).
    run_id = models.PositiveIntegerField(_("sync run"), null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")

    def __str__(self) -> str:
        return f"{self.page_id} {self.changed_at:%Y-%m-%d}: {self.field_names}"

    @property
    def field_names(self) -> list[str]:
        return [entry.get("field", "") for entry in self.changes if isinstance(entry, dict)]
