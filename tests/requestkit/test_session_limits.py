"""Signed-in sessions end after 30 idle minutes and 12 hours after sign-in (issue 18, item 8)."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from requestkit.session_limits import SEEN_AT, SIGNED_IN_AT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MINE = "/lv/requests/mine/"


@pytest.fixture
def signed_in(client: Client) -> Client:
    client.force_login(UserFactory())
    assert client.get(MINE).status_code == 200
    return client


def _age(client: Client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_the_defaults_are_30_minutes_idle_and_12_hours_absolute(settings) -> None:
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == settings.SESSION_COOKIE_AGE == 12 * 3600


def test_a_working_session_expires_30_minutes_after_the_last_request(signed_in: Client) -> None:
    assert 29 * 60 < signed_in.session.get_expiry_age() <= 30 * 60


def test_30_idle_minutes_sign_the_user_out(signed_in: Client) -> None:
    _age(signed_in, **{SEEN_AT: 31 * 60})
    response = signed_in.get(MINE)
    assert response.status_code == 302 and "/requests/login/" in response["Location"]


def test_29_idle_minutes_do_not(signed_in: Client) -> None:
    _age(signed_in, **{SEEN_AT: 29 * 60})
    assert signed_in.get(MINE).status_code == 200


def test_12_hours_after_sign_in_the_session_ends_however_busy(signed_in: Client) -> None:
    _age(signed_in, **{SIGNED_IN_AT: 12 * 3600 + 60, SEEN_AT: 5})
    response = signed_in.get(MINE)
    assert response.status_code == 302


def test_near_the_absolute_end_the_session_expires_with_it(signed_in: Client) -> None:
    _age(signed_in, **{SIGNED_IN_AT: 12 * 3600 - 600, SEEN_AT: 120})
    assert signed_in.get(MINE).status_code == 200
    assert signed_in.session.get_expiry_age() <= 600


def test_anonymous_sessions_are_left_alone(client: Client) -> None:
    session = client.session
    session["draft"] = "kept"
    session.save()
    client.get("/lv/")
    assert SIGNED_IN_AT not in client.session and client.session["draft"] == "kept"
