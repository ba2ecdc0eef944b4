"""A life-situation guide: the register's needs in order, each with the services that meet it.

Needs sharing an ``order`` number happen at the same time; they become one step with parallel
parts. Services are looked up once, in the guide's language, with only the fields shown.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import get_language

from catalogue_pages import cache as cache_keys
from catalogue_pages import checklist
from catalogue_pages.models import ChangeNote, LifeSituationPage, ServiceIndexPage, ServicePage
from catalogue_pages.models.context import builds_context_of
from catalogue_pages.models.service import ROW_FIELDS
from catalogue_pages.sections import text


def guide_steps(needs: Any, services: dict[str, Any]) -> list[dict[str, Any]]:
    """Group needs by order into steps; attach the known, live services of each need."""
    by_order: dict[int, list[dict[str, Any]]] = {}
    for need in needs if isinstance(needs, list) else []:
        if not isinstance(need, dict):
            continue
        try:
            order = int(need.get("order", 0))
        except (TypeError, ValueError):
            order = 0
        identifiers = need.get("services") if isinstance(need.get("services"), list) else []
        by_order.setdefault(order, []).append(
            {
                "title": text(need.get("title")),
                "description": text(need.get("description")),
                "services": [
                    services[i] for i in identifiers if isinstance(i, str) and i in services
                ],
            }
        )
    steps = [
        {"number": number, "needs": parts, "parallel": len(parts) > 1}
        for number, (_order, parts) in enumerate(sorted(by_order.items()), start=1)
    ]
    for index, need in enumerate(need for step in steps for need in step["needs"]):
        need["index"] = index  # the checklist's tick number (catalogue_pages.checklist)
    return steps


def guide_sections(
    page: LifeSituationPage,
    language: str,
    ticks: dict[int, Any],
    request: HttpRequest | None = None,
) -> dict[str, Any]:
    """The guide's steps (each need with its services, ticks and "changed since" flags), the
    services linked to no need, and the institutions. Needs no request, so the e-mailed
    checklist (``alerts``) is built from the same rules as the page."""
    identifiers = {
        i
        for need in page.needs or []
        if isinstance(need, dict)
        for i in (need.get("services") or [])
        if isinstance(i, str)
    }
    services_qs = (
        ServicePage.objects.by_identifier(page.locale_id, identifiers)
        if identifiers
        else page.services.live()
    )
    rows = services_qs.rows().only(
        *ROW_FIELDS,
        "for_citizens",
        "for_business",
        "for_institutions",
        # The printed checklist gives each service's phone.
        "contact_points",
        "channels",
    )
    base_url = ServiceIndexPage.base_url(language, request)
    services: dict[str, Any] = {}
    for service in rows:
        service.listing_url = f"{base_url}{service.slug}/"
        services[service.identifier] = service
    steps = guide_steps(page.needs, services)
    latest = dict(
        ChangeNote.objects.filter(page_id__in=[s.pk for s in services.values()])
        .values("page_id")
        .annotate(last=Max("changed_at"))
        .values_list("page_id", "last")
    )
    checklist.annotate(steps, ticks, latest)
    listed = {s.identifier for step in steps for need in step["needs"] for s in need["services"]}
    # Services linked to the situation but to no need still belong in the guide.
    others = sorted((s for i, s in services.items() if i not in listed), key=lambda s: s.title)
    if not identifiers:
        others = sorted(services.values(), key=lambda s: s.title)
    institutions = sorted(
        {s.competent_authority.title for s in services.values() if s.competent_authority_id}
    )
    return {"steps": steps, "other_services": others, "guide_institutions": institutions}


@builds_context_of(LifeSituationPage)
def guide_context(page: LifeSituationPage, request: HttpRequest) -> dict[str, Any]:
    """Steps, other services and institutions are callables (see ``contexts``): inside the
    page's ``{% cache %}`` fragment the services are looked up only on a cache miss."""
    language = get_language() or "lv"

    def sections() -> dict[str, Any]:
        return guide_sections(
            page, language, checklist.request_ticks(page.identifier, request), request
        )

    data = functools.cache(sections)
    return {
        "steps": lambda: data()["steps"],
        "other_services": lambda: data()["other_services"],
        "guide_institutions": lambda: data()["guide_institutions"],
        "cache_generation": cache_keys.generation(),
        "guide_audience": "business" if page.kind == "business" else "citizen",
        "guide_crumbs": [
            {"home": "1", "url": f"/{language}/"},
            {"title": parent.title, "url": parent.get_url(request)},
        ]
        if (parent := page.get_parent())
        else [],
    }
