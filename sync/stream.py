"""Large snapshots, streamed: a flat ``@graph`` cut into per-item closures with raw hashes.

Parsing 10,000 services as one rdflib graph costs ~1.2 GB and ~55 s. When the document is a
flat ``@graph`` of node objects with a plain context (what registers, and the demo, send), it
is *streamed* with ijson (C backend): no Python object of the whole document is ever built,
only each node's canonical JSON bytes. The graph is cut into per-service (and per-event)
*closures* (the item plus the nodes it reaches, stopping at other services and events); nodes
several closures share (organisations, laws, concepts) and nodes no closure reaches are
parsed once into a *shared* graph, the private rest of each closure in batches (by
``sync.rdf``). Each closure gets a raw hash (over the canonical bytes of all its nodes, shared
ones included) so a re-sync can skip closures whose input did not change (see ``runner``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import filterfalse
from operator import itemgetter
from typing import IO, Any, BinaryIO
from zlib import crc32

import ijson
from rdflib import Graph, URIRef
from rdflib.plugins.shared.jsonld import context as jsonld_context

from sync.rdf import CPSV, EVENT_TYPES, ORG_TYPES, SKOS, Reader, extract, org_record, parse_graph
from sync.records import OrgRecord, ParsedDocument, ParseError, RecordSpill, TopicRecord


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


Source = bytes | BinaryIO
_NO_DIGEST = bytes(32)


def _rewound(data: Source) -> Source:
    """The document from its first byte again (each ijson pass reads it whole)."""
    if not isinstance(data, bytes):
        data.seek(0)
    return data


def _first_byte(data: Source) -> bytes:
    if isinstance(data, bytes):
        return data.lstrip()[:1]
    data.seek(0)
    while chunk := data.read(1 << 16):
        if chunk.strip():
            return chunk.lstrip()[:1]
    return b""


#: The 64-bit key of an IRI: ``hash()``, seeded per process (a register cannot aim collisions).
_hash = hash


class IriIndex:
    """IRI → node id, and back, without an IRI string in memory.

    Why: the IRIs were the plan's largest part (a ``str`` and a dict entry with its ``int``,
    ~180 B a node, 9.3 nodes a service: ~165 MB of a 100,000-service re-sync). Here a node
    costs ~28 B: its 64-bit ``hash()`` and a CRC-32 of its UTF-8 (``hashes``, ``checks``)
    and a slot in an open-addressing ``table`` of ids (linear probing, kept at most half
    full); the IRI itself goes to a temporary file (``names``, read back with ``pread`` at
    ``offsets[id]``). Two IRIs are one node only if both the hash and the CRC agree: 96 bits,
    so a hash collision alone is a different node (probing goes on), not a merge.
    """

    __slots__ = ("checks", "hashes", "mask", "names", "offsets", "table")

    def __init__(self, names: IO[bytes]) -> None:
        self.names = names
        self.table = array("i", bytes(4 * 1024))  # id + 1; 0: empty slot
        self.mask = 1023
        self.hashes = array("q")
        self.checks = array("I")
        self.offsets = array("q", [0])  # id → start of its IRI in ``names``; one more: the end

    def find(self, iri: str, add: bool = True) -> int:
        """The id of ``iri``; a new one when ``add`` (else -1 for an IRI never seen)."""
        key = _hash(iri)
        raw = iri.encode()
        check = crc32(raw)
        table, hashes, checks, mask = self.table, self.hashes, self.checks, self.mask
        i = key & mask
        while slot := table[i]:
            if hashes[slot - 1] == key and checks[slot - 1] == check:
                return slot - 1
            i = (i + 1) & mask
        if not add:
            return -1
        new = len(hashes)
        hashes.append(key)
        checks.append(check)
        table[i] = new + 1
        self.names.write(raw)
        self.offsets.append(self.offsets[-1] + len(raw))
        if 2 * (new + 1) > mask:
            self._grow()
        return new

    def adder(self) -> Callable[[str], int]:
        """``find(iri)`` (adding) as a closure over the table, for the planner's hot path: no
        method call nor attribute look-up per IRI (a third of the time of ``find``)."""
        hashes, checks, offsets, write = self.hashes, self.checks, self.offsets, self.names.write
        table, mask, key_of = self.table, self.mask, _hash

        def add(iri: str) -> int:
            nonlocal table, mask
            key = key_of(iri)
            raw = iri.encode()
            check = crc32(raw)
            i = key & mask
            while slot := table[i]:
                if hashes[slot - 1] == key and checks[slot - 1] == check:
                    return slot - 1
                i = (i + 1) & mask
            new = len(hashes)
            hashes.append(key)
            checks.append(check)
            table[i] = new + 1
            write(raw)
            offsets.append(offsets[-1] + len(raw))
            if 2 * (new + 1) > mask:
                self._grow()
                table, mask = self.table, self.mask
            return new

        return add

    def _grow(self) -> None:
        size = 2 * (self.mask + 1)
        table, mask = array("i", bytes(4 * size)), size - 1
        for node, key in enumerate(self.hashes):
            i = key & mask
            while table[i]:
                i = (i + 1) & mask
            table[i] = node + 1
        self.table, self.mask = table, mask

    def raw(self, node: int) -> bytes:
        """The node's IRI as UTF-8 (sorts as the IRI does: UTF-8 keeps code point order)."""
        start = self.offsets[node]
        return os.pread(self.names.fileno(), self.offsets[node + 1] - start, start)

    def __getitem__(self, node: int) -> str:
        return self.raw(node).decode()

    def __len__(self) -> int:
        return len(self.hashes)


