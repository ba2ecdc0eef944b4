"""Institutions (``cv:PublicOrganisation``): who is competent for and who provides services."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from catalogue_pages.panels import RegisterProvenancePanel, fixed_slug_promote_panels
from catalogue_pages.register_fields import ORGANISATION_FIELDS

from .base import SingleChildIndexPage
from .context import BuiltContextMixin
from .register import RegisterFieldsMixin
from .routing import CheapViewRestrictionsMixin


class InstitutionIndexPage(BuiltContextMixin, SingleChildIndexPage):
    child_model = "catalogue_pages.InstitutionPage"

    promote_panels = fixed_slug_promote_panels()
    is_creatable = False  # created by the site tree (catalogue_pages.site_tree) only

    class Meta:
        verbose_name = _("institution index")


class InstitutionPage(CheapViewRestrictionsMixin, BuiltContextMixin, RegisterFieldsMixin, Page):
    """One institution. Keyed by ``register_iri`` (organisations may carry no identifier)."""

    website = models.URLField(_("website"), max_length=500, blank=True, editable=False)
    contact_points = models.JSONField(default=list, blank=True, editable=False)
    introduction = RichTextField(
        _("editor's introduction"), blank=True, features=["bold", "italic", "link"]
    )

    register_fields: ClassVar[tuple[str, ...]] = (
        RegisterFieldsMixin.register_fields + ORGANISATION_FIELDS
    )

    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("identifier")]

    content_panels = [
        RegisterProvenancePanel(heading=_("From the register")),
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

    promote_panels = fixed_slug_promote_panels()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
