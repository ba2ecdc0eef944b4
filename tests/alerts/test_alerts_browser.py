"""The alert path and the kept checklist in a real browser (390 px and 1366 px, axe on every
page, and once without JavaScript): subscribe to a guide → confirm from the e-mail (file
backend) → the register changes a fee → sync and worker → the alert with the note →
one-click unsubscribe. Then tick a checklist, reload, print: the ticks are there."""

from __future__ import annotations

import email
import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from alerts.models import Subscriber
from catalogue_pages.models import LifeSituationPage
from tests.browser_checks import serious_axe_violations
from tests.plugins.browser import BROWSER_TIMEOUT_SECONDS
from tests.sync.conftest import DEMO_SNAPSHOT, sync, write_doc
from tests.sync.test_change_notes import v2_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]


@pytest.fixture
def world(tmp_path, settings, live_server):
    from catalogue_pages.site_tree import ensure_site_tree

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.PORTAL_BASE_URL = live_server.url
    ensure_site_tree()
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    path = write_doc(tmp_path, doc)
    sync(path)
    guide = LifeSituationPage.objects.get(identifier="DS-002", locale__language_code="lv")
    return {"path": path, "doc": doc, "guide": guide, "mail": tmp_path / "mail"}


def _messages(folder: Path) -> list[email.message.Message]:
    if not folder.exists():
        return []
    out = []
    for file in sorted(folder.iterdir()):
        raw = file.read_bytes()
        for chunk in raw.split(b"-" * 79 + b"\n"):
            if chunk.strip():
                out.append(email.message_from_bytes(chunk))
    return out


def _body(message: email.message.Message) -> str:
    return message.get_payload(decode=True).decode("utf-8")


def _checked(page, problems: list[str], javascript: bool = True) -> None:  # type: ignore[no-untyped-def]
    """axe and sideways scrolling; without JavaScript on the same address in a scripted tab
    (axe's promises never settle where scripts are off)."""
    checker = None
    if not javascript:
        checker = page.context.browser.new_page(viewport=page.viewport_size)
        try:
            response = checker.goto(page.url)
        except PlaywrightError:  # a POST's answer refuses GET (405)
            response = None
        if response is None or response.status != 200:  # a POST's answer: nothing to reload
            checker.close()
            return
    target = checker or page
    try:
        problems.extend(serious_axe_violations(target))
        overflow = target.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"
    finally:
        if checker is not None:
            checker.close()


@pytest.mark.parametrize(("width", "javascript"), [(1366, True), (390, True), (1366, False)])
def test_subscribe_confirm_alert_unsubscribe(browser, live_server, world, width, javascript):
    problems: list[str] = []
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + world["guide"].url)
        _checked(page, problems, javascript)
        page.locator("#follow-email").fill("iedzivotaja@example.lv")
        page.get_by_role("button", name="Sekot izmaiņām").click()
        page.get_by_role("heading", name="Pārbaudiet savu e-pastu").wait_for()
        _checked(page, problems, javascript)

        (confirmation,) = _messages(world["mail"])
        link = re.search(r"http\S+/alerts/confirm/\S+/", _body(confirmation)).group(0)
        page.goto(link)
        _checked(page, problems, javascript)
        page.get_by_role("button", name="Apstiprināt").click()
        page.get_by_role("heading", name="Paziņojumi apstiprināti").wait_for()
        _checked(page, problems, javascript)

        write_doc(world["path"].parent, v2_of(world["doc"]))
        sync(world["path"])  # the worker (immediate backend) runs on the sync's commit
        # The file backend names files by the second and an object id, so their order is not
        # the order of sending: the alert is the message that is not the confirmation.
        (alert,) = [m for m in _messages(world["mail"]) if m["Subject"] != confirmation["Subject"]]
        assert "Maksa mainīta no 4,27 € uz 5,00 €." in _body(alert)
        assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        one_click = "".join(alert["List-Unsubscribe"].split()).strip("<>")  # unfolded
        response = page.request.post(
            one_click,
            data="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status == 200
        assert not Subscriber.objects.exists()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("javascript", [True, False])
def test_tick_reload_print(browser, live_server, world, javascript):
    problems: list[str] = []
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{world['guide'].url}checklist/")
        _checked(page, problems, javascript)
        first = page.locator("input[name=done]").first
        first.check()
        if not javascript:  # the private link carries the ticks
            page.get_by_role("button", name="Saglabāt manas atzīmes privātā saitē").click()
            page.wait_for_url("**/checklist/?t=*")
            assert page.locator("#private-link").is_visible()
        page.reload()
        first = page.locator("input[name=done]").first
        assert first.is_checked()
        assert page.locator("input[name=done]:checked").count() == 1
        page.emulate_media(media="print")
        assert first.is_visible() and first.is_checked()
        _checked(page, problems, javascript)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _wait_for_messages(folder: Path, count: int) -> list[email.message.Message]:
    """The file backend's messages once there are ``count`` (the worker sends on commit)."""
    deadline = time.monotonic() + BROWSER_TIMEOUT_SECONDS
    while len(messages := _messages(folder)) < count:
        assert time.monotonic() < deadline, f"{len(messages)} of {count} e-mails arrived"
        time.sleep(0.05)
    return messages


@pytest.mark.parametrize(("width", "javascript"), [(390, False), (1366, True)])
def test_email_me_this_checklist(browser, live_server, world, width, javascript):
    """A mistyped address is explained on the checklist with the address and the tick kept;
    then the confirmation, its button, and the checklist with the tick arrive."""
    problems: list[str] = []
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{world['guide'].url}checklist/")
        page.locator("input[name=done]").first.check()
        page.get_by_label("Jūsu e-pasta adrese").fill("iedzivotajs@")
        send = page.get_by_role("button", name="Nosūtīt man šo kontrolsarakstu pa e-pastu")
        send.click()
        page.get_by_role("heading", name="Kontrolsaraksts netika nosūtīts").wait_for()
        assert page.get_by_label("Jūsu e-pasta adrese").input_value() == "iedzivotajs@"
        assert page.locator("input[name=done]").first.is_checked()
        assert page.locator("input[name=done]:checked").count() == 1
        problems.extend(serious_axe_violations(page) if javascript else [])

        page.get_by_label("Jūsu e-pasta adrese").fill("iedzivotajs@example.lv")
        send.click()
        page.get_by_role("heading", name="Pārbaudiet savu e-pastu").wait_for()
        _checked(page, problems, javascript)
        (confirmation,) = _wait_for_messages(world["mail"], 1)
        link = re.search(r"http\S+/alerts/checklist/\S+/", _body(confirmation)).group(0)
        page.goto(link)
        _checked(page, problems, javascript)
        page.get_by_role("button", name="Nosūtīt kontrolsarakstu").click()
        page.get_by_role("heading", name="Kontrolsaraksts ir ceļā").wait_for()
        messages = _wait_for_messages(world["mail"], 2)
        (sent,) = [m for m in messages if m["Subject"] != confirmation["Subject"]]
        body = _body(sent)
        assert body.count("[x] ") == 1 and "Tālrunis" in body and live_server.url in body
    finally:
        context.close()
    assert not problems, "\n".join(problems)
