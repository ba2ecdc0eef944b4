"""A catalogue: the services of one audience, browsable by topic, situation, institution, A–Z."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

from catalogue_pages.audiences import AUDIENCE_CHOICES
from catalogue_pages.panels import fixed_slug_promote_panels

from .routing import CheapViewRestrictionsMixin


class CatalogueIndexPage(CheapViewRestrictionsMixin, Page):
    audience = models.CharField(_("audience"), max_length=32, choices=AUDIENCE_CHOICES)
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = [PublishingPanel()]
    translatable_fields: ClassVar[list] = [
        TranslatableField("title"),
        TranslatableField("introduction"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("slug"),
    ]
    parent_page_types = ["catalogue_pages.HomePage"]
    subpage_types: list[str] = []

    promote_panels = fixed_slug_promote_panels()
    is_creatable = False  # created by the site tree (catalogue_pages.site_tree) only

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def serve(self, request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Invalid filters answer 400 with a message instead of a page of nonsense."""
        from catalogue_pages.listing import CatalogueQuery, InvalidFilter

        try:
            request.catalogue_query = CatalogueQuery.from_request(self, request)
        except InvalidFilter as error:
            from django.template.response import TemplateResponse

            return TemplateResponse(
                request,
                "catalogue_pages/bad_request.html",
                {"page": self, "message": error.message},
                status=400,
            )
        return super().serve(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:  # type: ignore[no-untyped-def]
        from catalogue_pages.listing import CatalogueQuery, catalogue_context

        context = super().get_context(request, *args, **kwargs)
        query = getattr(request, "catalogue_query", None) or CatalogueQuery.from_request(
            self, request
        )
        context.update(catalogue_context(self, query, request))
        return context
