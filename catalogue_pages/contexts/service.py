"""What a service page shows, in the fixed order of the "service card".

Cheap values are computed at once; everything that needs a query is handed to the template as
a callable, so inside the page's ``{% cache %}`` fragment nothing is queried on a cache hit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from catalogue_pages import cache as cache_keys
from catalogue_pages.audiences import AUDIENCES, catalogue_label
from catalogue_pages.blocks import has_content
from catalogue_pages.change_notes import note_items
from catalogue_pages.durations import humanize_duration
from catalogue_pages.jsonld import schema_org_json
from catalogue_pages.latvian import by_title
from catalogue_pages.models import (
    ChangeNote,
    ChangeNoteExplanation,
    LifeSituationPage,
    ServicePage,
    Topic,
)
from catalogue_pages.models.context import builds_context_of
from catalogue_pages.models.routing import get_url
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
from catalogue_pages.site_map import navigation


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
    """Home, then the catalogue. The links come with the footer's (``site_map.navigation``):
    the page's context is built before the context processor asks for both."""
    crumbs = [{"title": "", "url": f"/{language}/", "home": "1"}]
    catalogue_links, _footer = navigation(language, request)
    for link in catalogue_links:
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


@dataclass
class CardRows:
    """What the service card reads from other rows, from one query (``card_rows``)."""

    #: (Latvian name, English name) of the page's topics, by Latvian name.
    topics: list[tuple[str, str]] = field(default_factory=list)
    #: Live translations (this page included) as base ``Page`` rows, by tree path.
    translations: list[tuple[str, Page]] = field(default_factory=list)
    #: Live guides that list the service, by tree path.
    situations: list[LifeSituationPage] = field(default_factory=list)
    #: Live services of the page's locale named by ``related_identifiers``, by tree path.
    related: list[ServicePage] = field(default_factory=list)
    #: Whether the page has change notes at all: most services have none, and then the notes'
    #: own query (with its prefetch of the editors' explanations) is not made.
    has_change_notes: bool = False


@functools.lru_cache(maxsize=64)
def _card_sql(identifier_count: int) -> str:
    """One ``UNION ALL`` of the four reads the card made one by one.

    Why raw SQL: each of those reads cost Django ~0.6 ms to build, compile and turn into model
    rows for ~0.05 ms of SQL (docs/benchmarks.md, "Second pass on the uncached service
    page"); the statement text only depends on the number of related identifiers. The rows
    and their order are those of the ORM queries it replaces (tests/catalogue_pages/
    test_service_card_rows.py compares them): a page's topics by Latvian name, the pages by
    tree path; the related services through a sub-query on the service table alone, as
    ``ServicePageQuerySet.by_identifier`` does (SQLite would otherwise scan the language).
    """
    page = Page._meta.db_table
    locale = Locale._meta.db_table
    topic = Topic._meta.db_table
    service = ServicePage._meta.db_table
    guide = LifeSituationPage._meta.db_table
    service_topics = ServicePage.topics.through._meta.db_table
    guide_services = LifeSituationPage.services.through._meta.db_table
    change_note = ChangeNote._meta.db_table
    q = connection.ops.quote_name
    related = ""
    if identifier_count:
        marks = ", ".join(["%s"] * identifier_count)
        related = f"""
        UNION ALL
        SELECT 3, p.id, p.path, p.title, p.url_path, s.summary
        FROM {q(service)} s INNER JOIN {q(page)} p ON s.page_ptr_id = p.id
        WHERE p.live AND p.locale_id = %s AND s.page_ptr_id IN (
            SELECT u.page_ptr_id FROM {q(service)} u WHERE u.identifier IN ({marks}))"""  # noqa: S608 - names from the models, values as parameters
    return f"""
        SELECT 0 AS src, t.id, t.name_lv AS sort_key, t.name_lv, '', t.name_en
        FROM {q(topic)} t INNER JOIN {q(service_topics)} st ON t.id = st.topic_id
        WHERE st.servicepage_id = %s
        UNION ALL
        SELECT 1, p.id, p.path, '', p.url_path, l.language_code
        FROM {q(page)} p INNER JOIN {q(locale)} l ON p.locale_id = l.id
        WHERE p.live AND p.translation_key = %s
        UNION ALL
        SELECT 2, p.id, p.path, p.title, p.url_path, g.kind
        FROM {q(guide)} g INNER JOIN {q(page)} p ON g.page_ptr_id = p.id
        INNER JOIN {q(guide_services)} gs ON g.page_ptr_id = gs.lifesituationpage_id
        WHERE p.live AND gs.servicepage_id = %s
        UNION ALL
        SELECT 4, 0, '', '', '', '' WHERE EXISTS (
            SELECT 1 FROM {q(change_note)} n WHERE n.page_id = %s){related}
        ORDER BY 1, 3, 2"""  # noqa: S608 - names from the models, values as parameters


def card_rows(page: ServicePage) -> CardRows:
    """The card's topics, translations, guides, related services and whether it has change
    notes, in one query."""
    identifiers = list(
        dict.fromkeys(i for i in page.related_identifiers or [] if isinstance(i, str))
    )
    key = Page._meta.get_field("translation_key").get_db_prep_value(
        page.translation_key, connection
    )
    params: list[Any] = [page.pk, key, page.pk, page.pk]
    if identifiers:
        params += [page.locale_id, *identifiers]
    rows = CardRows()
    with connection.cursor() as cursor:
        cursor.execute(_card_sql(len(identifiers)), params)
        found = cursor.fetchall()
    for src, pk, _sort, title, url_path, extra in found:
        if src == 0:
            rows.topics.append((title, extra))
        elif src == 1:
            rows.translations.append((extra, Page(id=pk, url_path=url_path)))
        elif src == 4:
            rows.has_change_notes = True
        elif src == 2:
            rows.situations.append(
                LifeSituationPage(id=pk, page_ptr_id=pk, title=title, url_path=url_path, kind=extra)
            )
        elif src == 3:
            rows.related.append(
                ServicePage(id=pk, page_ptr_id=pk, title=title, url_path=url_path, summary=extra)
            )
    return rows


def topic_names(topics: list[tuple[str, str]]) -> list[str]:
    """``Topic.name`` of each (Latvian, English) pair: the active language's, Latvian if none."""
    english = (get_language() or "lv").startswith("en")
    return [name_en if english and name_en else name_lv for name_lv, name_en in topics]


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

    # Read lazily, once, by whichever of the card's cached fragments and the language switch
    # needs it first: on a fragment hit nothing is queried.
    rows = functools.cache(lambda: card_rows(page))

    def situations() -> list[dict[str, str]]:
        return [{"title": s.title, "url": s.get_url(request)} for s in rows().situations]

    def related() -> list[dict[str, str]]:
        found = by_title(rows().related, lambda service: service.title)
        return [{"title": s.title, "url": s.get_url(request), "summary": s.summary} for s in found]

    def translations() -> dict[str, str | None]:
        return {code: get_url(row, request) for code, row in rows().translations}

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
        "change_list": functools.cache(
            lambda: change_items(page, language) if rows().has_change_notes else []
        ),
        "schema_org": functools.cache(
            lambda: schema_org_json(page, request, topic_names(rows().topics))
        ),
        "page_translations": functools.cache(translations),
    }
