"""A real browser with JavaScript switched off: sign in, see errors, request, get a reference.

Headless Debian Chromium via Playwright against pytest-django's live_server; axe-core checks
the form page for serious or critical WCAG violations.
"""

from __future__ import annotations

import pytest

from service_requests.models import ServiceRequest
from tests.plugins.browser import AXE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]


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
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script>: the CSP refuses inline
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21aa','wcag22aa']})"
    )
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()
