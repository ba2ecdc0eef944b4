"""Navigation every public page needs: the three catalogues in the visitor's language."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from catalogue_pages.models import CatalogueIndexPage


def site_navigation(request: HttpRequest) -> dict[str, object]:
    if request.path.startswith("/admin/"):
        return {}
    return {"catalogue_links": CatalogueIndexPage.links(get_language() or "lv")}
