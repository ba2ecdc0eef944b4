"""Elasticsearch down or slow: database results with a visible notice, never a 500."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def closed_port(settings) -> None:
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    settings.ELASTICSEARCH_TIMEOUT = 0.5


@pytest.fixture
def slow_node(settings) -> Iterator[str]:
    """A real HTTP server that answers like a node, but only after 3 s."""

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self._reply()

        def do_POST(self) -> None:  # noqa: N802
            self._reply()

        def _reply(self) -> None:
            time.sleep(3)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.end_headers()
                self.wfile.write(b"{}")
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    yield settings.ELASTICSEARCH_URL
    server.shutdown()


NOTICE = ("simplified mode", "vienkāršotā režīmā")


def _has_notice(html: str) -> bool:
    return any(text in html for text in NOTICE)


@pytest.mark.parametrize("node", ["closed_port", "slow_node"])
def test_search_falls_back_with_notice(client: Client, catalogue, node: str, request) -> None:
    request.getfixturevalue(node)
    started = time.monotonic()
    page = client.get("/lv/search/", {"q": "pasi"})
    assert page.status_code == 200
    html = page.content.decode()
    assert _has_notice(html)
    assert "Pases izsniegšana" in html
    api = client.get("/api/search/", {"q": "dzivesvietas"}).json()
    assert api["degraded"] is True and api["results"][0]["identifier"] == "PAK-0002"
    assert client.get("/api/autocomplete/", {"q": "pas"}).status_code == 200
    # One timeout at most: afterwards the breaker skips the node.
    assert time.monotonic() - started < 3
