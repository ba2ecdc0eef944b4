"""What a service page shows, in the fixed order of the "service card".

Cheap values are computed at once; everything that needs a query is handed to the template as
a callable, so inside the page's ``{% cache %}`` fragment nothing is queried on a cache hit.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from catalogue_pages import cache as cache_keys
from catalogue_pages.audiences import AUDIENCES, catalogue_label
from catalogue_pages.blocks import has_content
from catalogue_pages.change_notes import note_items
from catalogue_pages.durations import humanize_duration
from catalogue_pages.jsonld import schema_org_json
from catalogue_pages.latvian import by_title
from catalogue_pages.models import (
    CatalogueIndexPage,
    ChangeNoteExplanation,
    LifeSituationPage,
    ServicePage,
)
from catalogue_pages.models.context import builds_context_of
from catalogue_pages.opening_hours import print_hours_once
from catalogue_pages.sections import (
    channel_items,
    contact_items,
    cost_items,
    legal_items,
    participation_items,
    requirement_items,
    titled_items,
)


def request_form_url(identifier: str) -> str:
    """The request form of the requests app, or "" while that URL does not exist yet."""
    try:
        return reverse("service_requests:new", args=[identifier])
    except NoReverseMatch:
        return ""


def breadcrumb_audience(page: Any, request: HttpRequest) -> str | None:
    """The catalogue the visitor came from (``?no=``) if it lists the service, else the primary."""
    wanted = request.GET.get("no", "")
    audiences = page.audiences
    if wanted in audiences:
        return wanted
    return page.primary_audience


def breadcrumbs(
    page: Any, audience: str | None, language: str, request: HttpRequest | None = None
) -> list[dict[str, str]]:
    crumbs = [{"title": "", "url": f"/{language}/", "home": "1"}]
    for link in CatalogueIndexPage.links(language, request):
        if link["audience"] == audience:
            crumbs.append({"title": link["title"], "url": link["url"]})
    return crumbs


#: The newest notes a service page lists; older ones stay in the open-data feed and export.
CHANGE_NOTES_SHOWN = 20


def change_items(page: ServicePage, language: str) -> list[dict[str, Any]]:
    """The page's change notes, newest first, as sentences in its language, each with the
    editors' published explanations (rows of the live page: drafts are not shown)."""
    explanations = Prefetch(
        "explanations",
        queryset=ChangeNoteExplanation.objects.filter(page_id=page.pk).order_by("sort_order"),
        to_attr="public_explanations",
    )
    notes = page.change_notes.prefetch_related(explanations)[:CHANGE_NOTES_SHOWN]
    return note_items(notes, language)


@builds_context_of(ServicePage)
def service_context(page: ServicePage, request: HttpRequest) -> dict[str, Any]:
    language = get_language() or "lv"
    audience = breadcrumb_audience(page, request)

    contacts = contact_items(page.contact_points)
    channel_list = channel_items(page.channels)
    print_hours_once(channel_list, contacts)

    def channels() -> list[dict[str, Any]]:
        for item in channel_list:
            if item["type"] == "request-form":
                item["url"] = request_form_url(page.identifier) if page.identifier else ""
        return channel_list

    def start_channel() -> dict[str, Any] | None:
        """The way to act on the first screen: online first; for residents and businesses never
        the institutions' request form (they cannot use it), unless it is the only way."""
        items = channels()
        if page.for_citizens or page.for_business:
            for_people = [c for c in items if c["type"] != "request-form"]
            items = for_people or items
        return items[0] if items else None

    def provider() -> dict[str, Any] | None:
        authority = page.competent_authority
        if authority is None or not authority.live:
            return None
        return {
            "title": authority.title,
            "url": authority.get_url(request),
            "website": authority.website,
            "contacts": contact_items(authority.contact_points),
        }

    def situations() -> list[dict[str, str]]:
        rows = (
            LifeSituationPage.objects.live().filter(services=page).only("title", "url_path", "kind")
        )
        return [{"title": s.title, "url": s.get_url(request)} for s in rows]

    def related() -> list[dict[str, str]]:
        identifiers = [i for i in page.related_identifiers or [] if isinstance(i, str)]
        if not identifiers:
            return []
        rows = by_title(
            ServicePage.objects.by_identifier(page.locale_id, identifiers).only(
                "title", "url_path", "summary"
            ),
            lambda service: service.title,
        )
        return [{"title": s.title, "url": s.get_url(request), "summary": s.summary} for s in rows]

    # Editorial blocks have fixed places with headings and table-of-contents entries: the
    # FAQs in "Frequently asked questions", everything else in "Good to know", both after the
    # register's "What you get" and before the legal basis.
    blocks = [block for block in page.body or [] if has_content(block)]
    return {
        "editorial_blocks": [b for b in blocks if b.block_type != "faq"],
        "faq_blocks": [b for b in blocks if b.block_type == "faq"],
        "audience": audience,
        "breadcrumbs": breadcrumbs(page, audience, language, request),
        "cache_generation": cache_keys.generation(),
        "fragment_timeout": cache_keys.fragment_timeout(request),
        "fragment_scope": cache_keys.fragment_scope(request),
        "audience_labels": [
            {"code": code, "label": catalogue_label(code)}
            for code in AUDIENCES
            if code in page.audiences
        ],
        "participations": participation_items(page.participations),
        "channel_list": functools.cache(channels),
        "start_channel": functools.cache(start_channel),
        "requirement_list": requirement_items(page.requirements),
        "cost_list": cost_items(page.costs, language),
        "processing_time_text": humanize_duration(page.processing_time, language),
        "output_list": titled_items(page.outputs),
        "legal_list": legal_items(page.legal_resources),
        "contact_list": contacts,
        # "Who can use it" shows every requirement the register holds (title and text), not
        # only the ones with a description; the first screen names them in short.
        "condition_list": requirement_items(page.requirements),
        "need_titles": [r["title"] for r in requirement_items(page.requirements) if r["title"]],
        "provider": functools.cache(provider),
        "situation_list": functools.cache(situations),
        "related_list": functools.cache(related),
        "change_list": functools.cache(lambda: change_items(page, language)),
        "schema_org": functools.cache(lambda: schema_org_json(page, request)),
    }
