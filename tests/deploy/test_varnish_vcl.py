"""``deploy/varnish/portal.vcl``, run by a real ``varnishd`` in front of a small real HTTP
server that answers like the app (issue 23, item 4). The combined test (``tests/stack/``)
runs the same VCL in front of the real app; this one pins the rules one by one, in seconds.

The backend echoes what reached it (path, cookies, Accept-Language, X-Forwarded-For) and a
counter, so a cached answer is the one with the old count.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from tests.stack.topology import _FromAddress
from tests.stack.varnish import VCL, Varnish, site_vcl, start_varnish

ROOT = Path(__file__).resolve().parents[2]
SHARED = "public, max-age=0, s-maxage=3600"


class _App(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    count = 0

    def do_GET(self) -> None:  # noqa: N802 — the HTTP method's name
        type(self).count += 1
        body = json.dumps(
            {
                "n": type(self).count,
                "path": self.path,
                "cookie": self.headers.get("Cookie"),
                "language": self.headers.get("Accept-Language"),
                "xff": self.headers.get("X-Forwarded-For"),
            }
        ).encode()
        self.send_response(200)
        if "/private/" not in self.path:
            self.send_header("Cache-Control", SHARED)
        if "/form/" in self.path:
            self.send_header("Set-Cookie", "csrftoken=new; Path=/")
        self.send_header("Vary", "Accept-Language, Cookie")
        self.send_header("X-Request-ID", self.headers.get("X-Request-ID", "-"))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def varnish() -> Iterator[Varnish]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("App", (_App,), {"count": 0}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    workdir = Path(tempfile.mkdtemp(prefix="portal-varnish-"))
    try:
        cache = start_varnish([f"http://127.0.0.1:{server.server_port}"], workdir)
        yield cache
        cache.stop()
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)


def _get(varnish: Varnish, path: str, **headers: str) -> tuple[str, dict]:
    response = requests.get(varnish.url + path, headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    return response.headers["X-Cache"], response.json()


def _purge(varnish: Varnish, path: str, source: str = "127.0.0.1", **headers: str) -> int:
    session = requests.Session()
    session.mount("http://", _FromAddress(source))
    return session.request("PURGE", varnish.url + path, headers=headers, timeout=10).status_code


def test_the_shipped_vcl_compiles_with_the_example_site_part(tmp_path) -> None:
    shutil.copy(
        ROOT / "deploy" / "varnish" / "portal-site.vcl.example", tmp_path / "portal-site.vcl"
    )
    result = subprocess.run(
        ["varnishd", "-C", "-j", "none", "-n", str(tmp_path / "n"), "-f", str(VCL)]
        + ["-p", f"vcl_path={tmp_path}:/usr/share/varnish/vcl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_systemd_drop_in_runs_this_vcl_on_loopback() -> None:
    text = (ROOT / "deploy" / "varnish" / "varnish.service.d" / "portal.conf").read_text()
    start = [line for line in text.splitlines() if line.startswith("ExecStart=/")]
    assert len(start) == 1 and "-f /etc/varnish/portal.vcl" in start[0]
    assert "-a 127.0.0.1:6081" in start[0]


def test_the_site_part_names_every_process() -> None:
    text = site_vcl(["http://127.0.0.1:8001", "http://127.0.0.1:8002"], ["127.0.0.1"])
    assert text.count("portal.add_backend(") == 2 and '"127.0.0.1";' in text


def test_a_shared_page_is_kept_and_the_request_id_is_this_requests(varnish) -> None:
    first = requests.get(varnish.url + "/lv/kept/", headers={"X-Request-ID": "a"}, timeout=10)
    second = requests.get(varnish.url + "/lv/kept/", headers={"X-Request-ID": "b"}, timeout=10)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert first.json()["n"] == second.json()["n"]
    assert second.headers["X-Request-ID"] == "b"
    assert second.headers["Cache-Control"] == SHARED


def test_what_the_app_does_not_mark_or_that_sets_a_cookie_is_never_kept(varnish) -> None:
    for path in ("/lv/private/page/", "/lv/form/page/"):
        counts = [_get(varnish, path) for _ in range(2)]
        assert [c[0] for c in counts] == ["PASS", "PASS"], path
        assert counts[0][1]["n"] != counts[1][1]["n"], path


def test_a_signed_in_visitor_always_reaches_the_app(varnish) -> None:
    _get(varnish, "/lv/member/")
    assert _get(varnish, "/lv/member/")[0] == "HIT"
    for cookie in ("sessionid=abc", "csrftoken=x; sessionid=abc", "messages=m"):
        state, seen = _get(varnish, "/lv/member/", Cookie=cookie)
        assert state == "PASS" and seen["cookie"] == cookie


@pytest.mark.parametrize("path", ["/admin/", "/lv/requests/mine/", "/en/search/?q=x", "/readyz"])
def test_signed_in_areas_search_and_probes_always_reach_the_app(varnish, path) -> None:
    assert [_get(varnish, path)[0] for _ in range(2)] == ["PASS", "PASS"]


def test_analytics_cookies_are_dropped_and_only_the_language_cookie_splits(varnish) -> None:
    state, seen = _get(varnish, "/lv/cookies/", Cookie="_ga=GA1.2; csrftoken=t; _gid=2")
    assert state == "MISS" and seen["cookie"] == "csrftoken=t"
    assert _get(varnish, "/lv/cookies/", Cookie="_ga=other")[0] == "HIT"
    assert _get(varnish, "/lv/cookies/", Cookie="csrftoken=u")[0] == "HIT"
    state, seen = _get(varnish, "/lv/cookies/", Cookie="django_language=en; _ga=1")
    assert state == "MISS" and seen["cookie"] == "django_language=en"
    assert _get(varnish, "/lv/cookies/", Cookie="django_language=en")[0] == "HIT"


def test_accept_language_is_reduced_to_the_sites_languages(varnish) -> None:
    state, seen = _get(varnish, "/lv/lang/", **{"Accept-Language": "en-GB,en;q=0.9"})
    assert (state, seen["language"]) == ("MISS", "en")
    assert _get(varnish, "/lv/lang/", **{"Accept-Language": "EN-us"})[0] == "HIT"
    state, seen = _get(varnish, "/lv/lang/", **{"Accept-Language": "de-DE, lv;q=0.8, en;q=0.5"})
    assert (state, seen["language"]) == ("MISS", "lv")
    assert _get(varnish, "/lv/lang/", **{"Accept-Language": "lv"})[0] == "HIT"
    state, seen = _get(varnish, "/lv/lang/", **{"Accept-Language": "fr"})
    assert (state, seen["language"]) == ("MISS", None)
    response = requests.get(varnish.url + "/lv/lang/", timeout=10)
    assert response.headers["X-Cache"] == "HIT", "no header is the same variant as none of ours"
    assert [v.strip() for v in response.headers["Vary"].split(",")] == [
        "Accept-Language",
        "Cookie",
    ]


def test_campaign_parameters_are_dropped_and_the_query_sorted(varnish) -> None:
    state, seen = _get(varnish, "/lv/q/?b=2&utm_source=news&a=1&fbclid=x")
    assert state == "MISS" and seen["path"] == "/lv/q/?a=1&b=2"
    assert _get(varnish, "/lv/q/?a=1&b=2")[0] == "HIT"


def test_the_app_sees_the_client_address_nginx_appended_not_varnishs(varnish) -> None:
    state, seen = _get(varnish, "/lv/private/xff/", **{"X-Forwarded-For": "203.0.113.9"})
    assert seen["xff"] == "203.0.113.9"


def test_a_purge_drops_the_path_with_every_query_and_variant(varnish) -> None:
    variants = [("/lv/p/", {}), ("/lv/p/?page=2", {}), ("/lv/p/", {"Accept-Language": "en"})]
    for path, headers in variants:
        _get(varnish, path, **headers)
        assert _get(varnish, path, **headers)[0] == "HIT"
    assert _purge(varnish, "/lv/p/") == 200
    assert [_get(varnish, path, **headers)[0] for path, headers in variants] == ["MISS"] * 3
    assert _get(varnish, "/lv/p/")[0] == "HIT"


def test_purging_star_drops_everything(varnish) -> None:
    for path in ("/lv/all-1/", "/en/all-2/?x=1"):
        _get(varnish, path)
        assert _get(varnish, path)[0] == "HIT"
    assert _purge(varnish, "/*") == 200
    assert [_get(varnish, path)[0] for path in ("/lv/all-1/", "/en/all-2/?x=1")] == ["MISS"] * 2


def test_only_the_acl_may_purge_and_never_through_the_proxy(varnish) -> None:
    _get(varnish, "/lv/acl/")
    assert _purge(varnish, "/lv/acl/", source="127.0.0.2") == 405
    assert _purge(varnish, "/lv/acl/", **{"X-Forwarded-For": "127.0.0.1"}) == 405
    assert _get(varnish, "/lv/acl/")[0] == "HIT"
