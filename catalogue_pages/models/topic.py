"""Thematic areas (CPSV-AP ``cv:thematicArea``), a small shared vocabulary from the register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """One register concept, labelled in both languages on one row.

    A topic is a label, not content: translating it through page locales would double the
    rows for no gain, so both labels sit side by side and the active language picks one.
    """

    register_iri = models.CharField(max_length=500, unique=True, editable=False)
    slug = models.SlugField(max_length=100, unique=True, editable=False)
    name_lv = models.CharField(_("name (Latvian)"), max_length=255, editable=False)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True, editable=False)

    class Meta:
        ordering = ["name_lv"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "lv").startswith("en") and self.name_en:
            return self.name_en
        return self.name_lv
