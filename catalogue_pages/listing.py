"""Listings: the catalogues (filters, facets, A–Z, pagination), indexes and institution pages.

Query budget: an unfiltered catalogue page costs one query for its 20 rows (by primary key, from
the cached catalogue order); the facets, the A–Z counts and that order come from a few queries
cached per catalogue, language and content generation (``catalogue_pages.cache``) and, computed
on write, stored in the database (``catalogue_pages.facets``), so its cost does not grow with the
catalogue beyond the page shown and the facet rows. Filtered pages add a count.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue_pages import cache as listing_cache
from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.latvian import initial, sort_key
from catalogue_pages.models import (
    CatalogueIndexPage,
    InstitutionPage,
    LifeSituationPage,
    ServicePage,
    Topic,
)
from portal.numbers import parse_positive_int

PER_PAGE = 20
MAX_PARAM = 100
#: Fields a service row in a listing needs, nothing more.
ROW_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "summary",
    "identifier",
    "is_online",
    "is_free",
    "competent_authority__id",
    "competent_authority__title",
)


class InvalidFilter(Exception):
    """A filter value the visitor (or a hand-edited URL) sent that we cannot honour."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def services_for(audience: str, language: str) -> QuerySet[ServicePage]:
    """Live services of one audience in one language: what a catalogue lists."""
    if audience not in AUDIENCE_FIELDS:
        return ServicePage.objects.none()
    return ServicePage.objects.live().filter(
        locale__language_code=language, **{AUDIENCE_FIELDS[audience]: True}
    )


def services_by_identifier(locale_id: int, identifiers: Iterable[str]) -> QuerySet[ServicePage]:
    """Live services of one locale with these register identifiers.

    The identifiers go through a sub-query on the service table alone: filtered together with
    ``locale_id`` SQLite prefers the locale index and scans every page of the language.
    """
    matching = ServicePage.objects.filter(identifier__in=list(identifiers)).values("pk")
    return ServicePage.objects.live().filter(locale_id=locale_id, pk__in=matching)


def service_rows(queryset: QuerySet[ServicePage]) -> QuerySet[ServicePage]:
    return queryset.select_related("competent_authority").only(*ROW_FIELDS)


def _live_page(model: type, language: str, slug: str):  # type: ignore[no-untyped-def]
    """The live page a filter names by slug in this language, or None."""
    return (
        model.objects.live()
        .filter(locale__language_code=language, slug=slug)
        .only("id", "title", "slug")
        .first()
    )


def _param(request: HttpRequest, name: str) -> str:
    value = request.GET.get(name, "")
    return value.strip()[:MAX_PARAM]


@dataclass
class CatalogueQuery:
    """The validated filters of one catalogue request."""

    audience: str
    language: str
    topic: Topic | None = None
    situation: LifeSituationPage | None = None
    institution: InstitutionPage | None = None
    letter: str = ""
    page_number: int = 1
    params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_request(cls, page: CatalogueIndexPage, request: HttpRequest) -> CatalogueQuery:
        language = (get_language() or "lv") if page.locale_id else "lv"
        query = cls(audience=page.audience, language=language)
        page_number = parse_positive_int(_param(request, "page") or "1", maximum=999_999)
        if page_number is None:
            raise InvalidFilter(_("The page number must be a whole number of 1 or more."))
        query.page_number = page_number
        topic = _param(request, "topic")
        if topic:
            query.topic = Topic.objects.filter(slug=topic).first()
            if query.topic is None:
                raise InvalidFilter(_("There is no such topic. Choose a topic from the list."))
            query.params["topic"] = topic
        situation = _param(request, "situation")
        if situation:
            query.situation = _live_page(LifeSituationPage, language, situation)
            if query.situation is None:
                raise InvalidFilter(_("There is no such life situation. Choose one from the list."))
            query.params["situation"] = situation
        institution = _param(request, "institution")
        if institution:
            query.institution = _live_page(InstitutionPage, language, institution)
            if query.institution is None:
                raise InvalidFilter(_("There is no such institution. Choose one from the list."))
            query.params["institution"] = institution
        letter = _param(request, "letter")
        if letter:
            if letter != "0–9" and (len(letter) != 1 or not letter.isalpha()):
                raise InvalidFilter(_("Choose a single letter from the A–Z list."))
            query.letter = letter.upper()
            query.params["letter"] = query.letter
        return query

    @property
    def is_filtered(self) -> bool:
        return bool(self.params)

    def url(self, **changes: object) -> str:
        params = {**self.params, **{k: str(v) for k, v in changes.items() if v not in (None, "")}}
        for name, value in changes.items():
            if value in (None, ""):
                params.pop(name, None)
        if params.get("page") == "1":
            params.pop("page")
        return "?" + urlencode(params) if params else "?"

    def filtered(self) -> QuerySet[ServicePage]:
        qs = services_for(self.audience, self.language)
        if self.topic is not None:
            qs = qs.filter(topics=self.topic)
        if self.situation is not None:
            qs = qs.filter(life_situations=self.situation)
        if self.institution is not None:
            qs = qs.filter(competent_authority=self.institution)
        if self.letter == "0–9":
            qs = qs.filter(title__regex=r"^[0-9]")
        elif self.letter:
            qs = qs.filter(
                Q(title__startswith=self.letter) | Q(title__startswith=self.letter.lower())
            )
        return qs


