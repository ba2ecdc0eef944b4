"""The page cache keeps what it caches whole, and junk query strings cannot fill it (issue 18,
item 6). Real Redis (scripts/redis.sh), the production cache backend."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from portal.page_cache import HEADER
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db
REPLAYED = ("Access-Control-Allow-Origin", "Cache-Control", "ETag", "Last-Modified")


@pytest.fixture
def page_cache(redis_cache, settings):
    settings.PAGE_CACHE_SECONDS = 300
    return redis_cache


def _page_keys() -> set[bytes]:
    client = cache._cache.get_client(write=False)  # the real Redis behind Django's API
    return set(client.scan_iter(match=f"*{cache.key_prefix}*page:*"))


def _twice(client: Client, path: str, **params: str):
    first = client.get(path, params)
    second = client.get(path, params)
    assert first.status_code == 200, (path, first.status_code)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit"), path
    return first, second


@pytest.mark.parametrize("path", ["/open-data/catalog.ttl", "/open-data/changes"])
def test_open_data_hits_keep_cors_and_validators(page_cache, site_tree, path: str) -> None:
    ServicePageFactory(title="Pases izsniegšana", identifier="PAK-PCH-1")
    first, second = _twice(Client(), path)
    for name in (*REPLAYED, "X-Total-Count", "Link", "Content-Type"):
        if name in first:
            assert second[name] == first[name], (path, name)
    assert second["Access-Control-Allow-Origin"] == "*"
    assert "Cache-Control" in second
    if path.endswith("changes"):
        assert second["X-Total-Count"] == first["X-Total-Count"]
    else:
        assert second["ETag"] and second["Last-Modified"]


def test_a_service_export_hit_keeps_cors(page_cache, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-PCH-2")
    first, second = _twice(Client(), f"/lv/pakalpojumi/{page.slug}/cpsv-ap.jsonld")
    assert second["Access-Control-Allow-Origin"] == first["Access-Control-Allow-Origin"] == "*"
    assert second.content == first.content


@pytest.mark.parametrize("path", ["/robots.txt", "/sitemap.xml"])
def test_robots_and_sitemap_hits_keep_cache_control(page_cache, site_tree, path: str) -> None:
    first, second = _twice(Client(), path)
    assert second["Cache-Control"] == first["Cache-Control"]


def test_junk_query_strings_add_no_entries(page_cache, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-PCH-3")
    client = Client()
    client.get(page.url)
    assert client.get(page.url)[HEADER] == "hit"
    entries = len(_page_keys())
    for n in range(20):
        junk = client.get(page.url, {"utm_source": f"x{n}", f"j{n}": "1"})
        assert junk.status_code == 200
    assert client.get(page.url, {"utm_source": "again"})[HEADER] == "hit"
    assert len(_page_keys()) <= entries + 1, "at most the path's own list of read parameters"


def test_parameters_a_page_reads_still_make_their_own_entries(page_cache, site_tree) -> None:
    client = Client()
    catalogue = "/lv/iedzivotajiem/"
    first = client.get(catalogue)
    assert first.status_code == 200
    free = client.get(catalogue, {"free": "1"})
    assert free.status_code == 200 and free[HEADER] == "miss"
    assert client.get(catalogue, {"free": "1"})[HEADER] == "hit"
    assert client.get(catalogue, {"free": "1", "utm_source": "x"})[HEADER] == "hit"


def test_a_query_the_page_could_not_track_is_not_cached(page_cache, site_tree) -> None:
    """A NUL byte makes the guard swap ``request.GET`` for a cleaned copy; what the page then
    reads is unknown, so nothing is kept — neither under the bare page's key nor as a reason
    to key the path on every parameter."""
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-PCH-4")
    client = Client()
    entries = len(_page_keys())
    assert HEADER not in client.get(page.url + "?no=%00x")
    assert HEADER not in client.get(page.url + "?no=%00x")
    assert len(_page_keys()) == entries
    assert client.get(page.url)[HEADER] == "miss", "the bare page is not the NUL variant"
