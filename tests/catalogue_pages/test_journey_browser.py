"""The resident journey in a real browser, at desktop and phone widths, axe on every page:
search from the header with suggestions → service page → guide → printable checklist.

Debian Chromium via Playwright against live_server and a real Elasticsearch index.
"""

from __future__ import annotations

import pytest

from search import indexing
from tests.browser_checks import contrast, serious_axe_violations
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]


def _checked(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    problems.extend(serious_axe_violations(page))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", [1366, 390])
def test_search_service_guide_checklist(browser, live_server, catalogue, use_elasticsearch, width):  # noqa: F811
    indexing.rebuild()
    problems: list[str] = []
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/lv/")
        _checked(page, problems)
        page.locator("#site-search").click()
        page.keyboard.type("dzīvesv", delay=20)
        option = page.locator(".autocomplete-list li").first
        option.wait_for(state="visible")
        assert option.inner_text() == "Dzīvesvietas deklarēšana"
        assert contrast(page, ".autocomplete-list li") >= 4.5
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url("**/pakalpojumi/dzivesvietas-deklaresana/")
        assert "Jāuzrāda pase." in page.locator("#who").inner_text()  # who qualifies
        _checked(page, problems)

        page.locator("#situations a", has_text="Pārceļos uz citu dzīvesvietu").click()
        page.wait_for_url("**/dzives-situacijas/parcelsanas/")
        _checked(page, problems)

        page.locator("a", has_text="Kontrolsaraksts drukāšanai").click()
        page.wait_for_url("**/parcelsanas/checklist/")
        assert page.locator("[data-print]").is_visible()  # shown once JavaScript runs
        text = page.locator("main").inner_text()
        assert f"{live_server.url}/lv/pakalpojumi/dzivesvietas-deklaresana/" in text
        assert "+371 67 209 400" in text
        _checked(page, problems)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
