"""RDF → plain, whitelisted records: the only place that reads the register's vocabulary.

Why RDF and not JSON keys: the register may send JSON-LD in any valid form (expanded,
compacted with the CPSV-AP 3.2 context, inline contexts) or Turtle, so the same service can
look completely different as JSON. rdflib turns every form into the same triples; the
extractors below read only the predicates of the mapping (``docs/register-contract.md``), so
anything else — above all the private management namespace — is dropped here and never
reaches a record, a page, the index or an export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from sys import intern
from typing import Any

from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.plugins.shared.jsonld import context as jsonld_context

from catalogue_pages.register_fields import NAMESPACES
from sync.records import (
    ChannelRecord,
    ContactRecord,
    CostRecord,
    EventRecord,
    LegalRecord,
    NeedRecord,
    OrgRecord,
    ParsedDocument,
    ParseError,
    ParticipationRecord,
    RequirementRecord,
    ServiceRecord,
    TextNode,
    Texts,
    TopicRecord,
    last_segment,
)

VENDOR = Path(__file__).resolve().parent / "vendor"
CPSV_AP_CONTEXT_URL = (
    "https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld"
)
#: Remote contexts we know and serve from ``sync/vendor`` (also without the scheme variant).
KNOWN_CONTEXTS = {
    CPSV_AP_CONTEXT_URL: VENDOR / "cpsv-ap.jsonld",
    CPSV_AP_CONTEXT_URL.replace("https://", "http://", 1): VENDOR / "cpsv-ap.jsonld",
}

CPSV = Namespace(NAMESPACES["cpsv"])
CV = Namespace(NAMESPACES["cv"])
DCT = Namespace(NAMESPACES["dct"])
DCAT = Namespace(NAMESPACES["dcat"])
ADMS = Namespace(NAMESPACES["adms"])
SKOS = Namespace(NAMESPACES["skos"])
FOAF = Namespace(NAMESPACES["foaf"])
SCHEMA = Namespace(NAMESPACES["schema"])
VRS = Namespace(NAMESPACES["vrs"])
PRIVATE_NAMESPACES = ("https://virsis.example/ns/private#",)

SERVICE_TYPES = {CPSV.PublicService}
EVENT_TYPES = {CV.LifeEvent: "life", CV.BusinessEvent: "business"}
ORG_TYPES = {
    CV.PublicOrganisation,
    CV.PublicOrganization,
    URIRef("http://www.w3.org/ns/org#Organization"),
}

LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")


# --- remote contexts: vendored, never fetched --------------------------------------------

_original_source_to_json = jsonld_context.source_to_json


def _vendored_context(url: str) -> dict[str, Any]:
    path = KNOWN_CONTEXTS.get(url)
    if path is None:
        raise ParseError(
            f"The document uses the remote JSON-LD context {url!r}. Only the CPSV-AP 3.2 "
            f"context ({CPSV_AP_CONTEXT_URL}) is supported (served from a vendored copy); "
            "contexts are never fetched from the network. Inline the context instead."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _offline_source_to_json(source: Any, *args: Any, **kwargs: Any) -> Any:
    """rdflib's context loader, limited to the vendored contexts (no network, ever)."""
    if isinstance(source, str):
        return _vendored_context(source), None
    return _original_source_to_json(source, *args, **kwargs)


# rdflib resolves remote ``@context`` URLs through this module-level name only.
jsonld_context.source_to_json = _offline_source_to_json


# --- reading literals ------------------------------------------------------------------------


