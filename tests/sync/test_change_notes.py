"""The sync records what the register changed, per service and language, and says so publicly.

v1 is the demo register's snapshot; v2 is the same register after a hold-out style edit of one
service (a fee, the processing time, a channel removed, a requirement added, a longer
description and another competent authority). The notes must hold exactly that diff.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry, TaskState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from catalogue_pages.models import ChangeNote, ServicePage
from sync import history
from sync.models import SyncRun
from tests.sync.conftest import DEMO_SNAPSHOT, sync, write_doc

pytestmark = pytest.mark.django_db

SERVICE = "https://virsis.example/id/service/PAK-0002"


def _node(doc: dict, iri: str) -> dict:
    return next(n for n in doc["@graph"] if n["@id"] == iri)


def v2_of(doc: dict) -> dict:
    """The register's next version: PAK-0002 changed in six fields, everything else as it was."""
    doc = copy.deepcopy(doc)
    service = _node(doc, SERVICE)
    _node(doc, f"{SERVICE}/cost/2")["cv:hasValue"]["@value"] = "5.00"
    service["cv:processingTime"]["@value"] = "P5D"
    service["cv:hasChannel"] = [c for c in service["cv:hasChannel"] if not c["@id"].endswith("/2")]
    service["cv:holdsRequirement"].append({"@id": f"{SERVICE}/requirement/9"})
    doc["@graph"].append(
        {  # Latvian only: the English page falls back to the Latvian title
            "@id": f"{SERVICE}/requirement/9",
            "@type": "cv:Requirement",
            "dct:identifier": "PAK-0002-R9",
            "dct:title": [{"@language": "lv", "@value": "Personu apliecinošs dokuments"}],
        }
    )
    for text in service["dct:description"]:
        text["@value"] += " Izziņu var saņemt arī angļu valodā."
    service["cv:hasCompetentAuthority"] = {"@id": "https://virsis.example/id/org/CSDD"}
    service["dct:modified"]["@value"] = "2026-11-15T09:00:00Z"
    return doc


@pytest.fixture
def v1_then_v2(site_tree, tmp_path):
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    path = write_doc(tmp_path, doc)
    sync(path)
    assert not ChangeNote.objects.exists(), "a first sync has nothing to compare with"
    write_doc(tmp_path, v2_of(doc))
    lines = sync(path)
    assert lines[-1].startswith("created=0 updated=1 "), lines[-1]
    return path


def _page(lang: str) -> ServicePage:
    return ServicePage._base_manager.get(identifier="PAK-0002", locale__language_code=lang)


def test_resync_records_exactly_the_v1_to_v2_diff_per_language(v1_then_v2):
    notes = {n.page.locale.language_code: n for n in ChangeNote.objects.select_related("page")}
    assert set(notes) == {"lv", "en"}
    assert {n.page.identifier for n in notes.values()} == {"PAK-0002"}
    en, lv = notes["en"].changes, notes["lv"].changes
    expected = [
        "summary",
        "costs",
        "processing_time",
        "channels",
        "requirements",
        "competent_authority",
    ]
    assert [e["field"] for e in lv] == expected
    assert [e["field"] for e in en] == expected
    by_field = {e["field"]: e for e in en}
    assert by_field["summary"] == {"field": "summary", "summary": "extended"}  # never the text
    fees = by_field["costs"]
    assert [Decimal(c["value"]) for c in fees["before"]] == [Decimal("0"), Decimal("4.27")]
    assert [Decimal(c["value"]) for c in fees["after"]] == [Decimal("0"), Decimal("5")]
    assert {c["currency"] for c in fees["before"] + fees["after"]} == {"EUR"}
    assert (by_field["processing_time"]["before"], by_field["processing_time"]["after"]) == (
        "PT1H",
        "P5D",
    )
    assert by_field["channels"]["added"] == [] and len(by_field["channels"]["removed"]) == 1
    assert by_field["channels"]["removed"][0].startswith("PMLP regional offices")
    # language fallback: the requirement has only a Latvian title
    assert by_field["requirements"] == {
        "field": "requirements",
        "added": ["Personu apliecinošs dokuments"],
        "removed": [],
    }
    authority = by_field["competent_authority"]
    assert authority["before"] != authority["after"]
    assert not authority["after"].startswith("https://"), "names, not IRIs"


