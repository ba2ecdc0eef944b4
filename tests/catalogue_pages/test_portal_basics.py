"""The information pages a national portal must have: created once in lv and en, editable,
linked from every footer; a site map people can read."""

from __future__ import annotations

import pytest

from catalogue_pages.models import InfoPage
from catalogue_pages.portal_basics import ensure_portal_basics

pytestmark = pytest.mark.django_db

SLUGS = ["pieejamiba", "privatums", "kontakti", "lapas-karte"]


def test_created_in_both_languages_once_and_edits_are_kept(catalogue):
    ensure_portal_basics()
    assert InfoPage.objects.live().count() == 8
    statement = InfoPage.objects.get(slug="pieejamiba", locale__language_code="lv")
    assert "WCAG 2.2 AA" in statement.body and "mailto:" in statement.body
    english = InfoPage.objects.get(slug="pieejamiba", locale__language_code="en")
    assert english.translation_key == statement.translation_key
    statement.body = "<p>Redaktora teksts</p>"
    statement.save_revision().publish()
    ensure_portal_basics()
    assert InfoPage.objects.count() == 8
    assert InfoPage.objects.get(pk=statement.pk).body == "<p>Redaktora teksts</p>"


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        (
            "lv",
            [
                "Piekļūstamības paziņojums",
                "Privātuma paziņojums",
                "Kontakti un palīdzība",
                "Lapas karte",
            ],
        ),
        ("en", ["Accessibility statement", "Privacy notice", "Contact and help", "Site map"]),
    ],
)
def test_every_footer_links_them_in_its_language(client, catalogue, language, titles):
    ensure_portal_basics()
    footer = client.get(f"/{language}/").content.decode().split('class="site-footer"', 1)[1]
    positions = [
        footer.index(f'href="/{language}/{slug}/">{title}</a>')
        for slug, title in zip(SLUGS, titles, strict=True)
    ]
    assert positions == sorted(positions)
    assert 'href="/sitemap.xml"' not in footer  # people get the readable site map


def test_site_map_page_lists_the_portal_for_people(client, catalogue):
    ensure_portal_basics()
    response = client.get("/lv/lapas-karte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/lv/iedzivotajiem/"' in html
    assert 'href="/lv/dzives-situacijas/parcelsanas/">Pārceļos uz citu dzīvesvietu</a>' in html
    assert 'href="/lv/pieejamiba/"' in html
    assert 'href="/sitemap.xml"' in html  # and the XML one for search engines, named as such


def test_unknown_address_gets_the_themed_latvian_page(client, catalogue, settings):
    settings.DEBUG = False
    response = client.get("/lv/nav-tadas-lapas/")
    assert response.status_code == 404
    assert '<html lang="lv">' in response.content.decode()
