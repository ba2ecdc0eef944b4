"""The admin around register pages: provenance, fixed slugs, and where pages may be created."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from catalogue_pages.models import (
    CatalogueIndexPage,
    HomePage,
    InstitutionIndexPage,
    InstitutionPage,
    LifeSituationIndexPage,
    LifeSituationPage,
    ServiceIndexPage,
    ServicePage,
)

pytestmark = pytest.mark.django_db

FIXED_SLUG_MODELS = [
    HomePage,
    CatalogueIndexPage,
    ServiceIndexPage,
    LifeSituationIndexPage,
    InstitutionIndexPage,
    ServicePage,
    LifeSituationPage,
    InstitutionPage,
]


def test_provenance_panel_shows_the_sync_time_and_every_register_section(
    catalogue, admin_user, client
):
    synced = timezone.make_aware(dt.datetime(2026, 11, 30, 14, 5))
    ServicePage.objects.filter(pk=catalogue.citizen_only.pk).update(synced_at=synced)
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{catalogue.citizen_only.pk}/edit/").content.decode()
    assert "Not synced yet." not in html and "Vēl nav sinhronizēts." not in html
    shown = set()
    for language in ("lv", "en"):
        with translation.override(language):
            shown.add(date_format(timezone.localtime(synced), "SHORT_DATETIME_FORMAT"))
    assert any(value in html for value in shown), shown
    for section in (
        "channels",
        "costs",
        "requirements",
        "outputs",
        "legal_resources",
        "contact_points",
    ):
        assert f'data-register-section="{section}"' in html
    for text in (
        "Tiešsaistē ar eParakstu",  # a channel
        "Valsts nodeva",  # a cost
        "Personas apliecība",  # a document needed
        "Pase vai eID karte",  # its evidence
        "Deklarēta dzīvesvieta",  # an output
        "Dzīvesvietas deklarēšanas likums",  # legal basis
        "info@pmlp.gov.lv",  # contacts
    ):
        assert text in html
    assert 'name="costs"' not in html and 'name="channels"' not in html  # read-only


@pytest.mark.parametrize("model", FIXED_SLUG_MODELS)
def test_register_and_structural_pages_have_read_only_slugs(model):
    form_class = model.get_edit_handler().get_form_class()
    assert "slug" not in form_class.base_fields


def test_the_slug_is_shown_but_a_crafted_post_cannot_change_it(catalogue, admin_user, client):
    client.force_login(admin_user)
    guide = catalogue.guide
    html = client.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
    assert guide.slug in html
    assert 'name="slug"' not in html


@pytest.mark.parametrize(
    "model",
    [HomePage, CatalogueIndexPage, ServiceIndexPage, LifeSituationIndexPage, InstitutionIndexPage],
)
def test_structural_pages_are_created_by_the_site_tree_only(site_tree, model):
    for home in HomePage.objects.all():
        assert not model.can_create_at(home)


def test_no_fourth_catalogue_can_be_added_under_home(site_tree, admin_user, client):
    client.force_login(admin_user)
    home = site_tree.home["lv"]
    response = client.get(f"/admin/pages/{home.pk}/add_subpage/")
    html = response.content.decode() if response.status_code == 200 else ""
    assert "catalogueindexpage" not in html
    response = client.get(f"/admin/pages/add/catalogue_pages/catalogueindexpage/{home.pk}/")
    assert response.status_code in (302, 403)
    assert CatalogueIndexPage.objects.filter(locale=home.locale).count() == 3


def test_signed_in_editors_see_the_userbar_on_public_pages(catalogue, admin_user, client):
    url = catalogue.citizen_only.url
    assert "wagtail-userbar" not in client.get(url).content.decode()
    client.force_login(admin_user)
    html = client.get(url).content.decode()
    assert "wagtail-userbar" in html
    assert f"/admin/pages/{catalogue.citizen_only.pk}/edit/" in html


def test_run_now_appears_when_the_register_address_is_set(site_tree, admin_client, settings):
    from django.urls import reverse

    settings.REGISTER_URL = ""
    html = admin_client.get(reverse("sync_runs")).content.decode()
    assert 'action="/admin/sync/run-now/"' not in html
    assert "REGISTER_URL" in html  # says how to get the button
    settings.REGISTER_URL = "http://127.0.0.1:9/snapshot.jsonld"
    html = admin_client.get(reverse("sync_runs")).content.decode()
    assert 'action="/admin/sync/run-now/"' in html


@pytest.mark.parametrize("view", ["delete", "move", "copy", "unpublish"])
def test_refusals_on_register_pages_say_why(catalogue, site_tree, client, view):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("redaktors", password="pw-123456")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    page = catalogue.citizen_only
    with translation.override("en"):
        response = client.get(f"/admin/pages/{page.pk}/{view}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("made by the register sync" in m or "reģistra sinhronizācija" in m for m in shown)
    assert ServicePage.objects.filter(pk=page.pk, live=True).exists()


def test_bulk_bar_offers_no_move_or_delete(catalogue, site_tree, admin_client):
    html = admin_client.get(f"/admin/pages/{site_tree.services['lv'].pk}/").content.decode()
    assert "/admin/bulk/wagtailcore/page/delete/" not in html
    assert "/admin/bulk/wagtailcore/page/move/" not in html
    assert "/admin/bulk/wagtailcore/page/publish/" in html  # the bar itself is there
    response = admin_client.get(
        f"/admin/bulk/wagtailcore/page/delete/?id={catalogue.citizen_only.pk}", follow=True
    )
    assert response.status_code == 404
    assert ServicePage.objects.filter(pk=catalogue.citizen_only.pk).exists()


@pytest.mark.parametrize("group", ["Satura recenzenti", "Moderators", "Editors"])
def test_only_the_workflow_publishes_pages_in_either_language(catalogue, site_tree, group):
    from django.contrib.auth.models import Group, User
    from wagtail.models import GroupApprovalTask

    from catalogue_pages.workflow import TASK, ensure_moderation

    ensure_moderation()
    user = User.objects.create_user(f"u-{group}", password="pw-123456")
    user.groups.add(Group.objects.get(name=group))
    for page in (catalogue.citizen_only, catalogue.guide, site_tree.home["lv"]):
        perms = page.permissions_for_user(user)
        assert perms.can_edit()
        assert not perms.can_publish() and not perms.can_unpublish()
    reviews = GroupApprovalTask.objects.get(name=TASK).groups.filter(name=group).exists()
    assert reviews == (group != "Editors")
    # The English translation goes through the same review: nobody publishes it directly.
    en_perms = catalogue.citizen_only_en.permissions_for_user(user)
    assert en_perms.can_edit() and not en_perms.can_publish()
    assert user.has_perm("wagtail_localize.submit_translation")
