"""Provider side: own institution's requests only, workflow, internal notes, CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from service_requests.models import InternalNote, RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db

ADMIN = "/admin/service-requests/"


@pytest.fixture
def requests_made(client, world, submit):
    """One request to our provider (from A), one to the other provider (from B)."""
    client.force_login(world.requester_a)
    submit(world.service.identifier, needed='=HYPERLINK("http://evil.example")')
    client.force_login(world.requester_b)
    from .conftest import INST_B

    submit(world.other_service.identifier, institution=INST_B, request_kind="service-request")
    client.logout()
    mail.outbox.clear()
    ours = ServiceRequest.objects.get(service_identifier=world.service.identifier)
    theirs = ServiceRequest.objects.get(service_identifier=world.other_service.identifier)
    return ours, theirs


def test_inbox_lists_only_own_institutions_requests(client, world, requests_made):
    ours, theirs = requests_made
    client.force_login(world.handler)
    html = client.get(ADMIN).content.decode()
    assert ours.reference in html
    assert theirs.reference not in html
    client.force_login(world.other_handler)
    html = client.get(ADMIN).content.decode()
    assert theirs.reference in html and ours.reference not in html


def test_someone_elses_request_id_is_404(client, world, requests_made):
    ours, theirs = requests_made
    client.force_login(world.handler)
    # A 404 in the admin is answered by the i18n fallback redirect, which ends in a 404 too.
    assert client.get(f"{ADMIN}{theirs.pk}/", follow=True).status_code == 404
    assert theirs.reference not in client.get(f"{ADMIN}{theirs.pk}/", follow=True).content.decode()
    client.post(f"{ADMIN}{theirs.pk}/", {"action": "status", "status": "accepted"})
    theirs.refresh_from_db()
    assert theirs.status == "registered"


def test_requesters_have_no_inbox(client, world, requests_made):
    ours, _ = requests_made
    client.force_login(world.requester_a)
    response = client.get(ADMIN)
    assert response.status_code == 302 and "login" in response["Location"]
    world.requester_a.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = client.get(ADMIN)  # admin access without a provider role: refused
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get(f"{ADMIN}export.csv")["Location"] == "/admin/"
    assert ours.reference not in client.get("/admin/", follow=True).content.decode()


def test_status_workflow_audits_and_mails_requester(
    client, world, requests_made, django_capture_on_commit_callbacks
):
    ours, _ = requests_made
    client.force_login(world.handler)
    url = f"{ADMIN}{ours.pk}/"
    for status in ("accepted", "in_progress", "completed"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"action": "status", "status": status})
        assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == "completed"
    events = list(
        RequestEvent.objects.filter(request=ours, action="status").values_list(
            "from_value", "to_value", "actor"
        )
    )
    assert events == [
        ("registered", "accepted", world.handler.pk),
        ("accepted", "in_progress", world.handler.pk),
        ("in_progress", "completed", world.handler.pk),
    ]
    assert [m.to[0] for m in mail.outbox] == ["anna@iestade-a.example"] * 3
    client.force_login(world.requester_a)
    assert "Completed" in client.get("/en/requests/mine/").content.decode()


def test_invalid_transitions_are_refused(client, world, requests_made):
    ours, _ = requests_made
    client.force_login(world.handler)
    url = f"{ADMIN}{ours.pk}/"
    response = client.post(url, {"action": "status", "status": "completed"})
    assert response.status_code == 400
    response = client.post(url, {"action": "status", "status": "rejected", "reason": " "})
    assert response.status_code == 400
    ours.refresh_from_db()
    assert ours.status == "registered"
    assert not RequestEvent.objects.filter(request=ours, action="status").exists()
    assert mail.outbox == []


def test_rejection_needs_and_shows_a_reason(
    client, world, requests_made, django_capture_on_commit_callbacks
):
    ours, _ = requests_made
    client.force_login(world.handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{ADMIN}{ours.pk}/",
            {"action": "status", "status": "rejected", "reason": "Nav tiesiskā pamata"},
        )
    ours.refresh_from_db()
    assert (ours.status, ours.rejection_reason) == ("rejected", "Nav tiesiskā pamata")
    assert "Nav tiesiskā pamata" in mail.outbox[0].body
    client.force_login(world.requester_a)
    assert "Nav tiesiskā pamata" in client.get(f"/lv/requests/r/{ours.reference}/").content.decode()
    client.force_login(world.handler)
    assert (
        client.post(f"{ADMIN}{ours.pk}/", {"action": "status", "status": "accepted"}).status_code
        == 400
    )


def test_internal_notes_are_never_shown_to_requesters(
    client, world, requests_made, django_capture_on_commit_callbacks
):
    ours, _ = requests_made
    client.force_login(world.handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}{ours.pk}/", {"action": "note", "text": "IEKŠĒJĀ-PIEZĪME"})
        client.post(f"{ADMIN}{ours.pk}/", {"action": "status", "status": "accepted"})
    assert InternalNote.objects.filter(request=ours).count() == 1
    assert RequestEvent.objects.filter(request=ours, action="note", internal=True).exists()
    assert "IEKŠĒJĀ-PIEZĪME" in client.get(f"{ADMIN}{ours.pk}/").content.decode()
    client.force_login(world.requester_a)
    assert "IEKŠĒJĀ-PIEZĪME" not in client.get(f"/lv/requests/r/{ours.reference}/").content.decode()
    assert all("IEKŠĒJĀ-PIEZĪME" not in m.body for m in mail.outbox)


def test_provider_sees_request_on_public_detail_too(client, world, requests_made):
    ours, theirs = requests_made
    client.force_login(world.handler)
    assert client.get(f"/lv/requests/r/{ours.reference}/").status_code == 200
    assert client.get(f"/lv/requests/r/{theirs.reference}/").status_code == 404


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_csv_export_is_own_institution_filtered_and_injection_safe(client, world, requests_made):
    ours, theirs = requests_made
    client.force_login(world.handler)
    response = client.get(f"{ADMIN}export.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv_rows(response)
    references = [row[0] for row in rows[1:]]
    assert references == [ours.reference]
    assert rows[1][-1] == '\'=HYPERLINK("http://evil.example")'
    assert _csv_rows(client.get(f"{ADMIN}export.csv?status=completed"))[1:] == []
    assert len(_csv_rows(client.get(f"{ADMIN}export.csv?status=registered"))) == 2


def test_inbox_filters(client, world, requests_made):
    ours, _ = requests_made
    client.force_login(world.handler)
    assert (
        ours.reference in client.get(f"{ADMIN}?service={ours.service_identifier}").content.decode()
    )
    assert ours.reference not in client.get(f"{ADMIN}?status=accepted").content.decode()
    assert ours.reference not in client.get(f"{ADMIN}?date_from=2999-01-01").content.decode()
    assert ours.reference in client.get(f"{ADMIN}?date_to=2999-01-01").content.decode()
    assert client.get(f"{ADMIN}?date_from=junk&status=junk&p=junk").status_code == 200


def test_history_shows_status_labels_not_codes(
    client, world, requests_made, django_capture_on_commit_callbacks
):
    ours, _ = requests_made
    client.force_login(world.handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}{ours.pk}/", {"action": "status", "status": "in_progress"})
        client.post(f"{ADMIN}{ours.pk}/", {"action": "status", "status": "accepted"})
        client.post(f"{ADMIN}{ours.pk}/", {"action": "status", "status": "in_progress"})
    client.force_login(world.requester_a)
    html = client.get(f"/en/requests/r/{ours.reference}/").content.decode()
    assert "In progress" in html and "in_progress" not in html
