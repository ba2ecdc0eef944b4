"""Issue 21 item 7: a Latvian editor's and reviewer's journey through the admin finds no English
on the screens it visits — what the page prints and what Wagtail's scripts write into it.

What counts as English: a word of the admin's own English source texts (the msgids of Wagtail,
wagtail-localize, Django's admin and the project) that none of their Latvian translations
uses. Proper names and codes Latvian shares ("Wagtail", "URL") are in those translations too,
so they drop out by themselves; ``ALLOWED`` lists the few that do not.
"""

from __future__ import annotations

import re
from functools import cache
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from wagtail.users.models import UserProfile

from catalogue_pages.models import ServicePage
from tests.catalogue_pages.test_editors_browser import _close
from tests.plugins.browser import sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "demo" / "register" / "snapshot.jsonld"
#: Names, not English: the language's own name in the language switcher, the product.
ALLOWED = {"english", "wagtail"}
WORD = re.compile(r"[A-Za-z][a-z]{2,}")
PATH = re.compile(r"\S*/\S*")


def _catalogues() -> list[tuple[Path, Path | None]]:
    """(English-source .po, its Latvian .po) for the admin's apps and the project."""
    import django
    import wagtail
    import wagtail_localize

    pairs = []
    for base in (Path(wagtail.__file__).parent, Path(wagtail_localize.__file__).parent):
        for lv in base.rglob("locale/lv/LC_MESSAGES/*.po"):
            pairs.append((lv, lv))
        for en in base.rglob("locale/en/LC_MESSAGES/*.po"):
            if not (en.parents[2] / "lv" / "LC_MESSAGES" / en.name).exists():
                pairs.append((en, None))  # an app with no Latvian at all: all of it counts
    admin = Path(django.__file__).parent / "contrib" / "admin" / "locale" / "lv" / "LC_MESSAGES"
    pairs += [(po, po) for po in admin.glob("*.po")]
    pairs += [(po, po) for po in (ROOT / "locale" / "lv" / "LC_MESSAGES").glob("*.po")]
    return pairs


@cache
def english_words() -> frozenset[str]:
    source: set[str] = set()
    latvian: set[str] = set()
    for path, translated in _catalogues():
        for entry in polib.pofile(str(path)):
            source.update(w.lower() for w in WORD.findall(f"{entry.msgid} {entry.msgid_plural}"))
            if translated is not None:
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
                latvian.update(w.lower() for t in texts for w in WORD.findall(t))
    return frozenset(source - latvian - ALLOWED)


def english_on(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of the visible text that hold English words, each with those words."""
    words = english_words()
    found = []
    for line in page.evaluate("document.body.innerText").splitlines():
        line = PATH.sub(" ", line)  # a file path or address names, it does not speak
        hits = sorted({w for w in WORD.findall(line) if w.lower() in words})
        if hits:
            found.append(f"{page.url}: {line.strip()[:120]!r} {hits}")
    return found


@pytest.fixture
def latvian_team(transactional_db):  # type: ignore[no-untyped-def]
    from catalogue_pages.site_tree import ensure_site_tree
    from catalogue_pages.workflow import REVIEWERS, ensure_moderation

    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    ensure_site_tree()
    ensure_moderation()
    call_command("sync_register", "--source", str(SNAPSHOT), stdout=StringIO())
    for name, group in (("redaktore", "Editors"), ("recenzents", REVIEWERS)):
        user = User.objects.create_user(name, password="pw-123456")
        user.groups.add(Group.objects.get(name=group))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "lv"
        profile.save()


def test_the_editors_journey_in_latvian_shows_no_english(browser, live_server, latvian_team):
    service = ServicePage.objects.get(identifier="PAK-0001", locale__language_code="lv")
    base = live_server.url
    found: list[str] = []
    context = browser.new_context()
    try:
        editor = sign_in_to_admin(context, base, "redaktore")
        for path in (
            "/admin/",
            f"/admin/pages/{service.get_parent().pk}/",
            "/admin/pages/search/?q=dz%C4%ABvesvieta",
            f"/admin/pages/{service.pk}/edit/",
        ):
            editor.goto(base + path)
            editor.wait_for_load_state("networkidle")  # Wagtail's scripts have written
            found += english_on(editor)

        # A draft, autosaved; the editor's history lists it.
        intro = editor.locator('[data-contentpath="introduction"] [contenteditable="true"]')
        intro.click()
        intro.type("Ievads.")
        editor.wait_for_function("!window.portalEditorGuard.pending()")
        found += english_on(editor)
        editor.goto(f"{base}/admin/pages/{service.pk}/history/")
        found += english_on(editor)
    finally:
        _close(context)
    assert not found, "English on the Latvian admin:\n" + "\n".join(found)


def test_the_reviewers_screens_in_latvian_show_no_english(browser, live_server, latvian_team):
    """The reviewer's dashboard with the task waiting, the page under review, its history, and
    the sync run log."""
    service = ServicePage.objects.get(identifier="PAK-0002", locale__language_code="lv")
    editor = User.objects.get(username="redaktore")
    draft = service.get_latest_revision_as_object()
    draft.introduction = "<p>Ievads recenzentam.</p>"
    draft.save_revision(user=editor)
    service.get_workflow().start(service, editor)
    base = live_server.url
    found: list[str] = []
    context = browser.new_context()
    try:
        reviewer = sign_in_to_admin(context, base, "recenzents")
        for path in (
            "/admin/",
            f"/admin/pages/{service.pk}/edit/",
            f"/admin/pages/{service.pk}/history/",
            "/admin/sync/runs/",
        ):
            reviewer.goto(base + path)
            reviewer.wait_for_load_state("networkidle")
            found += english_on(reviewer)
    finally:
        _close(context)
    assert not found, "English on the Latvian admin:\n" + "\n".join(found)
