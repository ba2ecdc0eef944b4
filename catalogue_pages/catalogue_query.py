"""The catalogue query: the filters of one catalogue request, validated, and their services."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue_pages.models import (
    CatalogueIndexPage,
    InstitutionPage,
    LifeSituationPage,
    ServicePage,
    Topic,
)
from catalogue_pages.models.catalogue import InvalidFilter
from requestkit.numbers import parse_positive_int

PER_PAGE = 20
MAX_PARAM = 100

__all__ = ["MAX_PARAM", "PER_PAGE", "CatalogueQuery", "InvalidFilter"]


def _live_page(model: type, language: str, slug: str):
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
        """Raises ``InvalidFilter`` (the page answers 400) for a value it cannot honour."""
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

    def facet_pks(self) -> set[int] | None:
        """The services the topic, situation and institution filters allow, by their indexes.

        Read from the link tables (``topic_id``, ``lifesituationpage_id``) and the authority's
        foreign key, never joined to every page: filtered by catalogue and language as
        ``filtered()`` does, PostgreSQL scanned every page of the site (all languages) for a
        topic of a fifth of them. The result holds other languages' and catalogues' services
        too; the caller intersects it with the catalogue's stored order. ``None`` for a letter
        filter, which needs the titles."""
        if self.letter:
            return None
        found: set[int] | None = None
        queries: list[QuerySet] = []
        if self.topic is not None:
            queries.append(
                ServicePage.topics.through.objects.filter(topic=self.topic).values_list(
                    "servicepage_id", flat=True
                )
            )
        if self.situation is not None:
            queries.append(
                LifeSituationPage.services.through.objects.filter(
                    lifesituationpage=self.situation
                ).values_list("servicepage_id", flat=True)
            )
        if self.institution is not None:
            queries.append(
                ServicePage.objects.filter(competent_authority=self.institution)
                .order_by()
                .values_list("pk", flat=True)
            )
        for query in queries:
            pks = set(query)
            found = pks if found is None else found & pks
        return found

    def filtered(self) -> QuerySet[ServicePage]:
        qs = ServicePage.objects.in_catalogue(self.audience, self.language)
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
