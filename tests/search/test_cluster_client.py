"""The Elasticsearch client for a cluster: several nodes, credentials, CA certificate.

Auth and TLS cannot be switched on in the dev cluster, so a real HTTP server standing in for
a node records what the client sends; node failover runs against the real test node.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from search import indexing, service
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording_node() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Answers like an Elasticsearch node (cluster health) and records request headers."""
    seen: list[dict[str, str]] = []

    class Node(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append({k.lower(): v for k, v in self.headers.items()})
            body = json.dumps({"cluster_name": "fake", "status": "green"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Node)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fresh_clients():
    indexing._clients.clear()
    service.reset_breaker()
    yield
    indexing._clients.clear()
    service.reset_breaker()


def test_nodes_are_comma_separated(settings) -> None:
    settings.ELASTICSEARCH_URL = "http://es1:9200, http://es2:9200/,"
    assert indexing.nodes() == ["http://es1:9200", "http://es2:9200"]


def test_basic_auth_is_sent(settings, recording_node) -> None:
    url, seen = recording_node
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_USERNAME = "portal"
    settings.ELASTICSEARCH_PASSWORD = "pa55"
    assert service.elasticsearch_status() == "ok"
    expected = "Basic " + base64.b64encode(b"portal:pa55").decode()
    assert seen[-1]["authorization"] == expected


def test_api_key_wins_over_basic_auth(settings, recording_node) -> None:
    url, seen = recording_node
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_API_KEY = "a2V5OnNlY3JldA=="
    settings.ELASTICSEARCH_USERNAME = "portal"
    assert service.elasticsearch_status() == "ok"
    assert seen[-1]["authorization"] == "ApiKey a2V5OnNlY3JldA=="


def test_ca_certificate_reaches_the_client(settings) -> None:
    settings.ELASTICSEARCH_URL = "https://es1:9200"
    settings.ELASTICSEARCH_CA_CERTS = "/etc/portal/es-ca.crt"
    assert indexing.client_options()["ca_certs"] == "/etc/portal/es-ca.crt"


@pytest.mark.elasticsearch
def test_a_dead_node_in_the_list_does_not_degrade_search(
    client: Client, settings, elasticsearch_url, es_index_prefix, site_tree
) -> None:
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:1,{elasticsearch_url}"
    settings.ELASTICSEARCH_INDEX_PREFIX = es_index_prefix + "pair-"
    ServicePageFactory(title="Pases izsniegšana", identifier="PAK-NODE-1")
    indexing.rebuild()
    for _ in range(4):  # whichever node the pool picks first
        response = client.get("/api/search/", {"q": "pase"}).json()
        assert response["degraded"] is False
        assert [r["identifier"] for r in response["results"]] == ["PAK-NODE-1"]
