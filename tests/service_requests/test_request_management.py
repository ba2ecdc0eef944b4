"""Request management as the seeds describe it (issue 20): classified and prioritised on
arrival, due in working days, owned, handed over, escalated, related, closed in one step with
a result, the requester told at every change that concerns them and at no internal one.

Every new view is also tried by the second institution's handler, who must reach nothing.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from openpyxl import load_workbook

from service_requests.dashboard import dashboard_requests
from service_requests.due_dates import add_working_days, compute_due_date
from service_requests.models import (
    REQUEST_KIND_CHOICES,
    RequestAttachment,
    RequestEvent,
    RequestFigures,
    RequestMessage,
    ResponseTarget,
    ServiceRequest,
)
from tests.factories import InstitutionMembershipFactory, InstitutionPageFactory, ServicePageFactory
from tests.service_requests.built_files import pdf
from themes.templatetags.portal_tags import public_date

from .conftest import INST_B, OTHER_PROVIDER_IRI, PROVIDER_IRI

pytestmark = pytest.mark.django_db

ADMIN = "/admin/service-requests/"
PDF = pdf()  # a whole, readable PDF: attachments are parsed (service_requests/pdf_structure.py)
REQUESTER_EMAIL = "anna@iestade-a.example"


def _person(world, username: str, role: str, first: str, last: str):
    from .conftest import _handler

    user = _handler(username, PROVIDER_IRI, world.provider.title)
    user.institution_memberships.update(role=role)
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def staff(world):
    """The providing institution's front office, an executor and the service manager."""
    world.handler.first_name, world.handler.last_name = "Ilze", "Kalniņa"
    world.handler.save()
    executor = _person(world, "executor", "executor", "Jānis", "Ozols")
    manager = _person(world, "manager", "manager", "Marta", "Liepa")
    return {"front": world.handler, "executor": executor, "manager": manager}


@pytest.fixture
def made(client, world, submit):
    """A request from institution A to our provider; the mails of its arrival cleared."""
    client.force_login(world.requester_a)
    assert submit(world.service.identifier).status_code == 302
    client.logout()
    mail.outbox.clear()
    return ServiceRequest.objects.get(service_identifier=world.service.identifier)


