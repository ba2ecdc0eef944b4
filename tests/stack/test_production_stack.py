"""Proof of the production topology (docs/deployment.md): two gunicorn processes on
PostgreSQL, Redis and a two-node Elasticsearch cluster, while the register changes.

* During a sync of changed services, readers and request submitters get no errors, no
  submission is lost, and afterwards every process serves the new content (the page cache
  is invalidated across processes through the shared cache generation).
* Faults: one Elasticsearch node killed (search keeps answering without the fallback, the
  index goes green again when it returns), Redis down (pages serve, /readyz names the
  cache), PostgreSQL restarted mid-traffic (a clean 503 at worst, never a 500, nothing lost).
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections import Counter

import pytest
import requests
from elasticsearch import Elasticsearch

from tests.stack.topology import (
    METRICS_TOKEN,
    ROOT,
    Browser,
    Stack,
    form_fields,
    requestable_service,
    unit_command,
)

pytestmark = pytest.mark.stack

NEW_TITLE = "Dzīvesvietas deklarēšana (atjaunots)"
SERVICE = "PAK-0001"


def _changed_snapshot(stack: Stack) -> bytes:
    data = json.loads(stack.register.snapshot.body)
    for node in data["@graph"]:
        if node.get("@id") == f"https://virsis.example/id/service/{SERVICE}":
            for title in node["dct:title"]:
                if title["@language"] == "lv":
                    title["@value"] = NEW_TITLE
            node["dct:modified"]["@value"] = "2026-11-30T10:00:00Z"
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

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)


def _eventually_ok(url: str, seconds: float = 20) -> bool:
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
            time.sleep(5)
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
    redis = stack.parts["redis"]
    redis.stop()
    try:
        for url in stack.web:
            page = Browser(url).get("/lv/")
            assert page.status_code == 200
            ready = requests.get(
                url + "/readyz", headers={"X-Forwarded-Proto": "https"}, timeout=10
            )
            assert ready.status_code == 503 and "cache" in ready.json()["failing"]
    finally:
        redis.start()
    for url in stack.web:
        assert _eventually_ok(url + "/readyz"), "ready again once Redis is back"


def test_postgres_restart_mid_traffic_never_a_500(stack: Stack) -> None:
    pg = stack.parts["pg"]
    with Traffic(stack, ["/lv/", "/lv/iedzivotajiem/", "/readyz"], allow_503=True) as traffic:
        time.sleep(1)
        assert pg.run("stop").returncode == 0
        time.sleep(2)
        down = Browser(stack.web[0]).get("/healthz")
        assert down.status_code == 503
        # A host name this process has not looked up yet: the Site lookup in a middleware
        # queries the database before any view runs, and must answer 503 as well.
        other_host = stack.web[1].replace("127.0.0.1", "localhost")
        down = requests.get(
            other_host + "/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=10
        )
        assert down.status_code == 503 and down.headers["Retry-After"]
        assert pg.run("start").returncode == 0
        time.sleep(3)
    assert traffic.failures == [], traffic.failures[:10]
    assert traffic.statuses[503] > 0, "the outage was seen, as a clean 503"
    for url in stack.web:
        assert _eventually_ok(url + "/healthz"), "healthy again once PostgreSQL is back"
