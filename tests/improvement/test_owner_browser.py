"""In a real browser: the problem report works without JavaScript, and the new public pages
and the owners' dashboard have no serious or critical WCAG violation (axe-core)."""

from __future__ import annotations

import time

import pytest

from service_requests.models import ServiceRequest
from tests.plugins.browser import AXE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]
AXE_TAGS = (
    "async () => await axe.run(document.querySelector('main') || document, {runOnly: "
    "{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
)


def _serious(page, path: str) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script>: the CSP refuses inline
    result = page.evaluate(AXE_TAGS)
    return [
        f"{path}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_problem_report_works_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + world.no_cost.url)
        page.click("text=Ziņot par problēmu")
        page.check("input[value='wrong-info']")
        page.fill("textarea[name='text']", "Nav norādīta maksa.")
        time.sleep(3.2)  # a person reads before sending; quicker is refused as a bot
        page.click("button:has-text('Nosūtīt ziņojumu')")
        assert "Paldies par ziņojumu" in page.content()
        report = ServiceRequest.objects.get()
        assert report.reference in page.content()
        assert (report.request_kind, report.service_identifier) == ("problem", "PAK-OWN-2")
    finally:
        context.close()


def test_problem_statistics_and_dashboard_pages_pass_axe(browser, live_server, world):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for path in (
            "/lv/report-problem/PAK-OWN-2/",
            "/en/report-problem/PAK-OWN-2/",
            "/lv/statistics/services/PAK-OWN-2/",
        ):
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            problems += _serious(page, path)
        page.goto(live_server.url + "/lv/report-problem/PAK-OWN-2/")
        page.click("button:has-text('Nosūtīt ziņojumu')")  # empty form: the error state
        problems += _serious(page, "problem form with errors")
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name='username']", "owner")
        page.fill("input[name='password']", "pw")
        page.click("button[type='submit']")
        response = page.goto(live_server.url + "/admin/owners/")
        assert response is not None and response.status == 200
        assert page.locator("svg.owner-chart").count() == 3
        problems += _serious(page, "/admin/owners/")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
