"""The records the parser produces: plain, whitelisted data, no RDF left in them.

``sync.rdf`` fills them from a graph, ``sync.stream`` from a streamed flat ``@graph``;
``validate``, ``map`` and the runner read them. Nothing here knows the register's vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from rdflib import Graph

#: Text of one property in several languages: language code ("" for untagged) → text.
Texts = dict[str, str]


class ParseError(Exception):
    """The document cannot be read as RDF at all: the run must abort and change nothing."""


def last_segment(iri: object) -> str:
    text = str(iri).rstrip("/#")
    return re.split(r"[/#]", text)[-1] if text else ""


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
