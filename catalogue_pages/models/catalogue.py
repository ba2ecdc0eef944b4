"""A catalogue: the services of one audience, browsable by topic, situation, institution, A–Z."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from catalogue_pages import cache as cache_keys
from catalogue_pages.audiences import AUDIENCES, Audience
from catalogue_pages.panels import fixed_slug_promote_panels

from .base import IntroductionMixin
from .context import BuiltContextMixin
from .permissions import SkeletonPageMixin
from .routing import CheapViewRestrictionsMixin, few, page_url


def link_rows(
    pages_by_audience: dict[str, CatalogueIndexPage], request: HttpRequest | None = None
) -> list[dict[str, str]]:
    """The header's catalogue links (audience, title, URL) in ``AUDIENCES`` order.

    One shape for both producers of the cached links, ``CatalogueIndexPage.links`` (ORM) and
    ``site_map.navigation`` (one raw query): they share a cache key, so they must agree."""
    return [
        {
            "audience": audience,
            "title": pages_by_audience[audience].title,
            "url": page_url(pages_by_audience[audience], request),
        }
        for audience in AUDIENCES
        if audience in pages_by_audience
    ]


class InvalidFilter(Exception):
    """A filter value the visitor (or a hand-edited URL) sent that we cannot honour."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CatalogueIndexPage(
    SkeletonPageMixin, IntroductionMixin, CheapViewRestrictionsMixin, BuiltContextMixin, Page
):
    audience = models.CharField(_("audience"), max_length=32, choices=Audience.choices)

    parent_page_types = ["catalogue_pages.HomePage"]
    subpage_types: list[str] = []

    promote_panels = fixed_slug_promote_panels()
    is_creatable = False  # created by the site tree (catalogue_pages.site_tree) only

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Invalid filters answer 400 with a message instead of a page of nonsense.

        The filters are read while the context is built (``contexts.catalogue``), which
        ``Page.serve`` does before it returns the response.
        """
        try:
            return super().serve(request, *args, **kwargs)
        except InvalidFilter as error:
            return TemplateResponse(
                request,
                "catalogue_pages/bad_request.html",
                {"page": self, "message": error.message},
                status=400,
            )

    @classmethod
    def links(cls, language: str, request: HttpRequest | None = None) -> list[dict[str, str]]:
        """Title and URL of the three catalogues of a language, in audience order (cached).

        With the request, once per request: the header and the breadcrumbs both ask, and each
        ask is a shared-cache read (a Redis round trip in production) or, on a cold cache, a
        query and the site root paths."""
        memo: dict[str, list[dict[str, str]]] | None = None
        if request is not None:
            memo = request.__dict__.setdefault("_catalogue_links", {})
            if language in memo:
                return memo[language]
        key = cache_keys.catalogue_links(language)
        links = cache.get(key)
        if links is None:
            pages = {
                page.audience: page
                for page in few(cls)
                .live()
                .filter(locale__language_code=language)
                .only("title", "url_path", "audience")
            }
            links = link_rows(pages, request)
            cache.set(key, links, cache_keys.LINKS_TIMEOUT)
        if memo is not None:
            memo[language] = links
        return links
