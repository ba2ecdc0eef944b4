"""RDF → plain, whitelisted records: the only place that reads the register's vocabulary.

Why RDF and not JSON keys: the register may send JSON-LD in any valid form (expanded,
compacted with the CPSV-AP 3.2 context, inline contexts) or Turtle, so the same service can
look completely different as JSON. rdflib turns every form into the same triples; the
extractors below read only the predicates of the mapping (``docs/register-contract.md``), so
anything else — above all the private management namespace — is dropped here and never
reaches a record, a page, the index or an export.

Large snapshots: parsing 10,000 services as one rdflib graph costs ~1.2 GB and ~55 s. When
the document is a flat ``@graph`` of node objects with a plain context (what registers, and
the demo, send), it is *streamed* with ijson (C backend): no Python object of the whole
document is ever built, only each node's canonical JSON bytes. The graph is cut into
per-service (and per-event) *closures* (the item plus the nodes it reaches, stopping at
other services and events); nodes several closures share (organisations, laws, concepts)
and nodes no closure reaches are parsed once into a *shared* graph, the private rest of each
closure in batches. Each closure gets a raw hash (over the canonical bytes of all its nodes,
shared ones included) so a re-sync can skip closures whose input did not change (see
``runner``). Any other form (expanded, nested, language maps, coerced or aliased terms,
Turtle…) goes through rdflib whole, unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from itertools import filterfalse
from operator import itemgetter
from pathlib import Path
from typing import Any

import ijson
import rdflib
from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.plugins.shared.jsonld import context as jsonld_context

VENDOR = Path(__file__).resolve().parent / "vendor"
CPSV_AP_CONTEXT_URL = (
    "https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld"
)
#: Remote contexts we know and serve from ``sync/vendor`` (also without the scheme variant).
KNOWN_CONTEXTS = {
    CPSV_AP_CONTEXT_URL: VENDOR / "cpsv-ap.jsonld",
    CPSV_AP_CONTEXT_URL.replace("https://", "http://", 1): VENDOR / "cpsv-ap.jsonld",
}

CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("http://schema.org/")
VRS = Namespace("https://virsis.example/ns/public#")
PRIVATE_NAMESPACES = ("https://virsis.example/ns/private#",)

SERVICE_TYPES = {CPSV.PublicService}
EVENT_TYPES = {CV.LifeEvent: "life", CV.BusinessEvent: "business"}
ORG_TYPES = {
    CV.PublicOrganisation,
    CV.PublicOrganization,
    URIRef("http://www.w3.org/ns/org#Organization"),
}

LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")

#: Text of one property in several languages: language code ("" for untagged) → text.
Texts = dict[str, str]


class ParseError(Exception):
    """The document cannot be read as RDF at all: the run must abort and change nothing."""


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


# --- records -------------------------------------------------------------------------------


@dataclass(slots=True)
class TextNode:
    """A titled/described sub-item (requirement, output, evidence, legal resource…)."""

    iri: str
    title: Texts = field(default_factory=dict)
    description: Texts = field(default_factory=dict)


@dataclass(slots=True)
class ChannelRecord:
    iri: str
    type: str  # last IRI segment of dct:type, "other" when unknown
    identifier: str
    description: Texts
    url: str
    telephone: str
    email: str
    opening_hours: Texts
    request_kind: str


@dataclass(slots=True)
class CostRecord:
    iri: str
    value: str | None  # decimal as a string, None when absent or not a number
    currency: str
    description: Texts


@dataclass(slots=True)
class RequirementRecord(TextNode):
    evidence: list[TextNode] = field(default_factory=list)


@dataclass(slots=True)
class LegalRecord(TextNode):
    url: str = ""


@dataclass(slots=True)
class ContactRecord:
    iri: str
    email: str
    telephone: str
    page: str
    opening_hours: Texts


@dataclass(slots=True)
class ParticipationRecord:
    iri: str
    role: str
    organisation: str | None
    description: Texts


@dataclass(slots=True)
class ServiceRecord:
    iri: str
    identifiers: list[str]
    title: Texts
    description: Texts
    keywords: dict[str, list[str]]
    audiences: list[str]
    status: str
    competent_authority: str | None
    participations: list[ParticipationRecord]
    channels: list[ChannelRecord]
    costs: list[CostRecord]
    requirements: list[RequirementRecord]
    outputs: list[TextNode]
    processing_time: str
    legal_resources: list[LegalRecord]
    contact_points: list[ContactRecord]
    topics: list[str]
    related: list[str]
    grouped_by: list[str]
    modified: datetime | None
    replaced_by: str | None
    notes: list[str] = field(default_factory=list)  # parse-time warnings for the run log
    raw_hash: str = ""

    @property
    def identifier(self) -> str:
        return self.identifiers[0] if len(self.identifiers) == 1 else ""


@dataclass(slots=True)
class NeedRecord:
    iri: str
    order: int
    title: Texts
    description: Texts
    services: list[str]


@dataclass(slots=True)
class EventRecord:
    iri: str
    kind: str
    identifiers: list[str]
    title: Texts
    description: Texts
    services: list[str]
    needs: list[NeedRecord]
    notes: list[str] = field(default_factory=list)
    raw_hash: str = ""

    @property
    def identifier(self) -> str:
        return self.identifiers[0] if len(self.identifiers) == 1 else ""


@dataclass(slots=True)
class OrgRecord:
    iri: str
    identifier: str
    name: Texts
    homepage: str
    contact_points: list[ContactRecord]


@dataclass(slots=True)
class TopicRecord:
    iri: str
    label: Texts


@dataclass
class ParsedDocument:
    services: list[ServiceRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    organisations: dict[str, OrgRecord] = field(default_factory=dict)
    topics: dict[str, TopicRecord] = field(default_factory=dict)
    #: service IRI → raw hash, for closures skipped as byte-identical to the last run.
    skipped_unchanged: dict[str, str] = field(default_factory=dict)
    #: the same for events, and the services each skipped event refers to.
    skipped_events: dict[str, str] = field(default_factory=dict)
    skipped_event_refs: dict[str, set[str]] = field(default_factory=dict)
    #: service IRI → why its closure could not be read as RDF (the item is skipped).
    failed: dict[str, str] = field(default_factory=dict)
    graph: Graph | None = None  # kept only for strict (SHACL) validation
    service_nodes: dict[str, set[str]] = field(default_factory=dict)  # service → its node IRIs

    def merge(self, other: ParsedDocument) -> None:
        self.services.extend(other.services)
        self.events.extend(other.events)
        self.organisations.update(other.organisations)
        for iri, topic in other.topics.items():
            self.topics.setdefault(iri, topic)
        self.service_nodes.update(other.service_nodes)
        self.failed.update(other.failed)


# --- reading literals ------------------------------------------------------------------------


def _is_private(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(PRIVATE_NAMESPACES)


def drop_private(graph: Graph) -> int:
    """Remove every triple that uses the private namespace; returns how many went."""
    doomed = [t for t in graph if any(_is_private(x) for x in t)]
    for triple in doomed:
        graph.remove(triple)
    return len(doomed)


def last_segment(iri: object) -> str:
    text = str(iri).rstrip("/#")
    return re.split(r"[/#]", text)[-1] if text else ""


class _Reader:
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
            lang = lang.split("-")[0]
            out.setdefault(lang, str(o))
        return out

    def multi_texts(self, s: Any, p: URIRef) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for o in sorted(self.objects(s, p), key=str):
            if isinstance(o, Literal):
                lang = (o.language or "").lower()
                if lang and not LANG_RE.match(lang):
                    self.notes.append(f"unknown language tag {o.language!r} ignored")
                    continue
                out.setdefault(lang.split("-")[0], []).append(str(o))
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


def _service(r: _Reader, s: Any) -> ServiceRecord:
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


def _event(r: _Reader, s: Any, kind: str) -> EventRecord:
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


def _org(r: _Reader, s: Any) -> OrgRecord:
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
        r = _Reader(graph, shared)
        record = _service(r, s)
        record.notes = sorted(set(r.notes))
        doc.services.append(record)
        for topic in record.topics:
            label = _Reader(graph, shared).texts(URIRef(topic), SKOS.prefLabel)
            if topic not in doc.topics or (label and not doc.topics[topic].label):
                doc.topics[topic] = TopicRecord(topic, label)
    for etype, kind in EVENT_TYPES.items():
        for s in sorted(set(graph.subjects(RDF.type, etype)), key=str):
            r = _Reader(graph, shared)
            record = _event(r, s, kind)
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
            doc.organisations[str(s)] = _org(_Reader(graph), s)
    return doc


# --- documents -------------------------------------------------------------------------------


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip()[:1] in (b"{", b"[")


def load_json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise ParseError(f"The document is not UTF-8 text ({exc.reason}).") from exc
    except ValueError as exc:
        raise ParseError(f"The document is not valid JSON (truncated or malformed): {exc}") from exc


def _parse_graph(data: Any, fmt: str) -> Graph:
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


def parse_document(
    data: bytes, keep_graph: bool = False, known_hashes: dict[str, str] | None = None
) -> ParsedDocument:
    """Parse a register document (JSON-LD in any form, or Turtle) into records.

    ``known_hashes`` (service or event IRI → raw closure hash from the last run) lets a
    re-sync skip the RDF parsing of closures whose bytes did not change; they are listed in
    ``skipped_unchanged`` / ``skipped_events`` so the caller can check them against the
    database.
    """
    if not data.strip():
        raise ParseError("The document is empty.")
    if not _looks_like_json(data):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError("The document is neither JSON-LD nor UTF-8 Turtle.") from exc
        graph = _parse_graph(text, "turtle")
        doc = extract(graph)
        if keep_graph:
            doc.graph = graph
        return doc
    plan = None if keep_graph else plan_stream(data)
    if plan is None:
        obj = load_json(data)
        graph = _parse_graph(obj if isinstance(obj, dict) else data.decode("utf-8"), "json-ld")
        del obj
        doc = extract(graph)
        if keep_graph:
            doc.graph = graph
            doc.service_nodes = service_node_map(graph)
        return doc
    return _parse_planned(plan, known_hashes or {})


# --- closures of a flat @graph -----------------------------------------------------------------


@dataclass
class _Plan:
    context: Any
    #: node IRI → its canonical JSON (sorted keys, UTF-8): all the plan keeps of a node.
    nodes: dict[str, bytes]
    services: list[str]
    events: list[str]
    #: item → every node of its closure (hashed) / only the nodes no other item reaches (parsed).
    closures: dict[str, list[str]]
    private: dict[str, list[str]]
    #: item → the other items (services, events) its closure refers to.
    stop_refs: dict[str, set[str]]
    #: nodes parsed once for everybody: reached by several items, typed organisations and
    #: concepts, and nodes no item reaches.
    shared: list[str]


def _plain_context(ctx: Any) -> bool:
    """A context under which a node's JSON keys alone say which values are references.

    Refused (→ rdflib reads the whole document): keyword aliases, type coercion to
    ``@id``/``@vocab`` (a plain string would be a reference), reverse properties, and
    containers (language/index maps, ``@graph``…).
    """
    for term in getattr(ctx, "terms", {}).values():
        term_id = str(getattr(term, "id", "") or "")
        if term_id.startswith("@"):
            return False
        if getattr(term, "type", None) in ("@id", "@vocab") or getattr(term, "reverse", False):
            return False
        if getattr(term, "container", None) and set(term.container) - {"@set"}:
            return False
    return True


TOP_KEYS = {"@context", "@graph"}
_VALUE_KEYS = frozenset({"@value", "@language", "@type"})
_SCALARS = (str, int, float, bool)


def _scan(value: Any, refs: list[str]) -> bool:
    """Whether ``value`` is flat (literals, value objects, ``{"@id"}`` references), collecting
    the referenced IRIs into ``refs``; one pass, no recursion for the common shapes."""
    kind = type(value)
    if kind is list:
        for item in value:
            item_kind = type(item)
            if item_kind is dict:
                if not _scan(item, refs):
                    return False
            elif item_kind not in _SCALARS:
                return False
        return True
    if kind is dict:
        if len(value) == 1 and "@id" in value:
            ref = value["@id"]
            if type(ref) is not str:
                return False
            refs.append(ref)
            return True
        return "@value" in value and value.keys() <= _VALUE_KEYS
    return kind in _SCALARS


_SHARED_TYPES = {str(t) for t in ORG_TYPES} | {str(SKOS.Concept)}


def plan_stream(data: bytes) -> _Plan | None:
    """Cut a flat ``@graph`` into closures without loading the document; None otherwise.

    Three passes of ijson's C parser over the bytes: the top-level keys (must be exactly
    ``@context`` and ``@graph``), the context, then the nodes one at a time. Only JSON-LD
    keywords (``@context``, ``@graph``, ``@id``, ``@type``) are read here; types are expanded
    with rdflib's own context processor, so no vocabulary key is interpreted. Invalid JSON
    returns None too: the full path then reports it.
    """
    if data.lstrip()[:1] != b"{":
        return None
    try:
        top = [e for e in filterfalse(itemgetter(0), ijson.parse(data)) if e[1] == "map_key"]
        keys = [value for _prefix, _event, value in top]
        if "@graph" not in keys or len(keys) != len(set(keys)) or set(keys) - TOP_KEYS:
            return None
        raw_context = next(ijson.items(data, "@context", use_float=True), None)
        try:
            ctx = jsonld_context.Context(raw_context) if raw_context else jsonld_context.Context()
        except ParseError:
            raise
        except Exception:
            return None
        if not _plain_context(ctx):
            return None
        nodes: dict[str, bytes] = {}
        refs: dict[str, list[str]] = {}
        types: dict[str, set[str]] = {}
        expanded: dict[str, str] = {}
        encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
        for node in ijson.items(data, "@graph.item", use_float=True):
            if type(node) is not dict:
                return None
            iri = node.get("@id")
            if type(iri) is not str or iri in nodes:
                return None
            out: list[str] = []
            raw_types: Any = ()
            for key, value in node.items():
                if key.startswith("@"):
                    if key == "@type":
                        raw_types = value if type(value) is list else [value]
                    elif key != "@id":
                        return None
                elif not _scan(value, out):
                    return None
            nodes[iri] = encode(node).encode()
            if out:
                refs[iri] = out
            if raw_types:
                found = set()
                for raw in raw_types:
                    if type(raw) is not str:
                        return None
                    full = expanded.get(raw)
                    if full is None:
                        full = expanded[raw] = str(ctx.expand(raw) or raw)
                    found.add(full)
                types[iri] = found
    except ParseError:
        raise
    except Exception:  # ijson: not JSON, truncated, bad UTF-8 → the full path says why
        return None
    if not nodes:
        return None
    service_iri, event_iris = str(CPSV.PublicService), {str(t) for t in EVENT_TYPES}
    services = [i for i, t in types.items() if service_iri in t]
    events = [i for i, t in types.items() if t & event_iris]
    stops = set(services) | set(events)
    closures: dict[str, list[str]] = {}
    stop_refs: dict[str, set[str]] = {}
    uses: dict[str, int] = {}
    for start in services + events:
        seen: list[str] = []
        seen_set: set[str] = set()
        todo = [start]
        others: set[str] = set()
        while todo:
            iri = todo.pop()
            if iri != start and iri in stops:
                others.add(iri)
                continue
            if iri in seen_set or iri not in nodes:
                continue
            seen_set.add(iri)
            seen.append(iri)
            todo.extend(refs.get(iri, ()))
        closures[start] = seen
        stop_refs[start] = others
        for iri in seen:
            uses[iri] = uses.get(iri, 0) + 1
    shared = [
        i
        for i in nodes
        if i not in stops
        and (
            not uses.get(i)
            # blank nodes are document-scoped in rdflib: keep them with each item using them
            or (not i.startswith("_:") and (uses[i] > 1 or types.get(i, set()) & _SHARED_TYPES))
        )
    ]
    shared_set = set(shared)
    private = {k: [i for i in v if i not in shared_set] for k, v in closures.items()}
    return _Plan(raw_context, nodes, services, events, closures, private, stop_refs, shared)


def closure_hash(plan: _Plan, iri: str, context_hash: str, digests: dict[str, bytes]) -> str:
    """Hash of everything an item's records are read from: its whole closure and the context."""
    digest = hashlib.sha256(context_hash.encode())
    for node_iri in sorted(plan.closures[iri]):
        node_digest = digests.get(node_iri)
        if node_digest is None:
            node_digest = digests[node_iri] = hashlib.sha256(plan.nodes[node_iri]).digest()
        digest.update(node_digest)
    return digest.hexdigest()


