"""An abandoned edit of a synced service page, Wagtail's autosave and the page preview, in a
real browser (the admin's own JavaScript).

Wagtail (7.3+, here 8.0) saves the edit form as a draft revision about half a second after each
change, without the required-field checks of a draft, and the next edit view opens that draft.
So an edit that was abandoned — an introduction typed, a callout added and left empty — is
what the next edit starts from; typing the introduction again there doubles it. That is
Wagtail's behaviour, not the project's. What the project owes: the abandoned draft never
reaches the public page, a sync keeps it (with fresh register values) without touching its
editorial text, a callout left empty renders nothing, and the preview shows the form as it is
now — never an earlier draft's cached rendering (it did: the service-body fragment cache key
was the same for every draft of a page).
"""

from __future__ import annotations

import json
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.db import OperationalError
from wagtail.users.models import UserProfile

from catalogue_pages.models import ServicePage
from tests.plugins.browser import BROWSER_TIMEOUT_SECONDS, sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]

SNAPSHOT = Path(__file__).resolve().parents[2] / "demo" / "register" / "snapshot.jsonld"
SUMMARY = "Ikvienam Latvijas iedzīvotājam jādeklarē adrese"
CHANGED = "Reģistrā grozīts apraksts."
INTRO = "Deklarējiet dzīvesvietu mēneša laikā."
INTRO_AGAIN = "Pārceļoties deklarējiet jauno adresi."


def _sync(tmp_path: Path, summary_prefix: str = "") -> None:
    text = SNAPSHOT.read_text(encoding="utf-8")
    if summary_prefix:
        text = text.replace(SUMMARY, f"{summary_prefix} {SUMMARY}", 1)
    source = tmp_path / f"snapshot-{len(list(tmp_path.iterdir()))}.jsonld"
    source.write_text(text, encoding="utf-8")
    call_command("sync_register", "--source", str(source), stdout=StringIO())


def _editor() -> User:
    from catalogue_pages.workflow import ensure_moderation

    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    ensure_moderation()
    user = User.objects.create_user("redaktore", password="pw-123456")
    user.groups.add(editors)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # stable admin labels for the selectors below
    profile.save()
    return user


#: Counts Wagtail's "watch-edits" event: its unsaved-changes watcher took a snapshot of the form.
_COUNT_SNAPSHOTS = """document.addEventListener("w-unsaved:watch-edits", () => {
    window.portalEditorSnapshots = (window.portalEditorSnapshots || 0) + 1;
}, true);"""


def _open_editor(page, url: str):  # type: ignore[no-untyped-def]
    """Open the editor once Wagtail has taken its first snapshot of the form (about 2 s after
    load): waits on that event, not on a guessed delay."""
    page.add_init_script(_COUNT_SNAPSHOTS)
    page.goto(url)
    page.wait_for_function("() => (window.portalEditorSnapshots || 0) > 0")
    return page.locator('[data-contentpath="introduction"] [contenteditable="true"]')


def _latest_content(pk: int) -> dict:
    page = ServicePage.objects.get(pk=pk)
    return page.latest_revision.content if page.latest_revision_id else {}


def _wait_for_draft(pk: int, predicate) -> dict:  # type: ignore[no-untyped-def]
    """Autosave runs in the background: poll the database for the draft it writes (SQLite's
    shared test database refuses a read while the server thread writes: try again)."""
    deadline = time.monotonic() + BROWSER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            content = _latest_content(pk)
        except OperationalError:
            content = {}
        if content and predicate(content):
            return content
        time.sleep(0.25)
    raise AssertionError(f"autosave never wrote the expected draft: {_latest_content(pk)}")


def _intro(content: dict) -> str:
    return content.get("introduction") or ""


def _body(content: dict) -> list:
    body = content.get("body") or "[]"
    return json.loads(body) if isinstance(body, str) else body


