"""The search page, JSON API, autocomplete and click log on both backends, with junk input."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from search.models import ClickLog, Promotion, QueryLog
from search.openapi import SCHEMA

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

BACKENDS = ["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, catalogue: dict) -> str:
    if request.param == "elasticsearch":
        request.getfixturevalue("indexed")
    return request.param


def _validate(value: Any, schema: dict, path: str = "$") -> None:
    """Minimal JSON-Schema check for the subset our OpenAPI document uses."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _validate(value, SCHEMA["components"]["schemas"][name], path)
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}
    if kind:
        assert isinstance(value, types[kind]) and not (
            kind == "integer" and isinstance(value, bool)
        ), path
    if "enum" in schema:
        assert value in schema["enum"], path
    if "minimum" in schema:
        assert value >= schema["minimum"], path
    for key in schema.get("required", []):
        assert key in value, f"{path}.{key} missing"
    for key, sub in schema.get("properties", {}).items():
        if isinstance(value, dict) and key in value:
            _validate(value[key], sub, f"{path}.{key}")
    if kind == "array":
        for i, item in enumerate(value):
            _validate(item, schema["items"], f"{path}[{i}]")
    return None


def _response_schema(path: str, status: str) -> dict:
    return SCHEMA["paths"][path]["get"]["responses"][status]["content"]["application/json"][
        "schema"
    ]


def test_api_finds_service_without_diacritics_and_conforms(client: Client, backend: str) -> None:
    response = client.get("/api/search/", {"q": "dzivesvietas deklaresana", "lang": "lv"})
    assert response.status_code == 200
    data = response.json()
    _validate(data, _response_schema("/api/search/", "200"))
    assert data["results"][0]["identifier"] == "PAK-0002"
    assert data["results"][0]["url"].startswith("/lv/")
    assert data["degraded"] is False


def test_api_english_and_audience_scope(client: Client, backend: str) -> None:
    en = client.get("/api/search/", {"q": "passport", "lang": "en"}).json()
    assert [r["identifier"] for r in en["results"]] == ["PAK-0001"]
    business = client.get("/api/search/", {"q": "reģistrēšana", "audience": "business"}).json()
    assert {r["identifier"] for r in business["results"]} == {"PAK-0005"}
    assert business["facets"]["audience"] == [{"value": "business", "count": 1}]


def test_facet_filters_online_free_institution(client: Client, backend: str) -> None:
    data = client.get("/api/search/", {"q": "", "online": "1", "free": "1"}).json()
    assert {r["identifier"] for r in data["results"]} == {"PAK-0002", "PAK-0003"}
    inst = client.get("/api/search/", {"institution": "Valsts ieņēmumu dienests"}).json()
    assert {r["identifier"] for r in inst["results"]} == {"PAK-0004", "PAK-0005"}


def test_unpublished_pages_are_never_found(client: Client, backend: str) -> None:
    data = client.get("/api/search/", {"q": "melnraksts"}).json()
    assert data["total"] == 0


def test_sort_title_and_recent(client: Client, backend: str) -> None:
    titles = [
        r["title"]
        for r in client.get("/api/search/", {"sort": "title", "audience": "citizen"}).json()[
            "results"
        ]
    ]
    assert titles[0] == "Bezdarbnieka statusa piešķiršana"
    recent = client.get("/api/search/", {"sort": "recent", "audience": "citizen"}).json()["results"]
    assert recent[0]["identifier"] == "PAK-0002"


def test_promoted_result_comes_first_with_label(client: Client, backend: str) -> None:
    Promotion.objects.create(query="pabalsts", language="lv", service_identifier="PAK-0003")
    data = client.get("/api/search/", {"q": "Pabalsts"}).json()
    assert data["results"][0]["identifier"] == "PAK-0003" and data["results"][0]["promoted"]
    page = client.get("/lv/search/", {"q": "pabalsts"})
    assert "Recommended" in page.content.decode() or "Ieteicams" in page.content.decode()


