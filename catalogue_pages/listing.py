"""Listings: the catalogues (filters, facets, A–Z, pagination), indexes and institution pages.

Query budget: a catalogue page costs a count and a page of rows plus a few facet queries that
are cached per catalogue, language and content generation (``catalogue_pages.cache``), so its
cost does not grow with the catalogue beyond the page shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest
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


def service_rows(queryset: QuerySet[ServicePage]) -> QuerySet[ServicePage]:
    return queryset.select_related("competent_authority").only(*ROW_FIELDS)


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
        raw_page = _param(request, "page") or "1"
        if not raw_page.isdigit() or int(raw_page) < 1 or len(raw_page) > 6:
            raise InvalidFilter(_("The page number must be a whole number of 1 or more."))
        query.page_number = int(raw_page)
        topic = _param(request, "topic")
        if topic:
            query.topic = Topic.objects.filter(slug=topic).first()
            if query.topic is None:
                raise InvalidFilter(_("There is no such topic. Choose a topic from the list."))
            query.params["topic"] = topic
        situation = _param(request, "situation")
        if situation:
            query.situation = (
                LifeSituationPage.objects.live()
                .filter(locale__language_code=language, slug=situation)
                .only("id", "title", "slug")
                .first()
            )
            if query.situation is None:
                raise InvalidFilter(_("There is no such life situation. Choose one from the list."))
            query.params["situation"] = situation
        institution = _param(request, "institution")
        if institution:
            query.institution = (
                InstitutionPage.objects.live()
                .filter(locale__language_code=language, slug=institution)
                .only("id", "title", "slug")
                .first()
            )
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
    """Topics, situations, institutions and initials with counts, cached per generation."""
    cache_key = listing_cache.key("facets", audience, language)
    facets = cache.get(cache_key)
    if facets is not None:
        return facets
    # Grouped counts need no ordering: an ORDER BY column would join the GROUP BY.
    base = services_for(audience, language).order_by()
    topic_counts = dict(
        base.filter(topics__isnull=False)
        .values_list("topics")
        .annotate(n=Count("pk"))
        .values_list("topics", "n")
    )
    topics = [
        {
            "slug": topic.slug,
            "name_lv": topic.name_lv,
            "name_en": topic.name_en,
            "count": topic_counts[topic.pk],
        }
        for topic in Topic.objects.filter(pk__in=topic_counts).only("slug", "name_lv", "name_en")
    ]
    institutions = [
        {
            "slug": row["competent_authority__slug"],
            "title": row["competent_authority__title"],
            "count": row["n"],
        }
        for row in base.filter(competent_authority__live=True)
        .values("competent_authority__slug", "competent_authority__title")
        .annotate(n=Count("pk"))
    ]
    institutions.sort(key=lambda item: sort_key(item["title"]))
    audience_filter = {f"services__{AUDIENCE_FIELDS[audience]}": True, "services__live": True}
    situations = [
        {"slug": s.slug, "title": s.title, "kind": s.kind, "count": s.n, "url_path": s.url_path}
        for s in LifeSituationPage.objects.live()
        .filter(locale__language_code=language)
        .annotate(n=Count("services", filter=Q(**audience_filter)))
        .filter(n__gt=0)
        .only("title", "slug", "kind", "url_path")
    ]
    situations.sort(key=lambda item: sort_key(item["title"]))
    letters: dict[str, int] = {}
    for first, n in (
        base.annotate(first=Substr("title", 1, 1))
        .values_list("first")
        .annotate(n=Count("pk"))
        .values_list("first", "n")
    ):
        letter = initial(first or "")
        if letter:
            letters[letter] = letters.get(letter, 0) + n
    facets = {
        "topics": topics,
        "institutions": institutions,
        "situations": situations,
        "letters": sorted(letters.items(), key=lambda item: sort_key(item[0])),
        "total": sum(letters.values()),
    }
    cache.set(cache_key, facets, listing_cache.TIMEOUT)
    return facets


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
    qs = query.filtered().order_by("title", "pk")
    paginator = Paginator(service_rows(qs), PER_PAGE)
    if not query.is_filtered:
        paginator.__dict__["count"] = facets["total"]  # reuse the cached total: no COUNT
    count = paginator.count
    past_end = query.page_number > max(paginator.num_pages, 1)
    services = [] if past_end else list(paginator.page(query.page_number).object_list)
    base_url = service_base_url(query.language, request)
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
        "institutions": facets["institutions"],
        "situations": facets["situations"],
        "letters": facets["letters"],
        "total_count": facets["total"],
        "audience": page.audience,
        "home_crumbs": [{"home": "1", "url": f"/{query.language}/"}],
        "cache_generation": listing_cache.generation(),
    }


def service_base_url(language: str, request: HttpRequest | None = None) -> str:
    """The URL of the one service folder of a language, cached (it never moves)."""
    cache_key = f"cp:service-base:{language}"
    url = cache.get(cache_key)
    if url is None:
        from catalogue_pages.models import ServiceIndexPage

        index = (
            ServiceIndexPage.objects.filter(locale__language_code=language).only("url_path").first()
        )
        url = index.get_url(request) if index else f"/{language}/pakalpojumi/"
        cache.set(cache_key, url, listing_cache.TIMEOUT)
    return url


def home_context(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    language = get_language() or "lv"
    cache_key = listing_cache.key("home", language)
    data = cache.get(cache_key)
    if data is None:
        counts = {}
        for audience in AUDIENCES:
            counts[audience] = services_for(audience, language).count()
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