@pytest.fixture
def step(client, django_capture_on_commit_callbacks):
    """POST one step on the admin request page as ``user`` (running the e-mails)."""

    def _step(user, r: ServiceRequest, action: str, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{ADMIN}{r.pk}/", {"action": action, **data})
        r.refresh_from_db()
        return response

    return _step


def _mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_every_kind_of_the_seeds_is_offered_in_their_order(client, world):
    codes = [code for code, _label in REQUEST_KIND_CHOICES]
    assert codes == [
        "information-request",
        "work-request",
        "agreement-request",
        "service-request",
        "change-request",
        "incident",
        "problem",
        "complaint",
    ]
    client.force_login(world.requester_b)
    html = client.get(f"/lv/requests/new/{world.other_service.identifier}/").content.decode()
    for code in codes:
        assert f'value="{code}"' in html
    assert "Darba pieteikums" in html and "Incidenta pieteikums" in html


def test_a_service_request_is_due_after_the_registers_processing_time(
    client, world, submit, django_capture_on_commit_callbacks
):
    ServicePageFactory(
        title="Izziņa ar termiņu",
        identifier="PAK-CIT-TIME",
        for_citizens=True,
        competent_authority=world.provider,
        processing_time="P10D",
        channels=[{"type": "request-form", "request_kind": "service-request"}],
    )
    assert submit("PAK-CIT-TIME", lang="en").status_code == 302
    r = ServiceRequest.objects.get(service_identifier="PAK-CIT-TIME")
    assert r.processing_time == "P10D" and r.priority == "normal"
    assert r.due_date == add_working_days(timezone.localdate(r.created_at), 10)
    with translation.override("en"):
        shown = public_date(r.due_date)
    confirmation = _mails_to(REQUESTER_EMAIL)[0].body
    assert f"It is due by {shown}." in confirmation
    page = client.get(f"/en/requests/r/{r.reference}/").content.decode()
    assert "Due by" in page and shown in page


def test_the_front_office_classifies_with_a_priority_and_its_reason(world, staff, made, step):
    response = step(staff["front"], made, "classify", request_kind="incident", priority="high")
    assert response.status_code == 400  # the reason is required, the error sits at its field
    assert 'id="id_classify_priority_reason-error"' in response.content.decode()
    assert made.classified_at is None and mail.outbox == []

    step(
        staff["front"],
        made,
        "classify",
        request_kind="incident",
        priority="critical",
        priority_reason="Datu apmaiņa apstājusies visām pašvaldībām.",
    )
    arrived = timezone.localdate(made.created_at)
    assert (made.request_kind, made.priority, made.status) == ("incident", "critical", "accepted")
    assert made.due_date == compute_due_date(arrived, "incident", "critical", PROVIDER_IRI)
    event = made.events.get(action=RequestEvent.CLASSIFIED)
    assert event.actor_label == "Ilze Kalniņa" and not event.internal
    assert event.comment == "Datu apmaiņa apstājusies visām pašvaldībām."
    with translation.override("lv"):
        assert event.to_label.startswith("Incidenta pieteikums / Kritiska / ")
    [told] = _mails_to(REQUESTER_EMAIL)
    with translation.override("lv"):
        assert public_date(made.due_date) in told.body
    assert "Incidenta pieteikums" in told.body

    mail.outbox.clear()  # a new reason alone is internal: nobody is e-mailed
    step(
        staff["front"],
        made,
        "classify",
        request_kind="incident",
        priority="critical",
        priority_reason="Skar arī valsts iestādes.",
    )
    assert made.events.filter(action=RequestEvent.CLASSIFIED, internal=True).count() == 1
    assert mail.outbox == []


def test_institutions_configure_their_targets_per_kind_and_priority(
    client, world, staff, made, step
):
    client.force_login(staff["manager"])
    url = f"{ADMIN}targets/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"t-incident-critical": "-1"})
    assert bad.status_code == 400 and not ResponseTarget.objects.exists()
    assert client.post(url, {"t-incident-critical": "0", "t-problem-low": "40"}).status_code == 302
    assert set(ResponseTarget.objects.values_list("request_kind", "priority", "working_days")) == {
        ("incident", "critical", 0),
        ("problem", "low", 40),
    }
    step(
        staff["front"],
        made,
        "classify",
        request_kind="incident",
        priority="critical",
        priority_reason="Pārtraukums.",
    )
    assert made.due_date == add_working_days(timezone.localdate(made.created_at), 0)

    client.force_login(world.other_handler)  # the second institution's handler is refused
    refused = client.get(f"{url}?institution={PROVIDER_IRI}")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.post(f"{url}?institution={PROVIDER_IRI}", {"t-problem-low": "1"})
    assert ResponseTarget.objects.get(request_kind="problem").working_days == 40
    client.force_login(world.requester_a)
    assert client.get(url).status_code == 302  # no admin at all


def test_hand_over_to_an_executor_and_on_records_who_when_why(world, staff, made, step):
    step(staff["front"], made, "handover", owner=staff["executor"].pk, reason="Tehniskā pārbaude.")
    assert (made.owner, made.level, made.status) == (staff["executor"], 2, "in_progress")
    event = made.events.get(action=RequestEvent.HANDOVER)
    assert (event.actor_label, event.to_value, event.comment) == (
        "Ilze Kalniņa",
        "Jānis Ozols",
        "Tehniskā pārbaude.",
    )
    [to_owner] = _mails_to(staff["executor"].email)
    assert made.reference in to_owner.subject and "Tehniskā pārbaude." in to_owner.body
    [to_requester] = _mails_to(REQUESTER_EMAIL)
    assert "Tehniskā pārbaude." not in to_requester.body  # the why is for the executor

    mail.outbox.clear()  # passing it on among the executors is internal for the requester
    step(staff["executor"], made, "handover", owner=staff["manager"].pk, reason="Atvaļinājums.")
    assert made.owner == staff["manager"]
    assert _mails_to(REQUESTER_EMAIL) == [] and len(_mails_to(staff["manager"].email)) == 1

    # Someone of another institution cannot be chosen.
    response = step(staff["front"], made, "handover", owner=world.other_handler.pk, reason="x")
    assert response.status_code == 400 and made.owner == staff["manager"]


def test_forwarding_to_another_institution_keeps_the_history(client, world, staff, made, step):
    world.other_provider.contact_points = [{"email": "kanceleja@cita.example"}]
    world.other_provider.save()
    step(staff["front"], made, "note", text="Iekšēja piezīme.")
    step(
        staff["front"],
        made,
        "forward",
        institution=OTHER_PROVIDER_IRI,
        reason="Pakalpojumu sniedz Cita iestāde.",
    )
    assert (made.provider_iri, made.level, made.holder_iri) == (OTHER_PROVIDER_IRI, 3, PROVIDER_IRI)
    assert len(_mails_to("kanceleja@cita.example")) == 1
    [told] = _mails_to(REQUESTER_EMAIL)
    assert "Cita iestāde" in told.body
    client.force_login(world.other_handler)  # the new provider sees it, with its history
    html = client.get(f"{ADMIN}{made.pk}/").content.decode()
    assert made.reference in html and "Iekšēja piezīme." in html
    client.force_login(staff["front"])  # and the service holder still does
    assert client.get(f"{ADMIN}{made.pk}/").status_code == 200


def test_closing_takes_one_step_with_a_note_and_the_result_document(
    client, world, staff, made, step
):
    client.force_login(staff["front"])
    bad = client.post(
        f"{ADMIN}{made.pk}/",
        {
            "action": "close",
            "outcome": "done",
            "note": "Gatavs.",
            "result_document": SimpleUploadedFile("rezultats.pdf", b"<html>not a pdf"),
        },
    )
    assert bad.status_code == 400
    made.refresh_from_db()
    assert made.is_open

    step(
        staff["front"],
        made,
        "close",
        outcome="done",
        note="Pieslēgums izveidots; lietotāja dati pielikumā.",
        result_document=SimpleUploadedFile("rezultats.pdf", PDF),
    )
    assert (made.status, made.outcome) == ("completed", "done") and made.closed_at
    result = RequestAttachment.objects.get(request=made, is_result=True)
    [told] = _mails_to(REQUESTER_EMAIL)
    assert "Pieslēgums izveidots; lietotāja dati pielikumā." in told.body
    assert "rezultats.pdf" in told.body

    client.force_login(world.requester_a)
    page = client.get(f"/lv/requests/r/{made.reference}/").content.decode()
    assert "Pieslēgums izveidots; lietotāja dati pielikumā." in page and "rezultats.pdf" in page
    download = client.get(f"/lv/requests/r/{made.reference}/files/{result.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    mail.outbox.clear()  # closed is closed
    response = step(staff["front"], made, "close", outcome="refused", note="Vēlreiz.")
    assert made.outcome == "done" and mail.outbox == [] and response.status_code == 302


def test_refusing_records_the_reason_the_requester_reads(world, staff, made, step):
    step(staff["front"], made, "close", outcome="refused", note="Nav tiesiskā pamata.")
    assert (made.status, made.rejection_reason) == ("rejected", "Nav tiesiskā pamata.")
    step(staff["front"], made, "close", outcome="withdrawn", note="x")
    assert made.status == "rejected"


def test_messages_carry_attachments_both_ways_and_are_signed_with_names(
    client, world, staff, made, django_capture_on_commit_callbacks
):
    client.force_login(staff["executor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{ADMIN}{made.pk}/message/",
            {
                "text": "Lūdzu, aizpildiet veidlapu.",
                "attachment_1": SimpleUploadedFile("veidlapa.pdf", PDF),
            },
        )
    message = RequestMessage.objects.get(side="provider")
    assert message.author_label == "Jānis Ozols — Valsts digitālās attīstības aģentūra"
    assert "executor" not in _mails_to(REQUESTER_EMAIL)[0].body
    [file] = message.files.all()

    client.force_login(world.requester_a2)  # a colleague of the requesting institution
    page = client.get(f"/lv/requests/r/{made.reference}/").content.decode()
    assert "veidlapa.pdf" in page and "Jānis Ozols" in page and "executor" not in page
    assert client.get(f"/lv/requests/r/{made.reference}/files/{file.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            f"/lv/requests/r/{made.reference}/messages/",
            {"text": "Pielikumā.", "attachment_1": SimpleUploadedFile("a.png", PDF)},
        )
    assert refused.status_code == 400 and RequestMessage.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/lv/requests/r/{made.reference}/messages/",
            {"text": "Pielikumā.", "attachment_1": SimpleUploadedFile("aizpildita.pdf", PDF)},
        )
    reply = RequestMessage.objects.get(side="requester")
    assert reply.files.get().original_name == "aizpildita.pdf"
    assert "req-a2" not in reply.author_label and "Iestāde A" in reply.author_label

    client.force_login(world.other_handler)  # the second institution reaches no file
    response = client.get(f"/lv/requests/r/{made.reference}/files/{file.pk}/")
    assert response.status_code == 404


def test_closing_a_problem_closes_its_incidents_with_one_message_each(
    client, world, staff, submit, step
):
    client.force_login(world.requester_a)
    submit(world.service.identifier)
    client.force_login(world.requester_b)
    submit(world.service.identifier, institution=INST_B, email="b@iestade-b.example")
    submit(world.service.identifier, institution=INST_B, email="b@iestade-b.example")
    first, second, problem = ServiceRequest.objects.order_by("pk")
    for r in (first, second):
        ServiceRequest.objects.filter(pk=r.pk).update(request_kind="incident")
    ServiceRequest.objects.filter(pk=problem.pk).update(request_kind="problem")
    first.refresh_from_db(), second.refresh_from_db(), problem.refresh_from_db()
    mail.outbox.clear()

    assert step(staff["front"], problem, "link", reference=first.reference).status_code == 400
    for incident in (first, second):
        step(staff["front"], incident, "link", reference=problem.reference)
        assert incident.problem == problem
    assert mail.outbox == []  # linking is internal

    step(staff["front"], problem, "close", outcome="done", note="Kļūda sinhronizācijā novērsta.")
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == second.status == "completed"
    assert first.closing_note == "Kļūda sinhronizācijā novērsta."
    assert len(_mails_to(REQUESTER_EMAIL)) == 1
    assert len(_mails_to("b@iestade-b.example")) == 2  # the incident and the problem itself


def test_overdue_requests_escalate_with_one_daily_digest_per_person(
    client, world, staff, submit, step
):
    client.force_login(world.requester_a)
    submit(world.service.identifier)
    submit(world.service.identifier)
    late, later = ServiceRequest.objects.order_by("pk")
    step(staff["front"], late, "handover", owner=staff["executor"].pk, reason="")
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    ServiceRequest.objects.update(due_date=yesterday)  # time simulated: both past due
    mail.outbox.clear()

    call_command("escalate_requests", stdout=io.StringIO())
    assert ServiceRequest.objects.filter(escalated_at__isnull=False).count() == 2
    [to_manager] = _mails_to(staff["manager"].email)
    assert late.reference in to_manager.body and later.reference in to_manager.body
    [to_owner] = _mails_to(staff["executor"].email)
    assert late.reference in to_owner.body and later.reference not in to_owner.body
    assert _mails_to(REQUESTER_EMAIL) == []  # escalation is internal
    assert RequestEvent.objects.filter(action="escalated", internal=True).count() == 2

    mail.outbox.clear()  # the next day: nothing escalates twice; the digest reminds once more
    out = io.StringIO()
    call_command("escalate_requests", stdout=out)
    assert "escalated 0, digests 2" in out.getvalue()

    client.force_login(staff["manager"])  # flagged in the inbox and on the dashboard panel
    html = client.get(f"{ADMIN}?attention=escalated").content.decode()
    assert late.reference in html and later.reference in html
    assert {r.pk for r in dashboard_requests(staff["manager"])["overdue_requests"]} == {
        late.pk,
        later.pk,
    }
    client.force_login(world.other_handler)
    assert late.reference not in client.get(f"{ADMIN}?attention=escalated").content.decode()


def test_a_complaint_about_progress_escalates_the_request_it_is_about(
    client, world, staff, made, submit, step
):
    client.force_login(world.requester_a)
    submit(world.service.identifier)
    complaint = ServiceRequest.objects.exclude(pk=made.pk).get()
    ServiceRequest.objects.filter(pk=complaint.pk).update(request_kind="complaint")
    complaint.refresh_from_db()
    mail.outbox.clear()
    step(staff["front"], complaint, "link", reference=made.reference)
    made.refresh_from_db()
    assert complaint.complaint_about == made and made.escalated_at is not None
    assert mail.outbox == []


def test_the_inbox_exports_xlsx_with_filters_own_institution_only(client, world, staff, made, step):
    ServiceRequest.objects.filter(pk=made.pk).update(needed='=HYPERLINK("http://evil.example")')
    client.force_login(staff["front"])
    response = client.get(f"{ADMIN}export.xlsx?kind=agreement-request")
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == made.reference
    assert '\'=HYPERLINK("http://evil.example")' in rows[1]
    filtered = client.get(f"{ADMIN}export.xlsx?kind=incident")
    assert len(list(load_workbook(io.BytesIO(filtered.content)).active.iter_rows())) == 1

    client.force_login(world.other_handler)
    theirs = client.get(f"{ADMIN}export.xlsx")
    assert made.reference.encode() not in theirs.content
    rows = list(load_workbook(io.BytesIO(theirs.content)).active.iter_rows(values_only=True))
    assert all(made.reference not in row for row in rows)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("classify", {"request_kind": "incident", "priority": "low", "priority_reason": "x"}),
        ("handover", {"owner": "executor", "reason": "x"}),
        ("forward", {"institution": OTHER_PROVIDER_IRI, "reason": "x"}),
        ("close", {"outcome": "done", "note": "x"}),
        ("link", {"reference": "x"}),
    ],
)
def test_the_second_institution_reaches_no_step(client, world, staff, made, action, data):
    InstitutionPageFactory(title="Trešā iestāde", register_iri="https://virsis.example/id/org/T")
    if data.get("owner") == "executor":
        data = {**data, "owner": staff["executor"].pk}
    client.force_login(world.other_handler)
    response = client.post(f"{ADMIN}{made.pk}/", {"action": action, **data}, follow=True)
    assert response.status_code == 404
    before = ServiceRequest.objects.get(pk=made.pk)
    assert (before.status, before.request_kind, before.owner, before.provider_iri) == (
        "registered",
        made.request_kind,
        None,
        PROVIDER_IRI,
    )
    assert not before.events.exclude(action="created").exists() and mail.outbox == []


