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
import sqlite3
from collections.abc import Iterator
from itertools import filterfalse
from operator import itemgetter
from typing import Any, BinaryIO

import ijson
from rdflib import Graph, URIRef
from rdflib.plugins.shared.jsonld import context as jsonld_context

from sync.rdf import CPSV, EVENT_TYPES, ORG_TYPES, SKOS, Reader, extract, org_record, parse_graph
from sync.records import ParsedDocument, ParseError, TopicRecord


class Plan:
    """The closures of a streamed snapshot, kept in a temporary on-disk SQLite database.

    Why on disk: a node's canonical JSON, its references and which items reach it are per
    node of the register (~9 a service), so holding them in Python grew the sync's memory by
    ~11 MB per 1,000 services. SQLite pages them (a bounded cache); only the lists of item
    IRIs stay in memory. An empty file name makes SQLite delete the file on ``close``.
    """

    def __init__(self, context: Any) -> None:
        self.context = context
        self.db = sqlite3.connect("", check_same_thread=False)
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -16000;
            PRAGMA temp_store = FILE;
            CREATE TABLE node (iri TEXT PRIMARY KEY, kind INTEGER, data BLOB, digest BLOB,
                               uses INTEGER DEFAULT 0, shared INTEGER DEFAULT 0) WITHOUT ROWID;
            CREATE TABLE ref (src TEXT, dst TEXT);
            CREATE TABLE member (item TEXT, node TEXT, PRIMARY KEY (item, node)) WITHOUT ROWID;
            CREATE TABLE stop_ref (item TEXT, other TEXT);
            """
        )
        self.services: list[str] = []
        self.events: list[str] = []

    def close(self) -> None:
        self.db.close()

    def closure(self, item: str) -> list[str]:
        """Every node of an item's closure, sorted by IRI (what its hash is made of)."""
        return [n for (n,) in self.db.execute(MEMBERS, (item,))]

    def private(self, item: str) -> list[str]:
        """The closure's nodes no other item reaches (parsed with the item)."""
        return [n for (n,) in self.db.execute(PRIVATE, (item,))]

    def stop_refs(self, item: str) -> set[str]:
        """The other items (services, events) an item's closure refers to."""
        return {o for (o,) in self.db.execute("SELECT other FROM stop_ref WHERE item = ?", (item,))}

    @property
    def shared(self) -> list[str]:
        """Nodes parsed once for everybody: reached by several items, typed organisations
        and concepts, and nodes no item reaches."""
        return [n for (n,) in self.db.execute("SELECT iri FROM node WHERE shared ORDER BY iri")]

    def data(self, iris: list[str]) -> list[bytes]:
        """The canonical JSON of these nodes, in the order given."""
        found: dict[str, bytes] = {}
        for i in range(0, len(iris), 500):
            chunk = iris[i : i + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT iri, data FROM node WHERE iri IN ({marks})"  # noqa: S608 (only ?s)
            found.update(self.db.execute(query, chunk))
        return [found[i] for i in iris]


MEMBERS = "SELECT node FROM member WHERE item = ? ORDER BY node"
PRIVATE = (
    "SELECT m.node FROM member m JOIN node n ON n.iri = m.node "
    "WHERE m.item = ? AND NOT n.shared ORDER BY m.node"
)
_REACHED = """WITH RECURSIVE c(iri) AS (
    SELECT :start
    UNION
    SELECT r.dst FROM ref r JOIN c ON r.src = c.iri JOIN node n ON n.iri = r.dst
    WHERE n.kind NOT IN (1, 2)
)
"""
#: An item's closure: the item and every node it reaches, stopping at other items.
INSERT_MEMBERS = _REACHED + "INSERT OR IGNORE INTO member SELECT :start, iri FROM c"  # noqa: S608
#: The other items the closure refers to (where the walk stopped).
INSERT_STOPS = (
    _REACHED
    + """INSERT INTO stop_ref
SELECT DISTINCT :start, r.dst FROM ref r JOIN c ON r.src = c.iri JOIN node n ON n.iri = r.dst
WHERE n.kind IN (1, 2) AND r.dst != :start"""
)
#: node kinds: plain, service, event, shared type (organisations, concepts)
PLAIN, SERVICE, EVENT, SHARED_TYPE = 0, 1, 2, 3


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

    ``data`` is the document's bytes or a binary file holding it (a snapshot is read from
    disk, never held whole). Three passes of ijson's C parser over it: the top-level keys
    (must be exactly ``@context`` and ``@graph``), the context, then the nodes one at a
    time into the plan's on-disk store. Only JSON-LD keywords (``@context``, ``@graph``,
    ``@id``, ``@type``) are read here; types are expanded with rdflib's own context
    processor, so no vocabulary key is interpreted. Invalid JSON returns None too: the full
    path then reports it.
    """
    if _first_byte(data) != b"{":
        return None
    plan: Plan | None = None
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
        plan = Plan(raw_context)
        if not _store_nodes(plan, ijson.items(_rewound(data), "@graph.item", use_float=True), ctx):
            plan.close()
            return None
    except ParseError:
        if plan is not None:
            plan.close()
        raise
    except Exception:  # ijson: not JSON, truncated, bad UTF-8 → the full path says why
        if plan is not None:
            plan.close()
        return None
    if not plan.db.execute("SELECT 1 FROM node LIMIT 1").fetchone():
        plan.close()
        return None
    _cut_closures(plan)
    return plan


#: Nodes written to the store per statement.
INSERT_BATCH = 2000


def _store_nodes(plan: Plan, items: Iterator[Any], ctx: Any) -> bool:
    """Each node's canonical JSON, digest, kind and references into the store; False when a
    node is not a flat node object (the full path must read the document)."""
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
    expanded: dict[str, str] = {}
    service_iri, event_iris = str(CPSV.PublicService), {str(t) for t in EVENT_TYPES}
    nodes: list[tuple[str, int, bytes, bytes]] = []
    refs: list[tuple[str, str]] = []
    db = plan.db

    def flush() -> None:
        db.executemany("INSERT INTO node (iri, kind, data, digest) VALUES (?, ?, ?, ?)", nodes)
        db.executemany("INSERT INTO ref VALUES (?, ?)", refs)
        nodes.clear()
        refs.clear()

    try:
        for node in items:
            if type(node) is not dict:
                return False
            iri = node.get("@id")
            if type(iri) is not str:
                return False
            out: list[str] = []
            raw_types: Any = ()
            for key, value in node.items():
                if key.startswith("@"):
                    if key == "@type":
                        raw_types = value if type(value) is list else [value]
                    elif key != "@id":
                        return False
                elif not _scan(value, out):
                    return False
            found = set()
            for raw in raw_types:
                if type(raw) is not str:
                    return False
                full = expanded.get(raw)
                if full is None:
                    full = expanded[raw] = str(ctx.expand(raw) or raw)
                found.add(full)
            kind = PLAIN
            if service_iri in found:
                kind = SERVICE
                plan.services.append(iri)
            elif found & event_iris:
                kind = EVENT
                plan.events.append(iri)
            elif found & _SHARED_TYPES:
                kind = SHARED_TYPE
            data = encode(node).encode()
            nodes.append((iri, kind, data, hashlib.sha256(data).digest()))
            refs.extend((iri, ref) for ref in out)
            if len(nodes) >= INSERT_BATCH:
                flush()
        flush()
    except sqlite3.IntegrityError:  # the same @id twice
        return False
    return True


def _cut_closures(plan: Plan) -> None:
    """Every item's closure and the other items it refers to; which nodes are shared."""
    db = plan.db
    db.execute("CREATE INDEX ref_src ON ref (src)")
    for start in plan.services + plan.events:
        db.execute(INSERT_MEMBERS, {"start": start})
        db.execute(INSERT_STOPS, {"start": start})
    db.execute("CREATE INDEX member_node ON member (node)")
    db.execute(
        "UPDATE node SET uses = u.n FROM (SELECT node, count(*) AS n FROM member GROUP BY node)"
        " AS u WHERE node.iri = u.node"
    )
    # blank nodes are document-scoped in rdflib: kept with each item using them
    db.execute(
        "UPDATE node SET shared = 1 WHERE kind NOT IN (1, 2) AND (uses = 0 OR "
        "(substr(iri, 1, 2) != '_:' AND (uses > 1 OR kind = 3)))"
    )


