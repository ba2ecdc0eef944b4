"""wagtail-localize's own translation editor (its JavaScript) on a synced English page, in a
real browser: the editor translates the Latvian editorial text and submits it for review; the
reviewer's approval publishes it (issue 21, item 3)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from wagtail.models import TaskState
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation

from catalogue_pages.models import ServicePage
from tests.plugins.browser import sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]

SNAPSHOT = Path(__file__).resolve().parents[2] / "demo" / "register" / "snapshot.jsonld"
INTRO = "Redaktora ievads: deklarējiet dzīvesvietu laikus."
ENGLISH = "Editor's introduction: declare your residence on time."


def _user(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="pw-123456")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # stable labels for the selectors below
    profile.save()
    return user


def test_editor_translates_and_submits_and_the_reviewers_approval_publishes(browser, live_server):
    from catalogue_pages.site_tree import ensure_site_tree
    from catalogue_pages.workflow import REVIEWERS, ensure_moderation

    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    ensure_site_tree()
    ensure_moderation()
    call_command("sync_register", "--source", str(SNAPSHOT), stdout=StringIO())
    lv = ServicePage.objects.get(identifier="PAK-0001", locale__language_code="lv")
    en = ServicePage.objects.get(identifier="PAK-0001", locale__language_code="en")
    lv.introduction = f"<p>{INTRO}</p>"
    lv.save_revision().publish()
    _user("redaktore", "Editors")
    _user("recenzents", REVIEWERS)

    context = browser.new_context()
    page = sign_in_to_admin(context, live_server.url, "redaktore")
    page.goto(f"{live_server.url}/admin/pages/{en.pk}/edit/")
    page.get_by_text(INTRO).wait_for()
    page.get_by_role("button", name="Translate", exact=True).first.click()
    page.locator("textarea").first.fill(ENGLISH)
    with page.expect_response(lambda r: "/strings/" in r.url and r.request.method == "PUT"):
        page.get_by_role("button", name="Save", exact=True).first.click()
    assert StringTranslation.objects.filter(data=ENGLISH).exists()
    assert page.get_by_role("button", name="Publish in English").count() == 0  # editors don't
    page.get_by_role("button", name="Submit the translation for review").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{en.pk}/edit/")
    page.get_by_text("This translation is waiting for review.").wait_for()
    context.close()
    en.refresh_from_db()
    assert ENGLISH.split(":")[0] not in en.introduction  # not public before the review

    # The reviewer's task is in progress; approving it publishes the translation.
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    assert task_state.workflow_state.object_id == str(en.pk)
    task_state.approve(user=User.objects.get(username="recenzents"))
    en.refresh_from_db()
    assert "declare your residence on time" in en.introduction
    assert en.title == "Declaring your place of residence"
