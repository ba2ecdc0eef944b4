"""The home page: entry points to the three catalogues, life situations and search."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from catalogue_pages.panels import fixed_slug_promote_panels

from .base import IntroductionMixin, SingleChildIndexPage
from .context import BuiltContextMixin
from .permissions import SkeletonPageMixin
from .routing import (
    CheapLocalizedMixin,
    CheapViewRestrictionsMixin,
    kept_folder,
    specific_child,
)


def _is_folder(page: Page) -> bool:
    """A single-child folder (``SingleChildIndexPage``): it routes by its class alone."""
    folder_class = page.specific_class
    return (
        folder_class is not None
        and issubclass(folder_class, SingleChildIndexPage)
        and bool(folder_class.child_model)
    )


class HomePage(
    SkeletonPageMixin,
    IntroductionMixin,
    CheapLocalizedMixin,
    CheapViewRestrictionsMixin,
    BuiltContextMixin,
    Page,
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

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """A page inside a folder (a service, a guide, an institution) in one query, not three.

        Wagtail loads the folder's row, then its specific row, and only then asks it to route
        on. A folder (``SingleChildIndexPage``) routes by its class alone — its child type —
        so its class, known from the row's content type, is enough: the child is fetched at once
        (``specific_child``) with the folder's row as its parent, and that row is kept per
        process (``routing.kept_folder``: the skeleton's folders never move). Anything else
        takes Wagtail's way."""
        if len(path_components) < 2:
            return super().route(request, path_components)
        try:
            # The folder's row is kept per process (``routing.kept_folder``).
            folder = kept_folder(self, path_components[0], _is_folder)
        except Page.DoesNotExist as error:
            raise Http404 from error
        if _is_folder(folder):
            child_model = apps.get_model(folder.specific_class.child_model)
            child = specific_child(folder, child_model, path_components[1])
            if child is not None:
                result: RouteResult = child.route(request, path_components[2:])
                return result
        return folder.specific.route(request, path_components[1:])
