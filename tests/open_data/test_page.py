"""The open-data page lists what a consumer needs, in both languages, linked from the footer."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

BASE = "https://pakalpojumi.example.lv"


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_page_lists_what_a_consumer_needs(client, site_tree, settings, language):
    settings.PORTAL_BASE_URL = BASE
    html = client.get(f"/{language}/atvertie-dati/").content.decode()
    for url in ("cpsv-ap.jsonld", "cpsv-ap.ttl", "catalog.ttl", "changes"):
        assert f"{BASE}/open-data/{url}" in html, url
    assert settings.OPEN_DATA_LICENSE in html
    assert 'rel="next"' in html and "since=" in html and "sync_register" in html
    assert f'lang="{language}"' in html
    heading = {"lv": "Atvērtie dati", "en": "Open data"}[language]
    assert heading in html


def test_the_footer_links_the_page(client, site_tree):
    assert 'href="/lv/atvertie-dati/"' in client.get("/lv/").content.decode()
    assert 'href="/en/atvertie-dati/"' in client.get("/en/").content.decode()