def test_an_abandoned_edit_stays_a_private_draft_and_the_preview_follows_the_form(
    browser, live_server, tmp_path
):
    from catalogue_pages.site_tree import ensure_site_tree

    ensure_site_tree()
    _sync(tmp_path)
    service = ServicePage.objects.get(identifier="PAK-0001", locale__language_code="lv")
    public_url = f"{live_server.url}{service.url}"
    edit_url = f"{live_server.url}/admin/pages/{service.pk}/edit/"
    _editor()
    context = browser.new_context()
    admin = sign_in_to_admin(context, live_server.url, "redaktore")

    # 1. An edit is abandoned: an introduction typed, a callout added and left empty.
    intro = _open_editor(admin, edit_url)
    intro.click()
    intro.type(INTRO)
    admin.locator('[data-contentpath="body"] .c-sf-add-button').last.click()
    admin.get_by_text("Callout", exact=True).first.click()
    draft = _wait_for_draft(
        service.pk, lambda c: INTRO in _intro(c) and [b["type"] for b in _body(c)] == ["callout"]
    )
    admin.goto(f"{live_server.url}/admin/pages/")  # leaves without saving or submitting
    assert _body(draft)[0]["value"] == {"heading": "", "text": ""}

    service.refresh_from_db()
    assert service.introduction == "" and list(service.body) == []  # the live row: untouched
    visitor = browser.new_context().new_page()
    visitor.goto(public_url)
    assert INTRO not in visitor.content() and visitor.locator("aside.callout").count() == 0

    # 2. A sync changes the register's description: the draft stays the latest revision, its
    # editorial text untouched; register values come from the row.
    _sync(tmp_path, CHANGED)
    service.refresh_from_db()
    assert service.summary.startswith(CHANGED)
    assert service.latest_revision.content["introduction"] == draft["introduction"]
    assert service.live_revision_id != service.latest_revision_id
    assert service.get_latest_revision_as_object().summary.startswith(CHANGED)

    # 3. The next edit opens the draft exactly as it was left: the introduction once, one
    # callout, the register's new description in the read-only panel.
    intro = _open_editor(admin, edit_url)
    assert intro.inner_text().count(INTRO) == 1
    assert admin.locator('input[name="body-count"]').input_value() == "1"
    assert CHANGED in admin.locator(".register-provenance").inner_text()

    # 4. The preview shows the draft: the introduction once, the new description, and nothing
    # for the empty callout (no empty <aside>, no "Good to know" section).
    admin.locator("[data-side-panel-toggle='preview']").click()
    preview = admin.frame_locator("iframe#w-preview-iframe")
    preview.locator(f"text={INTRO}").wait_for()
    assert preview.locator("article.service").inner_text().count(INTRO) == 1
    assert CHANGED in preview.locator("article.service").inner_text()
    assert preview.locator("aside.callout").count() == 0
    assert preview.locator("#more").count() == 0

    # 5. The editor deletes the callout and rewrites the introduction: the preview follows the
    # form (it kept showing the first rendering of the draft, cached for an hour).
    admin.locator('[data-contentpath="body"] button[title="Delete"]').first.click()
    intro.click()
    admin.keyboard.press("Control+A")
    intro.type(INTRO_AGAIN)
    preview.locator(f"text={INTRO_AGAIN}").wait_for()
    assert INTRO not in preview.locator("article.service").inner_text()
    # Saved by hand: Wagtail 8.0.1's autosave can miss an edit typed while its previous
    # request is on the way (the indicator then says "Saved" over an older draft).
    admin.get_by_role("button", name="Save draft").click()
    admin.wait_for_load_state("networkidle")
    draft = _wait_for_draft(
        service.pk, lambda c: INTRO_AGAIN in _intro(c) and INTRO not in _intro(c) and not _body(c)
    )
    assert _intro(draft).count(INTRO_AGAIN) == 1
    context.close()

    # 6. Nothing of it is public until it is reviewed and published.
    visitor.goto(public_url)
    html = visitor.content()
    assert INTRO not in html and INTRO_AGAIN not in html
    assert CHANGED in html  # the register's change is live at once