#: Items per rdflib parse. Small batches keep the transient graph small (~150 kB a service);
#: shared nodes are parsed once anyway, so a batch costs little beyond its own triples.
BATCH = 100


def _parse_planned(plan: _Plan, known: dict[str, str]) -> ParsedDocument:
    context_hash = hashlib.sha256(json.dumps(plan.context, sort_keys=True).encode()).hexdigest()
    doc = ParsedDocument()
    hashes: dict[str, str] = {}
    digests: dict[str, bytes] = {}
    todo_services: list[str] = []
    for iri in plan.services:
        hashes[iri] = closure_hash(plan, iri, context_hash, digests)
        if known.get(iri) == hashes[iri]:
            doc.skipped_unchanged[iri] = hashes[iri]
        else:
            todo_services.append(iri)
    todo_events: list[str] = []
    for iri in plan.events:
        hashes[iri] = closure_hash(plan, iri, context_hash, digests)
        if known.get(iri) == hashes[iri]:
            doc.skipped_events[iri] = hashes[iri]
            doc.skipped_event_refs[iri] = plan.stop_refs[iri]
        else:
            todo_events.append(iri)
    del digests
    # Shared nodes (organisations, laws, concepts, the unreached rest): parsed once.
    shared_graph = _parse_graph(_subdocument(plan, plan.shared), "json-ld")
    shared_doc = extract(shared_graph)  # also drops the private triples of the shared graph
    starts = todo_services + todo_events
    for i in range(0, len(starts), BATCH):
        batch = starts[i : i + BATCH]
        wanted: dict[str, None] = {}
        for start in batch:
            wanted.update(dict.fromkeys(plan.private[start]))
        try:
            doc.merge(_parse_nodes(plan, list(wanted), shared_graph))
        except ParseError:
            # One bad closure must not sink the batch: parse them one by one.
            for start in batch:
                try:
                    doc.merge(_parse_nodes(plan, plan.private[start], shared_graph))
                except ParseError as exc:
                    doc.failed[start] = str(exc)
        for iri in wanted:  # parsed: free the bytes (blank nodes may serve several items)
            if not iri.startswith("_:"):
                plan.nodes.pop(iri, None)
    doc.organisations.update(shared_doc.organisations)
    r = _Reader(shared_graph)
    for svc in doc.services:  # organisations referenced without a type triple
        for iri in [svc.competent_authority, *(p.organisation for p in svc.participations)]:
            if (
                iri
                and iri not in doc.organisations
                and (URIRef(iri), SKOS.prefLabel, None) in shared_graph
            ):
                doc.organisations[iri] = _org(r, URIRef(iri))
    # Topic labels live in the shared graph (concepts): read them for every topic seen.
    for iri in list(doc.topics):
        label = r.texts(URIRef(iri), SKOS.prefLabel)
        if label:
            doc.topics[iri] = TopicRecord(iri, label)
    for record in [*doc.services, *doc.events]:
        record.raw_hash = hashes.get(record.iri, "")
    return doc


def _subdocument(plan: _Plan, iris: list[str]) -> dict[str, Any]:
    sub: dict[str, Any] = {"@graph": [json.loads(plan.nodes[n]) for n in iris]}
    if plan.context is not None:
        sub["@context"] = plan.context
    return sub


def _parse_nodes(plan: _Plan, iris: list[str], shared: Graph) -> ParsedDocument:
    return extract(_parse_graph(_subdocument(plan, iris), "json-ld"), shared)


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


__all__ = ["ParseError", "ParsedDocument", "ServiceRecord", "parse_document", "rdflib"]
