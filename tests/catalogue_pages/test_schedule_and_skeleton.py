# ruff: noqa: F811 (pytest fixtures imported from the journey test are parameters here)
"""An approved schedule never freezes a page, and the skeleton cannot be copied, moved or
deleted (issue 21, items 1 and 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState

from catalogue_pages.models import CatalogueIndexPage, HomePage, InfoPage, ServiceIndexPage
from catalogue_pages.workflow import MODERATORS
from tests.catalogue_pages.test_editorial_journey import (  # noqa: F401 (fixtures)
    _edit_data,
    editor,
    lv_service,
    reviewer,
    synced,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(synced) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("moderators", password="pw-123456")
    user.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    return user


def _approve_a_change_scheduled_for_next_month(client, editor, reviewer):  # type: ignore[no-untyped-def]
    page = lv_service("PAK-0001")
    client.force_login(editor)
    go_live = timezone.now() + dt.timedelta(days=30)
    response = client.post(f"/admin/pages/{page.pk}/edit/", _edit_data(page, go_live))
    assert response.status_code == 302, response.content.decode()[:3000]
    client.force_login(reviewer)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.approved_schedule and page.live
    return page


@pytest.mark.parametrize("who", ["reviewer", "moderator"])
def test_reviewers_and_moderators_can_cancel_an_approved_schedule(
    synced, editor, reviewer, moderator, client, who
):
    page = _approve_a_change_scheduled_for_next_month(client, editor, reviewer)
    user = {"reviewer": reviewer, "moderator": moderator}[who]
    client.force_login(user)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    unschedule = reverse(
        "wagtailadmin_pages:revisions_unschedule", args=(page.pk, page.scheduled_revision.pk)
    )
    assert unschedule in html  # "Cancel scheduled publish" is offered to them

    response = client.post(unschedule)
    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk).specific
    assert not page.approved_schedule and page.live
    # The page is free again: the editor replaces the schedule with a new go-live and submits.
    client.force_login(editor)
    sooner = timezone.now() + dt.timedelta(days=2)
    response = client.post(f"/admin/pages/{page.pk}/edit/", _edit_data(page, sooner))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).exists()


def test_an_editor_is_told_who_can_release_a_scheduled_page(synced, editor, reviewer, client):
    page = _approve_a_change_scheduled_for_next_month(client, editor, reviewer)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "/revisions/" not in html or "/unschedule/" not in html  # no cancel button
    assert "var atcelt tikai recenzents vai moderators" in html  # in Latvian
    assert not page.permissions_for_user(editor).can_unschedule()


@pytest.mark.parametrize("model", [HomePage, CatalogueIndexPage, ServiceIndexPage])
def test_nobody_copies_moves_or_deletes_the_skeleton(synced, editor, admin_user, model):
    skeleton = model.objects.filter(locale__language_code="lv").first()
    for user in (editor, admin_user):
        perms = skeleton.permissions_for_user(user)
        assert not perms.can_copy() and not perms.can_delete() and not perms.can_move()


def test_a_catalogue_offers_no_copy_or_delete_to_anyone(synced, editor, admin_user, client):
    catalogue = CatalogueIndexPage.objects.filter(locale__language_code="lv").first()
    for user in (editor, admin_user):
        client.force_login(user)
        assert client.get(f"/admin/pages/{catalogue.pk}/copy/").status_code in (302, 403)
        response = client.post(f"/admin/pages/{catalogue.pk}/delete/")
        assert response.status_code in (302, 403)
        assert CatalogueIndexPage.objects.filter(pk=catalogue.pk).exists()
        html = client.get(f"/admin/pages/{catalogue.pk}/edit/").content.decode()
        assert f"/admin/pages/{catalogue.pk}/copy/" not in html
        assert f"/admin/pages/{catalogue.pk}/delete/" not in html


def test_information_pages_are_the_only_type_editors_create(synced, editor):
    home = HomePage.objects.get(locale__language_code="lv")
    creatable = {m for m in home.specific_class.creatable_subpage_models() if m.is_creatable}
    assert creatable == {InfoPage}
    for page in Page.objects.type(CatalogueIndexPage, ServiceIndexPage):
        assert not page.specific_class.creatable_subpage_models() or not any(
            m.is_creatable for m in page.specific_class.creatable_subpage_models()
        )
    assert InfoPage.can_create_at(home)


# --- item 2: "Convert to alias page" is an operator's action -------------------------------------


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_only_an_operator_may_convert_a_translation_to_an_alias(
    synced, editor, reviewer, admin_user, client, who
):
    from tests.catalogue_pages.test_editorial_journey import en_service

    en = en_service("PAK-0001")
    convert = reverse("wagtail_localize:convert_to_alias", args=[en.pk])
    client.force_login({"editor": editor, "reviewer": reviewer}[who])
    html = client.get(f"/admin/pages/{en.pk}/edit/").content.decode()
    assert "js-translation-editor" in html  # localize's editor, without the action
    assert convert not in html
    response = client.post(convert, {})
    assert response.status_code == 302
    en = Page.objects.get(pk=en.pk)
    assert en.alias_of_id is None
    follow = client.get(response["Location"]).content.decode()
    assert "var pārvērst tikai operators" in follow

    client.force_login(admin_user)
    assert convert in client.get(f"/admin/pages/{en.pk}/edit/").content.decode()


# --- item 8: the reviewer is told what the approval did ------------------------------------------


def _messages(client) -> str:  # type: ignore[no-untyped-def]
    return client.get("/admin/").content.decode()


def test_approving_a_scheduled_change_says_when_it_goes_live(synced, editor, reviewer, client):
    _approve_a_change_scheduled_for_next_month(client, editor, reviewer)
    html = _messages(client)
    assert "Apstiprināts. Izmaiņas tiks publicētas" in html


def test_approving_a_change_without_a_date_says_it_is_public(synced, editor, reviewer, client):
    page = lv_service("PAK-0001")
    client.force_login(editor)
    past = timezone.now() - dt.timedelta(minutes=1)
    assert client.post(f"/admin/pages/{page.pk}/edit/", _edit_data(page, past)).status_code == 302
    client.force_login(reviewer)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert "Apstiprināts un publicēts: izmaiņas tagad ir redzamas publiski." in _messages(client)


def test_approving_an_outdated_version_says_it_was_not_published(synced, editor, reviewer, client):
    page = lv_service("PAK-0001")
    client.force_login(editor)
    past = timezone.now() - dt.timedelta(minutes=1)
    assert client.post(f"/admin/pages/{page.pk}/edit/", _edit_data(page, past)).status_code == 302
    reviewed = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    draft = page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.introduction = "<p>Pusgatavs teksts</p>"
    draft.save_revision(user=editor)  # an autosave during the review
    client.force_login(reviewer)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", reviewed.pk)),
        {"comment": ""},
    )
    assert response.status_code < 400
    assert "Apstiprināts, bet nav publicēts: pēc apstiprinātās versijas" in _messages(client)


# --- item 3: an English translation is submitted for review -------------------------------------


def test_an_editors_translation_is_published_by_the_reviewers_approval(
    synced, editor, reviewer, client
):
    from wagtail_localize.models import StringTranslation, TranslationSource

    from tests.catalogue_pages.test_editorial_journey import en_service

    lv, en = lv_service("PAK-0001"), en_service("PAK-0001")
    lv.introduction = "<p>Redaktora ievads.</p>"
    lv.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(lv)
    source.update_from_db()
    english = en.locale
    for segment in source.stringsegment_set.select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            defaults={"data": "Editor's introduction."},
        )
    assert not en.permissions_for_user(reviewer).can_publish()  # no direct publish

    client.force_login(editor)
    html = client.get(f"/admin/pages/{en.pk}/edit/").content.decode()
    submit = reverse("catalogue_pages_submit_translation", args=[en.pk])
    assert submit in html
    assert client.post(submit).status_code == 302
    en = Page.objects.get(pk=en.pk).specific
    assert "Editor" not in en.introduction  # not public before the review
    assert en.workflow_in_progress

    client.force_login(reviewer)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(en.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    en = Page.objects.get(pk=en.pk).specific
    assert "Editor" in en.introduction and en.live
    assert en.title == "Declaring your place of residence"  # register text kept
