"""The shared cache (real Redis from scripts/redis.sh): what one process writes, every other
process sees — cache generations, the search breaker, rate limits, whole pages — and a
Redis outage degrades to cache misses, never a 500."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client

from catalogue_pages import cache as listing_cache
from catalogue_pages import feedback
from catalogue_pages.models import PageFeedback
from portal.page_cache import HEADER
from search import service
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _other_process(code: str, cache_url: str, settings) -> str:
    """Run ``code`` in a fresh Python process configured like another app worker."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": prefix,
    }
    script = "import django; django.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_generation_bump_in_another_process_is_seen_here(redis_cache, settings) -> None:
    before = listing_cache.generation()
    _other_process("from catalogue_pages import cache; cache.bump()", redis_cache, settings)
    assert listing_cache.generation() == before + 1


def test_a_breaker_tripped_in_another_process_skips_the_node_here(redis_cache, settings) -> None:
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    assert not service.breaker_open()
    _other_process(
        "from django.conf import settings\n"
        "settings.ELASTICSEARCH_URL = 'http://127.0.0.1:1'\n"
        "from search import service\n"
        "service.trip_breaker(OSError('down'))",
        redis_cache,
        settings,
    )
    assert service.breaker_open()


def test_rate_limit_counts_across_processes(redis_cache, settings, client: Client, site_tree):
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-RL-1")
    # Another worker already took the whole hourly allowance of this client address.
    _other_process(
        "from django.test import RequestFactory\n"
        "from catalogue_pages import feedback\n"
        "request = RequestFactory().post('/lv/feedback/', REMOTE_ADDR='127.0.0.1')\n"
        "for _ in range(feedback.RATE_LIMIT): feedback.over_rate_limit(request)",
        redis_cache,
        settings,
    )
    token = feedback.make_token(page.pk, issued=time.time() - 10)
    client.post("/lv/feedback/", {"page": page.pk, "useful": "yes", "token": token})
    assert PageFeedback.objects.count() == 0


@pytest.fixture
def page_cache(redis_cache, settings):
    settings.PAGE_CACHE_SECONDS = 300
    return redis_cache


def test_anonymous_pages_are_cached_and_invalidated_by_a_publish(page_cache, client, site_tree):
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-PC-1")
    url = page.url
    first = client.get(url)
    assert first.status_code == 200 and first[HEADER] == "miss"
    second = client.get(url)
    assert second[HEADER] == "hit" and second.content == first.content
    assert "Accept-Language" in second["Vary"]
    page.title = "Pases izsniegšana (jauna)"
    page.save_revision().publish()
    fresh = client.get(url)
    assert fresh[HEADER] == "miss" and "Pases izsniegšana (jauna)" in fresh.content.decode()


def test_signed_in_visitors_and_forms_are_never_cached(page_cache, client, site_tree, admin_user):
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-PC-2")
    client.force_login(admin_user)
    assert HEADER not in client.get(page.url)
    assert HEADER not in client.get(page.url)
    anonymous = Client()
    assert HEADER not in anonymous.get("/lv/search/", {"q": "pase"})
    form = anonymous.get(f"/lv/requests/new/{page.identifier}/")
    assert HEADER not in form


def test_a_response_that_sets_a_cookie_is_not_cached(page_cache, client, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-PC-3")
    client.get(page.url)  # cached
    client.cookies["sessionid"] = "anything"
    assert HEADER not in client.get(page.url)


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "requestkit.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300


def test_redis_down_pages_still_serve_and_readyz_names_the_cache_as_degraded(
    redis_down, client, site_tree
):
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-RD-1")
    response = client.get(page.url)
    assert response.status_code == 200 and "Pases izsniegšana" in response.content.decode()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["degraded"] == ["cache"]
    assert ready.json()["failing"] == []
    assert client.get("/healthz").status_code == 200


def test_redis_down_feedback_is_still_stored(redis_down, client, site_tree) -> None:
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-RD-2")
    token = feedback.make_token(page.pk, issued=time.time() - 10)
    response = client.post("/lv/feedback/", {"page": page.pk, "useful": "yes", "token": token})
    assert response.status_code == 302
    assert PageFeedback.objects.filter(page=page).count() == 1
