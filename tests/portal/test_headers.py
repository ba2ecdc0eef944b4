"""Security headers on every response: CSP without inline scripts, Permissions-Policy, and —
with the production settings — HSTS, nosniff and Referrer-Policy."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.factories import InstitutionPageFactory, ServicePageFactory

from .test_settings import DEPLOY_ENV, ROOT

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/lv/",
    "/en/",
    "/lv/iedzivotajiem/",
    "/lv/iedzivotajiem/?page=%C2%B2",
    "/lv/pakalpojumi/pases-izsniegsana/",
    "/lv/pakalpojumi/pases-izsniegsana/cpsv-ap.jsonld",
    "/lv/search/?q=pase",
    "/api/search/?q=pase&lang=lv",
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
    "/lv/requests/login/",
    "/lv/nav-tadas-lapas/",
]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.I)


@pytest.fixture
def service(site_tree):
    return ServicePageFactory(
        title="Pases izsniegšana",
        slug="pases-izsniegsana",
        identifier="PAK-H-1",
        competent_authority=InstitutionPageFactory(title="PMLP"),
    )


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_response_has_a_strict_csp_and_permissions_policy(client, service, url):
    response = client.get(url)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", [u for u in PUBLIC_URLS if "json" not in u and "api" not in u])
def test_public_html_has_no_inline_scripts_but_json_ld(client, service, url):
    html = client.get(url).content.decode()
    for attributes in INLINE_SCRIPT.findall(html):
        assert 'type="application/ld+json"' in attributes, (url, attributes)
    assert not re.search(r"\son[a-z]+\s*=", html), url  # no inline event handlers
    assert "<style" not in html and 'style="' not in html, url  # style-src 'self' too


def test_service_page_keeps_its_json_ld_block(client, service):
    html = client.get("/lv/pakalpojumi/pases-izsniegsana/").content.decode()
    assert '<script type="application/ld+json">' in html


def test_admin_has_its_own_same_origin_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    csp = _directives(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert all(source.startswith("'") or source.endswith(":") for source in csp["script-src"])
    assert "Permissions-Policy" in response


def test_report_only_switch(client, service, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = policy
    response = client.get("/lv/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
    admin = client.get("/admin/login/")
    assert "Content-Security-Policy" not in admin
    assert "frame-ancestors 'self'" in admin["Content-Security-Policy-Report-Only"]


def _settings_of(module: str, names: list[str], **env: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_report_only_comes_from_the_environment():
    names = ["CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"]
    enforced = _settings_of("portal.settings.dev", names)
    reported = _settings_of("portal.settings.dev", names, CSP_REPORT_ONLY="1")
    assert (
        enforced["CONTENT_SECURITY_POLICY"] and not enforced["CONTENT_SECURITY_POLICY_REPORT_ONLY"]
    )
    assert (
        reported["CONTENT_SECURITY_POLICY_REPORT_ONLY"] and not reported["CONTENT_SECURITY_POLICY"]
    )


PRODUCTION_HEADERS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_PROXY_SSL_HEADER",
    "CONTENT_SECURITY_POLICY",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_production_settings_send_hsts_nosniff_and_referrer_policy(client, service, settings, url):
    values = _production_values()
    for name in PRODUCTION_HEADERS[:-1]:
        value = values[name]
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    response = client.get(url, HTTP_X_FORWARDED_PROTO="https", secure=True)
    assert response.status_code < 500
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


_cached: dict = {}


def _production_values() -> dict:
    if not _cached:
        _cached.update(_settings_of("portal.settings.production", PRODUCTION_HEADERS, **DEPLOY_ENV))
        assert _cached["CONTENT_SECURITY_POLICY"]
    return _cached
