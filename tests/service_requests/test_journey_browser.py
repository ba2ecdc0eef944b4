"""The institution journey in a real browser, at desktop and phone widths, axe on every page:
sign in → request → the provider answers with a message → the requester replies → completed.

Debian Chromium via Playwright against live_server; the provider works in the Wagtail admin.
"""

from __future__ import annotations

import pytest

from service_requests.models import RequestMessage, ServiceRequest
from tests.browser_checks import serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]


def _visit_checked(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    problems.extend(serious_axe_violations(page))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def _set_status(admin, status: str) -> None:  # type: ignore[no-untyped-def]
    admin.select_option("select[name=status]", status)
    admin.locator("form:has(input[name=action][value=status]) button[type=submit]").click()
    admin.wait_for_load_state()


@pytest.mark.parametrize("width", [1366, 390])
def test_request_message_reply_completed(browser, live_server, world, width):
    base = live_server.url
    viewport = {"width": width, "height": 900}
    problems: list[str] = []
    requester = browser.new_context(viewport=viewport)
    provider = browser.new_context(viewport=viewport)
    try:
        page = requester.new_page()
        page.goto(f"{base}/lv/requests/new/{world.service.identifier}/")
        assert "/requests/login/" in page.url
        _visit_checked(page, problems)
        for field in ("#id_username", "#id_password"):  # the password field is styled too
            box = page.locator(field).bounding_box()
            assert box and box["height"] >= 40 and box["width"] >= min(320, width - 64), field
        page.fill("#id_username", "req-a")
        page.fill("#id_password", "pw")
        page.click("form.sr-form button.sr-button")
        assert page.url.endswith(f"/requests/new/{world.service.identifier}/")
        assert page.input_value("#id_email") == "req-a@example.lv"  # from the profile
        assert "Pieslēdzies lietotājs: req-a." in page.content()  # signed-in state shown
        _visit_checked(page, problems)
        page.fill("#id_contact_name", "Anna Bērziņa")
        page.fill("#id_needed", "Pieslēgums reģistra datiem")
        page.click("button.sr-button")
        request = ServiceRequest.objects.get()
        assert request.reference in page.content()
        _visit_checked(page, problems)

        admin = provider.new_page()
        admin.goto(f"{base}/admin/login/?next=/admin/service-requests/{request.pk}/")
        admin.fill("#id_username", "handler")
        admin.fill("#id_password", "pw")
        admin.locator("form button[type=submit]").first.click()
        admin.wait_for_url(f"**/admin/service-requests/{request.pk}/")
        admin.fill("#id_message_text", "Lūdzu, norādiet normatīvo aktu.")
        admin.locator("form:has(#id_message_text) button[type=submit]").click()
        admin.wait_for_load_state()
        assert "Lūdzu, norādiet normatīvo aktu." in admin.content()

        page.reload()
        assert "Lūdzu, norādiet normatīvo aktu." in page.locator("#messages").inner_text()
        page.fill("#id_text", "Ministru kabineta noteikumi Nr. 1.")
        page.locator("#messages button[type=submit]").click()
        assert "Ministru kabineta noteikumi Nr. 1." in page.locator("#messages").inner_text()
        _visit_checked(page, problems)

        admin.reload()
        assert "Ministru kabineta noteikumi Nr. 1." in admin.content()
        for status in ("accepted", "in_progress", "completed"):
            _set_status(admin, status)
        request.refresh_from_db()
        assert request.status == ServiceRequest.COMPLETED

        page.reload()
        assert "Pabeigts" in page.locator("dl").inner_text()
        _visit_checked(page, problems)
        assert list(RequestMessage.objects.values_list("side", flat=True)) == [
            "provider",
            "requester",
        ]
    finally:
        requester.close()
        provider.close()
    assert not problems, "\n".join(problems)


def test_failed_submit_moves_focus_to_the_error_summary(browser, live_server, world):
    from playwright.sync_api import expect

    # ``expect`` waits for the answer page to load and its script to move the focus; reading
    # ``document.activeElement`` right after the click raced the navigation (null mid-load).
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/lv/requests/login/?next=/lv/requests/new/PAK-INST-1/")
        page.fill("#id_username", "req-a")
        page.fill("#id_password", "nepareizi")
        page.click("form.sr-form button.sr-button")
        expect(page.locator("#form-errors")).to_be_focused()
        page.fill("#id_password", "pw")
        page.click("form.sr-form button.sr-button")
        page.fill("#id_email", "")
        page.click("button.sr-button")  # what is needed and the e-mail are missing
        expect(page.locator("#form-errors")).to_be_focused()
        assert serious_axe_violations(page) == []
    finally:
        context.close()