def catalogue_facets(audience: str, language: str) -> dict[str, object]:
    """Topics, situations, institutions and initials with counts: cache, else the stored row.

    Counting them over the whole catalogue costs ~50 ms at 10,000 services, so they are computed
    when content is written (``catalogue_pages.facets``) and stored in ``CatalogueFacets``; a
    cold cache costs one row. Only a database that never stored them computes them here.
    """
    cache_key = listing_cache.key("facets", audience, language)
    facets = cache.get(cache_key)
    if facets is not None:
        return facets
    from catalogue_pages.facets import stored_facets

    data = stored_facets(audience, language)
    remember_facets(audience, language, data)
    return data["facets"]


def remember_facets(audience: str, language: str, data: dict[str, object]) -> None:
    """Cache what ``compute_facets`` returns under the current generation."""
    cache.set_many(
        {
            listing_cache.key("facets", audience, language): data["facets"],
            listing_cache.key("order", audience, language): data["order"],
            listing_cache.key("situations", audience, language): data["situations"],
        },
        listing_cache.TIMEOUT,
    )


def compute_facets(audience: str, language: str) -> dict[str, object]:
    """Count the facets of one catalogue from scratch (JSON-ready: stored as it is).

    Returns ``facets`` (what the page shows), ``order`` (primary keys of the unfiltered
    catalogue in listing order) and ``situations`` (the situation facet as data).
    """
    # Grouped counts need no ordering: an ORDER BY column would join the GROUP BY.
    base = services_for(audience, language).order_by()
    topics = [
        {"slug": slug, "name_lv": name_lv, "name_en": name_en, "count": n}
        for slug, name_lv, name_en, n in base.filter(topics__isnull=False)
        .values_list("topics", "topics__slug", "topics__name_lv", "topics__name_en")
        .annotate(n=Count("pk"))
        .order_by("topics__name_lv")
        .values_list("topics__slug", "topics__name_lv", "topics__name_en", "n")
    ]
    audience_filter = {f"services__{AUDIENCE_FIELDS[audience]}": True, "services__live": True}
    # Plain values, not page instances: a catalogue may have a thousand situations.
    situations = [
        {
            "slug": s["slug"],
            "title": s["title"],
            "kind": s["kind"],
            "count": s["n"],
            "url_path": s["url_path"],
        }
        for s in LifeSituationPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("path")
        .values("pk", "slug", "title", "kind", "url_path")
        .annotate(n=Count("services", filter=Q(**audience_filter)))
        .filter(n__gt=0)
    ]
    situations.sort(key=lambda item: sort_key(item["title"]))
    # One pass over (pk, title) in catalogue order gives the A–Z counts, the total and the
    # order of the unfiltered pages (cached: a page then fetches only its 20 rows by pk).
    # The same pass counts services per competent authority.
    letters: dict[str, int] = {}
    order: list[int] = []
    per_authority: dict[int, int] = {}
    initials: dict[str, str] = {}
    for pk, title, authority in base.order_by("title", "pk").values_list(
        "pk", "title", "competent_authority_id"
    ):
        order.append(pk)
        first = title[:1]
        letter = initials.get(first)
        if letter is None:
            letter = initials[first] = initial(first)
        if letter:
            letters[letter] = letters.get(letter, 0) + 1
        if authority is not None:
            per_authority[authority] = per_authority.get(authority, 0) + 1
    by_institution: dict[tuple[str, str], int] = {}
    for row in (
        InstitutionPage.objects.live()
        .filter(pk__in=list(per_authority))
        .values_list("pk", "slug", "title")
    ):
        key = (row[1], row[2])
        by_institution[key] = by_institution.get(key, 0) + per_authority[row[0]]
    institutions = [
        {"slug": slug, "title": title, "count": n}
        for (slug, title), n in sorted(by_institution.items())
    ]
    institutions.sort(key=lambda item: sort_key(item["title"]))
    facets = {
        "topics": topics,
        "institutions": institutions,
        # The list itself is cached apart (``catalogue_situations``): unpickling a thousand
        # dicts on every request would cost more than rendering the page.
        "has_situations": bool(situations),
        "letters": [
            [letter, n] for letter, n in sorted(letters.items(), key=lambda item: sort_key(item[0]))
        ],
        "total": sum(letters.values()),
        # Pre-rendered: a catalogue may list a thousand situations, too many for a template loop.
        "institution_options": _options(
            (item["slug"], f"{item['title']} ({item['count']})") for item in institutions
        ),
        "situation_options": _options(
            (item["slug"], f"{item['title']} ({item['count']})") for item in situations
        ),
        "situation_links": _links("situation", situations),
    }
    return {"facets": facets, "order": order, "situations": situations}


