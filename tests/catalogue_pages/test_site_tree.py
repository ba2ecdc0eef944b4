"""The fixed skeleton exists after migrate, in both languages, and is served under /lv/ and /en/."""

import pytest

from catalogue_pages.models import CatalogueIndexPage, HomePage
from catalogue_pages.site_tree import ensure_site_tree

pytestmark = pytest.mark.django_db


def test_migrate_creates_home_and_three_catalogues_in_each_language():
    assert HomePage.objects.filter(locale__language_code="lv").count() == 1
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    for code in ("lv", "en"):
        audiences = set(
            CatalogueIndexPage.objects.filter(locale__language_code=code).values_list(
                "audience", flat=True
            )
        )
        assert audiences == {"citizen", "business", "public-administration"}


def test_ensure_site_tree_is_idempotent():
    before = HomePage.objects.count() + CatalogueIndexPage.objects.count()
    ensure_site_tree()
    ensure_site_tree()
    assert HomePage.objects.count() + CatalogueIndexPage.objects.count() == before


@pytest.mark.parametrize("prefix,title", [("lv", "Iedzīvotājiem"), ("en", "For residents")])
def test_home_page_links_the_three_catalogues(client, prefix, title):
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    assert title in response.content.decode()
    assert f'<html lang="{prefix}">' in response.content.decode()


def test_root_redirects_to_latvian():
    from django.test import Client

    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/lv/"


def test_language_switch_keeps_the_visitor_on_the_same_page(client):
    html = client.get("/lv/iedzivotajiem/").content.decode()
    assert 'href="/en/iedzivotajiem/"' in html


@pytest.mark.parametrize(
    "path", ["/xx/", "/lv/%ff%fe/", "/lv/no/such/page/", "/en/pakalpojumi/nope/"]
)
def test_unknown_paths_answer_404_in_the_theme(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert "skip-link" in response.content.decode()