def test_an_unchanged_resync_records_nothing_more(v1_then_v2):
    before = ChangeNote.objects.count()
    lines = sync(v1_then_v2)
    assert "updated=0" in lines[-1]
    assert ChangeNote.objects.count() == before


def test_withdrawal_is_a_note(v1_then_v2, tmp_path):
    doc = json.loads(v1_then_v2.read_text(encoding="utf-8"))
    doc["@graph"] = [
        n for n in doc["@graph"] if n["@id"] != "https://virsis.example/id/service/PAK-0001"
    ]
    write_doc(tmp_path, doc)
    sync(v1_then_v2)
    notes = ChangeNote.objects.filter(page__identifier="PAK-0001")
    assert notes.count() == 2
    assert {tuple(e["field"] for e in n.changes) for n in notes} == {("status",)}
    assert notes[0].changes[0]["after"] == "withdrawn"


def test_service_page_shows_the_changes_dated_and_in_words(v1_then_v2, client):
    html = client.get(_page("en").get_url()).content.decode()
    assert 'id="changes"' in html and 'href="#changes"' in html
    section = html[html.index('id="changes"') :]
    section = section[: section.index("</section>")]
    assert "Fee changed from €4.27 to €5.00." in section
    assert "Processing time: 1 hour → 5 days." in section
    assert "Description extended." in section
    assert "Requirements added: Personu apliecinošs dokuments." in section
    assert "Ways to get it removed: PMLP regional offices" in section
    assert "Izziņu var saņemt arī" not in section


def test_latvian_page_reads_latvian(v1_then_v2, client):
    with translation.override("lv"):
        html = client.get(_page("lv").get_url()).content.decode()
    section = html[html.index('id="changes"') :]
    section = section[: section.index("</section>")]
    assert ">Izmaiņas</h2>" in section
    assert "Maksa mainīta no 4,27 € uz 5,00 €." in section
    assert "Izpildes termiņš: 1 stunda → 5 dienas." in section
    assert "Apraksts papildināts." in section
    assert "Prasības — pievienots: Personu apliecinošs dokuments." in section


def test_a_service_without_notes_shows_the_empty_state(v1_then_v2, client):
    page = ServicePage._base_manager.get(identifier="PAK-0003", locale__language_code="en")
    html = client.get(page.get_url()).content.decode()
    assert "The register has recorded no change to this service" in html


def test_run_log_lists_the_changed_fields_per_service(v1_then_v2, admin_client):
    run = SyncRun.objects.filter(status=SyncRun.SUCCESS).first()
    (entry,) = [e for e in run.diff if e["identifier"] == "PAK-0002"]
    assert entry["action"] == "update"
    assert {"summary", "costs", "processing_time", "channels", "requirements"} <= set(
        entry["fields"]
    )
    html = admin_client.get(reverse("sync_run_detail", args=[run.pk])).content.decode()
    assert "Maksa" in html and "Izpildes termiņš" in html  # the admin speaks Latvian


def test_history_shows_the_register_as_the_actor_with_fields(v1_then_v2, admin_client):
    page = _page("lv")
    entries = PageLogEntry.objects.filter(page=page, action=history.ACTION).order_by("timestamp")
    assert entries.count() == 2  # the first sync's creation and the v2 change
    latest = entries.last()
    assert latest.user.get_full_name() == "Valsts pakalpojumu reģistrs"
    assert not latest.user.is_active and not latest.user.has_usable_password()
    assert "costs" in latest.data["fields"]
    assert latest.revision_id == page.live_revision_id
    assert page.latest_revision_created_at == latest.timestamp  # "Updated" is the run's time
    html = admin_client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Valsts pakalpojumu reģistrs" in html
    assert "Publicēts no reģistra; mainīts: " in html
    assert get_user_model().objects.filter(username=history.ACTOR_USERNAME).count() == 1


