"""A catalogue: the services of one audience, browsable by topic, situation, institution, A–Z."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from catalogue_pages.audiences import AUDIENCE_CHOICES


class CatalogueIndexPage(Page):
    audience = models.CharField(_("audience"), max_length=32, choices=AUDIENCE_CHOICES)
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["catalogue_pages.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")
