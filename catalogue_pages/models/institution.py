"""Institutions (``cv:PublicOrganisation``): who is competent for and who provides services."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import TranslatableField

from .base import SingleChildIndexPage
from .context import BuiltContextMixin
from .register import RegisterFieldsMixin
from .routing import CheapViewRestrictionsMixin


class InstitutionIndexPage(BuiltContextMixin, SingleChildIndexPage):
    child_model = "catalogue_pages.InstitutionPage"

    class Meta:
        verbose_name = _("institution index")


class InstitutionPage(CheapViewRestrictionsMixin, BuiltContextMixin, RegisterFieldsMixin, Page):
    """One institution. Keyed by ``register_iri`` (organisations may carry no identifier)."""

    website = models.URLField(_("website"), max_length=500, blank=True, editable=False)
    contact_points = models.JSONField(default=list, blank=True, editable=False)
    introduction = RichTextField(
        _("editor's introduction"), blank=True, features=["bold", "italic", "link"]
    )

    register_fields: ClassVar[tuple[str, ...]] = RegisterFieldsMixin.register_fields + (
        "website",
        "contact_points",
    )

    content_panels = [
        HelpPanel(
            template="catalogue_pages/admin/register_provenance.html",
            heading=_("From the register"),
        ),
        FieldPanel("introduction"),
    ]
    settings_panels = [PublishingPanel()]
    translatable_fields: ClassVar[list] = [
        TranslatableField("introduction"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
    ]
    is_creatable = False

    parent_page_types = ["catalogue_pages.InstitutionIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
