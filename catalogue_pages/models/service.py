"""A public service: one page per register identifier and language.

Register data lives in typed fields: scalars as columns, repeated structures (channels, costs,
requirements…) as JSON lists whose item shapes are documented in ``docs/register-contract.md``
and produced only by ``sync.map``. Facets that listings filter on (audience, free, online) are
denormalised into indexed booleans so catalogues never scan JSON.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.blocks import EditorialStreamBlock

from .register import RegisterFieldsMixin


class ServiceIndexPage(Page):
    """The one parent of every ServicePage, so each service has exactly one URL."""

    parent_page_types = ["catalogue_pages.HomePage"]
    subpage_types = ["catalogue_pages.ServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service index")


class ServicePage(RegisterFieldsMixin, Page):
    summary = models.TextField(_("description"), blank=True, editable=False)
    keywords = models.JSONField(_("keywords"), default=list, blank=True, editable=False)

    for_citizens = models.BooleanField(default=False, db_index=True, editable=False)
    for_business = models.BooleanField(default=False, db_index=True, editable=False)
    for_institutions = models.BooleanField(default=False, db_index=True, editable=False)

    competent_authority = models.ForeignKey(
        "catalogue_pages.InstitutionPage",
        verbose_name=_("competent authority"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        editable=False,
    )
    topics = ParentalManyToManyField(
        "catalogue_pages.Topic", blank=True, related_name="services", verbose_name=_("topics")
    )

    participations = models.JSONField(default=list, blank=True, editable=False)
    channels = models.JSONField(default=list, blank=True, editable=False)
    costs = models.JSONField(default=list, blank=True, editable=False)
    requirements = models.JSONField(default=list, blank=True, editable=False)
    outputs = models.JSONField(default=list, blank=True, editable=False)
    legal_resources = models.JSONField(default=list, blank=True, editable=False)
    contact_points = models.JSONField(default=list, blank=True, editable=False)
    processing_time = models.CharField(
        _("processing time"), max_length=64, blank=True, editable=False
    )
    related_identifiers = models.JSONField(default=list, blank=True, editable=False)

    is_free = models.BooleanField(default=False, db_index=True, editable=False)
    is_online = models.BooleanField(default=False, db_index=True, editable=False)

    withdrawn_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    replaced_by_identifier = models.CharField(max_length=128, blank=True, editable=False)

    # Editorial fields: the only ones editors change.
    introduction = RichTextField(_("editor's introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    body = StreamField(EditorialStreamBlock(), blank=True, verbose_name=_("explanatory content"))

    register_fields: ClassVar[tuple[str, ...]] = RegisterFieldsMixin.register_fields + (
        "summary",
        "keywords",
        "for_citizens",
        "for_business",
        "for_institutions",
        "competent_authority_id",
        "participations",
        "channels",
        "costs",
        "requirements",
        "outputs",
        "legal_resources",
        "contact_points",
        "processing_time",
        "related_identifiers",
        "is_free",
        "is_online",
        "withdrawn_at",
        "replaced_by_identifier",
    )

    content_panels = [
        HelpPanel(template="catalogue_pages/admin/register_provenance.html", heading=_("From the register")),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    promote_panels = [FieldPanel("seo_title"), FieldPanel("search_description")]

    parent_page_types = ["catalogue_pages.ServiceIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    @property
    def audiences(self) -> list[str]:
        return [code for code in AUDIENCES if getattr(self, AUDIENCE_FIELDS[code])]

    @property
    def primary_audience(self) -> str | None:
        audiences = self.audiences
        return audiences[0] if audiences else None
