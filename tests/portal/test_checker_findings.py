"""What the third-party checkers found (issue 19, item 9), kept fixed over HTTP."""

from __future__ import annotations

import re

import pytest

from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/search/", "/api/autocomplete/", "/api/openapi.json"])
def test_api_writes_answer_405_with_allow_and_json(client, site_tree, method, path):
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response.json()["error"]


def test_api_write_is_refused_in_json_even_without_a_csrf_token(site_tree):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/statistics/services/PAK-1/", {"x": "1"})
    assert response.status_code == 405 and "error" in response.json()


def test_favicon_answers_and_is_declared(client, site_tree):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header
    home = client.get("/lv/").content.decode()
    assert re.search(r'<link rel="icon" href="/favicon\.ico"', home)


def test_every_page_has_a_meta_description_from_the_register(client, catalogue):  # noqa: F811
    service = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    # The register's description, without its markup, when the editor wrote none.
    assert (
        '<meta name="description" content="Dzīvesvietas deklarēšana tiešsaistē vai klātienē.">'
        in service
    )
    for path in ["/lv/", "/en/", "/lv/search/?q=pase", "/lv/dzives-situacijas/parcelsanas/"]:
        html = client.get(path).content.decode()
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) > 20, path


def test_an_editors_search_description_wins(client, catalogue):  # noqa: F811
    page = catalogue.citizen_only
    page.search_description = "Redaktora apraksts meklētājiem."
    page.save_revision().publish()
    html = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    assert '<meta name="description" content="Redaktora apraksts meklētājiem.">' in html


def test_long_meta_description_is_cut_at_a_word():
    from themes.templatetags.portal_tags import meta_description

    text = "vārds " * 60
    cut = meta_description(text)
    assert len(cut) <= 160 and cut.endswith("vārds…")


def test_machine_time_has_whole_seconds():
    import datetime as dt

    from themes.templatetags.portal_tags import machine_time

    value = dt.datetime(2026, 12, 7, 8, 5, 3, 123456, tzinfo=dt.UTC)
    assert machine_time(value) == "2026-12-07T08:05:03+00:00"


def test_search_form_action_is_the_search_page(client, site_tree):
    html = client.get("/lv/search/?q=pase").content.decode()
    assert 'action=""' not in html and 'action="/lv/search/"' in html
