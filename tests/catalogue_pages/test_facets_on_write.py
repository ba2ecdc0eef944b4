"""Catalogue facets are computed on write and stored: the counts follow publish, unpublish, sync."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from catalogue_pages import facets
from catalogue_pages.facets import catalogue_facets, catalogue_order
from catalogue_pages.models import CatalogueFacets, ServicePage
from catalogue_pages.signals import services_changed
from tests.factories import InstitutionPageFactory, ServicePageFactory, TopicFactory


def stored(audience: str = "citizen", language: str = "lv") -> dict:
    return CatalogueFacets.objects.get(audience=audience, language=language).data


def counts(data: dict) -> dict[str, object]:
    shown = data["facets"]
    return {
        "total": shown["total"],
        "topics": {item["slug"]: item["count"] for item in shown["topics"]},
        "institutions": {item["slug"]: item["count"] for item in shown["institutions"]},
        "letters": dict(shown["letters"]),
    }


@pytest.fixture
def world(site_tree):  # type: ignore[no-untyped-def]
    """One live residents' service with a topic and an institution; every catalogue stored."""
    topic = TopicFactory(slug="gimene", name_lv="Ģimene", name_en="Family")
    vid = InstitutionPageFactory(title="Valsts ieņēmumu dienests", slug="vid")
    first = ServicePageFactory(title="Auklīte", slug="aukle", competent_authority=vid)
    first.topics.add(topic)
    first.save()  # ParentalManyToMany writes on save
    facets.refresh()
    return {"topic": topic, "vid": vid, "first": first}


def draft_service(world, **fields):  # type: ignore[no-untyped-def]
    page = ServicePageFactory(competent_authority=world["vid"], live=False, **fields)
    page.topics.add(world["topic"])
    page.save()
    return page


def test_a_fresh_database_computes_and_stores_on_first_read(site_tree):
    ServicePageFactory(title="Bērna reģistrācija", slug="berns")
    assert not CatalogueFacets.objects.exists()
    shown = catalogue_facets("citizen", "lv")
    assert shown["total"] == 1
    assert stored()["facets"] == shown
    assert CatalogueFacets.objects.count() == 1  # only the catalogue that was asked for


def test_counts_after_a_publish(world, django_capture_on_commit_callbacks):
    business = stored("business")
    page = draft_service(world, title="Bērna reģistrācija", slug="berns")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert counts(stored()) == {
        "total": 2,
        "topics": {"gimene": 2},
        "institutions": {"vid": 2},
        "letters": {"A": 1, "B": 1},
    }
    assert page.pk in stored()["order"]
    # Only the catalogues the page is in were recounted.
    assert CatalogueFacets.objects.get(audience="business", language="lv").data == business
    assert stored("business")["facets"]["total"] == 0
    # A page with a cold cache reads the stored row: the new counts, no recount.
    cache.clear()
    assert catalogue_facets("citizen", "lv") == stored()["facets"]
    assert catalogue_order("citizen", "lv") == stored()["order"]


def test_counts_after_an_unpublish(world, django_capture_on_commit_callbacks):
    page = draft_service(world, title="Bērna reģistrācija", slug="berns")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert counts(stored())["total"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        ServicePage.objects.get(pk=world["first"].pk).unpublish()
    assert counts(stored()) == {
        "total": 1,
        "topics": {"gimene": 1},
        "institutions": {"vid": 1},
        "letters": {"B": 1},
    }
    assert stored()["order"] == [page.pk]
    cache.clear()
    assert catalogue_facets("citizen", "lv")["total"] == 1


def test_a_service_moved_to_another_catalogue_leaves_the_old_counts(
    world, django_capture_on_commit_callbacks
):
    page = ServicePage.objects.get(pk=world["first"].pk)
    page.for_citizens = False
    page.for_business = True
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert counts(stored())["total"] == 0
    assert counts(stored("business"))["topics"] == {"gimene": 1}


def test_counts_after_services_changed(world, django_capture_on_commit_callbacks):
    """The sync writes pages without Wagtail's signals, then sends ``services_changed`` once."""
    added = ServicePageFactory(
        title="Ēku reģistrācija", slug="eka", competent_authority=world["vid"], for_business=True
    )
    ServicePage.objects.filter(pk=world["first"].pk).update(live=False)
    assert counts(stored())["total"] == 1  # stale until the signal
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=ServicePage, page_ids=[added.pk, world["first"].pk])
    assert counts(stored()) == {
        "total": 1,
        "topics": {},
        "institutions": {"vid": 1},
        "letters": {"Ē": 1},
    }
    assert counts(stored("business"))["total"] == 1
    assert CatalogueFacets.objects.count() == 6  # every audience in every language
    cache.clear()
    assert catalogue_facets("business", "lv")["total"] == 1


def test_inside_a_transaction_reads_count_its_own_writes(world, django_capture_on_commit_callbacks):
    """Before the commit the stale rows are gone, so a read in the same transaction recounts."""
    added = ServicePageFactory(title="Ēku reģistrācija", slug="eka")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services_changed.send(sender=ServicePage, page_ids=[added.pk])
        cache.clear()
        assert catalogue_facets("citizen", "lv")["total"] == 2
    assert callbacks  # the recount of every catalogue waits for the commit