def catalogue_situations(audience: str, language: str) -> list[dict[str, object]]:
    """The situations facet as data (the page itself shows the pre-rendered HTML)."""
    situations = cache.get(listing_cache.key("situations", audience, language))
    if situations is None:
        cache.delete(listing_cache.key("facets", audience, language))
        catalogue_facets(audience, language)
        situations = cache.get(listing_cache.key("situations", audience, language)) or []
    return situations


def catalogue_order(audience: str, language: str) -> list[int]:
    """Primary keys of the unfiltered catalogue in listing order (title, pk), cached."""
    order = cache.get(listing_cache.key("order", audience, language))
    if order is None:
        cache.delete(listing_cache.key("facets", audience, language))
        catalogue_facets(audience, language)
        order = cache.get(listing_cache.key("order", audience, language)) or []
    return order


def _escape(value: object) -> str:
    """What ``django.utils.html.escape`` (and template autoescaping) outputs, minus its overhead."""
    return html.escape(str(value))


def _options(items: Iterable[tuple[str, str]]) -> str:
    """``<option>`` elements (escaped as the template would), none selected."""
    return "".join(
        f'<option value="{_escape(value)}">{_escape(label)}</option>' for value, label in items
    )


def _select(options: str, selected: str | None) -> str:
    if selected:
        value = _escape(selected)
        options = options.replace(
            f'<option value="{value}">', f'<option value="{value}" selected>', 1
        )
    return mark_safe(options)  # noqa: S308 - every value was escaped by _options


def _links(name: str, items: list[dict[str, object]]) -> str:
    """The browse list items: ``?<name>=<slug>`` links with counts."""
    return "".join(
        f'<li><a href="?{name}={_escape(item["slug"])}#results">{_escape(item["title"])}</a>'
        f' <span class="count">({item["count"]})</span></li>'
        for item in items
    )


def topic_name(item: dict[str, object], language: str) -> str:
    return str(
        item["name_en"] if language.startswith("en") and item["name_en"] else item["name_lv"]
    )


def catalogue_context(
    page: CatalogueIndexPage, query: CatalogueQuery, request: HttpRequest
) -> dict[str, object]:
    facets = catalogue_facets(page.audience, query.language)
    topics = sorted(
        ({**item, "name": topic_name(item, query.language)} for item in facets["topics"]),
        key=lambda item: sort_key(item["name"]),
    )
    if query.is_filtered:
        paginator = Paginator(service_rows(query.filtered().order_by("title", "pk")), PER_PAGE)
    else:
        # The cached order of the whole catalogue: no COUNT, no sort, no OFFSET scan.
        paginator = Paginator(catalogue_order(page.audience, query.language), PER_PAGE)
        paginator.__dict__["count"] = facets["total"]
    count = paginator.count
    past_end = query.page_number > max(paginator.num_pages, 1)
    services = [] if past_end else list(paginator.page(query.page_number).object_list)
    if services and not query.is_filtered:
        rows = service_rows(query.filtered().filter(pk__in=services)).in_bulk()
        services = [rows[pk] for pk in services if pk in rows]
    base_url = service_base_url(query.language, request, services[0] if services else None)
    for service in services:
        service.listing_url = f"{base_url}{service.slug}/?no={page.audience}"
    return {
        "query": query,
        "services": services,
        "result_count": count,
        "page_number": query.page_number,
        "num_pages": paginator.num_pages,
        "past_end": past_end,
        "previous_url": query.url(page=query.page_number - 1)
        if 1 < query.page_number <= paginator.num_pages + 1
        else "",
        "next_url": query.url(page=query.page_number + 1)
        if query.page_number < paginator.num_pages
        else "",
        "topics": topics,
        "topic_options": _select(
            _options((item["slug"], f"{item['name']} ({item['count']})") for item in topics),
            query.topic.slug if query.topic else None,
        ),
        "institutions": facets["institutions"],
        "institution_options": _select(
            facets["institution_options"], query.institution.slug if query.institution else None
        ),
        "has_situations": facets["has_situations"],
        # Loaded only if a template asks for the list itself (the page uses the HTML below).
        "situations": lambda: catalogue_situations(page.audience, query.language),
        "situation_options": _select(
            facets["situation_options"], query.situation.slug if query.situation else None
        ),
        "situation_links": mark_safe(facets["situation_links"]),  # noqa: S308 - escaped by _links
        "letters": facets["letters"],
        "total_count": facets["total"],
        "audience": page.audience,
        "home_crumbs": [{"home": "1", "url": f"/{query.language}/"}],
        "cache_generation": listing_cache.generation(),
    }


