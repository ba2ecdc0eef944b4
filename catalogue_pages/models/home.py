"""The home page: entry points to the three catalogues, life situations and search."""

from __future__ import annotations

from typing import ClassVar

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .routing import CheapViewRestrictionsMixin


class HomePage(CheapViewRestrictionsMixin, Page):
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
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalogue_pages.CatalogueIndexPage",
        "catalogue_pages.ServiceIndexPage",
        "catalogue_pages.LifeSituationIndexPage",
        "catalogue_pages.InstitutionIndexPage",
        "catalogue_pages.InfoPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:  # type: ignore[no-untyped-def]
        from catalogue_pages.listing import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context
