"""The uncached page path without Wagtail's per-request work that has the same answer every time.

* Page URLs are built without a ``reverse()`` per page, and are exactly Wagtail's.
* The site root finds its translation without a locale query, and once per cached root.
* A folder's row (services, guides, institutions) is kept per process; nothing else is.
* The privacy check knows the ancestors routing found and still applies every restriction.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction

from catalogue_pages.models import InfoPage, ServicePage, routing
from portal import site_cache
from tests.factories import (
    InstitutionPageFactory,
    LifeSituationPageFactory,
    ServicePageFactory,
    english_locale,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    routing.forget_folders()
    routing.forget_locales()
    yield
    routing.forget_folders()
    routing.forget_locales()


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured.captured_queries]


def _every_page_kind(site_tree) -> list[Page]:
    english = ServicePageFactory(
        title="Passport", slug="pase", parent=site_tree.services["en"], identifier="PAK-R-EN"
    )
    info = site_tree.home["lv"].add_child(
        instance=InfoPage(title="Par portālu", slug="par-portalu", live=True)
    )
    return [
        site_tree.home["lv"],
        site_tree.home["en"],
        site_tree.catalogues["lv"]["citizen"],
        site_tree.services["lv"],
        site_tree.situations["en"],
        ServicePageFactory(title="Pase", slug="pase", identifier="PAK-R-1"),
        ServicePageFactory(title="Dzīvesvieta", slug="dzīvesvietas-deklarēšana"),
        english,
        LifeSituationPageFactory(title="Bērna piedzimšana", slug="berna-piedzimsana"),
        InstitutionPageFactory(title="Valsts ieņēmumu dienests", slug="vid"),
        info,
    ]


@pytest.mark.parametrize("active", ["lv", "en"])
def test_page_urls_are_exactly_wagtails(site_tree, active) -> None:
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    with translation.override(active):
        for page in _every_page_kind(site_tree):
            # A base Page row builds its URL Wagtail's way (it has no FastUrlMixin).
            wagtails = Page.objects.get(pk=page.pk)
            for any_page in (page, wagtails, page.specific):
                assert routing.url_parts(any_page, request) == Page.get_url_parts(any_page, request)
                assert routing.url_parts(any_page) == Page.get_url_parts(any_page)
                assert routing.get_url(any_page, request) == wagtails.get_url(request)
            assert page.specific.get_url(request) == wagtails.get_url(request)
            assert page.specific.url == wagtails.url
            assert page.specific.full_url == wagtails.full_url


def test_a_unicode_slug_is_quoted_as_reverse_quotes_it(site_tree) -> None:
    page = ServicePageFactory(title="Deklarēšana", slug="deklarēšana")
    assert page.url == "/lv/pakalpojumi/deklar%C4%93%C5%A1ana/"
    assert page.url == Page.get_url(page)


def test_a_path_the_serve_pattern_would_not_match_takes_wagtails_way(site_tree) -> None:
    home = site_tree.home["lv"]
    odd = Page(title="x", slug="x", url_path=home.url_path + "a.b/", path=home.path + "0001")
    assert routing.url_parts(odd) == Page.get_url_parts(odd)
    assert routing.url_parts(odd)[2] is None  # reverse() refuses it, and so do we


def _translated_service(site_tree) -> tuple[ServicePage, ServicePage]:
    lv = ServicePageFactory(title="Pase", slug="pase", summary="Latviski X1")
    en = ServicePageFactory(
        title="Passport",
        slug="pase",
        summary="In English X1",
        parent=site_tree.services["en"],
        translation_key=lv.translation_key,
    )
    return lv, en


def test_routing_asks_no_locale_query_yet_serves_each_language(client, site_tree) -> None:
    lv, en = _translated_service(site_tree)
    client.get(lv.url)
    client.get(en.url)
    for page, text in ((lv, "Latviski X1"), (en, "In English X1")):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(page.url).content.decode()
        assert text in html
        assert not [q for q in captured.captured_queries if '"wagtailcore_locale"' in q["sql"]]


def test_a_locale_saved_in_the_process_is_looked_up_again(site_tree) -> None:
    with translation.override("en"):
        kept = routing.active_locale()
        assert routing.active_locale() is kept
        english_locale().save()
        assert routing.active_locale() is not kept
        assert routing.active_locale().language_code == "en"


def test_a_service_page_routes_without_reading_its_folder_again(client, site_tree) -> None:
    page = ServicePageFactory(title="Pase", slug="pase")
    client.get(page.url)
    cache.clear()
    folder_reads = [
        sql
        for sql in _queries(client, page.url)
        if '"wagtailcore_page"."slug" = ' in sql and "pakalpojumi" in sql
    ]
    assert folder_reads == []
    # The folder's own row is no query either: the service is the only page row read.
    assert routing.kept_folder(site_tree.home["lv"], "pakalpojumi", lambda p: True).pk == (
        site_tree.services["lv"].pk
    )


def test_a_catalogue_is_never_kept_so_unpublishing_it_applies_at_once(client, site_tree) -> None:
    catalogue = site_tree.catalogues["lv"]["citizen"]
    service = ServicePageFactory(title="Pase", slug="pase")
    assert client.get(catalogue.url).status_code == 200
    assert client.get(service.url).status_code == 200
    catalogue.unpublish()
    cache.clear()
    assert client.get(catalogue.url).status_code == 404
    assert client.get(service.url).status_code == 200


def test_saving_a_page_at_a_folders_depth_forgets_the_folders(site_tree) -> None:
    home = site_tree.home["lv"]
    kept = routing.kept_folder(home, "pakalpojumi", lambda page: True)
    assert routing.kept_folder(home, "pakalpojumi", lambda page: True) is kept
    site_tree.services["lv"].save_revision().publish()
    assert routing.kept_folder(home, "pakalpojumi", lambda page: True) is not kept


def test_a_service_below_a_missing_folder_is_not_found(client, site_tree) -> None:
    assert client.get("/lv/nav-tada-mape/pase/").status_code == 404


def _restrict(page: Page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="slepens"
    )


@pytest.mark.parametrize("level", ["page", "folder", "home", "tree root"])
def test_a_restriction_at_any_level_above_a_service_applies(client, site_tree, level) -> None:
    page = ServicePageFactory(title="Pase", slug="pase", summary="Apraksts R1")
    assert "Apraksts R1" in client.get(page.url).content.decode()  # routing kept the folder
    restricted = {
        "page": page,
        "folder": site_tree.services["lv"],
        "home": site_tree.home["lv"],
        "tree root": Page.get_first_root_node(),
    }[level]
    _restrict(restricted)
    html = client.get(page.url).content.decode()
    assert "Apraksts R1" not in html
    assert 'name="password"' in html


def test_the_privacy_check_of_a_routed_service_is_one_plain_query(client, site_tree) -> None:
    page = ServicePageFactory(title="Pase", slug="pase")
    client.get(page.url)
    restriction_queries = [
        sql for sql in _queries(client, page.url) if '"wagtailcore_pageviewrestriction"' in sql
    ]
    assert len(restriction_queries) == 1
    assert "JOIN" not in restriction_queries[0]


def test_an_alias_among_the_ancestors_takes_the_query_by_paths(site_tree) -> None:
    source = ServicePageFactory(title="Pase", slug="pase")
    alias = source.create_alias(parent=site_tree.services["lv"], update_slug="pase-kopija")
    alias = ServicePage.objects.get(pk=alias.pk)
    alias._cached_parent_obj = site_tree.services["lv"]
    assert routing.known_ancestor_ids(alias) is None
    _restrict(source)
    assert list(alias.get_view_restrictions())  # the source's restriction, through its alias


def test_the_competent_authority_comes_with_the_service(client, site_tree) -> None:
    authority = InstitutionPageFactory(title="Pilsonības dienests", slug="pmlp")
    page = ServicePageFactory(title="Pase", slug="pase", competent_authority=authority)
    client.get(page.url)
    cache.clear()
    html = client.get(page.url).content.decode()
    assert "Pilsonības dienests" in html
    cache.clear()
    authority_reads = [
        sql for sql in _queries(client, page.url) if 'FROM "catalogue_pages_institutionpage"' in sql
    ]
    assert authority_reads == []


@pytest.mark.parametrize("english_row", [True, False])
def test_the_site_root_localizes_as_wagtail_does(site_tree, english_row) -> None:
    home = site_tree.home["lv"]
    if not english_row:  # no locale for the active language: Wagtail falls back to the default
        Locale.objects.filter(language_code="en").update(language_code="xx")
    with translation.override("en"):
        expected = Page.objects.get(pk=home.pk).localized_draft.pk
        assert home.localized_draft.pk == expected
        assert home.localized.pk == expected
    assert expected == (site_tree.home["en"].pk if english_row else home.pk)


def test_an_english_page_makes_the_queries_its_latvian_translation_makes(client, site_tree):
    """The site root is the Latvian home page; it finds its English translation once per
    cached root, not once per English request (it was a fifth query where Latvian made 4)."""
    lv, en = _translated_service(site_tree)
    counts = {}
    for page in (lv, en):
        client.get(page.url)
        cache.clear()  # uncached page; the process's site root and folders stay warm
        counts[page.locale.language_code] = len(_queries(client, page.url))
    assert counts["en"] == counts["lv"]


def test_the_root_forgets_its_english_translation_when_that_home_page_changes(
    client, site_tree
) -> None:
    """Unpublishing the English home page applies at once in this process, as for a fresh one:
    the root stops routing English requests into the English tree (Wagtail's ``localized``
    falls back to the Latvian root)."""
    _lv, en = _translated_service(site_tree)
    assert "In English X1" in client.get(en.url).content.decode()
    site_tree.home["en"].unpublish()
    cache.clear()
    after = client.get(en.url).content.decode()
    site_cache.forget_sites()  # what a fresh process answers
    cache.clear()
    fresh = client.get(en.url).content.decode()
    for html in (after, fresh):
        assert "Latviski X1" in html
        assert "In English X1" not in html
