"""What the register changed on a service, run by run: the public "Changes" list.

Why a row of its own and not a revision: the sync writes register fields on the page row only
(``RegisterFieldsMixin``), so no revision remembers them; and a note must outlive later
changes of the same field. The sync is the only writer (``sync.changes``); no admin form
edits or deletes a note. ``changes`` holds plain data (field names and the register's values,
never prose), which ``catalogue_pages.change_notes`` turns into sentences in the page's
language when the page is shown.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


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
        return f"{self.changed_at:%d.%m.%Y}: {', '.join(self.field_names)}"

    @property
    def field_names(self) -> list[str]:
        return [entry.get("field", "") for entry in self.changes if isinstance(entry, dict)]


class ChangeNoteExplanation(Orderable):
    """An editor's plain-language sentence under one of the page's change notes.

    Part of the page (a child of its revisions), so it reaches the public page only through
    the page's review and publication, like any editorial text. The note itself is the
    register's record: no form edits or deletes it; an editor adds to it, nothing else.
    """

    page = ParentalKey(
        "catalogue_pages.ServicePage",
        on_delete=models.CASCADE,
        related_name="change_note_explanations",
    )
    note = models.ForeignKey(
        ChangeNote,
        on_delete=models.CASCADE,
        related_name="explanations",
        verbose_name=_("change"),
    )
    text = models.CharField(
        _("explanation"),
        max_length=300,
        help_text=_("One plain sentence that helps readers understand this change."),
    )

    panels: ClassVar[list] = [FieldPanel("note"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("change explanation")
        verbose_name_plural = _("change explanations")
