"""The admin answers in the user's chosen language even around Wagtail's views: a refusal
read "Sorry, you do not have permission…" to a Latvian editor whose browser asks for English."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def _editor(language: str) -> User:
    user = User.objects.create_user(f"redaktors-{language}", password="pw-123456")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("lv", "Atvainojiet, jums nav piekļuves tiesību šai zonai."),
        ("en", "Sorry, you do not have permission to access this area."),
    ],
)
def test_a_refusal_speaks_the_users_language_not_the_browsers(client, language, refusal):
    client.force_login(_editor(language))
    browser = "en-US,en" if language == "lv" else "lv-LV,lv"
    response = client.get("/admin/sync/runs/", HTTP_ACCEPT_LANGUAGE=browser, follow=True)
    assert refusal in response.content.decode()
