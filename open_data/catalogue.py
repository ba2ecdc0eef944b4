"""Reading the published catalogue in batches: what the dump and the feed are made of.

Scope: services that are published or withdrawn by the register (withdrawn ones are told as
``adms:status …/withdrawn``), published events and organisations, all in Latvian with their
English translations, never a page under a Wagtail view restriction. Rows are read with
``values()`` in batches, so memory stays flat however large the catalogue is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Locale, PageViewRestriction

from catalogue_pages import register_fields as contract
from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage, Topic
from open_data import change_notes
from open_data import nodes as n
from open_data.nodes import Node

BATCH = 200

#: What every exported register page reads: tree position, translation link, address, title
#: and the register's identifiers.
PAGE_FIELDS = (
    "pk",
    "path",
    "translation_key",
    "slug",
    "live",
    "title",
    "identifier",
    "register_iri",
)
#: The register fields come from the contract (``catalogue_pages.register_fields``), so a new
#: field reaches the node builders without touching this module.
SERVICE_FIELDS = (*PAGE_FIELDS, "register_modified", *contract.SERVICE_FIELDS)
EVENT_FIELDS = (*PAGE_FIELDS, *contract.EVENT_FIELDS)
ORG_FIELDS = (*PAGE_FIELDS, *contract.ORGANISATION_FIELDS)

PUBLIC_SERVICE = Q(live=True) | Q(withdrawn_at__isnull=False)


def locale_ids() -> dict[str, int]:
    return dict(Locale.objects.values_list("language_code", "pk"))


def restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_restricted(path: str, restricted: list[str]) -> bool:
    return any(path.startswith(prefix) for prefix in restricted)


def _chunks(values: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class Catalogue:
    """Look-ups shared by every batch (small: one entry per service, organisation, event)."""

    locales: dict[str, int]
    restricted: list[str]
    #: service identifier → IRI, for every service in scope.
    service_iris: dict[str, str] = field(default_factory=dict)
    #: Latvian institution page pk → organisation IRI.
    org_iris: dict[int, str] = field(default_factory=dict)
    #: Latvian event page pk → event IRI (published events only).
    event_iris: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Catalogue:
        locales = locale_ids()
        catalogue = cls(locales=locales, restricted=restricted_paths())
        lv = locales.get("lv")
        for identifier, iri, slug, path in (
            ServicePage._base_manager.filter(PUBLIC_SERVICE, locale_id=lv)
            .exclude(identifier="")
            .values_list("identifier", "register_iri", "slug", "path")
        ):
            if not catalogue.hidden(path):
                catalogue.service_iris[identifier] = n.iri(
                    iri or n.landing_page("services", "lv", slug)
                )
        for pk, iri, slug, path in InstitutionPage._base_manager.filter(
            locale_id=lv, live=True
        ).values_list("pk", "register_iri", "slug", "path"):
            if not catalogue.hidden(path):
                catalogue.org_iris[pk] = n.iri(iri or n.landing_page("institutions", "lv", slug))
        for pk, iri, slug, path in LifeSituationPage._base_manager.filter(
            locale_id=lv, live=True
        ).values_list("pk", "register_iri", "slug", "path"):
            if not catalogue.hidden(path):
                catalogue.event_iris[pk] = n.iri(iri or n.landing_page("situations", "lv", slug))
        return catalogue

    def hidden(self, path: str) -> bool:
        return bool(self.restricted) and is_restricted(path, self.restricted)

    # --- rows ------------------------------------------------------------------------
    def _english(self, model: type, fields: tuple, lv_rows: list[dict], extra: Q) -> dict:
        keys = [row["translation_key"] for row in lv_rows]
        rows = model._base_manager.filter(
            extra, translation_key__in=keys, locale_id=self.locales.get("en")
        ).values(*fields)
        return {row["translation_key"]: row for row in rows if not self.hidden(row["path"])}

    def service_pks(self, pks: Iterable[int] | None = None) -> list[int]:
        qs = ServicePage._base_manager.filter(PUBLIC_SERVICE, locale_id=self.locales.get("lv"))
        if pks is not None:
            qs = qs.filter(pk__in=list(pks))
        return [
            pk
            for pk, path in qs.order_by("identifier", "pk").values_list("pk", "path")
            if not self.hidden(path)
        ]

    def service_batch(self, pks: list[int]) -> list[Node]:
        """Nodes of these (Latvian) service pages with their English translations."""
        lv_rows = list(ServicePage._base_manager.filter(pk__in=pks).values(*SERVICE_FIELDS))
        position = {pk: i for i, pk in enumerate(pks)}
        lv_rows.sort(key=lambda row: position[row["pk"]])
        en_rows = self._english(ServicePage, SERVICE_FIELDS, lv_rows, PUBLIC_SERVICE)
        topics: dict[int, list[str]] = defaultdict(list)
        for page_id, topic_iri in ServicePage.topics.through.objects.filter(
            servicepage_id__in=pks
        ).values_list("servicepage_id", "topic__register_iri"):
            topics[page_id].append(topic_iri)
        events: dict[int, list[str]] = defaultdict(list)
        for page_id, event_id in LifeSituationPage.services.through.objects.filter(
            servicepage_id__in=pks
        ).values_list("servicepage_id", "lifesituationpage_id"):
            if event_id in self.event_iris:
                events[page_id].append(self.event_iris[event_id])
        notes = change_notes.latest([*pks, *(row["pk"] for row in en_rows.values())])
        out: list[Node] = []
        for row in lv_rows:
            nodes = n.service_nodes(
                row,
                en_rows.get(row["translation_key"]),
                authority=self.org_iris.get(row["competent_authority_id"] or 0, ""),
                topics=sorted(topics[row["pk"]]),
                events=sorted(events[row["pk"]]),
                service_iris=self.service_iris,
            )
            change_notes.annotate(nodes, row, en_rows.get(row["translation_key"]), notes)
            out += nodes
        return out

    def event_batch(self, pks: list[int]) -> list[Node]:
        lv_rows = list(LifeSituationPage._base_manager.filter(pk__in=pks).values(*EVENT_FIELDS))
        en_rows = self._english(LifeSituationPage, EVENT_FIELDS, lv_rows, Q(live=True))
        scope = set(self.service_iris.values())
        linked: dict[int, list[str]] = defaultdict(list)
        for event_id, iri in LifeSituationPage.services.through.objects.filter(
            lifesituationpage_id__in=pks
        ).values_list("lifesituationpage_id", "servicepage__register_iri"):
            if iri in scope:
                linked[event_id].append(iri)
        out: list[Node] = []
        for row in sorted(lv_rows, key=lambda r: r["pk"]):
            out += n.event_nodes(
                row,
                en_rows.get(row["translation_key"]),
                services=linked[row["pk"]],
                service_iris=self.service_iris,
            )
        return out

    def organisation_batch(self, pks: list[int]) -> list[Node]:
        lv_rows = list(InstitutionPage._base_manager.filter(pk__in=pks).values(*ORG_FIELDS))
        en_rows = self._english(InstitutionPage, ORG_FIELDS, lv_rows, Q(live=True))
        out: list[Node] = []
        for row in sorted(lv_rows, key=lambda r: r["pk"]):
            out += n.organisation_nodes(row, en_rows.get(row["translation_key"]))
        return out

    def topic_nodes(self, iris: set[str] | None = None) -> list[Node]:
        qs = Topic.objects.order_by("register_iri")
        if iris is not None:
            qs = qs.filter(register_iri__in=iris)
        return [
            n.concept(t.register_iri, n.texts(t.name_lv, t.name_en, keep_equal=True)) for t in qs
        ]


def dump_batches() -> Iterator[list[Node]]:
    """The whole catalogue as batches of nodes: vocabulary, topics, organisations, events,
    services. Every node appears once."""
    catalogue = Catalogue.load()
    seen: set[str] = set()
    yield n.vocabulary_nodes() + catalogue.topic_nodes()
    for chunk in _chunks(sorted(catalogue.org_iris)):
        yield _once(catalogue.organisation_batch(chunk), seen)
    for chunk in _chunks(sorted(catalogue.event_iris)):
        yield _once(catalogue.event_batch(chunk), seen)
    for chunk in _chunks(catalogue.service_pks()):
        batch = catalogue.service_batch(chunk)
        yield _once(batch + n.referenced_concepts(batch, set()), seen)


#: The only kinds of node two items can share (the rest hang under their item's IRI).
SHAREABLE = {"foaf:Document", "skos:Concept"}


def _once(batch: list[Node], seen: set[str]) -> list[Node]:
    """Nodes several items share (a contact page, a concept) are written the first time only;
    only those are remembered, so the set stays as small as the shared vocabulary."""
    out = []
    for node in batch:
        if isinstance(node["@type"], str) and node["@type"] in SHAREABLE:
            if node["@id"] in seen:
                continue
            seen.add(node["@id"])
        out.append(node)
    return out