def _is_private(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(PRIVATE_NAMESPACES)


def drop_private(graph: Graph) -> int:
    """Remove every triple that uses the private namespace; returns how many went."""
    doomed = [t for t in graph if any(_is_private(x) for x in t)]
    for triple in doomed:
        graph.remove(triple)
    return len(doomed)


class Reader:
    """Typed access to one graph's whitelisted properties, collecting warnings."""

    def __init__(self, graph: Graph, shared: Graph | None = None) -> None:
        self.g = graph
        self.shared = shared
        self.notes: list[str] = []
        self._local: dict[Any, bool] = {}

    def objects(self, s: Any, p: URIRef) -> Iterator[Any]:
        """Objects of (s, p): from the batch graph, or the shared graph for shared nodes."""
        if self.shared is None:
            return self.g.objects(s, p)
        local = self._local.get(s)
        if local is None:
            local = self._local[s] = (s, None, None) in self.g
        return (self.g if local else self.shared).objects(s, p)

    def texts(self, s: Any, p: URIRef) -> Texts:
        out: Texts = {}
        for o in sorted(self.objects(s, p), key=str):
            if not isinstance(o, Literal):
                continue
            lang = (o.language or "").lower()
            if lang and not LANG_RE.match(lang):
                self.notes.append(f"unknown language tag {o.language!r} ignored")
                continue
            # interned: every text of a record is keyed by its language, and a fresh copy of
            # "lv" or "en" per text was ~10 % of what the parsed services hold (tracemalloc)
            out.setdefault(intern(lang.split("-")[0]), str(o))
        return out

    def multi_texts(self, s: Any, p: URIRef) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for o in sorted(self.objects(s, p), key=str):
            if isinstance(o, Literal):
                lang = (o.language or "").lower()
                if lang and not LANG_RE.match(lang):
                    self.notes.append(f"unknown language tag {o.language!r} ignored")
                    continue
                out.setdefault(intern(lang.split("-")[0]), []).append(str(o))
        return out

    def literal(self, s: Any, p: URIRef) -> str:
        values = sorted(str(o) for o in self.objects(s, p) if isinstance(o, Literal))
        return values[0] if values else ""

    def literals(self, s: Any, p: URIRef) -> list[str]:
        return sorted({str(o).strip() for o in self.objects(s, p) if isinstance(o, Literal)} - {""})

    def iri(self, s: Any, *ps: URIRef) -> str:
        for p in ps:
            values = sorted(str(o) for o in self.objects(s, p) if isinstance(o, URIRef))
            if values:
                return values[0]
        return ""

    def iris(self, s: Any, p: URIRef) -> list[str]:
        return sorted(str(o) for o in self.objects(s, p) if isinstance(o, URIRef))

    def nodes(self, s: Any, p: URIRef) -> list[Any]:
        return sorted((o for o in self.objects(s, p) if isinstance(o, URIRef | BNode)), key=str)

    def link(self, s: Any, *ps: URIRef) -> str:
        """A web address given as an IRI or a literal."""
        for p in ps:
            for o in sorted(self.objects(s, p), key=str):
                if isinstance(o, URIRef | Literal) and str(o).startswith(
                    ("http://", "https://", "mailto:")
                ):
                    return str(o)
        return ""

    def hours(self, s: Any) -> Texts:
        for o in self.nodes(s, CV.openingHours):
            found = self.texts(o, DCT.description)
            if found:
                return found
        found = self.texts(s, CV.openingHours)
        return found

    def contact(self, node: Any) -> ContactRecord:
        email = self.literal(node, CV.email) or self.iri(node, CV.email)
        return ContactRecord(
            iri=str(node),
            email=email.removeprefix("mailto:"),
            telephone=self.literal(node, CV.telephone),
            page=self.link(node, CV.contactPage, FOAF.page, FOAF.homepage),
            opening_hours=self.hours(node) or self.texts(node, DCT.description),
        )

    def text_node(self, node: Any) -> TextNode:
        return TextNode(str(node), self.texts(node, DCT.title), self.texts(node, DCT.description))


def _datetime(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _decimal(value: str) -> str | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    return str(number) if number.is_finite() else None


def service_record(r: Reader, s: Any) -> ServiceRecord:
    channels = []
    for ch in r.nodes(s, CV.hasChannel):
        ctype = last_segment(r.iri(ch, DCT.type))
        channels.append(
            ChannelRecord(
                iri=str(ch),
                type=ctype or "other",
                identifier=r.literal(ch, DCT.identifier),
                description=r.texts(ch, DCT.description),
                url=r.link(ch, SCHEMA.url, FOAF.page, DCAT.accessURL),
                telephone=r.literal(ch, CV.telephone),
                email=(r.literal(ch, CV.email) or r.iri(ch, CV.email)).removeprefix("mailto:"),
                opening_hours=r.hours(ch),
                request_kind=r.literal(ch, VRS.requestKind),
            )
        )
    costs = [
        CostRecord(
            iri=str(c),
            value=_decimal(r.literal(c, CV.hasValue)),
            currency=last_segment(r.iri(c, CV.currency)) or r.literal(c, CV.currency),
            description=r.texts(c, DCT.description),
        )
        for c in r.nodes(s, CV.hasCost)
    ]
    requirements = []
    for req in r.nodes(s, CV.holdsRequirement):
        base = r.text_node(req)
        evidence = [r.text_node(e) for e in r.nodes(req, CV.hasSupportingEvidence)]
        requirements.append(RequirementRecord(base.iri, base.title, base.description, evidence))
    # cpsv:hasInput (evidence directly on the service, as in the spec example) → a requirement.
    for ev in r.nodes(s, CPSV.hasInput):
        node = r.text_node(ev)
        if not any(ev_.iri == node.iri for req in requirements for ev_ in req.evidence):
            requirements.append(RequirementRecord(node.iri, node.title, node.description, []))
    legal = [
        LegalRecord(
            str(lr),
            r.texts(lr, DCT.title),
            r.texts(lr, DCT.description),
            url=r.link(lr, FOAF.page, SCHEMA.url) or (str(lr) if isinstance(lr, URIRef) else ""),
        )
        for lr in r.nodes(s, CV.hasLegalResource)
    ]
    participations = [
        ParticipationRecord(
            str(p),
            last_segment(r.iri(p, CV.role)),
            r.iri(p, CV.hasParticipant) or None,
            r.texts(p, DCT.description),
        )
        for p in r.nodes(s, CV.hasParticipation)
    ]
    modified = r.literal(s, DCT.modified)
    return ServiceRecord(
        iri=str(s),
        identifiers=r.literals(s, DCT.identifier),
        title=r.texts(s, DCT.title),
        description=r.texts(s, DCT.description),
        keywords=r.multi_texts(s, DCAT.keyword),
        audiences=sorted({last_segment(a) for a in r.iris(s, DCT.audience)}),
        status=last_segment(r.iri(s, ADMS.status)) or "active",
        competent_authority=r.iri(s, CV.hasCompetentAuthority) or None,
        participations=participations,
        channels=channels,
        costs=costs,
        requirements=requirements,
        outputs=[r.text_node(o) for o in r.nodes(s, CPSV.produces)],
        processing_time=r.literal(s, CV.processingTime),
        legal_resources=legal,
        contact_points=[r.contact(c) for c in r.nodes(s, CV.contactPoint)],
        topics=r.iris(s, CV.thematicArea),
        related=sorted(set(r.iris(s, CV.relatedService)) | set(r.iris(s, DCT.relation))),
        grouped_by=r.iris(s, CV.isGroupedBy),
        modified=_datetime(modified) if modified else None,
        replaced_by=r.iri(s, DCT.isReplacedBy) or None,
    )


def event_record(r: Reader, s: Any, kind: str) -> EventRecord:
    needs = []
    for n in r.nodes(s, VRS.hasNeed):
        try:
            order = int(r.literal(n, VRS.order) or 0)
        except ValueError:
            order = 0
        needs.append(
            NeedRecord(
                str(n),
                order,
                r.texts(n, DCT.title),
                r.texts(n, DCT.description),
                r.iris(n, CV.hasRelatedService),
            )
        )
    needs.sort(key=lambda need: (need.order, need.iri))
    return EventRecord(
        iri=str(s),
        kind=kind,
        identifiers=r.literals(s, DCT.identifier),
        title=r.texts(s, DCT.title),
        description=r.texts(s, DCT.description),
        services=r.iris(s, CV.hasRelatedService),
        needs=needs,
    )


def org_record(r: Reader, s: Any) -> OrgRecord:
    return OrgRecord(
        iri=str(s),
        identifier=r.literal(s, DCT.identifier),
        name=r.texts(s, SKOS.prefLabel) or r.texts(s, FOAF.name) or r.texts(s, DCT.title),
        homepage=r.link(s, FOAF.homepage, FOAF.page),
        contact_points=[r.contact(c) for c in r.nodes(s, CV.contactPoint)],
    )


def extract(graph: Graph, shared: Graph | None = None) -> ParsedDocument:
    """Read services, events, organisations and topics out of one graph.

    ``shared`` (already stripped of private triples) holds the nodes several items reach;
    they are read from there when the batch graph has nothing about them.
    """
    drop_private(graph)
    doc = ParsedDocument()
    for s in sorted(set(graph.subjects(RDF.type, CPSV.PublicService)), key=str):
        r = Reader(graph, shared)
        record = service_record(r, s)
        record.notes = sorted(set(r.notes))
        doc.services.append(record)
        for topic in record.topics:
            label = Reader(graph, shared).texts(URIRef(topic), SKOS.prefLabel)
            if topic not in doc.topics or (label and not doc.topics[topic].label):
                doc.topics[topic] = TopicRecord(topic, label)
    for etype, kind in EVENT_TYPES.items():
        for s in sorted(set(graph.subjects(RDF.type, etype)), key=str):
            r = Reader(graph, shared)
            record = event_record(r, s, kind)
            record.notes = sorted(set(r.notes))
            doc.events.append(record)
    org_iris: set[Any] = set()
    for otype in ORG_TYPES:
        org_iris.update(graph.subjects(RDF.type, otype))
    for svc in doc.services:  # organisations referenced without a type triple
        for iri in [svc.competent_authority, *(p.organisation for p in svc.participations)]:
            if iri and (URIRef(iri), SKOS.prefLabel, None) in graph:
                org_iris.add(URIRef(iri))
    for s in sorted(org_iris, key=str):
        if isinstance(s, URIRef):
            doc.organisations[str(s)] = org_record(Reader(graph), s)
    return doc


# --- documents -------------------------------------------------------------------------------


def load_json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise ParseError(f"The document is not UTF-8 text ({exc.reason}).") from exc
    except ValueError as exc:
        raise ParseError(f"The document is not valid JSON (truncated or malformed): {exc}") from exc


def parse_graph(data: Any, fmt: str) -> Graph:
    """Parse into a dataset and merge every graph: a snapshot may sit in a named graph."""
    dataset = Dataset()
    try:
        dataset.parse(data=data, format=fmt)
    except ParseError:
        raise
    except Exception as exc:  # rdflib raises many types for bad input; all mean "unreadable"
        raise ParseError(f"The document is not valid {fmt.upper()}: {exc}") from exc
    graphs = list(dataset.graphs())
    non_empty = [g for g in graphs if len(g)]
    if len(non_empty) == 1:
        return non_empty[0]
    graph = Graph()
    for named in non_empty:
        for triple in named:
            graph.add(triple)
    return graph


def service_node_map(graph: Graph) -> dict[str, set[str]]:
    """Every node a service reaches (not crossing into other services): for SHACL reports."""
    services = {str(s) for s in graph.subjects(RDF.type, CPSV.PublicService)}
    out: dict[str, set[str]] = {}
    for s in services:
        seen: set[str] = set()
        todo = [URIRef(s)]
        while todo:
            node = todo.pop()
            if str(node) in seen or (str(node) != s and str(node) in services):
                continue
            seen.add(str(node))
            todo.extend(o for o in graph.objects(node, None) if isinstance(o, URIRef | BNode))
        out[s] = seen
    return out
