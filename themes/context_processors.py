"""Navigation every public page needs: the three catalogues in the visitor's language."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from catalogue_pages.models import CatalogueIndexPage
from catalogue_pages.site_map import footer_links


def site_navigation(request: HttpRequest) -> dict[str, object]:
    if request.path.startswith("/admin/"):
        return {}
    language = get_language() or "lv"
    return {
        "catalogue_links": CatalogueIndexPage.links(language, request),
        "footer_pages": footer_links(language, request),
    }
