"""Every public page's header (the catalogues) and footer (the information pages) are read in
one query when neither is cached, and are the lists the two ORM look-ups give."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from catalogue_pages import cache as cache_keys
from catalogue_pages.models import CatalogueIndexPage, InfoPage
from catalogue_pages.site_map import footer_links, navigation

pytestmark = pytest.mark.django_db


@pytest.fixture
def footer_pages(site_tree):
    """Three information pages: two with footer places (listed out of title order), one
    without, and one unpublished with a place."""
    home = site_tree.home["lv"]
    for title, slug, order, live in [
        ("Zeta kontakti", "kontakti", 1, True),
        ("Alfa privātums", "privatums", 2, True),
        ("Bez vietas", "bez-vietas", None, True),
        ("Melnraksts", "melnraksts", 3, False),
    ]:
        home.add_child(instance=InfoPage(title=title, slug=slug, footer_order=order, live=live))


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_lists_are_those_of_the_catalogue_links_and_the_footer(footer_pages, language):
    request = RequestFactory().get(f"/{language}/")
    links, footer = navigation(language, request)
    cache.clear()
    assert links == CatalogueIndexPage.links(language)
    cache.clear()
    assert footer == footer_links(language)


def test_the_footer_lists_live_pages_with_a_place_in_place_order(footer_pages):
    _links, footer = navigation("lv")
    assert [link["title"] for link in footer] == ["Zeta kontakti", "Alfa privātums"]
    assert footer[0]["url"] == "/lv/kontakti/"


def navigation_statements(captured: CaptureQueriesContext) -> list[str]:
    """The statements that read catalogues or information pages (not the site root paths)."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if "catalogue_pages_catalogueindexpage" in q["sql"]
        or "catalogue_pages_infopage" in q["sql"]
    ]


def test_one_query_when_neither_is_cached_none_when_both_are(footer_pages):
    with CaptureQueriesContext(connection) as cold:
        links, footer = navigation("lv")
    assert len(navigation_statements(cold)) == 1
    assert "UNION ALL" in navigation_statements(cold)[0]
    assert cache.get(cache_keys.catalogue_links("lv")) == links
    assert cache.get(cache_keys.key("footer-pages", "lv")) == footer
    with CaptureQueriesContext(connection) as warm:
        assert navigation("lv") == (links, footer)
    assert warm.captured_queries == []


def test_a_cached_header_leaves_only_the_footer_to_read(footer_pages):
    links = CatalogueIndexPage.links("lv")
    with CaptureQueriesContext(connection) as captured:
        assert navigation("lv")[0] == links
    assert len(navigation_statements(captured)) == 1
    assert "catalogueindexpage" not in navigation_statements(captured)[0]


def test_the_breadcrumbs_reuse_the_requests_catalogue_links(footer_pages):
    request = RequestFactory().get("/lv/")
    links, _footer = navigation("lv", request)
    with CaptureQueriesContext(connection) as captured:
        assert CatalogueIndexPage.links("lv", request) is links
    assert captured.captured_queries == []


def test_an_unpublished_catalogue_leaves_the_header_after_the_bump(client, footer_pages):
    html = client.get("/lv/").content.decode()
    assert 'href="/lv/uznemejiem/"' in html
    CatalogueIndexPage.objects.get(locale__language_code="lv", audience="business").unpublish()
    html = client.get("/lv/").content.decode()
    header = html.split('class="catalogue-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/lv/uznemejiem/"' not in header
