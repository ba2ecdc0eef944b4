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
from dataclasses import dataclass
from itertools import filterfalse
from operator import itemgetter
from typing import Any, BinaryIO

import ijson
from rdflib import Graph, URIRef
from rdflib.plugins.shared.jsonld import context as jsonld_context

from sync.rdf import CPSV, EVENT_TYPES, ORG_TYPES, SKOS, Reader, extract, org_record, parse_graph
from sync.records import ParsedDocument, ParseError, TopicRecord


@dataclass
class Plan:
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


Source = bytes | BinaryIO


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


def plan_stream(data: Source) -> Plan | None:
    """Cut a flat ``@graph`` into closures without loading the document; None otherwise.

    ``data`` is the document's bytes or a binary file holding it (the sync reads a snapshot
    from its file, never holds its bytes). Three passes of ijson's C parser over it: the
    top-level keys (must be exactly ``@context`` and ``@graph``), the context, then the
    nodes one at a time. Only JSON-LD keywords (``@context``, ``@graph``, ``@id``,
    ``@type``) are read here; types are expanded with rdflib's own context processor, so no
    vocabulary key is interpreted. Invalid JSON
    returns None too: the full path then reports it.
    """
    if _first_byte(data) != b"{":
        return None
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
        nodes: dict[str, bytes] = {}
        refs: dict[str, list[str]] = {}
        types: dict[str, set[str]] = {}
        expanded: dict[str, str] = {}
        encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
        for node in ijson.items(_rewound(data), "@graph.item", use_float=True):
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
    return Plan(raw_context, nodes, services, events, closures, private, stop_refs, shared)


def closure_hash(plan: Plan, iri: str, context_hash: str, digests: dict[str, bytes]) -> str:
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


def parse_planned(plan: Plan, known: dict[str, str]) -> ParsedDocument:
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
    shared_graph = parse_graph(_subdocument(plan, plan.shared), "json-ld")
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
    r = Reader(shared_graph)
    for svc in doc.services:  # organisations referenced without a type triple
        for iri in [svc.competent_authority, *(p.organisation for p in svc.participations)]:
            if (
                iri
                and iri not in doc.organisations
                and (URIRef(iri), SKOS.prefLabel, None) in shared_graph
            ):
                doc.organisations[iri] = org_record(r, URIRef(iri))
    # Topic labels live in the shared graph (concepts): read them for every topic seen.
    for iri in list(doc.topics):
        label = r.texts(URIRef(iri), SKOS.prefLabel)
        if label:
            doc.topics[iri] = TopicRecord(iri, label)
    for record in [*doc.services, *doc.events]:
        record.raw_hash = hashes.get(record.iri, "")
    return doc


def _subdocument(plan: Plan, iris: list[str]) -> dict[str, Any]:
    sub: dict[str, Any] = {"@graph": [json.loads(plan.nodes[n]) for n in iris]}
    if plan.context is not None:
        sub["@context"] = plan.context
    return sub


def _parse_nodes(plan: Plan, iris: list[str], shared: Graph) -> ParsedDocument:
    return extract(parse_graph(_subdocument(plan, iris), "json-ld"), shared)