JUNK = [
    "",
    "a" * 1000,
    '" * ~ : ( ) / \\ [ ]',
    "pase~2 AND title:(x",
    '{"query": 1}',
    "\\",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("query", JUNK)
def test_junk_queries_never_500(client: Client, backend: str, query: str) -> None:
    page = client.get("/lv/search/", {"q": query})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
    api = client.get("/api/search/", {"q": query})
    if len(query) > 200:  # the OpenAPI document's maxLength: a clear 400, never a silent cut
        assert api.status_code == 400 and "200" in api.json()["error"]
    else:
        assert api.status_code == 200
        _validate(api.json(), _response_schema("/api/search/", "200"))
    assert client.get("/api/autocomplete/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "raw", ["q=%ff", "q=%c3%28pase", "q=pa%00se", "q=%ff&page=%ff&audience=%ff"]
)
def test_invalid_utf8_and_control_bytes(client: Client, backend: str, raw: str) -> None:
    assert client.get(f"/lv/search/?{raw}").status_code == 200
    assert client.get(f"/api/search/?{raw}").status_code in (200, 400)


def test_bad_parameters(client: Client, backend: str) -> None:
    assert client.get("/api/search/", {"q": "pase", "lang": "de"}).status_code == 400
    bad = client.get("/api/search/", {"q": "pase", "audience": "aliens"})
    assert bad.status_code == 400 and "error" in bad.json()
    assert client.get("/api/search/", {"q": "pase", "page": "abc"}).status_code == 400
    assert (
        client.get(
            "/lv/search/", {"q": "pase", "audience": "aliens", "page": "-3", "sort": "x"}
        ).status_code
        == 200
    )
    unknown_facet = client.get("/api/search/", {"q": "pase", "topic": "Nav tādas tēmas"}).json()
    assert unknown_facet["total"] == 0


def test_page_past_the_end(client: Client, backend: str) -> None:
    api = client.get("/api/search/", {"q": "pase", "page": "1000"})
    assert api.status_code == 200 and api.json()["results"] == []
    # Past the OpenAPI document's maximum the API says so instead of clamping quietly.
    too_far = client.get("/api/search/", {"q": "pase", "page": "1001"})
    assert too_far.status_code == 400 and "1000" in too_far.json()["error"]
    page = client.get("/lv/search/", {"q": "pase", "page": "50"})
    assert page.status_code == 200


def test_page_lists_results_with_highlights_facets_and_click_logging(
    client: Client, backend: str
) -> None:
    page = client.get("/lv/search/", {"q": "pase"})
    html = page.content.decode()
    assert "Pases izsniegšana" in html or "<mark>Pases</mark>" in html
    log = QueryLog.objects.get()  # written once the response was delivered
    assert (log.query, log.language, log.result_count) == ("pase", "lv", 1)
    link = f"/lv/search/go/{log.token}/PAK-0001/?pos=1"
    assert link.replace("&", "&amp;") in html
    click = client.get(link)
    assert click.status_code == 302 and click["Location"].startswith("/lv/")
    assert ClickLog.objects.get().identifier == "PAK-0001"
    assert client.get(f"/lv/search/go/{log.token}/NOPE/").status_code == 404
    # A link rendered before the tokens (the row's number) still counts.
    assert client.get(f"/lv/search/go/{log.pk}/PAK-0001/").status_code == 302
    assert ClickLog.objects.count() == 2
    for junk in ("9" * 40, "nav-tada", "0"):
        assert client.get(f"/lv/search/go/{junk}/PAK-0001/").status_code == 302
    assert ClickLog.objects.count() == 2


def test_autocomplete_prefix_without_diacritics(client: Client, backend: str) -> None:
    data = client.get("/api/autocomplete/", {"q": "dziv", "lang": "lv"}).json()
    _validate(data, _response_schema("/api/autocomplete/", "200"))
    assert [s["identifier"] for s in data["suggestions"]] == ["PAK-0002"]
    assert client.get("/api/autocomplete/", {"q": "pas", "lang": "xx"}).status_code == 400


def test_openapi_document_served(client: Client) -> None:
    data = client.get("/api/openapi.json").json()
    assert data["openapi"].startswith("3.")
    assert "/api/search/" in data["paths"]