@dataclass
class Plan:
    """The cut of a flat ``@graph``, held as integers: a node is an id (``iris`` maps it to
    its IRI and back, holding only hashes in memory: ``IriIndex``), its canonical JSON lives
    in a temporary file (``spill``, read back at ``offsets[id]`` for ``lengths[id]`` bytes),
    and its SHA-256 in ``digests``. What stays in memory per node is a few machine words,
    neither its IRI nor its bytes nor per-node lists and sets (at 20,000 services the dict of
    bytes, lists and sets was ~200 MB of the re-sync's peak; the IRIs ~35 MB more)."""

    context: Any
    #: node id → IRI (``iris[id]``, read from its file), and back (``id_of``); a referenced
    #: IRI with no node of its own has an id too.
    iris: IriIndex
    spill: IO[bytes]
    #: node id → where its canonical JSON (sorted keys, UTF-8) is in ``spill``; -1: no node.
    offsets: array
    lengths: array
    #: node id → SHA-256 of its canonical JSON, 32 bytes each (zeros: no node).
    digests: bytearray
    services: list[int]
    events: list[int]
    #: item → every node of its closure, in walk order (hashed).
    closures: dict[int, array]
    #: node id → 1 when parsed once for everybody: reached by several items, typed
    #: organisations and concepts, and nodes no item reaches (in ``shared``, document order).
    is_shared: bytearray
    shared: list[int]
    #: event → the other items (services, events) its closure refers to.
    stop_refs: dict[int, set[str]]
    #: shared node → its IRI as UTF-8: read once, not once per closure reaching it (the
    #: shared nodes are ~60 % of a closure's nodes and a few hundred in all).
    shared_iris: dict[int, bytes] = field(default_factory=dict)

    def sort_key(self, node: int) -> bytes:
        """The node's IRI as UTF-8: the order of a closure's nodes in its hash."""
        if self.is_shared[node]:
            found = self.shared_iris.get(node)
            if found is None:
                found = self.shared_iris[node] = self.iris.raw(node)
            return found
        return self.iris.raw(node)

    def id_of(self, iri: str) -> int | None:
        """The node id of an IRI of the document; None for one it does not hold."""
        found = self.iris.find(iri, add=False)
        return None if found < 0 else found

    def private(self, item: int) -> list[int]:
        """The nodes of an item's closure that no other item reaches (parsed with it)."""
        shared = self.is_shared
        return [i for i in self.closures[item] if not shared[i]]

    def node(self, node_id: int) -> Any:
        self.spill.seek(self.offsets[node_id])
        return json.loads(self.spill.read(self.lengths[node_id]))

    def close(self) -> None:
        self.spill.close()
        self.iris.names.close()


def plan_stream(data: Source) -> Plan | None:
    """Cut a flat ``@graph`` into closures without loading the document; None otherwise.

    ``data`` is the document's bytes or a binary file holding it (the sync reads a snapshot
    from its file, never holds its bytes). Three passes of ijson's C parser over it: the
    top-level keys (must be exactly ``@context`` and ``@graph``), the context, then the
    nodes one at a time, each written to a temporary file as canonical JSON. Only JSON-LD
    keywords (``@context``, ``@graph``, ``@id``, ``@type``) are read here; types are expanded
    with rdflib's own context processor, so no vocabulary key is interpreted. Invalid JSON
    returns None too: the full path then reports it.
    """
    if _first_byte(data) != b"{":
        return None
    # Closed by Plan.close() after the parse, or right here when the document is refused.
    spill = tempfile.TemporaryFile()  # noqa: SIM115
    names = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        plan = _plan(data, spill, IriIndex(names))
    except BaseException:
        spill.close()
        names.close()
        raise
    if plan is None:
        spill.close()
        names.close()
    return plan


_SERVICE, _EVENT, _SHARED_TYPE, _BLANK = 1, 2, 4, 8


