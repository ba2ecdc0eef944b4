"""Requesting a service: who may, what is stored, what is mailed, and exactly once."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from service_requests.forms import issue_token
from service_requests.models import RequestEvent, ServiceRequest
from service_requests.permissions import status_link_key

from .conftest import INST_A, INST_B, form_token, valid_data

pytestmark = pytest.mark.django_db


def test_unknown_identifier_is_404(client, world):
    client.force_login(world.requester_a)
    assert client.get("/lv/requests/new/NO-SUCH-ID/").status_code == 404
    assert client.post("/lv/requests/new/NO-SUCH-ID/", {"token": "x"}).status_code == 404


def test_service_without_request_channel_is_404(client, world):
    assert client.get(f"/lv/requests/new/{world.no_channel_service.identifier}/").status_code == 404


def test_withdrawn_service_is_404(client, world):
    world.service.withdrawn_at = timezone.now()
    world.service.save()
    client.force_login(world.requester_a)
    assert client.get(f"/lv/requests/new/{world.service.identifier}/").status_code == 404


def test_institution_service_requires_sign_in(client, world):
    response = client.get(f"/lv/requests/new/{world.service.identifier}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/lv/requests/login/?next=")


def test_user_without_institution_cannot_request_institution_service(client, world):
    client.force_login(world.outsider)
    response = client.get(f"/en/requests/new/{world.service.identifier}/")
    assert response.status_code == 403
    assert "Only institution users can request this service" in response.content.decode()


def test_form_shows_requirements_institution_and_fixed_kind(client, world):
    client.force_login(world.requester_a)
    html = client.get(f"/en/requests/new/{world.service.identifier}/").content.decode()
    assert "Tiesiskais pamats datu saņemšanai" in html
    assert "Atsauce uz normatīvo aktu" in html
    assert "Iestāde A" in html
    assert "Agreement request" in html
    assert 'name="request_kind"' not in html  # fixed by the register
    assert 'name="website"' not in html  # no honeypot for signed-in institution users
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # works without JS


def test_valid_submission_stores_request_and_mails_both_sides(client, world, submit):
    client.force_login(world.requester_a)
    response = submit(world.service.identifier)
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    year = timezone.localdate().year
    assert request.reference == f"PP-{year}-000001"
    assert response["Location"] == f"/lv/requests/r/{request.reference}/"
    assert request.service_identifier == "PAK-INST-1"
    assert request.service_title == "Datu apmaiņas pieslēgums"
    assert request.request_kind == "agreement-request"
    assert request.requester_user == world.requester_a
    assert request.requester_institution_iri == INST_A
    assert request.provider_iri == world.provider.register_iri
    assert request.status == "registered"
    event = RequestEvent.objects.get()
    assert (event.action, event.actor, event.to_value) == (
        "created",
        world.requester_a,
        "registered",
    )

    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    assert request.reference in html
    assert "Pieteikums" in html or "registered" in html.lower() or request.reference in html

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["anna@iestade-a.example", "pasts@provider.example"]
    assert all(request.reference in m.subject for m in mail.outbox)


def test_provider_address_falls_back_to_service_contact_point(client, world, submit):
    client.force_login(world.requester_a)
    submit(world.other_service.identifier, request_kind="information-request")
    assert ServiceRequest.objects.get().provider_email == "pakalpojums@other.example"
    assert "pakalpojums@other.example" in [m.to[0] for m in mail.outbox]


def test_mails_are_sent_only_after_commit(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.requester_a)
    url = f"/lv/requests/new/{world.service.identifier}/"
    token = form_token(client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, valid_data(token))
    assert len(callbacks) == 3  # two e-mails and the recount of the request figures
    assert mail.outbox == []


def test_references_follow_a_per_year_sequence(client, world, submit):
    client.force_login(world.requester_a)
    for _ in range(3):
        submit(world.service.identifier)
    year = timezone.localdate().year
    assert list(
        ServiceRequest.objects.order_by("sequence").values_list("reference", flat=True)
    ) == [f"PP-{year}-000001", f"PP-{year}-000002", f"PP-{year}-000003"]


def test_replayed_post_creates_one_request(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.requester_a)
    url = f"/lv/requests/new/{world.service.identifier}/"
    data = valid_data(form_token(client.get(url).content.decode()))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)  # double click / retry / replay
    assert ServiceRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 2


def test_replay_by_another_institution_reveals_nothing(client, world):
    client.force_login(world.requester_a)
    url = f"/lv/requests/new/{world.service.identifier}/"
    data = valid_data(form_token(client.get(url).content.decode()))
    client.post(url, data)
    client.force_login(world.requester_b)
    response = client.post(url, {**data, "institution": INST_B}, follow=True)
    # Issue 10 item 12: not even a redirect to the other request's (404) address.
    reference = ServiceRequest.objects.get().reference
    assert response.redirect_chain == []
    assert reference not in response.content.decode()
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("lang", "message"), [("en", "This field is required."), ("lv", "Šis lauks ir nepieciešams")]
)
def test_missing_fields_are_reported_in_the_users_language_and_input_kept(
    client, world, lang, message
):
    client.force_login(world.requester_a)
    url = f"/{lang}/requests/new/{world.service.identifier}/"
    token = form_token(client.get(url).content.decode())
    response = client.post(url, valid_data(token, contact_name="", needed="Mans <b>teksts</b>"))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Mans &lt;b&gt;teksts&lt;/b&gt;" in html  # kept and escaped
    assert "anna@iestade-a.example" in html
    assert ServiceRequest.objects.count() == 0


def test_oversized_and_malformed_fields_are_refused(client, world):
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    token = form_token(client.get(url).content.decode())
    response = client.post(
        url,
        valid_data(
            token,
            needed="x" * 5001,
            email="not-an-email",
            phone="call me",
            desired_date="2001-01-01",
        ),
    )
    html = response.content.decode()
    assert "at most 5000 characters" in html
    assert "Enter a valid email address." in html
    assert "Enter a phone number" in html
    assert "cannot be in the past" in html
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize("token", ["", "forged", "a" * 64])
def test_tampered_token_is_refused_and_a_fresh_one_issued(client, world, token):
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    response = client.post(url, valid_data(token))
    html = response.content.decode()
    assert "The form has expired or was altered" in html
    assert form_token(html) != token
    assert ServiceRequest.objects.count() == 0


def test_token_of_another_service_is_refused(client, world):
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    response = client.post(url, valid_data(issue_token(world.other_service.identifier)))
    assert "The form has expired or was altered" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_tampered_institution_is_refused(client, world):
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    token = form_token(client.get(url).content.decode())
    response = client.post(url, valid_data(token, institution=INST_B))
    assert "Select a valid choice" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_anonymous_request_of_citizen_service_with_chosen_kind(client, world, submit):
    response = submit(
        world.citizen_service.identifier,
        institution=None,
        organisation="SIA Piemērs",
        request_kind="information-request",
    )
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.requester_user is None
    assert request.request_kind == "information-request"
    assert request.requester_institution_name == "SIA Piemērs"
    # The same browser session may see its confirmation; a different visitor may not.
    assert client.get(response["Location"]).status_code == 200
    client.cookies.clear()
    assert client.get(response["Location"]).status_code == 404


def test_anonymous_form_has_honeypot_and_filled_honeypot_saves_nothing(client, world):
    url = f"/en/requests/new/{world.citizen_service.identifier}/"
    html = client.get(url).content.decode()
    assert 'name="website"' in html and 'aria-hidden="true"' in html
    data = valid_data(
        form_token(html),
        institution=None,
        request_kind="service-request",
        website="http://spam.example",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 0


def test_invalid_request_kind_is_refused(client, world):
    url = f"/en/requests/new/{world.citizen_service.identifier}/"
    token = form_token(client.get(url).content.decode())
    client.post(url, valid_data(token, institution=None, request_kind="give-me-everything"))
    assert ServiceRequest.objects.count() == 0


def test_answers_never_reach_the_logs(client, world, submit, caplog):
    client.force_login(world.requester_a)
    with caplog.at_level(logging.DEBUG):
        submit(world.service.identifier, needed="SLEPENS-SATURS-123")
    reference = ServiceRequest.objects.get().reference
    assert reference in caplog.text
    assert "SLEPENS-SATURS-123" not in caplog.text
    assert "anna@iestade-a.example" not in caplog.text


def test_colleagues_see_their_institutions_requests_but_not_others(client, world, submit):
    client.force_login(world.requester_a)
    submit(world.service.identifier)
    reference = ServiceRequest.objects.get().reference
    client.force_login(world.requester_a2)
    assert reference in client.get("/lv/requests/mine/").content.decode()
    assert client.get(f"/lv/requests/r/{reference}/").status_code == 200
    client.force_login(world.requester_b)
    assert reference not in client.get("/lv/requests/mine/").content.decode()
    assert client.get(f"/lv/requests/r/{reference}/").status_code == 404
    client.logout()
    assert client.get("/lv/requests/mine/").status_code == 302


def test_junk_reference_is_404_not_500(client, world):
    client.force_login(world.requester_a)
    for junk in ["PP-9999-999999", "%00", "x" * 300, "<script>"]:
        assert client.get(f"/lv/requests/r/{junk}/").status_code == 404


def test_anonymous_requester_follows_the_emailed_link_from_another_browser(client, world, submit):
    submit(
        world.citizen_service.identifier,
        institution=None,
        request_kind="information-request",
    )
    reference = ServiceRequest.objects.get().reference
    body = next(m.body for m in mail.outbox if m.to == ["anna@iestade-a.example"])
    link = re.search(r"http://\S+", body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    other_browser = Client()
    assert other_browser.get(f"/{path}").status_code == 200
    assert other_browser.get(f"/lv/requests/r/{reference}/").status_code == 200  # remembered
    stranger = Client()
    assert stranger.get(f"/lv/requests/r/{reference}/?k=forged").status_code == 404
    assert stranger.get(f"/lv/requests/r/{reference}/").status_code == 404


def test_institution_requests_get_plain_links_not_keys(client, world, submit):
    client.force_login(world.requester_a)
    submit(world.service.identifier)
    reference = ServiceRequest.objects.get().reference
    body = next(m.body for m in mail.outbox if m.to == ["anna@iestade-a.example"])
    assert f"/requests/r/{reference}/\n" in body
    stranger = Client()
    key = status_link_key(ServiceRequest.objects.get())
    assert stranger.get(f"/lv/requests/r/{reference}/?k={key}").status_code == 404
