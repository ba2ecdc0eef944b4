"""The real client address behind the configured proxies, and one limiter for everything."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from catalogue_pages import feedback
from catalogue_pages.models import PageFeedback
from requestkit import ratelimit
from requestkit.client_ip import client_ip

rf = RequestFactory()


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_proxies_forwarded_for_is_never_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


def test_one_proxy_takes_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "6.6.6.6"; the proxy appended the address it saw.
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(_request("10.0.0.2", "198.51.100.9")) == "198.51.100.9"


def test_two_proxies_skip_the_inner_one(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.3", "6.6.6.6, 198.51.100.9, 10.0.0.2")) == "198.51.100.9"


@pytest.mark.parametrize("forwarded", [None, "", "junk", "not-an-ip, ²"])
def test_missing_or_junk_chain_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.2", forwarded)) == "10.0.0.2"


def test_limiter_counts_per_key_and_says_when_to_retry():
    cache.clear()
    start = 600_000.0  # the start of a 60-second window: nothing carried over
    for n in range(3):
        assert not ratelimit.hit("test", "a", limit=3, window=60, now=start + n).limited
    over = ratelimit.hit("test", "a", limit=3, window=60, now=start + 10)
    # 4 in this window: it must end (50 s) and then weigh ≤ 2 of 4 to leave room for one
    # more (another 30 s).
    assert over.limited and over.retry_after == 80
    assert not ratelimit.hit("test", "b", limit=3, window=60, now=start + 10).limited
    # After the promised wait the same key is served again.
    assert not ratelimit.hit("test", "a", limit=3, window=60, now=start + 10 + 80).limited


def test_a_burst_across_a_window_boundary_is_refused():
    """Issue 18: 108 sign-in attempts sprayed across a fixed-window boundary (100 / 10 min)
    were never refused. The sliding count carries the previous window's share over."""
    cache.clear()
    window, limit = 600, 100
    boundary = 1_000 * window
    refused = 0
    for n in range(100):  # the last 100 seconds before the boundary
        refused += ratelimit.hit(
            "spray", "x", limit=limit, window=window, now=boundary - 100 + n
        ).limited
    for n in range(8):  # right after it
        refused += ratelimit.hit("spray", "x", limit=limit, window=window, now=boundary + n).limited
    assert refused == 8
    # One more ten seconds later: the previous window still weighs 590/600 of its 100.
    assert ratelimit.hit("spray", "x", limit=limit, window=window, now=boundary + 10).count == 108


def test_the_previous_window_weighs_less_as_it_slides_away():
    cache.clear()
    window = 100
    start = 5_000 * window
    for n in range(10):
        ratelimit.hit("slide", "k", limit=10, window=window, now=start + n)
    # Halfway through the next window, half of the 10 still count: 5 more are allowed.
    halfway = start + window + window / 2
    results = [
        ratelimit.hit("slide", "k", limit=10, window=window, now=halfway).limited for _ in range(6)
    ]
    assert results == [False] * 5 + [True]
    # Two windows later nothing of the burst is left.
    assert ratelimit.hit("slide", "k", limit=10, window=window, now=start + 3 * window).count == 1


@pytest.mark.django_db
def test_feedback_limit_holds_while_pages_fill_the_cache(client, site_tree):
    """Listing caches used to push the counter out of the local-memory cache (29 rows
    stored against a limit of 10): the counter lives in its own cache alias now."""
    from tests.factories import ServicePageFactory

    pages = [
        ServicePageFactory(identifier=f"PAK-FB-1-{n}") for n in range(feedback.RATE_LIMIT + 20)
    ]
    for n, page in enumerate(pages):
        token = feedback.make_token(page.pk, issued=time.time() - 60)
        client.post("/lv/feedback/", {"page": page.pk, "useful": "yes", "token": token})
        # what the catalogue, navigation and search caches do between two answers
        cache.set_many({f"cp:filler:{n}:{i}": i for i in range(400)})
    assert PageFeedback.objects.count() == feedback.RATE_LIMIT


@pytest.mark.django_db
def test_feedback_limit_is_per_client_behind_the_proxy(client, site_tree, settings):
    from tests.factories import ServicePageFactory

    settings.TRUSTED_PROXY_COUNT = 1
    page = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-FB-2")
    for visitor in ("198.51.100.1", "198.51.100.2"):
        for _ in range(3):
            client.post(
                "/lv/feedback/",
                {
                    "page": page.pk,
                    "useful": "no",
                    "token": feedback.make_token(page.pk, issued=time.time() - 60),
                },
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=visitor,
            )
    # One answer per client about the page, each client being the address the proxy saw.
    assert PageFeedback.objects.count() == 2
