"""The search a resident sees in a real browser: header suggestions and results on a phone.

Debian Chromium via Playwright, pytest-django's live_server, a real Elasticsearch index; axe on
every page visited.
"""

from __future__ import annotations

import pytest

from tests.browser_checks import contrast, serious_axe_violations, top_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]

WIDTHS = [1366, 390]


def _type_and_wait(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#site-search").click()
    page.keyboard.type(text, delay=20)
    page.wait_for_selector(".autocomplete-list li", state="visible")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", ["home", "service", "search"])
def test_header_suggestions_are_readable(browser, live_server, indexed, width, where):
    path = {"home": "/lv/", "service": indexed["dzivesvieta"].url, "search": "/lv/search/"}[where]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200
        _type_and_wait(page, "pase")
        option = ".autocomplete-list li"
        assert "Pases izsniegšana" in page.locator(option).first.inner_text()
        assert contrast(page, option) >= 4.5
        page.keyboard.press("ArrowDown")
        assert contrast(page, ".autocomplete-list li[aria-selected=true]") >= 4.5
        assert serious_axe_violations(page) == []
    finally:
        context.close()


def test_results_come_before_the_filters_on_a_phone(browser, live_server, indexed):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/lv/search/?q=pase")
        first = top_of(page, ".result-list .result")
        assert first < 844, f"the first result starts {first}px down"
        assert first < top_of(page, ".search-facets")
        assert not page.locator(".search-filters").is_visible()  # folded until asked for
        page.locator(".filters-toggle summary").click()
        assert page.locator("#search-audience").is_visible()
        assert serious_axe_violations(page) == []
    finally:
        context.close()


@pytest.fixture
def people_words(catalogue, use_elasticsearch):  # type: ignore[no-untyped-def]
    """The catalogue plus a childcare benefit and the "Bērna piedzimšana" guide, indexed."""
    from search import indexing
    from tests.factories import LifeSituationPageFactory, ServicePageFactory

    benefit = ServicePageFactory(
        title="Bērna kopšanas pabalsts",
        identifier="PAK-0104",
        summary="Pabalsts vecākam, kas kopj bērnu līdz pusotra gada vecumam.",
    )
    guide = LifeSituationPageFactory(
        title="Bērna piedzimšana",
        slug="berna-piedzimsana",
        summary="Kas jādara, kad ģimenē piedzimst bērns: reģistrācija un pabalsti.",
    )
    guide.services.add(benefit)
    guide.save()
    indexing.rebuild()
    return {**catalogue, "benefit": benefit, "guide": guide}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("typed", "expected"),
    [("bernu pab", "Bērna kopšanas pabalsts"), ("deklaret dziv", "Dzīvesvietas deklarēšana")],
)
def test_header_suggestions_follow_how_people_type(
    browser, live_server, people_words, width, typed, expected
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/lv/")
        _type_and_wait(page, typed)
        titles = page.locator(".autocomplete-list li").all_inner_texts()
        assert any(expected in t for t in titles), titles
        assert contrast(page, ".autocomplete-list li") >= 4.5
        assert serious_axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_guide_is_found_by_search_above_the_services(browser, live_server, people_words, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/lv/search/?q=berna+piedzimsana")
        guide = page.locator(".search-guides a", has_text="Bērna piedzimšana")
        guide.wait_for(state="visible")
        assert top_of(page, ".search-guides") < top_of(page, ".result-list")
        assert serious_axe_violations(page) == []
        guide.click()
        page.wait_for_url("**/berna-piedzimsana/")
        assert page.locator("h1").inner_text() == "Bērna piedzimšana"
    finally:
        context.close()
