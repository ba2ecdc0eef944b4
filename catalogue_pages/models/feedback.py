"""Anonymous "Was this page useful?" answers: a yes/no and an optional comment, nothing else.

No personal data is stored: no IP address, no user, no cookie. Abuse is limited before a row is
written (honeypot, signed timing token, a rate limit keyed on a salted hash kept only in the
cache), see ``catalogue_pages.feedback``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageFeedback(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("page"),
    )
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.page_id}: {'+' if self.useful else '-'}"
