"""The whole request-management path in a real browser, at phone and desktop widths, axe on
every public page (issue 20):

requester submits → the front office classifies with a priority (the due date follows the
register's processing time) → hands it to an executor → requester and executor exchange
messages with attachments → it goes overdue (time simulated) and the escalation reaches the
service manager → it closes with a note and a result document → the requester saw each step.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from service_requests.due_dates import add_working_days
from service_requests.models import RequestAttachment, RequestMessage, ServiceRequest
from tests.browser_checks import serious_axe_violations
from tests.factories import InstitutionMembershipFactory, ServicePageFactory, UserFactory
from tests.service_requests.built_files import pdf

from .conftest import PROVIDER_IRI

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root", "axe_source"),
]

PDF = pdf()  # a whole, readable PDF: attachments are parsed (service_requests/pdf_structure.py)


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _checked(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    problems.extend(serious_axe_violations(page))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def _admin_login(context, base: str, username: str, target: str):  # type: ignore[no-untyped-def]
    admin = context.new_page()
    admin.goto(f"{base}/admin/login/?next={target}")
    admin.fill("#id_username", username)
    admin.fill("#id_password", "pw")
    admin.locator("form button[type=submit]").first.click()
    admin.wait_for_url(f"**{target}")
    return admin


def _submit(admin, action: str) -> None:  # type: ignore[no-untyped-def]
    with admin.expect_navigation():
        admin.locator(f"form:has(input[name=action][value={action}]) button[type=submit]").click()


@pytest.fixture
def staff(world):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    world.handler.first_name, world.handler.last_name = "Ilze", "Kalniņa"
    world.handler.save()
    people = {}
    for username, role, first, last in (
        ("executor", "executor", "Jānis", "Ozols"),
        ("manager", "manager", "Marta", "Liepa"),
    ):
        user = UserFactory(username=username, first_name=first, last_name=last)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        InstitutionMembershipFactory(
            user=user,
            institution_iri=PROVIDER_IRI,
            institution_name=world.provider.title,
            role=role,
        )
        people[role] = user
    ServicePageFactory(
        title="Piekļuve valsts reģistra datiem",
        identifier="PAK-INST-TIME",
        for_citizens=False,
        for_institutions=True,
        competent_authority=world.provider,
        processing_time="P10D",
        outputs=[{"title": "Piekļuves atļauja", "description": ""}],
        channels=[{"type": "request-form", "request_kind": "service-request"}],
    )
    return people


@pytest.mark.parametrize("width", [1366, 390])
def test_the_whole_request_management_path(browser, live_server, world, staff, width):
    from playwright.sync_api import expect

    base = live_server.url
    viewport = {"width": width, "height": 900}
    problems: list[str] = []
    contexts = [browser.new_context(viewport=viewport) for _ in range(3)]
    requester, front, executor = contexts
    try:
        # 1. The requester submits.
        page = requester.new_page()
        page.goto(f"{base}/lv/requests/login/?next=/lv/requests/new/PAK-INST-TIME/")
        page.fill("#id_username", "req-a")
        page.fill("#id_password", "pw")
        page.click("form.sr-form button.sr-button")
        page.wait_for_url("**/requests/new/PAK-INST-TIME/")
        page.fill("#id_contact_name", "Anna Bērziņa")
        page.fill("#id_needed", "Piekļuve reģistra datiem no 1. janvāra.")
        with page.expect_navigation():
            page.click("button.sr-button")
        request = ServiceRequest.objects.get()
        arrived = timezone.localdate(request.created_at)
        due = add_working_days(arrived, 10)
        assert request.due_date == due  # the register's processing time, P10D
        expect(page.locator("dl")).to_contain_text(due.strftime("%d.%m.%Y."))
        _checked(page, problems)

        # 2. The front office classifies with a priority.
        detail = f"/admin/service-requests/{request.pk}/"
        admin = _admin_login(front, base, "handler", detail)
        admin.select_option("#id_classify_request_kind", "service-request")
        admin.select_option("#id_classify_priority", "high")
        admin.fill("#id_classify_priority_reason", "Termiņš noteikts normatīvajā aktā.")
        _submit(admin, "classify")
        request.refresh_from_db()
        assert (request.priority, request.status, request.due_date) == ("high", "accepted", due)

        # 3. …and passes it to an executor.
        admin.select_option("#id_handover_owner", str(staff["executor"].pk))
        admin.fill("#id_handover_reason", "Vajadzīga tehniskā pārbaude.")
        _submit(admin, "handover")
        request.refresh_from_db()
        assert request.owner == staff["executor"] and request.level == 2
        assert any(staff["executor"].email in m.to for m in mail.outbox)

        # 4. The executor and the requester exchange messages with attachments.
        work = _admin_login(executor, base, "executor", detail)
        work.fill("#id_message_text", "Lūdzu, aizpildiet pievienoto veidlapu.")
        work.set_input_files("#id_message_attachment_1", _pdf("veidlapa.pdf"))
        with work.expect_navigation():
            work.locator("form:has(#id_message_text) button[type=submit]").click()
        page.reload()
        thread = page.locator("#messages")
        expect(thread).to_contain_text("Jānis Ozols — Valsts digitālās attīstības aģentūra")
        expect(thread).to_contain_text("veidlapa.pdf")
        assert "executor" not in thread.inner_text()
        _checked(page, problems)
        page.fill("#id_text", "Aizpildīta veidlapa pielikumā.")
        page.set_input_files("#id_attachment_1", _pdf("aizpildita.pdf"))
        with page.expect_navigation():
            page.locator("#messages button[type=submit]").click()
        expect(page.locator("#messages")).to_contain_text("aizpildita.pdf")
        work.reload()
        expect(work.locator("#messages + p + ul")).to_contain_text("aizpildita.pdf")
        assert RequestMessage.objects.count() == 2
        assert RequestAttachment.objects.filter(message__isnull=False).count() == 2

        # 5. It goes overdue (time simulated) and the escalation reaches the service manager.
        ServiceRequest.objects.filter(pk=request.pk).update(
            due_date=timezone.localdate() - dt.timedelta(days=1)
        )
        mail.outbox.clear()
        call_command("escalate_requests")
        digests = [m for m in mail.outbox if staff["manager"].email in m.to]
        assert len(digests) == 1 and request.reference in digests[0].body
        admin.goto(f"{base}/admin/service-requests/?attention=escalated")
        expect(admin.locator("table.listing")).to_contain_text(request.reference)

        # 6. It closes with a note and the result document.
        admin.goto(f"{base}{detail}")
        expect(admin.locator("#close + p")).to_contain_text("Piekļuves atļauja")
        admin.check("#id_close_outcome_0")
        admin.fill("#id_close_note", "Piekļuve piešķirta; atļauja pielikumā.")
        admin.set_input_files("#id_close_result_document", _pdf("atlauja.pdf"))
        _submit(admin, "close")
        request.refresh_from_db()
        assert (request.status, request.outcome) == ("completed", "done")

        # 7. The requester sees each step.
        page.reload()
        facts = page.locator("dl")
        expect(facts).to_contain_text("Piekļuve piešķirta; atļauja pielikumā.")
        expect(page.locator("main")).to_contain_text("atlauja.pdf")
        history = page.locator("table.sr-table").inner_text()
        for step in ("Iesniegts", "Klasificēts", "Nodots izpildei", "Slēgts"):
            assert step in history, step
        assert "Eskalēts" not in history  # internal
        _checked(page, problems)
    finally:
        for context in contexts:
            context.close()
    assert not problems, "\n".join(problems)
