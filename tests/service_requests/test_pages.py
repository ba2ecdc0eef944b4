"""Pages around the form: sign-in, sign-out, the admin menu and the editors' form snippet."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_page_and_sign_in_out(client, world):
    page = client.get("/en/requests/login/")
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    wrong = client.post("/en/requests/login/", {"username": "req-a", "password": "nope"})
    assert wrong.status_code == 200 and "correct username and password" in wrong.content.decode()
    ok = client.post(
        "/en/requests/login/", {"username": "req-a", "password": "pw", "next": "/en/requests/mine/"}
    )
    assert ok["Location"] == "/en/requests/mine/"
    assert client.post("/en/requests/logout/").status_code == 302
    assert client.get("/en/requests/mine/").status_code == 302


def test_open_redirects_after_sign_in_are_refused(client, world):
    response = client.post(
        "/en/requests/login/",
        {"username": "req-a", "password": "pw", "next": "https://evil.example/"},
    )
    assert "evil.example" not in response["Location"]


def test_inbox_menu_item_only_for_provider_handlers(client, world):
    client.force_login(world.handler)
    assert "/admin/service-requests/" in client.get("/admin/").content.decode()
    admin = UserFactory(username="editor", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "/admin/service-requests/" not in client.get("/admin/").content.decode()


def test_editors_can_open_the_request_form_snippet_editor(client, world):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/snippets/service_requests/requestformdefinition/add/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "service_identifier" in html and "fields-TOTAL_FORMS" in html


def test_requirements_and_user_text_are_escaped(client, world):
    world.service.requirements = [
        {"title": "<script>alert(1)</script>", "description": "", "evidence": []}
    ]
    world.service.save()
    client.force_login(world.requester_a)
    html = client.get(f"/en/requests/new/{world.service.identifier}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_password_guessing_is_throttled(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = (3, 600)  # the per-address ceiling across usernames
    for _ in range(3):
        response = client.post("/en/requests/login/", {"username": "req-a", "password": "guess"})
        assert response.status_code == 200
    blocked = client.post("/en/requests/login/", {"username": "req-a", "password": "pw"})
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.content.decode()
    other = client.post("/en/requests/login/", {"username": "req-b", "password": "pw"})
    assert other.status_code == 429  # the same IP is blocked too


def test_wagtail_editors_may_define_request_forms(client, world):
    from django.contrib.auth.models import Group

    editor = UserFactory(username="editor-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert editor.has_perm("service_requests.add_requestformdefinition")
    client.force_login(editor)
    response = client.get("/admin/snippets/service_requests/requestformdefinition/add/")
    assert response.status_code == 200
