"""The records the parser produces: plain, whitelisted data, no RDF left in them.

``sync.rdf`` fills them from a graph, ``sync.stream`` from a streamed flat ``@graph``;
``validate``, ``map`` and the runner read them. Nothing here knows the register's vocabulary.
"""

from __future__ import annotations

import os
import pickle
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

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


@dataclass(slots=True)
class Head:
    """An item without its record: what the whole-snapshot checks read (the duplicate
    identifiers, which items are present, the raw hashes stored for the next run)."""

    iri: str
    identifiers: list[str]
    raw_hash: str
    is_event: bool


Batch = tuple[list[ServiceRecord], list[EventRecord]]


class RecordSpill:
    """Records kept in a temporary file, one pickle per batch, read back batch by batch.

    Why: a first sync parses every service of the register, and a parsed service is ~12 kB
    of records; held all at once they were the run's peak (2.7 GB at 100,000 services). The
    whole-snapshot checks need only each item's IRI and identifiers (``heads``), so the
    records wait on disk until their batch is validated, mapped and written. Write every
    batch first, then read: ``batches`` reads from the first byte.

    The heads wait on disk too (a second file, one pickle per batch, read back with
    ``pread`` so that two readers never share a file position): held as objects they were
    ~0.5 kB an item for the whole run, 50 MB at 100,000 services — the largest part of
    what still grew with the register. ``keep_heads=False`` (the validated records' spill)
    writes none: nothing reads them.
    """

    def __init__(self, *, keep_heads: bool = True) -> None:
        # Closed by close(), or with the object.
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.keep_heads = keep_heads
        self.head_file: IO[bytes] | None = (
            tempfile.TemporaryFile() if keep_heads else None  # noqa: SIM115
        )
        #: (offset, length) of each batch's pickled heads in ``head_file``.
        self.head_chunks: list[tuple[int, int]] = []
        self.service_count = 0
        self.event_count = 0

    def add(self, services: list[ServiceRecord], events: list[EventRecord]) -> None:
        self.service_count += len(services)
        self.event_count += len(events)
        if self.head_file is not None and (services or events):
            heads = [
                (record.iri, list(record.identifiers), record.raw_hash, is_event)
                for records, is_event in ((services, False), (events, True))
                for record in records
            ]
            data = pickle.dumps(heads, protocol=pickle.HIGHEST_PROTOCOL)
            offset = self.head_file.seek(0, os.SEEK_END)
            self.head_file.write(data)
            self.head_chunks.append((offset, len(data)))
        if services or events:
            pickle.dump((services, events), self.file, protocol=pickle.HIGHEST_PROTOCOL)

    @property
    def heads(self) -> Iterator[Head]:
        """Every spilled item's head, in the order added (read from the file each time)."""
        if self.head_file is None:
            if self.service_count or self.event_count:
                raise ValueError("this spill keeps no heads")
            return
        self.head_file.flush()
        fd = self.head_file.fileno()
        for offset, length in self.head_chunks:
            # Our own temporary file, written by add() in this process.
            chunk = pickle.loads(os.pread(fd, length, offset))  # noqa: S301
            for iri, identifiers, raw_hash, is_event in chunk:
                yield Head(iri, identifiers, raw_hash, is_event)

    def batches(self) -> Iterator[Batch]:
        self.file.flush()
        self.file.seek(0)
        while True:
            try:
                # Our own temporary file, written by add() in this process.
                batch: Batch = pickle.load(self.file)  # noqa: S301
            except EOFError:
                return
            yield batch

    def close(self) -> None:
        """Drop the records; the heads stay readable until ``close_heads``."""
        self.file.close()

    def close_heads(self) -> None:
        if self.head_file is not None:
            self.head_file.close()


class DiskMap(MutableMapping[str, str]):
    """A str → str mapping in a private temporary SQLite database (on disk, a few MB of
    page cache), for what a run must look up across the whole register.

    Why: IRI → identifier of every valid service (``Validated.service_ids``) was a dict of
    ~200 B an item held through every batch (20 MB at 100,000 services). A look-up is an
    indexed query of a few microseconds; a batch maps a thousand services, each naming a
    few others."""

    def __init__(self) -> None:
        # "": SQLite's private temporary on-disk database, deleted when closed.
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-4096")  # KiB: the page cache it may hold
        self.db.execute("CREATE TABLE m (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")

    def __getitem__(self, key: str) -> str:
        row = self.db.execute("SELECT v FROM m WHERE k = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return str(row[0])

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return self.db.execute("SELECT 1 FROM m WHERE k = ?", (key,)).fetchone() is not None

    def __setitem__(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO m (k, v) VALUES (?, ?)", (key, value))

    def __delitem__(self, key: str) -> None:
        if self.db.execute("DELETE FROM m WHERE k = ?", (key,)).rowcount == 0:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        # fetchmany through a cursor of its own: a page of keys at a time.
        cursor = self.db.execute("SELECT k FROM m ORDER BY k")
        while rows := cursor.fetchmany(1000):
            for (key,) in rows:
                yield str(key)

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM m").fetchone()[0])

    def update_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO m (k, v) VALUES (?, ?)", pairs)

    def close(self) -> None:
        self.db.close()


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
    #: Records parsed batch by batch into a file (``parse_document(..., spill=True)``): the
    #: ``services`` and ``events`` lists then hold only items added afterwards.
    spill: RecordSpill | None = None

    def heads(self) -> Iterator[Head]:
        """Every parsed item's IRI, identifiers and raw hash, spilled or held (an iterator:
        a spilled document's heads are read from its file, never held all at once)."""
        if self.spill is not None:
            yield from self.spill.heads
        records: list[ServiceRecord | EventRecord] = [*self.services, *self.events]
        for r in records:
            yield Head(r.iri, list(r.identifiers), r.raw_hash, isinstance(r, EventRecord))

    def batches(self) -> Iterator[Batch]:
        """The records, services before events: the spilled batches, then the held lists."""
        if self.spill is not None:
            yield from self.spill.batches()
        if self.services or self.events:
            yield self.services, self.events

    def has_services(self) -> bool:
        if self.services:
            return True
        return self.spill is not None and self.spill.service_count > 0

    def merge(self, other: ParsedDocument) -> None:
        self.services.extend(other.services)
        self.events.extend(other.events)
        self.organisations.update(other.organisations)
        for iri, topic in other.topics.items():
            self.topics.setdefault(iri, topic)
        self.service_nodes.update(other.service_nodes)
        self.failed.update(other.failed)
