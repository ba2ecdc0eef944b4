"""Life and business situations (``cv:LifeEvent`` / ``cv:BusinessEvent``) as step-by-step guides."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from catalogue_pages.blocks import EditorialStreamBlock

from .register import RegisterFieldsMixin


class LifeSituationIndexPage(Page):
    parent_page_types = ["catalogue_pages.HomePage"]
    subpage_types = ["catalogue_pages.LifeSituationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("life situation index")


class LifeSituationPage(RegisterFieldsMixin, Page):
    """A guide: the register's description and ordered needs, around an editor's introduction.

    ``needs`` is a list of ``{"order": int, "title": str, "description": str,
    "services": [identifier, …]}``; needs sharing an ``order`` happen at the same time.
    """

    LIFE = "life"
    BUSINESS = "business"
    KIND_CHOICES = [(LIFE, _("Life situation")), (BUSINESS, _("Business situation"))]

    kind = models.CharField(max_length=16, choices=KIND_CHOICES, default=LIFE, editable=False)
    summary = models.TextField(_("description"), blank=True, editable=False)
    needs = models.JSONField(default=list, blank=True, editable=False)
    services = ParentalManyToManyField(
        "catalogue_pages.ServicePage", blank=True, related_name="life_situations"
    )

    introduction = RichTextField(_("editor's introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    body = StreamField(EditorialStreamBlock(), blank=True, verbose_name=_("explanatory content"))

    register_fields: ClassVar[tuple[str, ...]] = RegisterFieldsMixin.register_fields + (
        "kind",
        "summary",
        "needs",
    )

    content_panels = [
        HelpPanel(template="catalogue_pages/admin/register_provenance.html", heading=_("From the register")),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    parent_page_types = ["catalogue_pages.LifeSituationIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
