"""The home page: entry points to the three catalogues, life situations and search."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from catalogue_pages.panels import fixed_slug_promote_panels

from .base import IntroductionMixin
from .context import BuiltContextMixin
from .permissions import SkeletonPageMixin
from .routing import CheapViewRestrictionsMixin


class HomePage(
    SkeletonPageMixin, IntroductionMixin, CheapViewRestrictionsMixin, BuiltContextMixin, Page
):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalogue_pages.CatalogueIndexPage",
        "catalogue_pages.ServiceIndexPage",
        "catalogue_pages.LifeSituationIndexPage",
        "catalogue_pages.InstitutionIndexPage",
        "catalogue_pages.InfoPage",
    ]
    max_count_per_parent = 1

    promote_panels = fixed_slug_promote_panels()
    is_creatable = False  # created by the site tree (catalogue_pages.site_tree) only

    class Meta:
        verbose_name = _("home page")
