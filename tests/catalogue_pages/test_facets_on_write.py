"""Catalogue facets are computed on write and stored: the counts follow publish, unpublish, sync."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from catalogue_pages import facets
from catalogue_pages.facets import catalogue_facets, catalogue_order, catalogue_order_slice
from catalogue_pages.models import CatalogueFacets, CatalogueOrderChunk, ServicePage
from catalogue_pages.signals import services_changed
from tests.factories import InstitutionPageFactory, ServicePageFactory, TopicFactory


def stored(audience: str = "citizen", language: str = "lv") -> dict:
    return CatalogueFacets.objects.get(audience=audience, language=language).data


def stored_order(audience: str = "citizen", language: str = "lv") -> list[int]:
    order: list[int] = []
    for pks in (
        CatalogueOrderChunk.objects.filter(audience=audience, language=language)
        .order_by("number")
        .values_list("pks", flat=True)
    ):
        order.extend(pks)
    return order


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
    assert page.pk in stored_order()
    # Only the catalogues the page is in were recounted.
    assert CatalogueFacets.objects.get(audience="business", language="lv").data == business
    assert stored("business")["facets"]["total"] == 0
    # A page with a cold cache reads the stored row: the new counts, no recount.
    cache.clear()
    assert catalogue_facets("citizen", "lv") == stored()["facets"]
    assert catalogue_order("citizen", "lv") == stored_order()


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
    assert stored_order() == [page.pk]
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


def test_the_order_is_stored_in_chunks_and_a_page_reads_its_window(
    site_tree, monkeypatch, django_assert_max_num_queries
):
    """A page reads the chunk(s) holding its rows, not the whole order (issue 23)."""
    monkeypatch.setattr(facets, "ORDER_CHUNK", 3)
    for title in ["Ēka", "Auto", "Zeme", "Bērns", "Čeks", "Ala", "Dzīvoklis"]:
        ServicePageFactory(title=title)
    facets.refresh([("citizen", "lv")])
    order = catalogue_order("citizen", "lv")
    titles = dict(ServicePage.objects.values_list("pk", "title"))
    assert [titles[pk] for pk in order] == [
        "Ala", "Auto", "Bērns", "Čeks", "Dzīvoklis", "Ēka", "Zeme"
    ]  # fmt: skip
    assert list(
        CatalogueOrderChunk.objects.filter(audience="citizen", language="lv")
        .order_by("number")
        .values_list("number", "pks")
    ) == [(0, order[0:3]), (1, order[3:6]), (2, order[6:7])]
    assert CatalogueFacets.objects.get(audience="citizen", language="lv").services == 7
    for start, stop in [(0, 2), (2, 5), (3, 6), (5, 20), (6, 7), (7, 9), (1, 1)]:
        cache.clear()
        with django_assert_max_num_queries(2):  # the generation is read once, then the chunks
            assert catalogue_order_slice("citizen", "lv", start, stop) == order[start:stop]


def test_a_shorter_catalogue_leaves_no_stale_chunk_behind(
    world, django_capture_on_commit_callbacks
):
    page = draft_service(world, title="Bērna reģistrācija", slug="berns")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    catalogue_order_slice("citizen", "lv", 0, 20)  # cached under the current generation
    with django_capture_on_commit_callbacks(execute=True):
        ServicePage.objects.get(pk=page.pk).unpublish()
    assert catalogue_order_slice("citizen", "lv", 0, 20) == [world["first"].pk]
    assert stored_order() == [world["first"].pk]


def test_the_home_page_counts_come_from_the_stored_rows(
    world, client, django_capture_on_commit_callbacks
):
    """The home page's catalogue sizes follow publishes without counting the services on read."""
    from catalogue_pages.facets import catalogue_sizes

    assert catalogue_sizes("lv") == {"citizen": 1, "business": 0, "public-administration": 0}
    page = draft_service(world, title="Bērna reģistrācija", slug="berns", for_business=True)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert catalogue_sizes("lv") == {"citizen": 2, "business": 1, "public-administration": 0}
    CatalogueFacets.objects.filter(audience="citizen", language="lv").update(services=7)
    assert catalogue_sizes("lv")["citizen"] == 7  # read, not counted
    CatalogueFacets.objects.filter(audience="public-administration", language="lv").delete()
    # A catalogue never stored (a fresh database): counted on read.
    assert catalogue_sizes("lv") == {"citizen": 2, "business": 1, "public-administration": 0}


def test_the_upgrade_moves_a_stored_order_into_chunks(site_tree):
    """Rows stored before the chunks (order and situations inside the JSON) are split by the
    migration, so no catalogue page recounts after the upgrade."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("catalogue_pages.migrations.0006_catalogue_order_chunks")
    situations = [{"slug": "parcelsanas", "title": "Pārceļos", "kind": "life", "count": 2}]
    CatalogueFacets.objects.create(
        audience="citizen",
        language="lv",
        data={"facets": {"total": 2501}, "order": list(range(1, 2502)), "situations": situations},
        computed_at=timezone.now(),
    )
    migration.split_stored_orders(apps, None)
    row = CatalogueFacets.objects.get()
    assert row.data == {"facets": {"total": 2501}}
    assert row.situations == situations
    assert row.services == 2501
    assert stored_order() == list(range(1, 2502))
    assert CatalogueOrderChunk.objects.count() == 3
    migration.join_stored_orders(apps, None)
    assert CatalogueFacets.objects.get().data["order"] == list(range(1, 2502))
