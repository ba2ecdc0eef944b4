"""Issue 21 in a real browser: an approved schedule is cancelled by a reviewer (item 1), an
editor is not offered "Convert to alias page" (item 2), and the editor warns before leaving
while an edit is unsaved and shows the saved draft in its header (item 10)."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from wagtail.admin.models import EditingSession
from wagtail.models import Page, TaskState
from wagtail.users.models import UserProfile

from catalogue_pages.models import ServicePage
from tests.plugins.browser import sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]

SNAPSHOT = Path(__file__).resolve().parents[2] / "demo" / "register" / "snapshot.jsonld"


def _close(context) -> None:  # type: ignore[no-untyped-def]
    """Close the browser and wait until the live server has handled Wagtail's release of the
    editing session, which the editor sends as it unloads: a request still in flight when the
    test ends meets the database flush ("database table is locked") and leaks this test's rows
    into the next. Waits on the state (no session row left), bounded."""
    with contextlib.suppress(PlaywrightError):  # already gone with its last page
        context.close()
    deadline = time.monotonic() + 30
    while EditingSession.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _user(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="pw-123456")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # stable labels for the selectors below
    profile.save()
    return user


@pytest.fixture
def synced(transactional_db):  # type: ignore[no-untyped-def]
    from catalogue_pages.site_tree import ensure_site_tree
    from catalogue_pages.workflow import REVIEWERS, ensure_moderation

    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    ensure_site_tree()
    ensure_moderation()
    call_command("sync_register", "--source", str(SNAPSHOT), stdout=StringIO())
    _user("redaktore", "Editors")
    _user("recenzents", REVIEWERS)


def _lv(identifier: str = "PAK-0001") -> ServicePage:
    return ServicePage.objects.get(identifier=identifier, locale__language_code="lv")


def test_a_reviewer_cancels_an_approved_schedule(browser, live_server, synced):
    page = _lv()
    draft = page.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + dt.timedelta(days=30)
    revision = draft.save_revision(user=User.objects.get(username="redaktore"))
    page.get_workflow().start(page, User.objects.get(username="redaktore"))
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    task_state.approve(user=User.objects.get(username="recenzents"))
    assert Page.objects.get(pk=page.pk).specific.approved_schedule
    assert revision.pk == Page.objects.get(pk=page.pk).scheduled_revision.pk

    context = browser.new_context()
    editor = sign_in_to_admin(context, live_server.url, "redaktore")
    editor.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    editor.get_by_text("Only a reviewer or a moderator").wait_for()
    assert editor.get_by_role("button", name="Cancel scheduled publish").count() == 0
    _close(context)

    context = browser.new_context()
    reviewer = sign_in_to_admin(context, live_server.url, "recenzents")
    reviewer.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    reviewer.get_by_role("button", name="Cancel scheduled publish").first.click()
    reviewer.wait_for_url(f"{live_server.url}/admin/pages/{page.pk}/**")
    _close(context)
    page = Page.objects.get(pk=page.pk).specific
    assert not page.approved_schedule and page.live


def test_an_editor_is_not_offered_convert_to_alias(browser, live_server, synced):
    en = ServicePage.objects.get(identifier="PAK-0001", locale__language_code="en")
    context = browser.new_context()
    editor = sign_in_to_admin(context, live_server.url, "redaktore")
    editor.goto(f"{live_server.url}/admin/pages/{en.pk}/edit/")
    editor.get_by_text("Submit the translation for review").wait_for()
    editor.locator(".js-translation-editor *").first.wait_for()  # localize's editor rendered
    editor.wait_for_load_state("networkidle")
    assert editor.get_by_text("Convert to alias page").count() == 0
    _close(context)


def test_leaving_with_an_unsaved_edit_warns_and_the_saved_draft_shows(browser, live_server, synced):
    page = _lv()
    context = browser.new_context()
    editor = sign_in_to_admin(context, live_server.url, "redaktore")
    editor.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    assert editor.locator("[data-draft-state]").first.is_hidden()  # live, no draft
    editor.wait_for_load_state("networkidle")

    # Typed and leaving at once: the browser asks first.
    intro = editor.locator('[data-contentpath="introduction"] [contenteditable="true"]')
    intro.click()
    intro.type("Īss ievads.")
    assert editor.evaluate("window.portalEditorGuard.pending()")
    dialogs: list[str] = []

    def stay(dialog):  # type: ignore[no-untyped-def]
        dialogs.append(dialog.type)
        dialog.dismiss()

    editor.on("dialog", stay)
    editor.close(run_before_unload=True)
    if not dialogs:
        editor.wait_for_event("dialog")
    assert dialogs == ["beforeunload"]
    _close(context)

    # A page with a saved draft says so in the header, next to "Live".
    draft = _lv().get_latest_revision_as_object()
    draft.introduction = "<p>Melnraksts.</p>"
    draft.save_revision(user=User.objects.get(username="redaktore"))
    context = browser.new_context()
    editor = sign_in_to_admin(context, live_server.url, "redaktore")
    editor.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    editor.locator("[data-draft-state]").first.wait_for(state="visible")
    _close(context)


def test_an_edit_typed_as_the_editor_opens_is_autosaved_and_the_header_says_so(
    browser, live_server, synced
):
    """Wagtail snapshots the form about 2 s after the editor opens and saves only what differs
    from the snapshot: an edit typed before it was never autosaved. The page's clock is held
    (Playwright's clock) so the edit is typed before the snapshot, every time; then the
    project's guard asks for the autosave, and the header shows the draft without a reload."""
    page = _lv("PAK-0002")
    context = browser.new_context()
    editor = sign_in_to_admin(context, live_server.url, "redaktore")
    editor.clock.install()  # timers wait for run_for: Wagtail's snapshot cannot come first
    editor.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    badge = editor.locator("[data-draft-state]").first
    assert badge.is_hidden()  # live, no draft
    intro = editor.locator('[data-contentpath="introduction"] [contenteditable="true"]')
    intro.click()
    intro.type("Agrs ievads.")
    assert editor.evaluate("window.portalEditorGuard.pending()")

    deadline = time.monotonic() + 60
    while not badge.is_visible():  # the autosave's request is real; its timers are advanced
        assert time.monotonic() < deadline, "the early edit was never autosaved"
        editor.clock.run_for(250)
    assert not editor.evaluate("window.portalEditorGuard.pending()")
    draft = _lv("PAK-0002").get_latest_revision()
    assert "Agrs ievads." in draft.content["introduction"]
    assert "Agrs ievads." not in _lv("PAK-0002").introduction  # a draft, not published
    _close(context)
