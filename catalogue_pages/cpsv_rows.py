"""Reading the published catalogue in batches for the CPSV-AP writer (``cpsv_nodes``).

Scope: services that are published or withdrawn by the register (withdrawn ones are told as
``adms:status …/withdrawn``), published events and organisations, all in Latvian with their
English translations, never a page under a Wagtail view restriction. Rows are read with
``values()`` in batches, and every look-up a batch needs (the IRIs of the services, events and
organisations it names) is one query for that batch's names only, so memory stays flat however
large the catalogue is and one page's export reads one service's rows, not the catalogue's.

Three readers, one set of nodes: ``service_graph`` (a page's export), ``Catalogue.graph`` (a
feed page: the services with everything they point to) and the dump's batches
(``open_data.catalogue``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from wagtail.models import Locale, PageViewRestriction

from catalogue_pages import cpsv_nodes as n
from catalogue_pages import register_fields as contract
from catalogue_pages.change_notes import version_note
from catalogue_pages.cpsv_nodes import Node
from catalogue_pages.models import (
    ChangeNote,
    InstitutionPage,
    LifeSituationPage,
    ServicePage,
    Topic,
)

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


def latest_notes(page_ids: list[int]) -> dict[int, ChangeNote]:
    """Page pk → its newest change note, for the pages that have one (one query)."""
    out: dict[int, ChangeNote] = {}
    for note in ChangeNote.objects.filter(page_id__in=page_ids).order_by(
        "page_id", "-changed_at", "-pk"
    ):
        out.setdefault(note.page_id, note)
    return out


def annotate(
    nodes: list[Node], lv: dict[str, Any], en: dict[str, Any] | None, notes: dict[int, ChangeNote]
) -> None:
    """The newest change note of each of the service's pages as ``adms:versionNotes`` on its
    node (the first of ``nodes``): the date, the register fields that changed and what changed,
    so a consumer polling the feed learns which fields moved, not only that the service did."""
    texts = []
    for lang, row in (("lv", lv), ("en", en)):
        note = notes.get(row["pk"]) if row else None
        if note is not None:
            texts.append({"@value": version_note(note, lang), "@language": lang})
    if texts and nodes:
        nodes[0]["adms:versionNotes"] = texts


def _sized(chunks: Iterable[list[int]], size: int) -> Iterator[list[int]]:
    """Re-cut chunks (some pks dropped as hidden) into chunks of exactly ``size``."""
    buffer: list[int] = []
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield buffer[:size]
            buffer = buffer[size:]
    if buffer:
        yield buffer


@dataclass
class Catalogue:
    """What every batch shares: the locales and the restricted subtrees (a few rows)."""

    locales: dict[str, int]
    restricted: list[str]

    @classmethod
    def load(cls) -> Catalogue:
        return cls(locales=locale_ids(), restricted=restricted_paths())

    @property
    def lv(self) -> int | None:
        return self.locales.get("lv")

    def hidden(self, path: str) -> bool:
        return bool(self.restricted) and is_restricted(path, self.restricted)

    # --- walking the catalogue in batches ----------------------------------------------
    def _walk(self, qs: QuerySet, order: tuple[str, ...], size: int) -> Iterator[list[int]]:
        """The visible pks of ``qs`` in ``order``, ``size`` at a time, read by keyset (never
        every pk at once)."""
        qs = qs.order_by(*order)
        last: tuple | None = None
        while True:
            page = qs
            if last is not None:
                after = Q(
                    **{
                        f"{order[-1]}__gt": last[-1],
                        **dict(zip(order[:-1], last[:-1], strict=True)),
                    }
                )
                if len(order) == 2:
                    after |= Q(**{f"{order[0]}__gt": last[0]})
                page = qs.filter(after)
            rows = list(page.values_list(*order, "path")[:size])
            if not rows:
                return
            last = rows[-1][:-1]
            yield [row[order.index("pk")] for row in rows if not self.hidden(row[-1])]

    def service_chunks(self, size: int = BATCH) -> Iterator[list[int]]:
        """Latvian service pages in scope, by identifier."""
        qs = ServicePage._base_manager.filter(PUBLIC_SERVICE, locale_id=self.lv)
        return _sized(self._walk(qs, ("identifier", "pk"), size), size)

    def organisation_chunks(self, size: int = BATCH) -> Iterator[list[int]]:
        qs = InstitutionPage._base_manager.filter(locale_id=self.lv, live=True)
        return _sized(self._walk(qs, ("pk",), size), size)

    def event_chunks(self, size: int = BATCH) -> Iterator[list[int]]:
        qs = LifeSituationPage._base_manager.filter(locale_id=self.lv, live=True)
        return _sized(self._walk(qs, ("pk",), size), size)

    def service_pks(self, pks: Iterable[int]) -> list[int]:
        """Those of ``pks`` that are Latvian services in scope, by identifier."""
        qs = ServicePage._base_manager.filter(
            PUBLIC_SERVICE, locale_id=self.lv, pk__in=list(pks)
        ).order_by("identifier", "pk")
        return [pk for pk, path in qs.values_list("pk", "path") if not self.hidden(path)]

    # --- look-ups of one batch -----------------------------------------------------------
    def service_iris(self, identifiers: Iterable[str]) -> dict[str, str]:
        """Service identifier → IRI, for those of ``identifiers`` in scope."""
        wanted = {i for i in identifiers if i}
        out: dict[str, str] = {}
        if not wanted:
            return out
        for identifier, iri, slug, path in (
            ServicePage._base_manager.filter(PUBLIC_SERVICE, locale_id=self.lv)
            .filter(identifier__in=wanted)
            .order_by("pk")
            .values_list("identifier", "register_iri", "slug", "path")
        ):
            if not self.hidden(path):
                out[identifier] = n.iri(iri or n.landing_page("services", "lv", slug))
        return out

    def _iris(self, folder: str, qs: QuerySet) -> dict[int, str]:
        """Latvian published page pk → IRI, for the visible pages of ``qs``."""
        return {
            pk: n.iri(iri or n.landing_page(folder, "lv", slug))
            for pk, iri, slug, path in qs.filter(locale_id=self.lv, live=True)
            .order_by("pk")
            .values_list("pk", "register_iri", "slug", "path")
            if not self.hidden(path)
        }

    def _pks_by_iri(self, model: type[Model], folder: str, iris: set[str]) -> dict[str, int]:
        """IRI → Latvian published page pk, for those of ``iris`` this portal publishes."""
        if not iris:
            return {}
        prefix = n.landing_page(folder, "lv", "")[:-1]
        slugs = [i[len(prefix) : -1] for i in iris if i.startswith(prefix) and i.endswith("/")]
        qs = model._base_manager.filter(Q(register_iri__in=iris) | Q(slug__in=slugs))
        found = self._iris(folder, qs)
        return {iri: pk for pk, iri in found.items() if iri in iris}

    # --- nodes of one batch --------------------------------------------------------------
    def _english(self, model: type[Model], fields: tuple, lv_rows: list[dict], extra: Q) -> dict:
        keys = [row["translation_key"] for row in lv_rows]
        rows = model._base_manager.filter(
            extra, translation_key__in=keys, locale_id=self.locales.get("en")
        ).values(*fields)
        return {row["translation_key"]: row for row in rows if not self.hidden(row["path"])}

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
        grouping: dict[int, list[int]] = defaultdict(list)
        for page_id, event_id in LifeSituationPage.services.through.objects.filter(
            servicepage_id__in=pks
        ).values_list("servicepage_id", "lifesituationpage_id"):
            grouping[page_id].append(event_id)
        event_iris = self._iris(
            "situations",
            LifeSituationPage._base_manager.filter(
                pk__in={e for events in grouping.values() for e in events}
            ),
        )
        authorities = self._iris(
            "institutions",
            InstitutionPage._base_manager.filter(
                pk__in={row["competent_authority_id"] for row in lv_rows} - {None}
            ),
        )
        named = [
            i for row in lv_rows for i in row["related_identifiers"] or [] if isinstance(i, str)
        ]
        named += [row["replaced_by_identifier"] for row in lv_rows]
        service_iris = self.service_iris(named)
        notes = latest_notes([*pks, *(row["pk"] for row in en_rows.values())])
        out: list[Node] = []
        for row in lv_rows:
            nodes = n.service_nodes(
                row,
                en_rows.get(row["translation_key"]),
                authority=authorities.get(row["competent_authority_id"] or 0, ""),
                topics=sorted(topics[row["pk"]]),
                events=sorted(event_iris[e] for e in grouping[row["pk"]] if e in event_iris),
                service_iris=service_iris,
            )
            annotate(nodes, row, en_rows.get(row["translation_key"]), notes)
            out += nodes
        return out

    def event_batch(self, pks: list[int]) -> list[Node]:
        lv_rows = list(LifeSituationPage._base_manager.filter(pk__in=pks).values(*EVENT_FIELDS))
        en_rows = self._english(LifeSituationPage, EVENT_FIELDS, lv_rows, Q(live=True))
        raw: dict[int, list[str]] = defaultdict(list)
        for event_id, iri in LifeSituationPage.services.through.objects.filter(
            lifesituationpage_id__in=pks
        ).values_list("lifesituationpage_id", "servicepage__register_iri"):
            raw[event_id].append(iri)
        # A linked service counts when it is in scope under exactly that register IRI.
        scope = set(
            self.service_iris(
                ServicePage._base_manager.filter(
                    register_iri__in={i for iris in raw.values() for i in iris}
                ).values_list("identifier", flat=True)
            ).values()
        )
        needed = [
            s
            for row in lv_rows
            for need in row["needs"] or []
            if isinstance(need, dict)
            for s in need.get("services") or []
            if isinstance(s, str)
        ]
        service_iris = self.service_iris(needed)
        out: list[Node] = []
        for row in sorted(lv_rows, key=lambda r: r["pk"]):
            out += n.event_nodes(
                row,
                en_rows.get(row["translation_key"]),
                services=[i for i in raw[row["pk"]] if i in scope],
                service_iris=service_iris,
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

    # --- a self-contained graph ----------------------------------------------------------
    def visible_events(self, pks: Iterable[int]) -> list[int]:
        qs = LifeSituationPage._base_manager.filter(pk__in=list(pks))
        return sorted(self._iris("situations", qs))

    def graph(
        self, service_pks: list[int], event_pks: Iterable[int] = (), *, events: bool = True
    ) -> list[Node]:
        """These services with everything they point to (channels, costs…, their
        organisations, topics and the life situations grouping them), plus these events, so
        the graph reads on its own: a page's export, a page of the change feed."""
        out: dict[str, Node] = {}

        def add(nodes: list[Node]) -> None:
            for node in nodes:
                out.setdefault(node["@id"], node)

        service_nodes = self.service_batch(service_pks) if service_pks else []
        add(service_nodes)
        named_orgs: set[str] = set()
        named_events: set[str] = set(
            self._iris(
                "situations",
                LifeSituationPage._base_manager.filter(pk__in=list(event_pks)),
            ).values()
        )
        topics: set[str] = set()
        for node in service_nodes:
            for key in ("cv:hasCompetentAuthority", "cv:hasParticipant"):
                if key in node:
                    named_orgs.add(node[key]["@id"])
            named_events.update(ref["@id"] for ref in node.get("cv:isGroupedBy", []))
            topics.update(ref["@id"] for ref in node.get("cv:thematicArea", []))
        grouping = self._pks_by_iri(LifeSituationPage, "situations", named_events)
        if grouping and events:
            add(self.event_batch(sorted(grouping.values())))
        orgs = self._pks_by_iri(InstitutionPage, "institutions", named_orgs)
        if orgs:
            add(self.organisation_batch(sorted(set(orgs.values()))))
        if topics:
            add(self.topic_nodes(topics))
        add(n.vocabulary_nodes())
        add(n.referenced_concepts(list(out.values()), set(out)))
        return list(out.values())


