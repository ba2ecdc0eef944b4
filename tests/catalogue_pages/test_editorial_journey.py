"""An editorial team's journey on synced pages, in Latvian: find a service in the admin, write
an introduction and an FAQ, schedule it, have it reviewed, keep the live page live until
go-live, translate it with wagtail-localize, and see a register change flag the translation."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Revision, TaskState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from catalogue_pages import translations
from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage
from catalogue_pages.workflow import REVIEWERS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "demo" / "register" / "snapshot.jsonld"
INTRO = "Redaktora ievads: deklarējiet dzīvesvietu laikus."
QUESTION = "Vai var deklarēt tiešsaistē?"


def sync(source: Path) -> str:
    out = StringIO()
    call_command("sync_register", "--source", str(source), stdout=out)
    return out.getvalue().splitlines()[-1]


@pytest.fixture
def synced(site_tree):  # type: ignore[no-untyped-def]
    from catalogue_pages.workflow import ensure_moderation

    ensure_moderation()
    sync(SNAPSHOT)
    return site_tree


@pytest.fixture
def editor(synced) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("redaktore", password="pw-123456")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(synced) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("recenzents", password="pw-123456")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def lv_service(identifier: str) -> ServicePage:
    return ServicePage.objects.get(identifier=identifier, locale__language_code="lv")


def en_service(identifier: str) -> ServicePage:
    return ServicePage.objects.get(identifier=identifier, locale__language_code="en")


# --- every synced page is published the way Wagtail publishes ----------------------------------


@pytest.mark.parametrize("model", [ServicePage, LifeSituationPage, InstitutionPage])
def test_every_synced_page_has_a_live_revision_matching_the_row(synced, model):
    pages = model.objects.filter(live=True)
    assert pages.exists()
    assert not pages.filter(live_revision__isnull=True).exists()
    page = pages.filter(locale__language_code="lv").first()
    content = page.live_revision.content
    assert content["title"] == page.title
    assert content["pk"] == page.pk
    assert page.latest_revision_id == page.live_revision_id


def test_an_older_database_gets_its_revisions_on_the_next_sync(synced):
    page = lv_service("PAK-0001")
    Page.objects.filter(pk=page.pk).update(live_revision=None, latest_revision=None)
    Revision.objects.filter(object_id=str(page.pk)).delete()
    sync(SNAPSHOT)
    page.refresh_from_db()
    assert page.live_revision is not None


def test_a_register_change_is_a_new_live_revision(synced, tmp_path):
    page = lv_service("PAK-0001")
    first = page.live_revision_id
    doc = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    node = next(n for n in doc["@graph"] if n.get("dct:identifier") == "PAK-0001")
    for text in node["dct:description"]:
        text["@value"] = "Jauns apraksts. " + text["@value"]
    changed = tmp_path / "changed.jsonld"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    sync(changed)
    page.refresh_from_db()
    assert page.live_revision_id != first
    assert page.live_revision.content["summary"].startswith("Jauns apraksts.")
    assert page.synced_at is not None


def test_a_register_change_keeps_an_editors_pending_draft_the_latest_revision(synced, tmp_path):
    page = lv_service("PAK-0001")
    page.introduction = "<p>Melnraksts</p>"
    draft = page.save_revision()
    doc = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    node = next(n for n in doc["@graph"] if n.get("dct:identifier") == "PAK-0001")
    node["dct:description"][0]["@value"] += " Grozīts."
    changed = tmp_path / "changed.jsonld"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    sync(changed)
    page.refresh_from_db()
    assert page.latest_revision_id == draft.pk
    assert page.has_unpublished_changes
    assert page.live_revision_id != draft.pk


def test_a_register_change_under_a_pending_draft_is_no_newer_save_for_its_editor(
    synced, editor, client, tmp_path
):
    """Wagtail's concurrent-editing check (the edit view pings it) reports every revision
    created after the one the editor opened as someone else's newer save. The register's
    revision under a draft must not count as one: it told the editor a nameless user had
    saved a newer version, held autosave back and asked for a reload."""
    page = lv_service("PAK-0001")
    page.introduction = "<p>Melnraksts</p>"
    draft = page.save_revision(user=editor)
    doc = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    node = next(n for n in doc["@graph"] if n.get("dct:identifier") == "PAK-0001")
    for text in node["dct:description"]:
        text["@value"] += " Grozīts."
    changed = tmp_path / "changed.jsonld"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    sync(changed)
    page.refresh_from_db()
    assert page.latest_revision_id == draft.pk
    assert page.live_revision.content["summary"].endswith("Grozīts.")
    assert page.live_revision.created_at < draft.created_at
    client.force_login(editor)
    ping = reverse("wagtailadmin_editing_sessions:ping", args=("wagtailcore", "page", page.pk, 0))
    response = client.post(
        ping, {"revision_id": draft.pk, "revision_created_at": draft.created_at.isoformat()}
    )
    assert response.status_code == 200
    assert response.json()["other_sessions"] == []


# --- wagtail-localize recognises the synced English pages --------------------------------------


def test_each_latvian_page_is_a_translation_source_of_its_english_page(synced):
    lv, en = lv_service("PAK-0001"), en_service("PAK-0001")
    source = TranslationSource.objects.get_for_instance(lv)
    assert Translation.objects.get(source=source, target_locale=en.locale).enabled
    # What wagtail-localize itself would have extracted from a page without editorial text.
    assert not StringSegment.objects.filter(source=source).exists()
    fresh, created = TranslationSource.update_or_create_from_instance(lv)
    assert (fresh.pk, created) == (source.pk, False)  # same content: localize sees no change
    for model in (ServicePage, LifeSituationPage, InstitutionPage):
        lv_pages = model.objects.filter(locale__language_code="lv").count()
        assert (
            TranslationSource.objects.filter(
                specific_content_type__model=model._meta.model_name
            ).count()
            == lv_pages
        )


def test_translate_actions_are_offered_to_editors_and_the_superuser(
    synced, editor, admin_user, client
):
    lv = lv_service("PAK-0001")
    for user in (editor, admin_user):
        client.force_login(user)
        html = client.get(f"/admin/pages/{lv.get_parent().pk}/").content.decode()
        assert "Sync translated pages" in html or "Sinhronizēt tulkotās lapas" in html
        response = client.get(f"/admin/pages/{en_service('PAK-0001').pk}/edit/")
        assert response.status_code == 200
        assert "wagtail-localize" in response.content.decode()  # localize's translation editor


# --- admin search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,title",
    [
        ("Vecāku pabalsts", "Vecāku pabalsts"),
        ("Dzīvesvietas deklarēšana", "Dzīvesvietas deklarēšana"),
        ("PAK-0005", None),
        ("pak-0005", None),
        ("Altum", "Altum"),
    ],
)
def test_admin_search_and_explorer_find_synced_pages(synced, editor, client, query, title):
    client.force_login(editor)
    expected = title or lv_service("PAK-0005").title
    html = client.get("/admin/pages/search/", {"q": query}).content.decode()
    assert expected in html
    services = synced.services["lv"]
    html = client.get(f"/admin/pages/{services.pk}/", {"q": query}).content.decode()
    if title != "Altum":  # an institution, not under the service folder
        assert expected in html


# --- the journey ---------------------------------------------------------------------------------


def _edit_data(page: ServicePage, go_live_at: dt.datetime) -> dict:
    return nested_form_data(
        {
            "introduction": rich_text(f"<p>{INTRO}</p>"),
            "body": streamfield(
                [
                    (
                        "faq",
                        {
                            "count": "1",
                            "0": {
                                "value": {
                                    "question": QUESTION,
                                    "answer": rich_text("<p>Jā, ar eParakstu.</p>"),
                                },
                                "deleted": "",
                                "order": "0",
                            },
                        },
                    )
                ]
            ),
            "seo_title": "",
            "search_description": "",
            "go_live_at": timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M"),
            "expire_at": "",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "change_note_explanations-TOTAL_FORMS": "0",
            "change_note_explanations-INITIAL_FORMS": "0",
            "change_note_explanations-MIN_NUM_FORMS": "0",
            "change_note_explanations-MAX_NUM_FORMS": "1000",
            "action-submit": "Submit",
        }
    )


def test_scheduled_reviewed_change_keeps_the_page_live_until_go_live(
    synced, editor, reviewer, client
):
    page = lv_service("PAK-0001")
    public_url = page.url
    tomorrow = timezone.now() + dt.timedelta(days=1)

    # The editor finds the service in the admin search, writes, schedules and submits it.
    client.force_login(editor)
    assert page.title in client.get("/admin/pages/search/", {"q": "Dzīvesvietas"}).content.decode()
    response = client.post(f"/admin/pages/{page.pk}/edit/", _edit_data(page, tomorrow))
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.live and page.has_unpublished_changes

    # Reviewers have no direct Publish/Unpublish on the Latvian service page: only the workflow.
    perms = page.permissions_for_user(reviewer)
    assert not perms.can_publish() and not perms.can_unpublish()

    # The reviewer approves.
    client.force_login(reviewer)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED

    # Until go-live the page stays live, with the old text.
    page.refresh_from_db()
    assert page.live
    client.logout()
    response = client.get(public_url)
    assert response.status_code == 200
    assert INTRO not in response.content.decode()

    # Go-live passes: publish_scheduled publishes the approved revision.
    # (time is simulated: the go-live date, in the revision and its approval, moves to the past)
    scheduled = Revision.objects.get(approved_go_live_at__isnull=False, object_id=str(page.pk))
    past = timezone.now() - dt.timedelta(minutes=1)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live and page.live_revision_id == scheduled.pk
    html = client.get(public_url).content.decode()
    assert INTRO in html and QUESTION in html
    assert page.summary and page.summary[:40] in html  # register text kept from the row


def test_a_draft_saved_during_review_never_goes_live_unreviewed(synced, editor, reviewer, client):
    """An autosave (or a save) after submitting is not what the reviewer approves: the task
    restarts on the new revision, and only its approval publishes it."""
    page = lv_service("PAK-0001")
    past = timezone.now() - dt.timedelta(minutes=1)
    client.force_login(editor)
    response = client.post(f"/admin/pages/{page.pk}/edit/", _edit_data(page, past))
    assert response.status_code == 302, response.content.decode()[:3000]

    # Later, during review, a half-finished edit is saved as the page's draft.
    draft = ServicePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.introduction = "<p>Pusgatavs teksts</p>"
    half_finished = draft.save_revision(user=editor)

    client.force_login(reviewer)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    assert task_state.revision_id != half_finished.pk
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    page.refresh_from_db()
    assert page.live_revision_id != half_finished.pk
    assert "Pusgatavs" not in page.introduction
    again = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    assert again.revision_id == half_finished.pk  # the review asks about the new text

    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", again.pk)),
        {"comment": ""},
    )
    page.refresh_from_db()
    assert page.live_revision_id == half_finished.pk and "Pusgatavs" in page.introduction


def test_translate_then_a_register_change_flags_the_translation_out_of_date(
    synced, editor, reviewer, admin_user, client, tmp_path
):
    lv, en = lv_service("PAK-0001"), en_service("PAK-0001")
    lv.introduction = f"<p>{INTRO}</p>"
    lv.save_revision().publish()  # the Latvian original changes → its source follows
    source = TranslationSource.objects.get_for_instance(lv)
    segments = list(StringSegment.objects.filter(source=source).select_related("string"))
    assert [s.string.data for s in segments] == [INTRO]

    # The editor translates the segment in localize's editor (through the API its page uses) …
    english = Locale.objects.get(language_code="en")
    translation_row = Translation.objects.get(source=source, target_locale=english)
    client.force_login(editor)
    for segment in segments:
        response = client.put(
            reverse(
                "wagtail_localize:edit_string_translation", args=[translation_row.pk, segment.pk]
            ),
            data=urlencode({"value": "Editor's introduction: declare your residence on time."}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 201, response.content[:500]
    assert StringTranslation.objects.filter(locale=english).count() == len(segments)
    # … submits it for review, and the reviewer's approval publishes it into the English page.
    response = client.post(reverse("catalogue_pages_submit_translation", args=[en.pk]))
    assert response.status_code == 302
    client.force_login(reviewer)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(en.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    en.refresh_from_db()
    assert "declare your residence on time" in en.introduction
    assert en.title == "Declaring your place of residence"  # register text stays English
    assert translations.status_of(translation_row) == translations.UP_TO_DATE

    # A re-sync without register changes never overwrites the finished translation.
    sync(SNAPSHOT)
    en.refresh_from_db()
    assert "declare your residence on time" in en.introduction

    # The register changes the Latvian original: the translation is out of date.
    doc = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    node = next(n for n in doc["@graph"] if n.get("dct:identifier") == "PAK-0001")
    for text in node["dct:description"]:
        if text["@language"] == "lv":
            text["@value"] = "Mainīts reģistrā. " + text["@value"]
    changed = tmp_path / "changed.jsonld"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    sync(changed)
    en.refresh_from_db()
    assert "declare your residence on time" in en.introduction
    assert translations.status_of(translation_row) == translations.OUT_OF_DATE
    client.force_login(editor)
    with translation.override("en"):
        for page in (en, lv):
            html = client.get(f"/admin/pages/{page.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
            assert "Translation out of date" in html.content.decode()
