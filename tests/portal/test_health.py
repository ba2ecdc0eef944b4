"""Operations endpoints: /healthz (liveness), /readyz (every part, 503 naming the failing
one), /metrics (Prometheus text, bearer token only), request ids and JSON log lines."""

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


def test_healthz_reports_statuses(client: Client, settings, closed_port) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "elasticsearch": "unavailable"}
    settings.ELASTICSEARCH_URL = None
    assert client.get("/healthz").json()["elasticsearch"] == "disabled"


@pytest.mark.elasticsearch
def test_healthz_ok_with_node(client: Client, use_elasticsearch) -> None:
    assert client.get("/healthz").json() == {"database": "ok", "elasticsearch": "ok"}


def test_healthz_503_when_database_down(client: Client, monkeypatch) -> None:
    """The one named fake: a database that refuses connections cannot run beside the test DB."""
    from django.db import connection

    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise OSError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


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
    assert body["status"] == "ready" and body["failing"] == []
    assert body["database"] == "ok" and body["cache"] == "local"
    assert body["task_backlog"] == 0 and body["sync_age_seconds"] is None


def test_readyz_names_elasticsearch_when_it_is_down(client: Client, closed_port) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["elasticsearch"]


def test_readyz_names_a_stale_sync(client: Client, settings) -> None:
    settings.ELASTICSEARCH_URL = None
    settings.READY_MAX_SYNC_AGE_HOURS = 1
    assert client.get("/readyz").json()["failing"] == ["sync"]  # never synced
    run = SyncRun.objects.create(source="test", status=SyncRun.SUCCESS)
    SyncRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["sync_age_seconds"] < 60
    SyncRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now() - timezone.timedelta(hours=2)
    )
    stale = client.get("/readyz")
    assert stale.status_code == 503 and stale.json()["failing"] == ["sync"]


def test_readyz_names_a_task_backlog(client: Client, settings) -> None:
    settings.ELASTICSEARCH_URL = None
    settings.READY_MAX_TASK_BACKLOG = 2
    for _ in range(3):
        DBTaskResult.objects.create(
            task_path="portal.tests.noop",
            args_kwargs={"args": [], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=timezone.now() - timezone.timedelta(seconds=1),
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["tasks"] and response.json()["task_backlog"] == 3


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
