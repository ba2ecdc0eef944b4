"""The first screen of a service page lets you act (issue 19, item 5): who it is for, what you
need and the way to act (the e-service's "Start now", or how to apply when there is none) sit
above the contents list, inside a 390×844 phone screen and a 1366×768 laptop screen. Links to
pages in Latvian only say so on English pages.

Debian Chromium via Playwright against live_server; axe on every page visited.
"""

from __future__ import annotations

import pytest

from tests.browser_checks import serious_axe_violations, top_of
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

SERVICE = "/{lang}/pakalpojumi/dzivesvietas-deklaresana/"
LATVIAN_ONLY = "https://www.latvija.gov.lv/lv/Epakalpojumi/EP40/Apraksts"


def _bottom_of(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    return float(
        page.locator(selector).first.evaluate(
            "(e) => e.getBoundingClientRect().bottom + window.scrollY"
        )
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("wagtail_root", "axe_source")
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_start_button_and_who_qualifies_on_the_first_screen(
    browser,
    live_server,
    catalogue,  # noqa: F811
    width,
    height,
    lang,
):
    english = catalogue.citizen_only_en
    english.channels = [{**english.channels[0], "url": LATVIAN_ONLY}, *english.channels[1:]]
    english.save_revision().publish()
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(live_server.url + SERVICE.format(lang=lang))
        start = page.locator("section.start a.button-start")
        assert start.inner_text().strip() == {"lv": "Sākt tagad", "en": "Start now"}[lang]
        bottom = _bottom_of(page, "section.start a.button-start")
        assert bottom <= height, f"the start button ends {bottom}px down at {width}px"
        assert top_of(page, "section.start") < top_of(page, "nav.toc")
        who = page.locator("section.start .start-who").inner_text()
        assert {"lv": "Iedzīvotājiem", "en": "For residents"}[lang] in who
        assert {"lv": "Personas apliecība", "en": "Personas apliecība"}[lang] in who
        if lang == "en":
            assert start.get_attribute("href") == LATVIAN_ONLY
            assert start.get_attribute("hreflang") == "lv"
            assert "in Latvian only" in page.locator("section.start").inner_text()
        else:
            assert "latvija.gov.lv" in page.locator("section.start .meta").inner_text()
        assert serious_axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.django_db
def test_without_an_e_service_the_first_screen_says_how_to_apply(client, catalogue):  # noqa: F811
    page = catalogue.citizen_only
    page.channels = [c for c in page.channels if "e-service" not in c["type"]]
    page.save_revision().publish()
    html = client.get(SERVICE.format(lang="lv")).content.decode()
    start = html.split('<section class="start"', 1)[1].split("</section>", 1)[0]
    assert "Kā pieteikties" in start and "klientu apkalpošanas centr" in start
    assert 'href="#how"' in start
    assert html.index('<section class="start"') < html.index('<nav class="toc"')


@pytest.mark.django_db
def test_latvian_only_links_say_so_on_english_pages_only(client, catalogue):  # noqa: F811
    for page in (catalogue.citizen_only, catalogue.citizen_only_en):
        page.channels = [{"type": "e-service", "url": LATVIAN_ONLY}]
        page.save_revision().publish()
    english = client.get(SERVICE.format(lang="en")).content.decode()
    assert english.count('hreflang="lv"') >= 2  # the start button and "How to get it"
    assert "(in Latvian)" in english.split('<section id="how"', 1)[1]
    latvian = client.get(SERVICE.format(lang="lv")).content.decode()
    main = latvian.split('<main id="main"', 1)[1]
    assert 'hreflang="lv"' not in main and "latviešu valodā" not in main
