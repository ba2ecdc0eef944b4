"""Headless Debian Chromium for the tests that need a real browser (``@pytest.mark.browser``).

One module-scoped ``browser`` fixture (Playwright driving ``/usr/bin/chromium``; no browser is
ever downloaded), ``axe_source`` with the pinned axe-core, and ``wagtail_root``, which
transactional browser tests need because a flush also removes Wagtail's root page and locales.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (make install does it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are
    # still synchronous, so Django's async guard must not refuse them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


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
