"""Another user's form token reveals nothing; signing in lands somewhere useful."""

from __future__ import annotations

import pytest

from service_requests.models import ServiceRequest

from .conftest import INST_B, form_token, valid_data

pytestmark = pytest.mark.django_db


def test_another_users_token_never_reveals_their_reference(client, world):
    url = f"/en/requests/new/{world.service.identifier}/"
    client.force_login(world.requester_a)
    token = form_token(client.get(url).content.decode())
    assert client.post(url, valid_data(token)).status_code == 302
    reference = ServiceRequest.objects.get().reference

    client.force_login(world.requester_b)
    response = client.post(url, valid_data(token, institution=INST_B))
    assert reference not in response.get("Location", "")
    assert reference not in response.content.decode()
    assert response.status_code == 200
    assert "already been sent" in response.content.decode()
    # The form is shown again with a fresh token; sending it makes B's own request.
    again = client.post(url, valid_data(form_token(response.content.decode()), institution=INST_B))
    assert again.status_code == 302
    assert ServiceRequest.objects.filter(requester_user=world.requester_b).count() == 1


def test_own_double_submit_still_shows_the_existing_request(client, world):
    url = f"/en/requests/new/{world.service.identifier}/"
    client.force_login(world.requester_a)
    token = form_token(client.get(url).content.decode())
    first = client.post(url, valid_data(token))
    second = client.post(url, valid_data(token))
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert ServiceRequest.objects.count() == 1


def test_login_without_next_lands_on_my_requests(client, world):
    response = client.post("/lv/requests/login/", {"username": "req-a", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == "/lv/requests/mine/"
    assert client.get(response["Location"]).status_code == 200