def _plan(data: Source, spill: IO[bytes], iris: IriIndex) -> Plan | None:
    try:
        top = [
            e for e in filterfalse(itemgetter(0), ijson.parse(_rewound(data))) if e[1] == "map_key"
        ]
        keys = [value for _prefix, _event, value in top]
        if "@graph" not in keys or len(keys) != len(set(keys)) or set(keys) - TOP_KEYS:
            return None
        raw_context = next(ijson.items(_rewound(data), "@context", use_float=True), None)
        try:
            ctx = jsonld_context.Context(raw_context) if raw_context else jsonld_context.Context()
        except ParseError:
            raise
        except Exception:
            return None
        if not _plain_context(ctx):
            return None
        # 4-byte ids, counts and lengths (a register of 2**32 nodes or a 4 GB node is not a
        # register): at ~1,000,000 nodes (100,000 services) every byte a node is 1 MB of peak.
        offsets, lengths = array("q"), array("I")
        ref_start, ref_count = array("I"), array("I")
        ref_ids = array("I")
        flags = bytearray()
        digests = bytearray()
        order = array("I")  # node ids in document order (not a list: 36 B less a node)
        expanded: dict[str, int] = {}
        service_iri, event_iris = str(CPSV.PublicService), {str(t) for t in EVENT_TYPES}
        encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
        sha256 = hashlib.sha256
        position = 0

        find = iris.adder()

        def node_id(iri: str) -> int:
            found = find(iri)
            if found == len(offsets):  # new
                offsets.append(-1)
                lengths.append(0)
                ref_start.append(0)
                ref_count.append(0)
                flags.append(0)
                digests.extend(_NO_DIGEST)
            return found

        for node in ijson.items(_rewound(data), "@graph.item", use_float=True):
            if type(node) is not dict:
                return None
            iri = node.get("@id")
            if type(iri) is not str:
                return None
            me = node_id(iri)
            if offsets[me] != -1:
                return None  # the same node twice
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
            blob = encode(node).encode()
            spill.write(blob)
            offsets[me], lengths[me] = position, len(blob)
            position += len(blob)
            digests[me * 32 : me * 32 + 32] = sha256(blob).digest()
            order.append(me)
            if out:
                ref_start[me], ref_count[me] = len(ref_ids), len(out)
                ref_ids.extend(node_id(ref) for ref in out)
            kind = _BLANK if iri.startswith("_:") else 0
            for raw in raw_types:
                if type(raw) is not str:
                    return None
                bits = expanded.get(raw)
                if bits is None:
                    full = str(ctx.expand(raw) or raw)
                    bits = expanded[raw] = (
                        (_SERVICE if full == service_iri else 0)
                        | (_EVENT if full in event_iris else 0)
                        | (_SHARED_TYPE if full in _SHARED_TYPES else 0)
                    )
                kind |= bits
            flags[me] = kind
    except ParseError:
        raise
    except Exception:  # ijson: not JSON, truncated, bad UTF-8 → the full path says why
        return None
    if not order:
        return None
    iris.names.flush()  # read back with pread from here on
    services = [i for i in order if flags[i] & _SERVICE]
    events = [i for i in order if flags[i] & _EVENT]
    stop = bytearray(len(iris))
    for item in (*services, *events):
        stop[item] = 1
    closures: dict[int, array] = {}
    stop_refs: dict[int, set[str]] = {}
    uses = array("I", [0]) * len(iris)
    seen_mark = array("i", [-1]) * len(iris)  # the item whose walk last reached the node
    for start in (*services, *events):
        seen = array("I")
        todo = [start]
        others: set[str] = set()
        while todo:
            node = todo.pop()
            if node != start and stop[node]:
                others.add(iris[node])
                continue
            if seen_mark[node] == start or offsets[node] == -1:
                continue
            seen_mark[node] = start
            seen.append(node)
            first = ref_start[node]
            todo.extend(ref_ids[first : first + ref_count[node]])
        closures[start] = seen
        if flags[start] & _EVENT:
            stop_refs[start] = others
        for node in seen:
            uses[node] += 1
    is_shared = bytearray(len(iris))
    shared = []
    for i in order:
        if stop[i]:
            continue
        if not uses[i] or (not flags[i] & _BLANK and (uses[i] > 1 or flags[i] & _SHARED_TYPE)):
            is_shared[i] = 1
            shared.append(i)
    spill.flush()
    return Plan(
        raw_context,
        iris,
        spill,
        offsets,
        lengths,
        digests,
        services,
        events,
        closures,
        is_shared,
        shared,
        stop_refs,
    )


