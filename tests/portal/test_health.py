"""Operations endpoints: /healthz (liveness: the process answers), /readyz (readiness: the
database answers and is migrated; Elasticsearch, the cache, the task backlog and the sync age
are *degraded* parts, named but never a 503), /metrics (Prometheus text, bearer token only),
request ids and JSON log lines."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.request_id import HEADER, RequestIdFilter
from search import service
from sync.models import SyncRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port(settings) -> None:
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    settings.ELASTICSEARCH_TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def _fresh_breaker():
    service.reset_breaker()
    yield
    service.reset_breaker()


def test_healthz_is_liveness_and_touches_nothing_else(client: Client, closed_port) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_while_the_database_is_down(client: Client, monkeypatch) -> None:
    """A database restart must not make a supervisor kill every healthy worker."""
    from django.db import connection

    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise OSError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert client.get("/healthz").status_code == 200


@pytest.mark.elasticsearch
def test_readyz_ok_with_node(client: Client, use_elasticsearch) -> None:
    body = client.get("/readyz").json()
    assert body["elasticsearch"] == "ok" and body["status"] == "ready"


def test_readyz_503_when_database_down(client: Client, monkeypatch) -> None:
    """The one named fake: a database that refuses connections cannot run beside the test DB."""
    from django.db import connection

    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise OSError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert response.json()["status"] == "not ready" and response["Retry-After"]


def test_readyz_503_while_a_migration_is_not_applied(client: Client, monkeypatch) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    from portal import health

    monkeypatch.setattr(health, "_migrations_applied", False)
    latest = MigrationRecorder.Migration.objects.filter(app="sync").order_by("-applied").first()
    latest.delete()  # as on a host whose new release runs before `migrate`
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    MigrationRecorder.Migration.objects.create(app=latest.app, name=latest.name)
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["migrations"] == "ok"


def test_database_outage_before_any_view_is_a_503_too(monkeypatch) -> None:
    """The Site lookup (a middleware) is the first query of a request; with PostgreSQL away it
    raises where no view's ``process_exception`` sees it. The real outage is in
    ``tests/stack`` (PostgreSQL stopped under traffic); here the same failure, named."""
    from django.db import OperationalError
    from wagtail.models import Site

    from portal import site_cache

    def refused(request: object) -> None:
        raise OperationalError("connection refused")

    site_cache.forget_sites()
    monkeypatch.setattr(Site, "find_for_request", staticmethod(refused))
    response = Client(raise_request_exception=False).get("/lv/")
    assert response.status_code == 503
    assert response["Retry-After"] and response["Cache-Control"] == "no-store"
    assert "temporarily unavailable" in response.content.decode() or "īslaicīgi" in (
        response.content.decode()
    )
    site_cache.forget_sites()


def test_healthz_answers_head_and_refuses_post(client: Client) -> None:
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_readyz_ready_with_every_part(client: Client, settings) -> None:
    settings.ELASTICSEARCH_URL = None
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready" and body["failing"] == [] and body["degraded"] == []
    assert body["database"] == "ok" and body["migrations"] == "ok" and body["cache"] == "local"
    assert body["task_backlog"] == 0 and body["sync_age_seconds"] is None


def test_elasticsearch_down_is_degraded_not_unready(client: Client, closed_port) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["failing"] == []
    assert body["degraded"] == ["elasticsearch"] and body["elasticsearch"] == "unavailable"


def test_a_stale_sync_is_degraded_not_unready(client: Client, settings) -> None:
    settings.ELASTICSEARCH_URL = None
    settings.READY_MAX_SYNC_AGE_HOURS = 1
    never = client.get("/readyz")
    assert never.status_code == 200 and never.json()["degraded"] == ["sync"]
    run = SyncRun.objects.create(source="test", status=SyncRun.SUCCESS)
    SyncRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    ready = client.get("/readyz")
    assert ready.json()["degraded"] == [] and ready.json()["sync_age_seconds"] < 60
    SyncRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now() - timezone.timedelta(hours=2)
    )
    stale = client.get("/readyz")
    assert stale.status_code == 200 and stale.json()["degraded"] == ["sync"]


def _backlog(count: int) -> None:
    for _ in range(count):
        DBTaskResult.objects.create(
            task_path="portal.tests.noop",
            args_kwargs={"args": [], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=timezone.now() - timezone.timedelta(seconds=1),
        )


def test_a_task_backlog_is_degraded_not_unready(client: Client, settings) -> None:
    settings.ELASTICSEARCH_URL = None
    settings.READY_MAX_TASK_BACKLOG = 2
    _backlog(3)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["degraded"] == ["tasks"] and response.json()["task_backlog"] == 3


def test_metrics_name_the_degraded_parts(client: Client, settings, closed_port) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    settings.READY_MAX_TASK_BACKLOG = 0
    _backlog(1)
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    assert 'portal_degraded{part="elasticsearch"} 1.0' in text
    assert 'portal_degraded{part="tasks"} 1.0' in text
    assert 'portal_degraded{part="cache"} 0.0' in text
    assert 'portal_degraded{part="sync"} 0.0' in text


def test_metrics_need_the_bearer_token(client: Client, settings) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    settings.METRICS_TOKEN = None
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 401


def test_metrics_show_latency_by_view_status_search_sync_and_queue(
    client: Client, settings, closed_port
) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    SyncRun.objects.create(
        source="test", status=SyncRun.SUCCESS, finished_at=timezone.now(), created=7
    )
    client.get("/healthz")
    client.get("/api/search/", {"q": "pase"})  # Elasticsearch down: a fallback
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'portal_request_duration_seconds_count{method="GET",view="healthz"}' in text
    assert 'portal_requests_total{status="200"}' in text
    assert 'portal_search_duration_seconds_count{backend="database"}' in text
    assert "portal_search_fallbacks_total" in text
    assert 'portal_sync_runs{status="success"} 1.0' in text
    assert 'portal_sync_last_run_items{outcome="created"} 7.0' in text
    assert "portal_task_queue_length 0.0" in text
    assert "portal_sync_age_seconds" in text


def test_every_response_carries_a_request_id(client: Client) -> None:
    first = client.get("/healthz")[HEADER]
    second = client.get("/healthz")[HEADER]
    assert len(first) == 32 and first != second
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert kept[HEADER] == "proxy-abc-12345"
    junk = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert junk[HEADER] != "bad id\nwith newline" and len(junk[HEADER]) == 32


def test_json_log_lines_carry_time_level_logger_and_request_id(client: Client, closed_port) -> None:
    """The production formatter, exactly as settings configure it, on a real request's log."""
    spec = dict(django_settings.LOGGING["formatters"]["json"])
    factory = spec.pop("()")
    module, _, name = factory.rpartition(".")
    formatter = getattr(__import__(module, fromlist=[name]), name)(
        spec.pop("format"), rename_fields=spec["rename_fields"]
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    target = logging.getLogger("search.service")
    target.addHandler(handler)
    try:
        response = client.get("/api/search/", {"q": "pase"})
    finally:
        target.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines, "the fallback logs a warning"
    record = lines[0]
    assert record["level"] == "WARNING" and record["logger"] == "search.service"
    assert record["request_id"] == response[HEADER]
    assert record["time"] and "Elasticsearch unavailable" in record["message"]