#: Links whose range is a class (the shapes check the class of every value node). In one
#: service's export, a target the document does not describe (another service, a life
#: situation, an organisation the portal does not publish) is given as ``dct:relation``: a
#: partial description of it would contradict its full one elsewhere.
#: (``cv:hasParticipant``, required on a participation, is handled in ``_closed``.)
TYPED_LINKS = ("cv:relatedService", "cv:isGroupedBy")


def _closed(nodes: list[Node]) -> list[Node]:
    described = {node["@id"] for node in nodes}
    # A participation needs its participant (an agent): one the portal does not publish
    # leaves the participation out of the export (the dump and the feed keep it).
    dropped = {
        node["@id"]
        for node in nodes
        if node["@type"] == "cv:Participation"
        and node.get("cv:hasParticipant", {}).get("@id") not in described
    }
    nodes = [node for node in nodes if node["@id"] not in dropped]
    for node in nodes:
        if "cv:hasParticipation" in node:
            kept = [ref for ref in node["cv:hasParticipation"] if ref["@id"] not in dropped]
            if kept:
                node["cv:hasParticipation"] = kept
            else:
                del node["cv:hasParticipation"]
    for node in nodes:
        for key in TYPED_LINKS:
            if key not in node:
                continue
            values = node[key] if isinstance(node[key], list) else [node[key]]
            outside = [value for value in values if value["@id"] not in described]
            if not outside:
                continue
            inside = [value for value in values if value["@id"] in described]
            if inside:
                node[key] = inside if isinstance(node[key], list) else inside[0]
            else:
                del node[key]
            relation = node.get("dct:relation", [])
            node["dct:relation"] = [*(relation if isinstance(relation, list) else [relation])]
            node["dct:relation"] += outside
    return nodes


def service_graph(page: ServicePage) -> dict[str, Any] | None:
    """A service page's CPSV-AP export: the very nodes the dump and the feed write for its
    service, in both languages, with its organisations, topics and concepts, closed so that
    it validates on its own (``TYPED_LINKS``). ``None`` when the service is not in the
    published catalogue (its Latvian page is not public, or a page is restricted)."""
    catalogue = Catalogue.load()
    if catalogue.hidden(page.path):
        return None
    lv_pk = (
        ServicePage._base_manager.filter(
            translation_key=page.translation_key, locale_id=catalogue.lv
        )
        .values_list("pk", flat=True)
        .first()
    )
    pks = catalogue.service_pks([lv_pk]) if lv_pk is not None else []
    if not pks:
        return None
    return {"@context": n.CONTEXT, "@graph": _closed(catalogue.graph(pks, events=False))}
