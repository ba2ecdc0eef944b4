"""Completeness per service: share of the eight sections the register fills, what is missing,
stale content and missing English — computed on sync and publish, shown to editors."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from catalogue_pages.models import ServicePage
from catalogue_pages.signals import services_changed
from improvement.completeness import SECTIONS, refresh_completeness
from improvement.models import ServiceHealth
from tests.factories import ServicePageFactory


def test_completeness_of_a_full_description_is_100(world):
    health = ServiceHealth.objects.get(identifier="PAK-OWN-1")
    assert (health.score, health.sections_filled, health.sections_total) == (100, 8, 8)
    assert health.missing_sections == []
    assert health.english_missing is False
    assert health.is_stale is False
    assert health.institution_iri == world.owner_org.register_iri


def test_completeness_lists_the_missing_sections_and_their_share(world):
    health = ServiceHealth.objects.get(identifier="PAK-OWN-2")
    assert health.missing_sections == ["cost"]
    assert (health.sections_filled, health.score) == (7, 88)


def test_completeness_of_an_empty_description(site_tree):
    ServicePageFactory(identifier="PAK-EMPTY", for_citizens=False)
    refresh_completeness(["PAK-EMPTY"])
    health = ServiceHealth.objects.get(identifier="PAK-EMPTY")
    assert health.score == 0
    assert health.missing_sections == [code for code, _label in SECTIONS]


def test_completeness_contacts_may_come_from_the_institution(world):
    ServicePage.objects.filter(pk=world.complete.pk).update(contact_points=[])
    refresh_completeness(["PAK-OWN-1"])
    assert ServiceHealth.objects.get(identifier="PAK-OWN-1").missing_sections == []
    world.owner_org.contact_points = []
    world.owner_org.save()
    refresh_completeness(["PAK-OWN-1"])
    assert ServiceHealth.objects.get(identifier="PAK-OWN-1").missing_sections == ["contacts"]


def test_completeness_flags_stale_content_after_a_configurable_age(world, settings):
    old = timezone.now() - timedelta(days=20 * 30)
    ServicePage.objects.filter(identifier="PAK-OWN-1").update(register_modified=old)
    refresh_completeness(["PAK-OWN-1"])
    assert ServiceHealth.objects.get(identifier="PAK-OWN-1").is_stale is True
    settings.IMPROVEMENT_STALE_MONTHS = 24
    refresh_completeness(["PAK-OWN-1"])
    assert ServiceHealth.objects.get(identifier="PAK-OWN-1").is_stale is False


def test_completeness_flags_a_missing_english_translation(world):
    assert ServiceHealth.objects.get(identifier="PAK-OWN-2").english_missing is True
    assert ServiceHealth.objects.get(identifier="PAK-OWN-1").english_missing is False


def test_completeness_is_computed_when_the_sync_reports_changes(
    world, django_capture_on_commit_callbacks
):
    added = ServicePageFactory(identifier="PAK-NEW", competent_authority=world.owner_org)
    assert not ServiceHealth.objects.filter(identifier="PAK-NEW").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=ServicePage, page_ids=[added.pk])
    health = ServiceHealth.objects.get(identifier="PAK-NEW")
    assert health.page_id == added.pk
    assert "cost" in health.missing_sections


def test_completeness_follows_a_publish(world, django_capture_on_commit_callbacks):
    ServicePage.objects.filter(pk=world.no_cost.pk).update(
        costs=[{"value": None, "currency": "", "description": "Bez maksas"}]
    )
    page = ServicePage.objects.get(pk=world.no_cost.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert ServiceHealth.objects.get(identifier="PAK-OWN-2").missing_sections == []


def test_completeness_shown_to_editors_on_the_page_admin_view(client, world, admin_user):
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{world.no_cost.pk}/edit/")
    assert edit.status_code == 200
    assert "/admin/owners/services/PAK-OWN-2/" in edit.content.decode()
    view = client.get("/admin/owners/services/PAK-OWN-2/")
    body = view.content.decode()
    assert view.status_code == 200
    assert "88 %" in body
    assert ("Cost" in body) or ("Maksa" in body)
    assert ("no English translation" in body) or ("angļu" in body)


def test_a_refresh_in_chunks_stores_what_one_refresh_stores(world, monkeypatch):
    """After a sync the pages are refreshed a thousand at a time: with chunks of one page,
    a service whose Latvian and English pages fall in different chunks gets the same row as
    with every page at once."""
    from improvement import services

    english = ServicePage.objects.filter(identifier__in=["PAK-OWN-1", "PAK-OTH-1"]).exclude(
        locale__language_code="lv"
    )
    pages = [
        world.complete.pk,
        world.no_cost.pk,
        world.foreign.pk,
        *english.values_list("pk", flat=True),
    ]
    fields = ("identifier", "score", "missing_sections", "english_missing", "page_id")

    def rows() -> list[tuple[object, ...]]:
        return list(ServiceHealth.objects.order_by("identifier").values_list(*fields))

    whole = rows()
    ServiceHealth.objects.all().delete()
    monkeypatch.setattr(services, "REFRESH_CHUNK", 1)

    assert services.refresh_pages(pages) == 3
    assert rows() == whole
    assert len(whole) == 3