def test_an_executor_of_another_institution_is_no_provider_here(client, world, made):
    world.outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    InstitutionMembershipFactory(
        user=world.outsider,
        institution_iri=OTHER_PROVIDER_IRI,
        institution_name="Cita iestāde",
        role="executor",
    )
    client.force_login(world.outsider)
    assert client.get(f"{ADMIN}{made.pk}/", follow=True).status_code == 404
    assert made.reference not in client.get(ADMIN).content.decode()


def test_the_demo_has_staff_requests_of_several_kinds_an_overdue_one_and_a_problem(world):
    call_command("create_demo_accounts", stdout=io.StringIO())
    call_command("create_demo_accounts", stdout=io.StringIO())  # idempotent
    demo = ServiceRequest.objects.filter(idempotency_token__startswith="demo-request-")
    assert demo.count() == 7
    assert demo.values("request_kind").distinct().count() >= 6
    problem = demo.get(request_kind="problem")
    assert problem.incidents.count() == 2
    overdue = demo.get(idempotency_token="demo-request-overdue")
    assert overdue.is_overdue() and overdue.escalated_at is not None
    assert demo.get(idempotency_token="demo-request-service").owner.username == "demo-executor"
    assert demo.get(idempotency_token="demo-request-information").outcome == "done"
    figures = RequestFigures.objects.get(scope="institution", key=problem.provider_iri)
    assert figures.total == 7 and figures.closed_with_due == 1


