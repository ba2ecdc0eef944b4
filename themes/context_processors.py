"""Navigation every public page needs: the three catalogues in the visitor's language."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from catalogue_pages.site_map import navigation


def site_navigation(request: HttpRequest) -> dict[str, object]:
    if request.path.startswith("/admin/"):
        return {}
    language = get_language() or "lv"
    catalogue_links, footer_pages = navigation(language, request)
    return {"catalogue_links": catalogue_links, "footer_pages": footer_pages}
