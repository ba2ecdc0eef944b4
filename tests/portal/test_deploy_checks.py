"""``check --deploy`` names what the proxy recipe needs (issue 18, items 1 and 6), and the
plain-HTTP health probes are never redirected to HTTPS (item 8)."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.test import Client


def _deploy_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_production_with_no_trusted_proxy_is_warned(settings) -> None:
    settings.DEBUG = False
    settings.TRUSTED_PROXY_COUNT = 0
    assert "portal.W001" in _deploy_ids()
    settings.TRUSTED_PROXY_COUNT = 1
    assert "portal.W001" not in _deploy_ids()


def test_counters_in_the_evicting_page_cache_are_warned(settings) -> None:
    settings.CACHE_URL = "redis://cache.internal:6379/0"
    settings.LIMITS_CACHE_URL = ""
    assert "portal.W002" in _deploy_ids()
    settings.LIMITS_CACHE_URL = "redis://limits.internal:6380/0"
    assert "portal.W002" not in _deploy_ids()


def test_the_example_env_trusts_exactly_the_one_proxy() -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "deploy" / "portal.env.example"
    lines = dict(
        line.split("=", 1) for line in example.read_text().splitlines() if "=" in line[:60]
    )
    assert lines["TRUSTED_PROXY_COUNT"] == "1"
    assert lines["LIMITS_CACHE_URL"].startswith("redis://")


@pytest.mark.django_db
def test_plain_http_probes_are_not_redirected(settings, client: Client) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/lv/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code in (200, 503)
    assert client.get("/readyz").status_code != 301
