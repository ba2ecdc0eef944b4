"""Rate limits, CSRF, expired sessions, editor-defined fields, demo accounts."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from service_requests.models import (
    InstitutionMembership,
    PendingSubmission,
    RequestFormDefinition,
    RequestFormField,
    ServiceRequest,
)

from .conftest import INST_A, form_token, valid_data

pytestmark = pytest.mark.django_db


def test_rate_limit_answers_429_in_the_users_language(client, world, settings):
    settings.SERVICE_REQUESTS_RATE_LIMITS = {"user": (2, 600), "ip": (100, 600)}
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    for _ in range(2):
        assert (
            client.post(url, valid_data(form_token(client.get(url).content.decode()))).status_code
            == 302
        )
    response = client.post(url, valid_data(form_token(client.get(url).content.decode())))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()
    assert ServiceRequest.objects.count() == 2


def test_rate_limit_per_ip_covers_anonymous_visitors(client, world, settings):
    settings.SERVICE_REQUESTS_RATE_LIMITS = {"user": (100, 600), "ip": (1, 600)}
    url = f"/lv/requests/new/{world.citizen_service.identifier}/"
    data = valid_data("x", institution=None, request_kind="service-request")
    client.post(url, data)
    response = client.post(url, data)
    assert response.status_code == 429
    assert '<html lang="lv">' in response.content.decode()


def test_csrf_is_enforced(world):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    token = form_token(csrf_client.get(url).content.decode())
    assert csrf_client.post(url, valid_data(token)).status_code == 403
    assert ServiceRequest.objects.count() == 0


def test_input_survives_a_session_expiring_mid_form(client, world):
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    token = form_token(client.get(url).content.decode())
    client.logout()  # the session expires while the user is typing
    response = client.post(url, valid_data(token, needed="Mans garais teksts"))
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/en/requests/login/?next=")
    assert ServiceRequest.objects.count() == 0
    stash = PendingSubmission.objects.get()
    assert stash.data["needed"] == "Mans garais teksts"
    assert "token" not in stash.data

    login = client.post(login_url, {"username": "req-a", "password": "pw"})
    assert login.status_code == 302
    resumed = client.get(login["Location"])
    html = resumed.content.decode()
    assert "Mans garais teksts" in html
    assert "anna@iestade-a.example" in html
    assert "Your answers were kept" in html
    assert not PendingSubmission.objects.exists()  # used once
    response = client.post(url, valid_data(form_token(html), needed="Mans garais teksts"))
    assert response.status_code == 302
    assert ServiceRequest.objects.get().needed == "Mans garais teksts"


def test_resume_token_of_another_service_or_junk_restores_nothing(client, world):
    PendingSubmission.objects.create(token="t1", service_identifier="OTHER", data={"needed": "XYZ"})
    client.force_login(world.requester_a)
    for query in ("?resume=t1", "?resume=%00junk", "?resume=" + "z" * 500):
        response = client.get(f"/en/requests/new/{world.service.identifier}/{query}")
        assert response.status_code == 200
        assert "XYZ" not in response.content.decode()


@pytest.fixture
def definition(world):
    definition = RequestFormDefinition.objects.create(
        service_identifier=world.service.identifier,
        request_kind="information-request",
        introduction="Aizpildiet papildu laukus.",
    )
    RequestFormField.objects.create(
        definition=definition,
        label="Datu kopa",
        field_type="singleline",
        required=True,
        sort_order=1,
    )
    RequestFormField.objects.create(
        definition=definition,
        label="Apjoms",
        field_type="dropdown",
        choices="Mazs\nLiels",
        required=True,
        sort_order=2,
    )
    return definition


def test_editor_defined_fields_are_shown_validated_and_stored(client, world, definition):
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    html = client.get(url).content.decode()
    assert "Datu kopa" in html and "Apjoms" in html and "Aizpildiet papildu laukus." in html
    assert "Information request" in html  # the editor's kind wins over the register's
    token = form_token(html)
    response = client.post(url, valid_data(token, extra_apjoms="Milzīgs"))
    assert "This field is required." in response.content.decode()
    assert ServiceRequest.objects.count() == 0
    response = client.post(url, valid_data(token, extra_datu_kopa="Adreses", extra_apjoms="Liels"))
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.request_kind == "information-request"
    assert request.answers == [
        {"name": "datu_kopa", "label": "Datu kopa", "value": "Adreses"},
        {"name": "apjoms", "label": "Apjoms", "value": "Liels"},
    ]
    assert "Adreses" in client.get(response["Location"]).content.decode()


def test_several_institutions_give_a_choice(client, world):
    InstitutionMembership.objects.create(
        user=world.requester_a,
        institution_iri="https://virsis.example/id/org/C",
        institution_name="Iestāde C",
        role="requester",
    )
    client.force_login(world.requester_a)
    url = f"/en/requests/new/{world.service.identifier}/"
    html = client.get(url).content.decode()
    assert "<select" in html and "Iestāde C" in html
    client.post(url, valid_data(form_token(html), institution="https://virsis.example/id/org/C"))
    assert ServiceRequest.objects.get().requester_institution_name == "Iestāde C"


def test_demo_accounts_are_idempotent(world):
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    users = InstitutionMembership.objects.filter(user__username__startswith="demo-")
    assert users.count() == 5
    assert set(users.values_list("role", flat=True)) == {
        "requester",
        "provider",
        "executor",
        "manager",
    }
    provider = users.get(role="provider")
    # The provider is the institution competent for most requestable institution services.
    assert provider.institution_iri in (
        world.provider.register_iri,
        world.other_provider.register_iri,
    )
    assert provider.user.has_perm("wagtailadmin.access_admin")
    requesters = users.filter(role="requester")
    assert requesters.values("institution_iri").distinct().count() == 2
    assert INST_A not in requesters.values_list("institution_iri", flat=True)


def test_demo_accounts_refuse_production_settings(world, settings):
    settings.SETTINGS_MODULE = "portal.settings.production"
    with pytest.raises(CommandError):
        call_command("create_demo_accounts")
    assert not InstitutionMembership.objects.filter(user__username__startswith="demo-").exists()