def test_open_data_feed_and_export_carry_the_note(v1_then_v2, client):
    since = "2000-01-01T00:00:00Z"
    body = client.get(f"/open-data/changes?since={since}&limit=1000").content.decode()
    doc = json.loads(body)
    (service,) = [n for n in doc["@graph"] if n.get("@id") == SERVICE]
    assert service["dct:modified"]["@value"].startswith("2026-11-15")
    notes = {t["@language"]: t["@value"] for t in service["adms:versionNotes"]}
    assert "Fee, Processing time" in notes["en"]
    assert "Fee changed from €4.27 to €5.00." in notes["en"]
    assert "Maksa mainīta no 4,27 € uz 5,00 €." in notes["lv"]
    untouched = [n for n in doc["@graph"] if n.get("dct:identifier") == "PAK-0003"]
    assert untouched and "adms:versionNotes" not in untouched[0]

    export = client.get(_page("en").get_url() + "cpsv-ap.jsonld").content.decode()
    assert "versionNotes" in export and "Processing time: 1 hour → 5 days." in export


@pytest.fixture
def moderated(v1_then_v2):
    from catalogue_pages.workflow import REVIEWERS, ensure_moderation

    ensure_moderation()
    editor = get_user_model().objects.create_user("redaktore", password="pw-123456")
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = get_user_model().objects.create_user("recenzents", password="pw-123456")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    return editor, reviewer


def _explain(page: ServicePage, note_pk: int, text: str) -> dict:
    return nested_form_data(
        {
            "introduction": rich_text(""),
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "change_note_explanations-TOTAL_FORMS": "1",
            "change_note_explanations-INITIAL_FORMS": "0",
            "change_note_explanations-MIN_NUM_FORMS": "0",
            "change_note_explanations-MAX_NUM_FORMS": "1000",
            "change_note_explanations-0-note": str(note_pk),
            "change_note_explanations-0-text": text,
            "change_note_explanations-0-ORDER": "1",
            "change_note_explanations-0-DELETE": "",
            "change_note_explanations-0-id": "",
            "action-submit": "Submit",
        }
    )


def test_an_editor_explains_a_note_through_review_and_cannot_delete_it(moderated, client):
    editor, reviewer = moderated
    page = _page("lv")
    note = page.change_notes.get()
    other = ChangeNote.objects.exclude(page=page).first()
    sentence = "Papīra izziņa tagad maksā vairāk, elektroniskā joprojām ir bez maksas."
    client.force_login(editor)

    # Only the page's own notes can be explained.
    response = client.post(f"/admin/pages/{page.pk}/edit/", _explain(page, other.pk, sentence))
    assert (
        response.status_code == 200
        and "change_note_explanations-0-note" in response.content.decode()
    )

    response = client.post(f"/admin/pages/{page.pk}/edit/", _explain(page, note.pk, sentence))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert sentence not in client.get(page.get_url()).content.decode(), "not before review"

    client.force_login(reviewer)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    client.logout()
    html = client.get(page.get_url()).content.decode()
    section = html[html.index('id="changes"') :]
    assert sentence in section[: section.index("</section>")]

    # The note is the register's: no admin URL deletes it, and it survives every edit.
    assert ChangeNote.objects.filter(pk=note.pk).exists()
    assert not editor.has_perm("catalogue_pages.delete_changenote")


def test_the_demo_registers_second_version_gives_notes(site_tree, tmp_path):
    from demo.register.v2 import second_version

    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    path = write_doc(tmp_path, doc)
    sync(path)
    write_doc(tmp_path, second_version(doc))
    sync(path)
    changed = set(ChangeNote.objects.values_list("page__identifier", flat=True))
    assert {"PAK-0001", "PAK-0002"} <= changed
