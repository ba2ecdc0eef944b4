"""Monitoring tools send HEAD; editors open the search report on any database."""

from __future__ import annotations

import pytest

from search.models import ClickLog, QueryLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/healthz",
        "/lv/search/",
        "/lv/search/?q=pase",
        "/api/search/?q=pase&lang=lv",
        "/api/autocomplete/?q=pas&lang=lv",
        "/api/openapi.json",
    ],
)
def test_head_answers_like_get_without_a_body(client, catalogue, url):
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_search_report_counts_searches_clicks_and_zero_results(client, admin_user):
    pase = QueryLog.objects.create(query="pase", language="lv", result_count=3)
    QueryLog.objects.create(query="pase", language="lv", result_count=3)
    ClickLog.objects.create(query_log=pase, identifier="PAK-0001", position=1)
    ClickLog.objects.create(query_log=pase, identifier="PAK-0002", position=2)
    QueryLog.objects.create(query="nekas", language="lv", result_count=0)
    client.force_login(admin_user)
    response = client.get("/admin/search-report/?days=7")
    assert response.status_code == 200
    top = {row["query"]: row for row in response.context["top"]}
    assert top["pase"]["searches"] == 2
    assert top["pase"]["clicks"] == 2
    assert top["pase"]["clicked"] == 1
    assert top["pase"]["ctr"] == 50
    assert [row["query"] for row in response.context["zero"]] == ["nekas"]
    assert response.context["total"] == 3
    assert client.get("/admin/search-report/?days=%C2%B2").status_code == 200
