"""schema.org for search engines, built only from public page fields.

The CPSV-AP export for re-users is written by the portal's one CPSV-AP writer
(``catalogue_pages.cpsv_nodes``), the same that writes the open-data dump and feed.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from catalogue_pages.audiences import AUDIENCES
from catalogue_pages.sections import channel_items
from requestkit import public_urls

SCHEMA_AUDIENCE = {
    "citizen": "Citizens",
    "business": "Businesses",
    "public-administration": "Public administration",
}


def script_json(data: dict[str, Any]) -> SafeString:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` are escaped."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True)
    encoded = encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(encoded)  # noqa: S308 - escaped above, it is data inside <script>


def schema_org(
    page: Any, request: HttpRequest | None = None, topics: list[str] | None = None
) -> dict[str, Any]:
    """A schema.org ``GovernmentService`` for the page.

    ``topics``, the names of the page's topics in the active language, spares the query when
    the caller read them already (the service card reads them with its other rows).
    """
    if topics is None:
        topics = [t.name for t in page.topics.all()]
    url = public_urls.page_url(page, request)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "url": url,
        "areaServed": {"@type": "Country", "name": "Latvia", "identifier": "LV"},
        "serviceType": ", ".join(topics) or "Public service",
        "audience": [
            {"@type": "Audience", "audienceType": SCHEMA_AUDIENCE[code]}
            for code in AUDIENCES
            if code in page.audiences
        ],
        "availableChannel": [],
    }
    if page.identifier:
        data["identifier"] = page.identifier
    if page.summary:
        data["description"] = page.summary
    authority = page.competent_authority
    if authority is not None:
        provider: dict[str, Any] = {"@type": "GovernmentOrganization", "name": authority.title}
        if authority.live:
            provider["url"] = public_urls.page_url(authority, request)
        data["provider"] = provider
    for channel in channel_items(page.channels):
        entry: dict[str, Any] = {"@type": "ServiceChannel", "name": str(channel["label"])}
        if channel["description"]:
            entry["description"] = channel["description"]
        if channel["url"]:
            entry["serviceUrl"] = channel["url"]
        if channel["telephone"]:
            entry["servicePhone"] = {"@type": "ContactPoint", "telephone": channel["telephone"]}
        data["availableChannel"].append(entry)
    return data


def schema_org_json(
    page: Any, request: HttpRequest | None = None, topics: list[str] | None = None
) -> SafeString:
    return script_json(schema_org(page, request, topics))