def service_base_url(
    language: str, request: HttpRequest | None = None, sample: ServicePage | None = None
) -> str:
    """The URL of the one service folder of a language, cached (it never moves).

    ``sample``, a service of that language, spares the query: its URL is the folder's + slug.
    """
    cache_key = f"cp:service-base:{language}"
    url = cache.get(cache_key)
    if url is None and sample is not None:
        sample_url = sample.get_url(request) or ""
        if sample_url.endswith(f"/{sample.slug}/"):
            url = sample_url[: -len(sample.slug) - 1]
            cache.set(cache_key, url, listing_cache.TIMEOUT)
    if url is None:
        from catalogue_pages.models import ServiceIndexPage
        from catalogue_pages.models.routing import few

        index = (
            few(ServiceIndexPage).filter(locale__language_code=language).only("url_path").first()
        )
        url = index.get_url(request) if index else f"/{language}/pakalpojumi/"
        cache.set(cache_key, url, listing_cache.TIMEOUT)
    return url


def home_context(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    language = get_language() or "lv"
    cache_key = listing_cache.key("home", language)
    data = cache.get(cache_key)
    if data is None:
        # One pass over the language's live services counts all three catalogues.
        totals = (
            ServicePage.objects.live()
            .filter(locale__language_code=language)
            .aggregate(
                **{
                    f"n_{audience}": Count("pk", filter=Q(**{AUDIENCE_FIELDS[audience]: True}))
                    for audience in AUDIENCES
                }
            )
        )
        counts = {audience: totals[f"n_{audience}"] for audience in AUDIENCES}
        situations = list(
            LifeSituationPage.objects.live()
            .filter(locale__language_code=language)
            .only("title", "url_path", "kind", "summary")
            .order_by("title")[:12]
        )
        data = {
            "audience_counts": counts,
            "featured_situations": [
                {"title": s.title, "url": s.get_url(), "kind": s.kind} for s in situations
            ],
        }
        cache.set(cache_key, data, listing_cache.TIMEOUT)
    return data


def situation_index_context(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    language = get_language() or "lv"
    cache_key = listing_cache.key("situations", language)
    groups = cache.get(cache_key)
    if groups is None:
        rows = list(
            LifeSituationPage.objects.live()
            .filter(locale__language_code=language)
            .annotate(n=Count("services", filter=Q(services__live=True)))
            .only("title", "url_path", "kind", "summary")
        )
        rows.sort(key=lambda s: sort_key(s.title))
        groups = [
            {
                "kind": kind,
                "items": [
                    {"title": s.title, "url": s.get_url(), "summary": s.summary, "count": s.n}
                    for s in rows
                    if s.kind == kind
                ],
            }
            for kind in (LifeSituationPage.LIFE, LifeSituationPage.BUSINESS)
        ]
        cache.set(cache_key, groups, listing_cache.TIMEOUT)
    return {"situation_groups": [group for group in groups if group["items"]]}


def institution_index_context(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    language = get_language() or "lv"
    cache_key = listing_cache.key("institutions", language)
    letters = cache.get(cache_key)
    if letters is None:
        rows = list(
            InstitutionPage.objects.live()
            .filter(locale__language_code=language)
            .annotate(n=Count("services", filter=Q(services__live=True)))
            .only("title", "url_path")
        )
        rows.sort(key=lambda s: sort_key(s.title))
        letters = []
        for row in rows:
            letter = initial(row.title)
            if not letters or letters[-1]["letter"] != letter:
                letters.append({"letter": letter, "items": []})
            letters[-1]["items"].append({"title": row.title, "url": row.get_url(), "count": row.n})
        cache.set(cache_key, letters, listing_cache.TIMEOUT)
    return {"institution_letters": letters}


def institution_context(page: InstitutionPage, request: HttpRequest) -> dict[str, object]:
    """What the institution provides, grouped per catalogue, and how to contact it."""
    language = get_language() or "lv"
    services = list(
        service_rows(
            ServicePage.objects.live().filter(competent_authority=page).order_by("title", "pk")
        ).only(*ROW_FIELDS, *AUDIENCE_FIELDS.values())
    )
    base_url = service_base_url(language, request)
    from catalogue_pages.navigation import catalogue_links

    links = {link["audience"]: link for link in catalogue_links(language)}
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
    from catalogue_pages.sections import contact_items

    return {
        "service_groups": groups,
        "service_count": len(services),
        "contacts": contact_items(page.contact_points),
    }
