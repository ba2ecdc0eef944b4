"""An institution's page: what it provides, grouped per catalogue, and how to contact it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.translation import get_language

from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.latvian import by_title
from catalogue_pages.models import (
    CatalogueIndexPage,
    InstitutionPage,
    ServiceIndexPage,
    ServicePage,
)
from catalogue_pages.models.context import builds_context_of
from catalogue_pages.models.service import ROW_FIELDS
from catalogue_pages.sections import contact_items


@builds_context_of(InstitutionPage)
def institution_context(page: InstitutionPage, request: HttpRequest) -> dict[str, object]:
    language = get_language() or "lv"
    services = by_title(
        ServicePage.objects.live()
        .filter(competent_authority=page)
        .order_by("pk")
        .rows()
        .only(*ROW_FIELDS, *AUDIENCE_FIELDS.values()),
        lambda service: service.title,
    )
    base_url = ServiceIndexPage.base_url(language, request)
    links = {link["audience"]: link for link in CatalogueIndexPage.links(language)}
    groups = []
    for audience in AUDIENCES:
        items = [s for s in services if getattr(s, AUDIENCE_FIELDS[audience])]
        for service in items:
            service.listing_url = f"{base_url}{service.slug}/"
        if items:
            link = links.get(audience, {})
            groups.append(
                {
                    "audience": audience,
                    "title": link.get("title", audience),
                    "url": (link.get("url", "") + "?" + urlencode({"institution": page.slug}))
                    if link
                    else "",
                    "services": items,
                }
            )
    return {
        "service_groups": groups,
        "service_count": len(services),
        "contacts": contact_items(page.contact_points),
    }
