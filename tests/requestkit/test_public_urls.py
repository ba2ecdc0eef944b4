"""Links that leave the site use the public base URL, never http://localhost."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache

from tests.factories import InstitutionPageFactory, ServicePageFactory
from tests.portal.test_headers import _settings_of
from tests.portal.test_settings import DEPLOY_ENV

pytestmark = pytest.mark.django_db

BASE = "https://pakalpojumi.example.lv"


@pytest.fixture
def service(site_tree, settings):
    cache.clear()  # the JSON-LD block is a cached template fragment
    settings.PORTAL_BASE_URL = BASE
    return ServicePageFactory(
        title="Pases izsniegšana",
        slug="pases-izsniegsana",
        identifier="PAK-U-1",
        competent_authority=InstitutionPageFactory(title="PMLP", slug="pmlp"),
    )


def test_schema_org_block_uses_the_public_base_url(client, service):
    html = client.get("/lv/pakalpojumi/pases-izsniegsana/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["url"] == f"{BASE}/lv/pakalpojumi/pases-izsniegsana/"
    assert data["provider"]["url"] == f"{BASE}/lv/iestades/pmlp/"
    assert "localhost" not in block


def test_cpsv_ap_export_uses_the_public_base_url(client, service):
    body = client.get("/lv/pakalpojumi/pases-izsniegsana/cpsv-ap.jsonld").content.decode()
    assert f"{BASE}/lv/pakalpojumi/pases-izsniegsana/" in body
    assert "localhost" not in body


def test_production_derives_the_base_url_from_allowed_hosts():
    values = _settings_of(
        "portal.settings.production", ["PORTAL_BASE_URL", "WAGTAILADMIN_BASE_URL"], **DEPLOY_ENV
    )
    assert values == {
        "PORTAL_BASE_URL": "https://pakalpojumi.example.lv",
        "WAGTAILADMIN_BASE_URL": "https://pakalpojumi.example.lv",
    }
    explicit = _settings_of(
        "portal.settings.production",
        ["PORTAL_BASE_URL"],
        **{**DEPLOY_ENV, "PORTAL_BASE_URL": "https://www.example.lv/"},
    )
    assert explicit == {"PORTAL_BASE_URL": "https://www.example.lv"}
