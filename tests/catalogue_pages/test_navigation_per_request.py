"""The navigation of a page (header catalogues, breadcrumbs, footer) is built once per request,
even when the shared cache is cold: the header and the breadcrumbs share one look-up."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def _queries_on(client, url: str, table: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)


def test_a_service_page_on_a_cold_cache_looks_the_catalogues_up_once(client, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-NAV-1")
    client.get(page.url)
    cache.clear()
    assert _queries_on(client, page.url, "catalogue_pages_catalogueindexpage") == 1


def test_header_and_breadcrumbs_both_name_the_catalogue(client, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-NAV-2")
    cache.clear()
    html = client.get(page.url).content.decode()
    catalogue = site_tree.catalogues["lv"]["citizen"]
    assert html.count(f'href="{catalogue.url}"') >= 2  # the header's link and the breadcrumb
