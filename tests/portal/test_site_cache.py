"""Wagtail's Site lookup is answered from the process's cache after the first request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from portal import site_cache
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_site_cache():
    site_cache.forget_sites()
    yield
    site_cache.forget_sites()


def _site_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('"wagtailcore_site"' in q["sql"] for q in queries.captured_queries)


def test_second_request_does_not_look_the_site_up_again(client, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-SC-1")
    assert _site_queries(client, page.url) >= 1
    assert _site_queries(client, page.url) == 0


def test_saving_a_site_forgets_the_cached_answer(client, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-SC-2")
    _site_queries(client, page.url)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Cits nosaukums"
    site.save()
    assert _site_queries(client, page.url) >= 1


def _root_path_reads(client, url: str) -> int:
    """Queries of Wagtail's ``Site.get_site_root_paths`` (the sites with their root pages)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        '"wagtailcore_site"' in q["sql"] and "root_page" in q["sql"]
        for q in queries.captured_queries
    )


def test_the_site_root_paths_are_kept_by_the_process_not_read_per_request(
    client, site_tree
) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-SC-3")
    _root_path_reads(client, page.url)
    cache.clear()  # the shared cache, where Wagtail keeps its own copy, is cold again
    assert _root_path_reads(client, page.url) == 0


def test_saving_a_page_where_a_site_root_can_be_forgets_the_root_paths(client, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-SC-4")
    client.get(page.url)
    paths = site_cache.site_root_paths()
    home = site_tree.home["lv"]
    home.save()  # a page at a site root's depth: the root paths may have changed
    assert site_cache.site_root_paths() is not paths
