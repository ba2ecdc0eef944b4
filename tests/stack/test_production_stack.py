"""Proof of the production topology (docs/deployment.md): two gunicorn processes on
PostgreSQL, Redis and a two-node Elasticsearch cluster, while the register changes.

* During a sync of changed services, readers and request submitters get no errors, no
  submission is lost, and afterwards every process serves the new content (the page cache
  is invalidated across processes through the shared cache generation).
* Faults: one Elasticsearch node killed (search keeps answering without the fallback, the
  index goes green again when it returns), Redis down (pages serve, /readyz names the
  cache as degraded), PostgreSQL restarted mid-traffic (a clean 503 at worst, never a 500,
  nothing lost; /readyz 503, /healthz alive).
* Through the nginx of ``deploy/nginx/`` (issue 18): sign-in lockouts follow the real client
  address and a forged ``X-Forwarded-For`` gains nothing; bodies over the URL's limit are
  refused before they reach the app; plain-HTTP probes are not redirected; the whole
  Elasticsearch cluster stopped leaves /readyz 200 naming it and pages 200; cached pages
  keep their headers and junk query strings add no entries; counters and generations live
  in the non-evicting Redis.
* Through the Varnish of ``deploy/varnish/`` between nginx and the processes (issue 23): a
  sync change is visible through it within seconds (the sync purges), a signed-in page is
  never served from it, ``Vary: Accept-Language`` and the cookies are handled, and only the
  app's own hosts may PURGE, never through the proxy.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import ssl
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
import redis
import requests
from elasticsearch import Elasticsearch

from tests.stack.topology import (
    METRICS_TOKEN,
    ROOT,
    Browser,
    Stack,
    _FromAddress,
    form_fields,
    requestable_service,
    unit_command,
)

pytestmark = pytest.mark.stack

NEW_TITLE = "Dzīvesvietas deklarēšana (atjaunots)"
SERVICE = "PAK-0001"


def _changed_snapshot(
    stack: Stack, title: str = NEW_TITLE, modified: str = "2026-11-30T10:00:00Z"
) -> bytes:
    data = json.loads(stack.register.snapshot.body)
    for node in data["@graph"]:
        if node.get("@id") == f"https://virsis.example/id/service/{SERVICE}":
            for value in node["dct:title"]:
                if value["@language"] == "lv":
                    value["@value"] = title
            node["dct:modified"]["@value"] = modified
    return json.dumps(data, ensure_ascii=False).encode()


class Traffic:
    """Readers on every process until stopped; any 5xx or transport error is recorded."""

    def __init__(self, stack: Stack, paths: list[str], allow_503: bool = False) -> None:
        self.stack, self.paths, self.allow_503 = stack, paths, allow_503
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self.degraded = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._read, args=(i,)) for i in range(4)]

    def _read(self, index: int) -> None:
        visitor = Browser(self.stack.web[index % len(self.stack.web)])
        n = 0
        while not self._stop.is_set():
            path = self.paths[n % len(self.paths)]
            n += 1
            try:
                response = visitor.get(path)
            except requests.RequestException as exc:
                self.failures.append(f"{path}: {exc.__class__.__name__}")
                continue
            self.statuses[response.status_code] += 1
            if response.status_code >= 500 and not (self.allow_503 and response.status_code == 503):
                self.failures.append(f"{path}: {response.status_code}")
            if path.startswith("/api/search/") and response.status_code == 200:
                self.degraded += bool(response.json().get("degraded"))

    def __enter__(self) -> Traffic:
        for thread in self._threads:
            thread.start()
        return self

    def wait_until(self, state: Callable[[Traffic], bool], seconds: float = 120) -> None:
        """Let the readers run until ``state`` holds (bounded): a loaded machine answers fewer
        requests a second, so the test waits on what it needs, not on a guessed duration."""
        deadline = time.monotonic() + seconds
        while not state(self):
            assert time.monotonic() < deadline, f"traffic never got there: {dict(self.statuses)}"
            time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)


def _eventually_ok(url: str, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, headers={"X-Forwarded-Proto": "https"}, timeout=5).ok:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.5)
    return False


def _service_path(stack: Stack) -> str:
    response = Browser(stack.web[0]).get("/api/search/", q="dzīvesvietas deklarēšana", lang="lv")
    assert response.status_code == 200
    hits = [r for r in response.json()["results"] if r["identifier"] == SERVICE]
    assert hits, response.text[:500]
    return requests.utils.urlparse(hits[0]["url"]).path


def test_cluster_is_green_with_one_replica(stack: Stack) -> None:
    client = Elasticsearch(stack.es_nodes)
    health = client.cluster.health(wait_for_status="green", timeout="60s")
    assert health["status"] == "green" and health["number_of_nodes"] == 2
    settings = client.indices.get_settings(
        index=stack.env["ELASTICSEARCH_INDEX_PREFIX"] + "services"
    )
    assert {s["settings"]["index"]["number_of_replicas"] for s in settings.values()} == {"1"}
    client.close()
    for url in stack.web:
        ready = requests.get(url + "/readyz", headers={"X-Forwarded-Proto": "https"}, timeout=10)
        assert ready.status_code == 200, ready.text
        assert ready.json()["cache"] == "ok" and ready.json()["elasticsearch"] == "ok"


def test_a_session_started_on_one_process_holds_on_the_other(stack: Stack) -> None:
    visitor = Browser(stack.web[0])
    visitor.login("demo-requester-1", "demo-parole-2026")
    assert visitor.get("/lv/requests/mine/").status_code == 200
    visitor.base = stack.web[1]  # the load balancer sends the next request elsewhere
    assert visitor.get("/lv/requests/mine/").status_code == 200
    anonymous = Browser(stack.web[1])
    assert anonymous.get("/lv/requests/mine/").status_code == 302  # to the login page


def test_sync_under_load_no_errors_no_lost_submission_new_content_everywhere(stack: Stack) -> None:
    path = _service_path(stack)
    # Warm the page cache of both processes with the old page.
    for url in stack.web:
        Browser(url).get(path)
        old = Browser(url).get(path)
        assert old.status_code == 200 and old.headers.get("X-Page-Cache") == "hit"
        assert NEW_TITLE not in old.text
    identifier = requestable_service(stack)
    before = stack.sql("SELECT count(*) FROM service_requests_servicerequest")[0][0]
    submitted: list[str] = []
    submit_errors: list[str] = []

    def submitter(index: int) -> None:
        visitor = Browser(stack.web[index % 2])
        visitor.login(f"demo-requester-{index % 2 + 1}", "demo-parole-2026")
        for _ in range(3):
            form = visitor.get(f"/lv/requests/new/{identifier}/")
            if form.status_code != 200:
                submit_errors.append(f"form {form.status_code}")
                continue
            data = {
                **form_fields(form.text),
                "contact_name": "Anna Bērziņa",
                "email": "anna@iestade.example",
                "phone": "+371 20000000",
                "needed": "Pieslēgums reģistra datiem.",
                "desired_date": "",
            }
            response = visitor.post(f"/lv/requests/new/{identifier}/", data)
            if response.status_code != 302:
                submit_errors.append(f"post {response.status_code}: {response.text[:300]}")
            else:
                submitted.append(response.headers["Location"])

    paths = [path, "/lv/", "/api/search/?q=pase&lang=lv", "/lv/iedzivotajiem/"]
    with Traffic(stack, paths) as traffic:
        stack.register.set_snapshot(_changed_snapshot(stack))
        threads = [threading.Thread(target=submitter, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        sync = subprocess.run(  # portal-sync.service's command, REGISTER_URL from the env
            unit_command("portal-sync.service"),
            cwd=ROOT,
            env={**stack.env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert sync.returncode == 0, sync.stdout + sync.stderr
        for thread in threads:
            thread.join(timeout=120)
        time.sleep(1)
    assert traffic.failures == [], traffic.failures[:10]
    assert sum(traffic.statuses.values()) > 20 and traffic.degraded == 0
    assert submit_errors == [] and len(submitted) == 6
    after = stack.sql("SELECT count(*) FROM service_requests_servicerequest")[0][0]
    assert after - before == 6, "every accepted submission is stored"
    for url in stack.web:
        fresh = Browser(url).get(path)
        assert fresh.status_code == 200 and NEW_TITLE in fresh.text, url
    metrics = requests.get(
        stack.web[0] + "/metrics",
        headers={"Authorization": f"Bearer {METRICS_TOKEN}", "X-Forwarded-Proto": "https"},
        timeout=10,
    ).text
    assert 'portal_sync_runs{status="success"} 2.0' in metrics
    assert "portal_request_duration_seconds_bucket" in metrics
    # The task worker (portal-worker.service's command) sends every request's e-mails.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready = requests.get(
            stack.web[0] + "/readyz", headers={"X-Forwarded-Proto": "https"}, timeout=10
        ).json()
        if ready["task_backlog"] == 0:
            break
        time.sleep(1)
    assert ready["task_backlog"] == 0
    mails = list((stack.workdir / "mail").glob("*"))
    assert mails, "request e-mails were sent by the worker"


def test_publish_scheduled_runs_with_the_units_command(stack: Stack) -> None:
    result = subprocess.run(
        unit_command("portal-publish-scheduled.service"),
        cwd=ROOT,
        env={**stack.env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_one_elasticsearch_node_killed_search_keeps_answering(stack: Stack) -> None:
    es = stack.parts["es"]
    es.run("stop-node", ES_NODE="2")
    try:
        with Traffic(
            stack, ["/api/search/?q=pase&lang=lv", "/api/search/?q=dzivesvieta&lang=lv"]
        ) as traffic:
            traffic.wait_until(lambda t: t.statuses[200] > 5)
        assert traffic.failures == [] and traffic.degraded == 0
        assert traffic.statuses[200] > 5
        # Indexing goes on with one node: a change reaches the index.
        stack.manage("search_reindex")
    finally:
        result = es.run("start-node", ES_NODE="2")
        assert result.returncode == 0, result.stderr
    client = Elasticsearch(stack.es_nodes)
    health = client.cluster.health(wait_for_status="green", timeout="120s")
    client.close()
    assert health["status"] == "green" and health["number_of_nodes"] == 2


def test_redis_down_pages_serve_and_readyz_names_the_cache(stack: Stack) -> None:
    redis_part = stack.parts["redis"]
    redis_part.stop()
    try:
        for url in stack.web:
            page = Browser(url).get("/lv/")
            assert page.status_code == 200
            ready = requests.get(
                url + "/readyz", headers={"X-Forwarded-Proto": "https"}, timeout=10
            )
            assert ready.status_code == 200 and "cache" in ready.json()["degraded"]
    finally:
        redis_part.start()
    for url in stack.web:
        assert _eventually_ok(url + "/readyz"), "ready again once Redis is back"


def test_postgres_restart_mid_traffic_never_a_500(stack: Stack) -> None:
    pg = stack.parts["pg"]
    with Traffic(stack, ["/lv/", "/lv/iedzivotajiem/", "/readyz"], allow_503=True) as traffic:
        traffic.wait_until(lambda t: t.statuses[200] > 0)
        assert pg.run("stop").returncode == 0
        traffic.wait_until(lambda t: t.statuses[503] > 0)
        down = Browser(stack.web[0]).get("/readyz")
        assert down.status_code == 503 and down.json()["failing"] == ["database"]
        assert Browser(stack.web[0]).get("/healthz").status_code == 200, "still alive"
        # The local health checker, over plain HTTP through nginx: not ready.
        probe = requests.get(stack.proxy.http + "/readyz", timeout=10)
        assert probe.status_code == 503 and probe.json()["failing"] == ["database"]
        # A host name this process has not looked up yet: the Site lookup in a middleware
        # queries the database before any view runs, and must answer 503 as well.
        other_host = stack.web[1].replace("127.0.0.1", "localhost")
        down = requests.get(other_host + "/lv/", headers={"X-Forwarded-Proto": "https"}, timeout=10)
        assert down.status_code == 503 and down.headers["Retry-After"]
        assert pg.run("start").returncode == 0
        answered = traffic.statuses[200]
        traffic.wait_until(lambda t: t.statuses[200] > answered + 3)
    assert traffic.failures == [], traffic.failures[:10]
    assert traffic.statuses[503] > 0, "the outage was seen, as a clean 503"
    for url in stack.web:
        assert _eventually_ok(url + "/readyz"), "ready again once PostgreSQL is back"


# --- Through the proxy (deploy/nginx/) -------------------------------------------------------


def _client(stack: Stack, address: str) -> Browser:
    """A visitor over HTTPS through nginx, connecting from a loopback address of its own."""
    return Browser(stack.proxy.https, source=address, proxy=stack.proxy)


def test_lockout_follows_the_real_client_address_through_the_proxy(stack: Stack) -> None:
    try:
        attacker = _client(stack, "127.0.0.2")
        statuses = [
            attacker.try_login("demo-requester-1", "wrong-password").status_code for _ in range(10)
        ]
        assert statuses[-1] == 429, statuses
        assert attacker.try_login("demo-requester-1", "demo-parole-2026").status_code == 429
        # The owner, elsewhere, signs in: the lockout is the attacker's address + this name.
        _client(stack, "127.0.0.3").login("demo-requester-1", "demo-parole-2026")
        # The app saw the client's address, not nginx's 127.0.0.1.
        seen = stack.sql(
            "SELECT DISTINCT ip_address::text FROM axes_accessattempt "
            "WHERE username = 'demo-requester-1'"
        )
        assert {row[0].split("/")[0] for row in seen} == {"127.0.0.2"}
        # A forged X-Forwarded-For does not dodge the lockout …
        attacker.extra_headers = {"X-Forwarded-For": "198.51.100.7"}
        assert attacker.try_login("demo-requester-1", "demo-parole-2026").status_code == 429
        # … nor frame another address: wrong passwords "from" 127.0.0.5 lock only the sender.
        framer = _client(stack, "127.0.0.4")
        framer.extra_headers = {"X-Forwarded-For": "127.0.0.5"}
        for _ in range(10):
            framer.try_login("demo-requester-2", "wrong-password")
        assert framer.try_login("demo-requester-2", "demo-parole-2026").status_code == 429
        _client(stack, "127.0.0.5").login("demo-requester-2", "demo-parole-2026")
    finally:
        stack.manage("axes_reset")


def _raw_post(url: str, path: str, headers: dict[str, str], body: bytes, cafile: str) -> tuple:
    """A POST whose headers may promise more than is sent; (status, body text)."""
    parts = urlsplit(url)
    context = ssl.create_default_context(cafile=cafile) if parts.scheme == "https" else None
    if context is not None:
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=30)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("POST", path)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    # The server may answer and close before all of it arrived: that is the point.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
        conn.send(body)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, text, dict(response.getheaders())


def _chunked(total: int, piece: int = 64 * 1024) -> bytes:
    data = b"a" * piece
    chunk = f"{piece:x}\r\n".encode() + data + b"\r\n"
    return chunk * (total // piece) + b"0\r\n\r\n"


def test_bodies_over_the_limit_are_refused_before_the_app(stack: Stack) -> None:
    proxy, cafile = stack.proxy, str(stack.proxy.certificate)
    form = {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-Proto": "https"}
    # A declared 600 MB: refused at once, nothing read.
    started = time.monotonic()
    status, text, headers = _raw_post(
        proxy.https,
        "/lv/feedback/",
        {**form, "Content-Length": str(600 * 2**20)},
        b"a" * 1024,
        cafile,
    )
    assert status == 413 and "Nosūtītais ir pārāk liels" in text
    assert time.monotonic() - started < 5
    # In English for an English page.
    status, text, headers = _raw_post(
        proxy.https, "/en/feedback/", {**form, "Content-Length": str(2 * 2**20)}, b"", cafile
    )
    assert status == 413 and "What you sent is too large" in text
    assert headers.get("Content-Language") == "en"
    # Streamed (chunked) past the limit: cut off.
    status, text, _ = _raw_post(
        proxy.https,
        "/lv/feedback/",
        {**form, "Transfer-Encoding": "chunked"},
        _chunked(3 * 2**20),
        cafile,
    )
    assert status == 413
    # The request form's own larger limit lets 5 MB through to the app (which then wants a
    # signed-in user and a CSRF token — not a 413).
    status, _, _ = _raw_post(
        proxy.https,
        "/lv/requests/new/PAK-0001/",
        {**form, "Content-Length": str(5 * 2**20)},
        b"a" * (5 * 2**20),
        cafile,
    )
    assert status != 413
    # None of the oversized bodies reached a gunicorn process.
    access = (stack.workdir / "access.log").read_text()
    assert "POST /lv/feedback/" not in access and "POST /en/feedback/" not in access
    # Without the proxy the app holds the same line: a declared length, a stream.
    status, text, _ = _raw_post(
        stack.web[0], "/lv/feedback/", {**form, "Content-Length": str(600 * 2**20)}, b"a", cafile
    )
    assert status == 413 and "Nosūtītais ir pārāk liels" in text
    status, text, _ = _raw_post(
        stack.web[1],
        "/lv/feedback/",
        {**form, "Transfer-Encoding": "chunked"},
        _chunked(3 * 2**20),
        cafile,
    )
    assert status == 413 and "1 MB" in text


def test_plain_http_probes_are_answered_and_everything_else_goes_to_https(stack: Stack) -> None:
    for path in ("/healthz", "/readyz"):
        response = requests.get(stack.proxy.http + path, timeout=10, allow_redirects=False)
        assert response.status_code == 200, (path, response.text)
    page = requests.get(stack.proxy.http + "/lv/", timeout=10, allow_redirects=False)
    assert page.status_code == 301 and page.headers["Location"].startswith("https://")
    # The app itself (SECURE_SSL_REDIRECT on) redirects plain pages but not the probes.
    direct = requests.get(stack.web[0] + "/lv/", timeout=10, allow_redirects=False)
    assert direct.status_code == 301
    assert requests.get(stack.web[0] + "/readyz", timeout=10).status_code == 200
    # Static files come from the disk, not from a gunicorn process.
    manifest = json.loads((stack.workdir / "static" / "staticfiles.json").read_text())
    hashed = next(name for name in manifest["paths"].values() if name.endswith(".css"))
    static = _client(stack, "127.0.0.6").get("/static/" + hashed)
    assert static.status_code == 200 and "X-Request-ID" not in static.headers


def _redis(stack: Stack, part: str) -> redis.Redis:
    return redis.Redis.from_url(stack.parts[part].url)


def test_cached_pages_keep_their_headers_and_junk_adds_no_entries(stack: Stack) -> None:
    visitor = _client(stack, "127.0.0.7")
    # The app's own page cache (straight to a process), then Varnish's copy of the same.
    for path in ("/open-data/catalog.ttl", "/open-data/changes"):
        direct = Browser(stack.web[0])
        first, second = direct.get(path), direct.get(path)
        assert first.status_code == second.status_code == 200, path
        assert second.headers.get("X-Page-Cache") == "hit", path
        assert second.headers["Access-Control-Allow-Origin"] == "*"
        for name in ("Cache-Control", "ETag", "Last-Modified", "X-Total-Count"):
            assert second.headers.get(name) == first.headers.get(name), (path, name)
        proxied = [visitor.get(path), visitor.get(path)]
        assert proxied[1].headers["X-Cache"] == "HIT", path
        for name in ("Access-Control-Allow-Origin", "Cache-Control", "ETag", "X-Total-Count"):
            assert proxied[1].headers.get(name) == first.headers.get(name), (path, name)
    cache = _redis(stack, "redis")
    prefix = stack.env["CACHE_KEY_PREFIX"]
    visitor.get("/lv/")
    before = sum(1 for _ in cache.scan_iter(match=f"{prefix}:*:page:*"))
    for n in range(30):
        assert visitor.get("/lv/", utm_source=f"junk{n}", **{f"x{n}": "1"}).status_code == 200
    after = sum(1 for _ in cache.scan_iter(match=f"{prefix}:*:page:*"))
    assert after - before <= 1, (before, after)


def test_counters_and_generations_live_in_the_redis_that_never_evicts(stack: Stack) -> None:
    limits, cache = _redis(stack, "limits"), _redis(stack, "redis")
    assert limits.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"
    assert cache.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
    prefix = stack.env["CACHE_KEY_PREFIX"]
    _client(stack, "127.0.0.8").try_login("nobody", "wrong")  # one sign-in counted
    in_limits = [k.decode() for k in limits.scan_iter(match=f"{prefix}:*")]
    in_cache = [k.decode() for k in cache.scan_iter(match=f"{prefix}:*")]
    assert any(":rl:" in key for key in in_limits)
    assert any(key.endswith("catalogue-pages:generation") for key in in_limits)
    assert not any(":rl:" in key or key.endswith(":generation") for key in in_cache)
    stack.manage("axes_reset")


def test_elasticsearch_stopped_readyz_names_it_and_pages_serve(stack: Stack) -> None:
    es = stack.parts["es"]
    assert es.run("stop").returncode == 0
    try:
        probe = requests.get(stack.proxy.http + "/readyz", timeout=30)
        assert probe.status_code == 200, probe.text
        assert "elasticsearch" in probe.json()["degraded"] and probe.json()["failing"] == []
        visitor = _client(stack, "127.0.0.9")
        for path in ("/lv/", "/lv/iedzivotajiem/", "/lv/search/?q=pase"):
            assert visitor.get(path).status_code == 200, path
        metrics = requests.get(
            stack.web[0] + "/metrics",
            headers={"Authorization": f"Bearer {METRICS_TOKEN}", "X-Forwarded-Proto": "https"},
            timeout=30,
        ).text
        assert 'portal_degraded{part="elasticsearch"} 1.0' in metrics
    finally:
        result = es.run("start")
        assert result.returncode == 0, result.stderr
    client = Elasticsearch(stack.es_nodes)
    health = client.cluster.health(wait_for_status="green", timeout="120s")
    client.close()
    assert health["status"] == "green"


# --- Through Varnish (deploy/varnish/), between nginx and the processes -----------------------


def _purge(stack: Stack, path: str, source: str = "127.0.0.1", via: str | None = None) -> int:
    """A PURGE from ``source``, straight to Varnish (or ``via`` another base URL)."""
    session = requests.Session()
    adapter = _FromAddress(source)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    response = session.request(
        "PURGE", (via or stack.varnish.url) + path, timeout=10, verify=str(stack.proxy.certificate)
    )
    return response.status_code


def _shared_age(response: requests.Response) -> str | None:
    for part in response.headers.get("Cache-Control", "").split(","):
        name, _sep, value = part.strip().partition("=")
        if name == "s-maxage":
            return value
    return None


def _english_path(stack: Stack, path: str) -> str:
    """The English page of a Latvian one: its language switch link."""
    html = Browser(stack.web[0]).get(path).text
    link = re.search(r'<a href="([^"]+)" lang="en" hreflang="en"', html)
    assert link and link.group(1).startswith("/en/pakalpojumi/"), html[:2000]
    return link.group(1)


def test_a_sync_change_is_visible_through_varnish_within_seconds(stack: Stack) -> None:
    title = "Dzīvesvietas deklarēšana (caur kešatmiņu)"
    path = _service_path(stack)
    english = _english_path(stack, path)
    visitor = _client(stack, "127.0.0.11")
    warmed = ["/lv/iedzivotajiem/", "/sitemap.xml", english, path]
    for address in warmed:
        visitor.get(address)
        kept = visitor.get(address)
        assert kept.status_code == 200 and kept.headers["X-Cache"] == "HIT", address
        assert _shared_age(kept) == "3600", (address, kept.headers.get("Cache-Control"))
    assert title not in kept.text
    stack.register.set_snapshot(_changed_snapshot(stack, title, "2026-12-01T10:00:00Z"))
    sync = subprocess.run(
        unit_command("portal-sync.service"),
        cwd=ROOT,
        env={**stack.env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert sync.returncode == 0, sync.stdout + sync.stderr
    finished = time.monotonic()
    deadline = finished + 10
    while True:
        page = visitor.get(path)
        if title in page.text or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert title in page.text, "the sync purged the page from Varnish within 10 s"
    print(f"sync change visible through Varnish {time.monotonic() - finished:.2f} s after the run")
    # The page in the other language, its catalogue and the sitemap were purged with it.
    for address in warmed[:3]:
        assert visitor.get(address).headers["X-Cache"] == "MISS", address


def test_a_signed_in_page_is_never_served_from_varnish(stack: Stack) -> None:
    path = _service_path(stack)
    anonymous = _client(stack, "127.0.0.12")
    anonymous.get(path)
    assert anonymous.get(path).headers["X-Cache"] == "HIT"
    member = _client(stack, "127.0.0.13")
    member.login("demo-requester-1", "demo-parole-2026")
    for _ in range(2):
        page = member.get(path)
        assert page.status_code == 200 and page.headers["X-Cache"] == "PASS"
        assert "Anna Bērziņa" in page.text and _shared_age(page) is None
        mine = member.get("/lv/requests/mine/")
        assert mine.status_code == 200 and mine.headers["X-Cache"] == "PASS"
    # What the member saw was not kept for anyone else.
    again = anonymous.get(path)
    assert again.headers["X-Cache"] == "HIT" and "Anna Bērziņa" not in again.text
    assert anonymous.get("/lv/requests/mine/").status_code == 302


def test_varnish_varies_on_language_and_drops_cookies_no_page_reads(stack: Stack) -> None:
    path = "/lv/"
    assert _purge(stack, path) == 200

    def visit(language: str, cookies: dict[str, str] | None = None) -> requests.Response:
        visitor = _client(stack, "127.0.0.14")
        visitor.extra_headers = {"Accept-Language": language}
        visitor.cookies = dict(cookies or {})
        response = visitor.get(path)
        assert response.status_code == 200
        return response

    first = visit("en-GB,en;q=0.9")
    assert first.headers["X-Cache"] == "MISS"
    vary = {v.strip().lower() for v in first.headers["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
    assert visit("en-US").headers["X-Cache"] == "HIT", "any English is one variant"
    assert visit("lv-LV,lv;q=0.9").headers["X-Cache"] == "MISS", "Latvian is another"
    assert visit("de-DE, lv;q=0.5").headers["X-Cache"] == "HIT", "the first of lv/en listed"
    # Analytics cookies and the CSRF cookie do not split the cache …
    assert visit("lv", {"_ga": "GA1.2.3.4", "_gid": "x"}).headers["X-Cache"] == "HIT"
    assert visit("lv", {"csrftoken": "a" * 32, "_ga": "y"}).headers["X-Cache"] == "HIT"
    # … the language cookie does (the page reads it), and a session cookie passes.
    assert visit("lv", {"django_language": "en"}).headers["X-Cache"] == "MISS"
    assert visit("lv", {"django_language": "en"}).headers["X-Cache"] == "HIT"
    assert visit("lv", {"sessionid": "stale"}).headers["X-Cache"] == "PASS"


def test_only_the_app_hosts_may_purge_and_never_through_the_proxy(stack: Stack) -> None:
    path = "/lv/iedzivotajiem/"
    visitor = _client(stack, "127.0.0.15")
    visitor.get(path)
    assert visitor.get(path).headers["X-Cache"] == "HIT"
    assert _purge(stack, path, source="127.0.0.2") == 405, "not in the ACL"
    assert _purge(stack, path, via=stack.proxy.https) == 405, "forwarded by nginx"
    assert visitor.get(path).headers["X-Cache"] == "HIT"
    assert _purge(stack, path) == 200
    assert visitor.get(path).headers["X-Cache"] == "MISS"