def closure_hash(plan: Plan, item: int, context_hash: str) -> str:
    """Hash of everything an item's records are read from: its whole closure and the context
    (the digests of its nodes in IRI order: the same value whatever the walk's order).
    The IRIs are read back from the plan's file as UTF-8 bytes, which sort as the strings."""
    digest = hashlib.sha256(context_hash.encode())
    digests = plan.digests
    for node in sorted(plan.closures[item], key=plan.sort_key):
        digest.update(digests[node * 32 : node * 32 + 32])
    return digest.hexdigest()


#: Items per rdflib parse. Small batches keep the transient graph small (~150 kB a service);
#: shared nodes are parsed once anyway, so a batch costs little beyond its own triples.
BATCH = 100


def parse_planned(plan: Plan, known: dict[str, str], *, spill: bool = False) -> ParsedDocument:
    """The records of the planned items (the unchanged ones listed as skipped).

    ``spill``: each batch's service and event records go to a file (``RecordSpill``) as
    soon as they are read, instead of into the document's lists: the sync's memory is then
    a batch, not the register (``runner``)."""
    try:
        return _parse_planned(plan, known, spill)
    finally:
        plan.close()


def _parse_planned(plan: Plan, known: dict[str, str], spill: bool = False) -> ParsedDocument:
    context_hash = hashlib.sha256(json.dumps(plan.context, sort_keys=True).encode()).hexdigest()
    doc = ParsedDocument(spill=RecordSpill() if spill else None)
    hashes: dict[int, str] = {}  # only the items parsed here: the skipped ones are in doc
    iris = plan.iris
    todo_services: list[int] = []
    for item in plan.services:
        digest = closure_hash(plan, item, context_hash)
        if known.get(iris[item]) == digest:
            doc.skipped_unchanged[iris[item]] = digest
        else:
            todo_services.append(item)
            hashes[item] = digest
    todo_events: list[int] = []
    for item in plan.events:
        digest = closure_hash(plan, item, context_hash)
        if known.get(iris[item]) == digest:
            doc.skipped_events[iris[item]] = digest
            doc.skipped_event_refs[iris[item]] = plan.stop_refs[item]
        else:
            todo_events.append(item)
            hashes[item] = digest
    # Shared nodes (organisations, laws, concepts, the unreached rest): parsed once.
    shared_graph = parse_graph(_subdocument(plan, plan.shared), "json-ld")
    shared_doc = extract(shared_graph)  # also drops the private triples of the shared graph
    r = Reader(shared_graph)
    by_iri = {iris[item]: digest for item, digest in hashes.items()}
    del hashes
    untyped: dict[str, OrgRecord] = {}
    starts = todo_services + todo_events
    for i in range(0, len(starts), BATCH):
        batch = starts[i : i + BATCH]
        wanted: dict[int, None] = {}
        for start in batch:
            wanted.update(dict.fromkeys(plan.private(start)))
        part = ParsedDocument()
        try:
            part.merge(_parse_nodes(plan, list(wanted), shared_graph))
        except ParseError:
            # One bad closure must not sink the batch: parse them one by one.
            for start in batch:
                try:
                    part.merge(_parse_nodes(plan, plan.private(start), shared_graph))
                except ParseError as exc:
                    part.failed[iris[start]] = str(exc)
        for start in batch:  # parsed: the walk is not needed again
            del plan.closures[start]
        for svc in part.services:  # organisations referenced without a type triple
            for org in [svc.competent_authority, *(p.organisation for p in svc.participations)]:
                if (
                    org
                    and org not in untyped
                    and org not in shared_doc.organisations
                    and org not in doc.organisations
                    and org not in part.organisations
                    and (URIRef(org), SKOS.prefLabel, None) in shared_graph
                ):
                    untyped[org] = org_record(r, URIRef(org))
        for record in [*part.services, *part.events]:
            record.raw_hash = by_iri.get(record.iri, "")
        if doc.spill is not None:
            doc.spill.add(part.services, part.events)
            part.services, part.events = [], []
        doc.merge(part)
    doc.organisations.update(shared_doc.organisations)
    for iri, org in untyped.items():
        doc.organisations.setdefault(iri, org)
    # Topic labels live in the shared graph (concepts): read them for every topic seen.
    for iri in list(doc.topics):
        label = r.texts(URIRef(iri), SKOS.prefLabel)
        if label:
            doc.topics[iri] = TopicRecord(iri, label)
    return doc


def _subdocument(plan: Plan, nodes: list[int]) -> dict[str, Any]:
    sub: dict[str, Any] = {"@graph": [plan.node(n) for n in nodes]}
    if plan.context is not None:
        sub["@context"] = plan.context
    return sub


def _parse_nodes(plan: Plan, nodes: list[int], shared: Graph) -> ParsedDocument:
    return extract(parse_graph(_subdocument(plan, nodes), "json-ld"), shared)
