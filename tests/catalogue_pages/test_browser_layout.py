"""A catalogue on a 390 px phone: the services come first, the ways to narrow them follow.

Debian Chromium via Playwright against live_server; axe on every page visited.
"""

from __future__ import annotations

import pytest

from tests.browser_checks import serious_axe_violations, top_of
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]


def test_first_service_comes_before_browse_and_filters(browser, live_server, catalogue):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/lv/iedzivotajiem/")
        first = top_of(page, "#results .service-list li")
        assert first < 844, f"the first service starts {first}px down"
        assert first < top_of(page, "nav.az")
        assert first < top_of(page, "#topics-h")
        assert not page.locator("#f-topic").is_visible()  # the filter form is folded away
        page.locator("#filters summary").click()
        page.select_option("#f-topic", "dzivesvieta")
        page.locator("form.filters button").click()
        assert "topic=dzivesvieta" in page.url
        assert page.locator("#f-topic").is_visible()  # stays open while a filter is on
        assert serious_axe_violations(page) == []
    finally:
        context.close()
