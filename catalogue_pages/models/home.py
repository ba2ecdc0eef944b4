"""The home page: entry points to the three catalogues, life situations and search."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalogue_pages.CatalogueIndexPage",
        "catalogue_pages.ServiceIndexPage",
        "catalogue_pages.LifeSituationIndexPage",
        "catalogue_pages.InstitutionIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
