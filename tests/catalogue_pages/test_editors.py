"""Editors curate and translate; only the sync creates, deletes or changes register data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import GroupApprovalTask, Locale, WorkflowPage

from catalogue_pages.models import (
    CatalogueIndexPage,
    HomePage,
    InstitutionPage,
    LifeSituationPage,
    ServicePage,
)

pytestmark = pytest.mark.django_db

REGISTER_ONLY = {
    "summary",
    "channels",
    "costs",
    "requirements",
    "identifier",
    "title",
    "competent_authority",
}


@pytest.mark.parametrize(
    "model", [ServicePage, LifeSituationPage, InstitutionPage, HomePage, CatalogueIndexPage]
)
def test_translatable_fields_never_name_a_register_field(model):
    names = {field.field_name for field in model.translatable_fields}
    register = set(getattr(model, "register_fields", ()))
    assert names, "editorial fields must be declared"
    assert not names & register
    assert not names & REGISTER_ONLY - (
        {"title"} if model in (HomePage, CatalogueIndexPage) else set()
    )


def test_translating_editorial_content_never_touches_en_register_fields(catalogue):
    from wagtail_localize.models import StringTranslation, TranslationSource

    lv = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    lv.introduction = "<p>Redaktora ievads</p>"
    lv.save_revision().publish()
    en = ServicePage.objects.get(pk=catalogue.citizen_only_en.pk)
    before = {name: getattr(en, name) for name in ServicePage.register_fields}

    source, _created = TranslationSource.get_or_create_from_instance(lv)
    english = Locale.objects.get(language_code="en")
    for segment in source.stringsegment_set.select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            defaults={"data": "Editor's introduction"},
        )
    source.create_or_update_translation(english, fallback=True)
    en.refresh_from_db()
    assert (
        "Editor&#x27;s introduction" in en.introduction
        or "Editor's introduction" in en.introduction
    )
    assert {name: getattr(en, name) for name in ServicePage.register_fields} == before
    assert en.title == "Declaring your place of residence"
    assert en.summary == "Declare your residence online or in person."

    # The sync runs again (writes the en register fields directly) and then editors translate again.
    ServicePage.objects.filter(pk=en.pk).update(summary="Updated by the register.")
    source.update_from_db()
    source.create_or_update_translation(english, fallback=True)
    en.refresh_from_db()
    assert en.summary == "Updated by the register."


def test_translation_does_not_republish_a_withdrawn_service(catalogue):
    import datetime as dt

    from wagtail_localize.models import TranslationSource

    ServicePage.objects.filter(pk=catalogue.citizen_only_en.pk).update(
        live=False, withdrawn_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    )
    source, _created = TranslationSource.get_or_create_from_instance(catalogue.citizen_only)
    source.create_or_update_translation(Locale.objects.get(language_code="en"), fallback=True)
    en = ServicePage.objects.get(pk=catalogue.citizen_only_en.pk)
    assert en.live is False


def test_old_revision_cannot_restore_register_values(catalogue):
    page = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    revision = page.save_revision()
    ServicePage.objects.filter(pk=page.pk).update(summary="Jauns apraksts no reģistra")
    page.refresh_from_db()
    restored = page.with_content_json(revision.content)
    assert restored.summary == "Jauns apraksts no reģistra"


@pytest.fixture
def editor(site_tree):  # type: ignore[no-untyped-def]
    user = User.objects.create_user("redaktors", password="pw-123456")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize("model", [ServicePage, LifeSituationPage, InstitutionPage])
def test_register_pages_are_not_creatable(model):
    assert model.is_creatable is False


def test_nobody_may_delete_move_or_copy_register_pages(catalogue, editor, admin_user):
    for user in (editor, admin_user):
        for page in (catalogue.citizen_only, catalogue.guide, catalogue.institution):
            perms = page.permissions_for_user(user)
            assert not perms.can_delete()
            assert not perms.can_move()
            assert not perms.can_copy()


def test_admin_refuses_create_and_delete(client, catalogue, admin_user, site_tree):
    client.force_login(admin_user)
    parent = site_tree.services["lv"]
    response = client.get(f"/admin/pages/add/catalogue_pages/servicepage/{parent.pk}/")
    assert response.status_code in (302, 403)
    response = client.post(f"/admin/pages/{catalogue.citizen_only.pk}/delete/")
    assert response.status_code in (302, 403)
    assert ServicePage.objects.filter(pk=catalogue.citizen_only.pk).exists()


def test_edit_view_shows_provenance_and_only_editorial_fields(client, catalogue, admin_user):
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{catalogue.citizen_only.pk}/edit/").content.decode()
    assert "PAK-1" in html  # provenance panel
    assert 'name="introduction"' in html
    assert 'name="summary"' not in html and 'name="channels"' not in html
    assert 'name="go_live_at"' in html  # scheduled publishing


@pytest.mark.parametrize("model", [ServicePage, LifeSituationPage, InstitutionPage])
def test_edit_form_has_no_register_field(model):
    form_class = model.get_edit_handler().get_form_class()
    fields = set(form_class.base_fields)
    assert "introduction" in fields
    assert not fields & set(model.register_fields)


def test_moderation_workflow_with_reviewers_on_every_home_page(site_tree):
    from catalogue_pages.workflow import REVIEWERS, ensure_moderation

    workflow = ensure_moderation()
    reviewers = Group.objects.get(name=REVIEWERS)
    moderators = Group.objects.get(name="Moderators")  # Wagtail's own group reviews too
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert set(task.groups.all()) == {reviewers, moderators}
    for home in HomePage.objects.all():
        assert WorkflowPage.objects.get(page=home).workflow == workflow
    assert ensure_moderation() == workflow  # idempotent