def test_figures_are_pre_aggregated_on_closing_and_shown_to_owners_and_public(
    client, world, staff, submit, step
):
    client.force_login(world.requester_a)
    submit(world.service.identifier)
    submit(world.service.identifier)
    on_time, late = ServiceRequest.objects.order_by("pk")
    ServiceRequest.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - timezone.timedelta(days=4)
    )
    step(staff["front"], on_time, "close", outcome="done", note="Izpildīts.")
    step(staff["front"], late, "close", outcome="done", note="Izpildīts ar kavējumu.")
    service = RequestFigures.objects.get(scope="service", key=world.service.identifier)
    assert (service.total, service.closed_with_due, service.closed_on_time) == (2, 2, 1)
    assert service.on_time_percent == 50 and service.p90_lateness_days == 4.0
    assert service.by_kind == {"agreement-request": 2}

    payload = client.get(f"/api/statistics/services/{world.service.identifier}/").json()
    assert payload["requests"]["due"]["on_time_percent"] == 50

    client.force_login(staff["manager"])  # the service manager's owners' dashboard
    html = client.get("/admin/owners/").content.decode()
    assert "50 % (1 / 2)" in html
    client.force_login(world.other_handler)
    assert "50 % (1 / 2)" not in client.get("/admin/owners/").content.decode()


