"""A real browser with JavaScript switched off: sign in, see errors, request, get a reference.

Headless Debian Chromium via Playwright against pytest-django's live_server; axe-core checks
the form page for serious or critical WCAG violations.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from service_requests.models import ServiceRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


@pytest.fixture(autouse=True)
def _wagtail_root(transactional_db):
    """A transactional test flushes the tables, Wagtail's root page and locales included."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    ContentType.objects.clear_cache()
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                locale=Locale.get_default(),
                content_type=ContentType.objects.get_for_model(Page),
            )
        )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _sign_in(page, base: str, next_path: str) -> None:
    page.goto(f"{base}{next_path}")
    assert "/requests/login/" in page.url
    page.fill("#id_username", "req-a")
    page.fill("#id_password", "pw")
    page.click("form.sr-form button.sr-button")


def test_request_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    path = f"/en/requests/new/{world.service.identifier}/"
    _sign_in(page, live_server.url, path)
    assert page.url.endswith(path)
    assert "Tiesiskais pamats datu saņemšanai" in page.content()

    page.fill("#id_contact_name", "Anna Bērziņa")
    page.click("button.sr-button")  # e-mail and "what is needed" are missing
    assert "Please correct the errors below." in page.content()
    assert page.input_value("#id_contact_name") == "Anna Bērziņa"

    page.fill("#id_email", "anna@iestade-a.example")
    page.fill("#id_needed", "Pieslēgums")
    page.click("button.sr-button")
    request = ServiceRequest.objects.get()
    assert page.url.endswith(f"/en/requests/r/{request.reference}/")
    assert request.reference in page.content()
    page.reload()  # reloading the confirmation never submits again
    assert ServiceRequest.objects.count() == 1
    context.close()


def test_request_form_has_no_serious_accessibility_violations(browser, live_server, world):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci --no-audit --no-fund` (make install)")
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, live_server.url, f"/lv/requests/new/{world.service.identifier}/")
    page.click("button.sr-button")  # with errors shown
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21aa','wcag22aa']})"
    )
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()
