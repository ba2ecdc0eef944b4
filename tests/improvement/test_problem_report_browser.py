"""The problem-report journey in a real browser, in Latvian and English, on a 390 px phone
and a 1366 px screen (issue 19): from the service page to the form, a missing answer puts the
focus on the error summary, the report is sent, and the thank-you page gives the reference
and leads back to the service in the same language. axe on every page visited.

The browser types faster than any person; the one-second rule against scripts has its own
tests (test_problem_report_wording.py), so here it is set to zero.
"""

from __future__ import annotations

import pytest

from improvement import problems
from service_requests.models import ServiceRequest
from tests.browser_checks import serious_axe_violations
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]

WORDS = {
    "lv": {
        "link": "Ziņot par problēmu",
        "send": "Nosūtīt ziņojumu",
        "thanks": "Paldies par ziņojumu",
        "service": "Dzīvesvietas deklarēšana",
    },
    "en": {
        "link": "Report a problem",
        "send": "Send the report",
        "thanks": "Thank you for your report",
        "service": "Declaring your place of residence",
    },
}


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_problem_report_journey(browser, live_server, catalogue, monkeypatch, lang, width):  # noqa: F811
    monkeypatch.setattr(problems, "MIN_SECONDS", 0)
    words = WORDS[lang]
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    problems_found: list[str] = []
    try:
        page.goto(f"{live_server.url}/{lang}/pakalpojumi/dzivesvietas-deklaresana/")
        page.get_by_role("link", name=words["link"]).click()
        page.wait_for_url(f"**/{lang}/report-problem/PAK-1/")
        problems_found += serious_axe_violations(page)

        page.get_by_role("button", name=words["send"]).click()
        page.wait_for_function(
            "document.activeElement && document.activeElement.id === 'form-errors'"
        )
        problems_found += serious_axe_violations(page)

        page.locator("input[name=category]").first.check()
        page.locator("textarea[name=text]").fill("Saite uz e-pakalpojumu nestrādā.")
        page.get_by_role("button", name=words["send"]).click()
        page.wait_for_url("**/report-problem/done/**")
        heading = page.locator("h1").inner_text()
        assert heading == words["thanks"]
        reference = ServiceRequest.objects.get().reference
        assert reference in page.locator(".notice").inner_text()
        back = page.get_by_role("link", name=words["service"], exact=False)
        assert back.get_attribute("href") == f"/{lang}/pakalpojumi/dzivesvietas-deklaresana/"
        problems_found += serious_axe_violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the thank-you page scrolls sideways by {overflow}px"
    finally:
        context.close()
    assert problems_found == []