def closure_hash(plan: Plan, iri: str, context_hash: str) -> str:
    """Hash of everything an item's records are read from: its whole closure and the context."""
    digest = hashlib.sha256(context_hash.encode())
    for (node_digest,) in plan.db.execute(
        "SELECT n.digest FROM member m JOIN node n ON n.iri = m.node WHERE m.item = ? "
        "ORDER BY m.node",
        (iri,),
    ):
        digest.update(node_digest)
    return digest.hexdigest()


#: Items per rdflib parse. Small batches keep the transient graph small (~150 kB a service);
#: shared nodes are parsed once anyway, so a batch costs little beyond its own triples.
BATCH = 100


def parse_planned(plan: Plan, known: dict[str, str]) -> ParsedDocument:
    """The whole document's records (``parse_batches`` merged); closes the plan."""
    doc = ParsedDocument()
    for part in parse_batches(plan, known, doc):
        doc.merge(part)
    return doc


def parse_batches(
    plan: Plan, known: dict[str, str], head: ParsedDocument
) -> Iterator[ParsedDocument]:
    """The records of the items whose closure changed, ``BATCH`` items at a time.

    ``head`` receives what concerns the whole document: the skipped (unchanged) items,
    the organisations and the topics seen. The plan is closed once the last batch is out.
    """
    try:
        yield from _parse_batches(plan, known, head)
    finally:
        plan.close()


