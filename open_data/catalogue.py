"""The whole catalogue as batches of CPSV-AP nodes: what the dump is made of.

The nodes are the portal's one CPSV-AP writer's (``catalogue_pages.cpsv_nodes``, rows read by
``catalogue_pages.cpsv_rows``); this module only walks the catalogue in batches and writes
each node once. Nothing outlives a batch but the IRIs of the few nodes items share.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalogue_pages import cpsv_nodes as n
from catalogue_pages.cpsv_nodes import Node
from catalogue_pages.cpsv_rows import Catalogue


def dump_batches() -> Iterator[list[Node]]:
    """The whole catalogue as batches of nodes: vocabulary, topics, organisations, events,
    services. Every node appears once."""
    catalogue = Catalogue.load()
    seen: set[str] = set()
    yield n.vocabulary_nodes() + catalogue.topic_nodes()
    for chunk in catalogue.organisation_chunks():
        yield _once(catalogue.organisation_batch(chunk), seen)
    for chunk in catalogue.event_chunks():
        yield _once(catalogue.event_batch(chunk), seen)
    for chunk in catalogue.service_chunks():
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
