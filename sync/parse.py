"""Parse a register document into records: streamed when it is a flat ``@graph``, else rdflib.

The two readers agree record for record (``tests/sync/test_parse.py``): ``sync.stream`` cuts
the common flat form into closures without loading it whole, ``sync.rdf`` reads any other
JSON-LD form, or Turtle, as one graph. The records are in ``sync.records``.
"""

from __future__ import annotations

from typing import BinaryIO

from sync.rdf import extract, load_json, parse_graph, service_node_map
from sync.records import ParsedDocument, ParseError
from sync.stream import parse_planned, plan_stream


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip()[:1] in (b"{", b"[")


def parse_document(
    data: bytes | BinaryIO,
    keep_graph: bool = False,
    known_hashes: dict[str, str] | None = None,
    *,
    spill: bool = False,
) -> ParsedDocument:
    """Parse a register document (JSON-LD in any form, or Turtle) into records.

    ``known_hashes`` (service or event IRI → raw closure hash from the last run) lets a
    re-sync skip the RDF parsing of closures whose bytes did not change; they are listed in
    ``skipped_unchanged`` / ``skipped_events`` so the caller can check them against the
    database.

    ``data`` may be a binary file: the flat ``@graph`` form is then streamed from it, never
    read whole (any other form is read into memory, as rdflib needs it). ``spill``: the
    streamed form's records go to a file batch by batch (``ParsedDocument.batches``); the
    other forms are read whole by rdflib anyway and keep their records in the lists.
    """
    tried_stream = False
    if not isinstance(data, bytes):
        plan = None if keep_graph else plan_stream(data)
        if plan is not None:
            return parse_planned(plan, known_hashes or {}, spill=spill)
        data.seek(0)
        data, tried_stream = data.read(), True
    if not data.strip():
        raise ParseError("The document is empty.")
    if not _looks_like_json(data):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError("The document is neither JSON-LD nor UTF-8 Turtle.") from exc
        graph = parse_graph(text, "turtle")
        doc = extract(graph)
        if keep_graph:
            doc.graph = graph
        return doc
    plan = None if keep_graph or tried_stream else plan_stream(data)
    if plan is None:
        obj = load_json(data)
        graph = parse_graph(obj if isinstance(obj, dict) else data.decode("utf-8"), "json-ld")
        del obj
        doc = extract(graph)
        if keep_graph:
            doc.graph = graph
            doc.service_nodes = service_node_map(graph)
        return doc
    return parse_planned(plan, known_hashes or {}, spill=spill)


__all__ = ["ParseError", "ParsedDocument", "parse_document"]