def _parse_batches(
    plan: Plan, known: dict[str, str], head: ParsedDocument
) -> Iterator[ParsedDocument]:
    context_hash = hashlib.sha256(json.dumps(plan.context, sort_keys=True).encode()).hexdigest()
    hashes: dict[str, str] = {}
    todo: list[str] = []
    for iri in plan.services:
        digest = closure_hash(plan, iri, context_hash)
        if known.get(iri) == digest:
            head.skipped_unchanged[iri] = digest
        else:
            hashes[iri] = digest
            todo.append(iri)
    for iri in plan.events:
        digest = closure_hash(plan, iri, context_hash)
        if known.get(iri) == digest:
            head.skipped_events[iri] = digest
            head.skipped_event_refs[iri] = plan.stop_refs(iri)
        else:
            hashes[iri] = digest
            todo.append(iri)
    # Shared nodes (organisations, laws, concepts, the unreached rest): parsed once.
    shared_graph = parse_graph(_subdocument(plan, plan.shared), "json-ld")
    shared_doc = extract(shared_graph)  # also drops the private triples of the shared graph
    head.organisations.update(shared_doc.organisations)
    r = Reader(shared_graph)
    for i in range(0, len(todo), BATCH):
        batch = todo[i : i + BATCH]
        wanted: dict[str, None] = {}
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
                    part.failed[start] = str(exc)
        for svc in part.services:  # organisations referenced without a type triple
            for iri in [svc.competent_authority, *(p.organisation for p in svc.participations)]:
                if (
                    iri
                    and iri not in head.organisations
                    and (URIRef(iri), SKOS.prefLabel, None) in shared_graph
                ):
                    head.organisations[iri] = org_record(r, URIRef(iri))
        # Topic labels live in the shared graph (concepts): read them for every topic seen.
        for iri in part.topics:
            if iri not in head.topics:
                label = r.texts(URIRef(iri), SKOS.prefLabel)
                head.topics[iri] = TopicRecord(iri, label) if label else part.topics[iri]
        part.topics = {}
        head.organisations.update(part.organisations)
        part.organisations = {}
        for record in [*part.services, *part.events]:
            record.raw_hash = hashes.get(record.iri, "")
        yield part


def _subdocument(plan: Plan, iris: list[str]) -> dict[str, Any]:
    sub: dict[str, Any] = {"@graph": [json.loads(data) for data in plan.data(iris)]}
    if plan.context is not None:
        sub["@context"] = plan.context
    return sub


def _parse_nodes(plan: Plan, iris: list[str], shared: Graph) -> ParsedDocument:
    return extract(parse_graph(_subdocument(plan, iris), "json-ld"), shared)
