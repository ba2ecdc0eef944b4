"""What a shared cache in front (Varnish, deploy/varnish/) may keep: the app says it with
``s-maxage`` (issue 23, item 4).

Anonymous public pages carry ``Cache-Control: public, s-maxage=SHARED_CACHE_SECONDS`` and
``Vary: Accept-Language, Cookie``; browsers keep nothing (``max-age=0``) unless the view chose
its own age. Personal pages, forms with a CSRF token, the admin, search and the API never say
``s-maxage`` — the VCL caches only what says it, so they are always passed to the app.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.test import Client
from django.utils.cache import get_max_age

from portal.page_cache import HEADER
from tests.factories import ServicePageFactory, UserFactory
from tests.portal.test_settings import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(site_tree):
    return ServicePageFactory(title="Pases izsniegšana", identifier="PAK-SC-1", for_citizens=True)


def _directives(response) -> dict[str, str]:
    parts = [p.strip() for p in response.get("Cache-Control", "").split(",") if p.strip()]
    return dict((p.split("=", 1) + [""])[:2] for p in parts)


def _shared_age(response) -> int | None:
    value = _directives(response).get("s-maxage")
    return None if value is None else int(value)


def test_an_anonymous_service_page_is_shared_and_not_kept_by_the_browser(
    client, service, settings
) -> None:
    settings.SHARED_CACHE_SECONDS = 1234
    response = client.get(service.url)
    assert response.status_code == 200
    control = _directives(response)
    assert control.keys() >= {"public", "s-maxage", "max-age"}
    assert _shared_age(response) == 1234 and get_max_age(response) == 0
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


@pytest.mark.parametrize("path", ["/lv/", "/en/", "/lv/iedzivotajiem/", "/open-data/changes"])
def test_public_listings_and_the_feed_are_shared(client, service, settings, path) -> None:
    settings.SHARED_CACHE_SECONDS = 600
    response = client.get(path)
    assert response.status_code == 200, path
    assert _shared_age(response) == 600, (path, response.get("Cache-Control"))


def test_a_view_that_chose_a_browser_age_keeps_it(client, site_tree, settings) -> None:
    settings.SHARED_CACHE_SECONDS = 600
    response = client.get("/sitemap.xml")
    assert get_max_age(response) == 3600 and _shared_age(response) == 600


def test_the_same_page_for_a_signed_in_visitor_is_never_shared(client, service) -> None:
    client.force_login(UserFactory())
    response = client.get(service.url)
    assert response.status_code == 200
    assert _shared_age(response) is None and "public" not in _directives(response)


@pytest.mark.parametrize(
    "path",
    [
        "/lv/requests/login/",  # a form with a CSRF token (and its cookie)
        "/lv/search/?q=pase",  # endless combinations, never listed
        "/api/search/?q=pase&lang=lv",  # the API's own rules: no shared caching
        "/admin/login/",
        "/readyz",
    ],
)
def test_forms_search_api_admin_and_probes_are_never_shared(client, service, path) -> None:
    response = client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)
    assert _shared_age(response) is None, (path, response.get("Cache-Control"))


def test_a_visitor_with_a_session_cookie_gets_no_shared_page(client, service) -> None:
    """A session cookie the app does not know (expired, another site's) is still not anonymous
    as far as a cache can tell: the answer is not marked shareable."""
    client.cookies["sessionid"] = "stale"
    assert _shared_age(client.get(service.url)) is None


def test_switched_off_with_zero(client, service, settings) -> None:
    settings.SHARED_CACHE_SECONDS = 0
    assert _shared_age(client.get(service.url)) is None


def test_the_page_cache_keeps_pages_with_sharing_switched_off(redis_cache, service, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SHARED_CACHE_SECONDS = 0
    first, second = Client().get(service.url), Client().get(service.url)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert _shared_age(second) is None


def test_a_page_cache_hit_says_the_same(redis_cache, service, settings) -> None:
    settings.PAGE_CACHE_SECONDS = 300
    settings.SHARED_CACHE_SECONDS = 900
    first, second = Client().get(service.url), Client().get(service.url)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert _shared_age(first) == _shared_age(second) == 900


def _settings_value(env: dict[str, str], expression: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; from django.conf import settings; django.setup(); print({expression})",
        ],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_purge_urls_configure_wagtails_backends_and_a_longer_shared_age() -> None:
    result = _settings_value(
        {"FRONTEND_CACHE_PURGE_URLS": "http://127.0.0.1:6081, http://10.0.1.5:6081"},
        "sorted((v['LOCATION'], v['BACKEND']) for v in settings.WAGTAILFRONTENDCACHE.values()),"
        " settings.SHARED_CACHE_SECONDS",
    )
    assert result.returncode == 0, result.stderr
    backend = "requestkit.frontend_purge.TimedHTTPBackend"
    assert result.stdout.strip() == (
        f"[('http://10.0.1.5:6081', '{backend}'), ('http://127.0.0.1:6081', '{backend}')] 3600"
    )


def test_without_purge_urls_nothing_is_purged_and_shared_pages_live_a_minute() -> None:
    result = _settings_value({}, "settings.WAGTAILFRONTENDCACHE, settings.SHARED_CACHE_SECONDS")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{} 60"


@pytest.mark.parametrize("value", ["127.0.0.1:6081", "ftp://cache", "http://cache:6081/purge"])
def test_a_malformed_purge_url_is_refused(value) -> None:
    result = _settings_value({"FRONTEND_CACHE_PURGE_URLS": value}, "1")
    assert result.returncode != 0 and "FRONTEND_CACHE_PURGE_URLS" in result.stderr
