"""Headless Debian Chromium for the tests that need a real browser (``@pytest.mark.browser``).

One module-scoped ``browser`` fixture (Playwright driving ``/usr/bin/chromium``; no browser is
ever downloaded), ``axe_source`` with the pinned axe-core, and ``wagtail_root``, which
transactional browser tests need because a flush also removes Wagtail's root page and locales.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
# How long any browser step may wait for the state it expects (an element, a navigation, an
# expect() assertion) before the test fails. Tests wait on states, never on fixed sleeps; this
# bound only has to be wide enough for a loaded machine (CI shares 2 cores with other suites:
# Playwright's own 30 s for actions and 5 s for expect() were missed at load 9).
BROWSER_TIMEOUT_SECONDS = float(os.environ.get("BROWSER_TIMEOUT_SECONDS", "90"))
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# Without the networking flags Chromium keeps calling home, which this closed network refuses.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class PatientBrowser:
    """The Playwright browser, whose every new context and page waits up to
    ``BROWSER_TIMEOUT_SECONDS`` for what it expects: one bound for every test, set here."""

    def __init__(self, launch: Callable[[], Any]) -> None:
        self._launch = launch
        self._browser = launch()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def _connected(self) -> Any:
        """The browser, launched again if Chromium went away under an earlier test (seen once
        in a gate: closing a context whose page had just refused to unload): that test's own
        assertions already ran, and the module's next tests must not fail on a dead browser."""
        if not self._browser.is_connected():
            self._browser = self._launch()
        return self._browser

    def new_context(self, **options: Any) -> Any:
        from playwright.sync_api import Error as PlaywrightError

        try:
            context = self._connected().new_context(**options)
        except PlaywrightError:  # gone between the check and the call
            self._browser = self._launch()
            context = self._browser.new_context(**options)
        context.set_default_timeout(BROWSER_TIMEOUT_SECONDS * 1000)
        context.set_default_navigation_timeout(BROWSER_TIMEOUT_SECONDS * 1000)
        return context

    def new_page(self, **options: Any) -> Any:
        page = self._connected().new_page(**options)  # closing the page closes its own context
        page.set_default_timeout(BROWSER_TIMEOUT_SECONDS * 1000)
        page.set_default_navigation_timeout(BROWSER_TIMEOUT_SECONDS * 1000)
        return page


#: The password the browser tests give the admin users they create.
TEST_PASSWORD = "pw-123456"  # noqa: S105 - a test fixture's, on a throwaway database


def sign_in_to_admin(context: Any, base: str, username: str, password: str = TEST_PASSWORD) -> Any:
    """A new page of ``context``, signed in to the admin as ``username`` through the login form
    (the path an editor takes), once the admin has answered."""
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/**")
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (make install does it)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_TIMEOUT_SECONDS * 1000)

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are
    # still synchronous, so Django's async guard must not refuse them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        patient = PatientBrowser(
            lambda: playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        )
        yield patient
        patient.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci --no-audit --no-fund` (make install)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def wagtail_root(transactional_db) -> None:  # type: ignore[no-untyped-def]
    """Recreate what a transactional flush removed: locales and Wagtail's root page."""
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
