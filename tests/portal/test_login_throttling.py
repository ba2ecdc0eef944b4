"""Every sign-in form is throttled per client address + username (django-axes).

A guesser is stopped after ``AXES_FAILURE_LIMIT`` wrong passwords even if the next one is
right; someone else (another address) can still sign in as that user, so a stranger cannot
lock a real user out by name alone. The lockout says, in the user's language, when to retry.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import InstitutionMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", password="right-password-2026")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def requester(db):
    user = UserFactory(username="requester", password="right-password-2026")
    InstitutionMembershipFactory(user=user)
    return user


def _admin_login(client: Client, password: str, address: str):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


def test_thirty_wrong_admin_passwords_stop_the_right_one(editor):
    attacker = Client()
    for _ in range(30):
        response = _admin_login(attacker, "wrong", ATTACKER)
        assert response.status_code in (200, 429)
    response = _admin_login(attacker, "right-password-2026", ATTACKER)
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session


def test_a_stranger_cannot_lock_the_owner_out(editor):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        _admin_login(attacker, "wrong", ATTACKER)
    owner = Client()
    response = _admin_login(owner, "right-password-2026", OWNER)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("lv", "Pārāk daudz neveiksmīgu pieteikšanās mēģinājumu"), ("en", "Too many failed sign-in")],
)
def test_requests_login_lockout_says_when_to_retry_in_the_users_language(requester, lang, text):
    client = Client()
    url = f"/{lang}/requests/login/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "requester", "password": "wrong"}, REMOTE_ADDR=ATTACKER)
    response = client.post(
        url, {"username": "requester", "password": "right-password-2026"}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{lang}">' in html
    assert int(response["Retry-After"]) > 0
    # "when": a clock time and the number of minutes
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert str(minutes) in html
    assert "_auth_user_id" not in client.session


def test_success_before_the_limit_resets_the_count(requester):
    client = Client()
    url = "/en/requests/login/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "requester", "password": "wrong"}, REMOTE_ADDR=ATTACKER)
    ok = client.post(
        url, {"username": "requester", "password": "right-password-2026"}, REMOTE_ADDR=ATTACKER
    )
    assert ok.status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "requester", "password": "wrong"}, REMOTE_ADDR=ATTACKER)
    again = client.post(
        url, {"username": "requester", "password": "right-password-2026"}, REMOTE_ADDR=ATTACKER
    )
    assert again.status_code == 302


def test_requester_accounts_cannot_sign_in_to_the_admin(requester):
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": "requester", "password": "right-password-2026"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "cannot use the administration" in response.content.decode()
    # …while the public sign-in works for them.
    assert (
        client.post(
            "/en/requests/login/", {"username": "requester", "password": "right-password-2026"}
        ).status_code
        == 302
    )


def test_forged_forwarded_for_does_not_dodge_the_lockout_without_a_proxy(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT + 3):
        attacker.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}",
        )
    response = attacker.post(
        "/admin/login/",
        {"username": "editor", "password": "right-password-2026"},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="10.9.9.250",
    )
    assert response.status_code == 429
