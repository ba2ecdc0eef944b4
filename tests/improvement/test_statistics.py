"""Statistics per service: pre-aggregated, public JSON and page, no personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from catalogue_pages.models import PageFeedback, ServicePage
from improvement.models import ServiceHealth
from improvement.services import refresh_everything
from improvement.statistics import median, percentile, refresh_statistics
from search.models import ClickLog, QueryLog
from service_requests.models import RequestEvent, ServiceRequest

API = "/api/statistics/services/"


def _request(identifier: str, kind: str, status: str, n: int, hours: float | None = None):
    created = ServiceRequest.objects.create(
        reference=f"PP-2026-{n:06d}",
        year=2026,
        sequence=n,
        idempotency_token=f"tok-{n}",
        service_identifier=identifier,
        service_title="x",
        request_kind=kind,
        provider_iri="https://virsis.example/id/org/OWNER",
        contact_name="Privāta Persona",
        email=f"privata{n}@example.lv",
        needed="Mans personas kods 010101-12345",
        status=status,
    )
    if hours is not None:
        event = RequestEvent.objects.create(
            request=created, action=RequestEvent.STATUS, field="status", to_value="completed"
        )
        RequestEvent.objects.filter(pk=event.pk).update(
            created_at=created.created_at + timedelta(hours=hours)
        )
    return created


def test_statistics_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.9) == 9.0
    assert median(values) == 5.5
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert percentile([], 0.9) is None and median([]) is None


def test_statistics_endpoint_returns_the_aggregates(client, world):
    page = world.complete
    for useful, comment in [(True, ""), (True, "Paldies, Jānis Bērziņš"), (False, ""), (True, "")]:
        PageFeedback.objects.create(page=page, useful=useful, comment=comment)
    for n, hours in enumerate([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], start=1):
        _request("PAK-OWN-1", "service-request", "completed", n, hours)
    _request("PAK-OWN-1", "problem", "registered", 11)
    for _ in range(3):
        log = QueryLog.objects.create(query="pase", language="lv", result_count=4)
        ClickLog.objects.create(query_log=log, identifier="PAK-OWN-1")
    rare = QueryLog.objects.create(query="anna bērziņa pase", language="lv", result_count=1)
    ClickLog.objects.create(query_log=rare, identifier="PAK-OWN-1")
    refresh_statistics(["PAK-OWN-1"])

    response = client.get(f"{API}PAK-OWN-1/")
    assert response.status_code == 200
    data = response.json()
    assert data["identifier"] == "PAK-OWN-1" and data["withdrawn"] is False
    assert data["satisfaction"] == {"yes": 3, "no": 1, "total": 4, "share": 0.75}
    assert data["requests"]["total"] == 11
    assert data["requests"]["by_kind"] == {"problem": 1, "service-request": 10}
    assert data["requests"]["by_status"] == {"completed": 10, "registered": 1}
    assert data["requests"]["completed"] == 10
    assert data["requests"]["median_hours"] == 55.0
    assert data["requests"]["p90_hours"] == 90.0
    assert data["search"]["queries"] == [{"query": "pase", "clicks": 3}]
    assert data["completeness"]["score"] == 100
    assert data["links"] == {"checked": 0, "broken": 0, "redirected": 0}


def test_statistics_never_publish_personal_data(client, world):
    PageFeedback.objects.create(page=world.complete, useful=False, comment="Jānis Bērziņš zvanīja")
    _request("PAK-OWN-1", "problem", "registered", 1)
    refresh_statistics(["PAK-OWN-1"])
    body = client.get(f"{API}PAK-OWN-1/").content.decode()
    page = client.get("/lv/statistics/services/PAK-OWN-1/").content.decode()
    for private in ("Jānis", "privata1@example.lv", "Privāta Persona", "010101", 'OWNER"'):
        assert private not in body and private not in page


def test_statistics_follow_feedback_and_requests_as_they_happen(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageFeedback.objects.create(page=world.complete, useful=False)
        _request("PAK-OWN-1", "information-request", "registered", 1)
    data = client.get(f"{API}PAK-OWN-1/").json()
    assert data["satisfaction"]["no"] == 1
    assert data["requests"]["by_kind"] == {"information-request": 1}


def test_statistics_for_an_unknown_service_are_404(client, world):
    response = client.get(f"{API}PAK-NAV-TADA/")
    assert response.status_code == 404
    assert response.json()["error"]
    assert client.get("/lv/statistics/services/PAK-NAV-TADA/").status_code == 404


def test_statistics_for_a_withdrawn_service_still_answer_marked_withdrawn(client, world):
    ServicePage.objects.filter(identifier="PAK-OWN-1").update(
        live=False, withdrawn_at=timezone.now()
    )
    refresh_everything()
    data = client.get(f"{API}PAK-OWN-1/").json()
    assert data["withdrawn"] is True
    page = client.get("/lv/statistics/services/PAK-OWN-1/")
    assert page.status_code == 200


def test_statistics_answer_from_one_stored_row(client, world):
    """Pre-aggregated: the endpoint's queries do not grow with the feedback it summarises."""
    for _ in range(50):
        PageFeedback.objects.create(page=world.complete, useful=True)
    refresh_statistics(["PAK-OWN-1"])
    executed: list[str] = []

    def record(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(f"{API}PAK-OWN-1/").json()["satisfaction"]["yes"] == 50
    statements = " ".join(executed).lower()
    assert 1 <= len(executed) <= 3
    assert "improvement_servicehealth" in statements
    assert "pagefeedback" not in statements and "servicerequest" not in statements


def test_statistics_of_a_service_not_yet_computed_are_computed_on_first_use(client, world):
    ServiceHealth.objects.all().delete()
    assert client.get(f"{API}PAK-OWN-2/").json()["completeness"]["missing"] == ["cost"]


@pytest.mark.django_db  # every request resolves its Site (portal.site_cache)
def test_statistics_are_documented_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/statistics/services/{identifier}/"]["get"]
    assert set(operation["responses"]) == {"200", "404"}
    component = schema["components"]["schemas"]["ServiceStatistics"]
    assert "withdrawn" in component["required"]
    assert "/api/search/" in schema["paths"]


def test_statistics_page_is_linked_from_the_service_page(client, world):
    service_page = client.get(world.no_cost.url).content.decode()
    assert 'href="/lv/statistics/services/PAK-OWN-2/"' in service_page
    page = client.get("/lv/statistics/services/PAK-OWN-2/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "88 %" in body and "Maksa" in body
    assert f'href="{world.no_cost.url}"' in body
    english = client.get("/en/statistics/services/PAK-OWN-2/").content.decode()
    assert "Cost" in english and '<html lang="en">' in english


def test_statistics_withdrawn_service_keeps_its_figures(client, world):
    PageFeedback.objects.create(page=world.complete, useful=True)
    refresh_statistics(["PAK-OWN-1"])
    ServicePage.objects.filter(identifier="PAK-OWN-1").update(
        live=False, withdrawn_at=timezone.now()
    )
    refresh_everything()
    assert client.get(f"{API}PAK-OWN-1/").json()["satisfaction"]["yes"] == 1


def test_statistics_count_overdue_requests_as_the_inbox_does(world, settings):
    old = _request("PAK-OWN-1", "service-request", "registered", 1)
    ServiceRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=11))
    _request("PAK-OWN-1", "service-request", "registered", 2)  # new: not overdue
    refresh_statistics(["PAK-OWN-1"])
    assert ServiceHealth.objects.get(identifier="PAK-OWN-1").overdue_requests == 1
    settings.SERVICE_REQUEST_OVERDUE_DAYS = 20
    refresh_statistics(["PAK-OWN-1"])
    assert ServiceHealth.objects.get(identifier="PAK-OWN-1").overdue_requests == 0
