"""Links to the three catalogues, cached per language (they change only when pages move)."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from catalogue_pages.audiences import AUDIENCES
from catalogue_pages.models import CatalogueIndexPage
from catalogue_pages.models.routing import few

CACHE_KEY = "catalogue-links:{language}"


def catalogue_links(language: str) -> list[dict[str, str]]:
    key = CACHE_KEY.format(language=language)
    links = cache.get(key)
    if links is None:
        pages = {
            page.audience: page
            for page in few(CatalogueIndexPage).live().filter(locale__language_code=language)
        }
        links = [
            {"audience": audience, "title": pages[audience].title, "url": pages[audience].url}
            for audience in AUDIENCES
            if audience in pages
        ]
        cache.set(key, links, 300)
    return links


def catalogue_label(audience: str) -> str:
    labels = {
        "citizen": _("For residents"),
        "business": _("For businesses"),
        "public-administration": _("For institutions"),
    }
    return labels.get(audience, audience)