def test_the_inbox_searches_and_filters_by_kind_priority_and_attention(
    client, world, staff, made, step
):
    step(
        staff["front"],
        made,
        "classify",
        request_kind="incident",
        priority="high",
        priority_reason="Skar visus.",
    )
    client.force_login(staff["front"])
    for query, found in (
        ("q=Iestāde A", True),
        ("q=nav-tāda", False),
        ("kind=incident&priority=high", True),
        ("kind=incident&priority=low", False),
        ("attention=mine", False),
        ("attention=overdue", False),
    ):
        html = client.get(f"{ADMIN}?{query}").content.decode()
        assert (f'href="{ADMIN}{made.pk}/"' in html) is found, query
    client.force_login(world.other_handler)
    html = client.get(f"{ADMIN}?q={made.reference}").content.decode()
    assert f'href="{ADMIN}{made.pk}/"' not in html


def test_needs_information_asks_the_requester_and_their_answer_resumes_the_work(
    client, world, staff, made, step, django_capture_on_commit_callbacks
):
    step(staff["front"], made, "status", status="accepted")
    mail.outbox.clear()
    step(staff["front"], made, "status", status="waiting")
    [asked] = _mails_to(REQUESTER_EMAIL)
    assert "Vajadzīga informācija" in asked.subject
    mail.outbox.clear()
    client.force_login(world.requester_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/lv/requests/r/{made.reference}/messages/", {"text": "Lūk, informācija."})
    made.refresh_from_db()
    assert made.status == "in_progress"
    assert _mails_to(REQUESTER_EMAIL) == []  # the provider is told, not the requester
    assert made.events.filter(to_value="in_progress", internal=True).count() == 1


def test_the_wagtail_request_report_filters_searches_and_exports_own_requests_only(
    client, world, staff, made, step
):
    ServiceRequest.objects.filter(pk=made.pk).update(needed="x", contact_name="=cmd()")
    client.force_login(staff["front"])
    report = f"{ADMIN}report/"
    link = f'href="{ADMIN}{made.pk}/"'
    assert link in client.get(report).content.decode()
    assert link in client.get(f"{report}?request_kind=agreement-request&q=Iestāde").content.decode()
    assert link not in client.get(f"{report}?request_kind=incident").content.decode()
    assert link not in client.get(f"{report}?q=nav-tāda").content.decode()
    csv_text = b"".join(client.get(f"{report}?export=csv").streaming_content).decode()
    assert made.reference in csv_text and "'=cmd()" in csv_text  # no formula reaches a sheet
    xlsx = client.get(f"{report}?export=xlsx&status=registered")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == made.reference and "'=cmd()" in rows[1]

    client.force_login(world.other_handler)  # the second institution sees none of it
    assert link not in client.get(report).content.decode()
    other_csv = b"".join(client.get(f"{report}?export=csv").streaming_content).decode()
    assert made.reference not in other_csv
    client.force_login(world.requester_a)
    assert client.get(report).status_code == 302


def test_closing_in_one_step_updates_the_owners_service_statistics(world, staff, made, step):
    from improvement.models import ServiceHealth
    from improvement.publication import health_for

    assert health_for(world.service.identifier) is not None
    step(staff["front"], made, "close", outcome="done", note="Izpildīts.")
    health = ServiceHealth.objects.get(identifier=world.service.identifier)
    assert health.requests_by_status == {"completed": 1} and health.completed_count == 1
