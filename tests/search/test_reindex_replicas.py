"""A rebuild's replica is copied from the primary's finished segments, not indexed again.

Why it matters: on the two-node cluster of production a replica filled by replaying every
operation from the translog analyses every document a second time, and took as long as the
build itself (docs/benchmarks.md, "Full reindex, second pass"). Needs the real two-node
cluster: a single node never allocates a replica.
"""

from __future__ import annotations

import uuid

import pytest
from elasticsearch import Elasticsearch

from search import indexing
from tests.factories import ServicePageFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def test_a_rebuilds_replica_copies_segments_and_replays_nothing(
    site_tree, es_cluster, settings
) -> None:
    pages = [ServicePageFactory(identifier=f"PAK-REPLICA-{i}") for i in range(30)]
    settings.ELASTICSEARCH_URL = es_cluster.url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"pytest-replica-{uuid.uuid4().hex[:6]}-"
    settings.ELASTICSEARCH_REPLICAS = 1
    indexing._clients.clear()
    client = Elasticsearch(es_cluster.url.split(","))
    try:
        report = indexing.rebuild()

        assert report["errors"] == 0 and report["indexed"] >= len(pages)
        health = client.cluster.health(index=report["index"])
        assert health["status"] == "green"  # the rebuild waited for its replica
        shards = client.indices.recovery(index=report["index"])[report["index"]]["shards"]
        (replica,) = [s for s in shards if s["type"] == "PEER"]
        assert replica["translog"]["recovered"] == 0  # no document analysed twice
        assert replica["index"]["size"]["recovered_in_bytes"] > 10_000  # segments copied
    finally:
        client.indices.delete(
            index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*", expand_wildcards="all"
        )
        indexing._clients.clear()
