"""``catalogue_pages.bulk`` pinned: what each Wagtail, treebeard, Django and wagtail-localize
internal it uses is used for. An upgrade that changes one of them fails here, in one place.

* ``Page._str2int`` / ``Page._get_path``: new children continue the parent's path sequence,
  after children Wagtail made and before the ones it makes next; treebeard finds no problem.
* the specific rows of multi-table pages, inserted on their own: they exist and read back.
* hand-built ``TranslationSource`` rows: the same content and schema as wagtail-localize's own
  ``update_or_create_from_instance``, and a ``Translation`` for the English page.
* ``PostgresIndex._refresh_title_norms``: run once per publication, with the norms it sets.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Avg
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail.search.models import IndexEntry
from wagtail_localize.models import Translation, TranslationSource

from catalogue_pages import bulk
from catalogue_pages.models import InstitutionPage, ServicePage

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

REVISION_POINTERS = {"live_revision", "latest_revision", "latest_revision_created_at"}
#: Distinct words: the PostgreSQL index's title length is its tsvector's, in lexemes.
WORDS = ["zeme", "ūdens", "gaiss", "uguns", "koks"]


def _without_pointers(content_json: str) -> dict:
    return {k: v for k, v in json.loads(content_json).items() if k not in REVISION_POINTERS}


def _new(slug: str, **fields: object) -> bulk.NewPage:
    return bulk.NewPage(
        fields={"title": slug.title(), "identifier": slug.upper(), **fields},
        slug=slug,
        translation_key=uuid.uuid4(),
    )


def test_bulk_children_continue_the_tree_wagtail_builds(site_tree):
    parent = site_tree.services["lv"]
    first = parent.add_child(instance=ServicePage(title="Pirmais", slug="pirmais"))
    pks = bulk.bulk_create_pages(
        ServicePage,
        parent,
        [_new("otrais"), _new("tresais")],
        Locale.objects.get(language_code="lv"),
    )
    parent = Page.objects.get(pk=parent.pk)
    last = parent.add_child(instance=ServicePage(title="Ceturtais", slug="ceturtais"))
    children = list(Page.objects.get(pk=parent.pk).get_children().values_list("pk", flat=True))
    assert children == [first.pk, *pks, last.pk]
    assert Page.objects.get(pk=parent.pk).numchild == 4
    paths = list(
        Page.objects.filter(pk__in=children).order_by("path").values_list("path", flat=True)
    )
    assert [Page._str2int(p[-Page.steplen :]) for p in paths] == [1, 2, 3, 4]
    assert all(problems == [] for problems in Page.find_problems())


def test_bulk_pages_are_whole_specific_pages(site_tree):
    (pk,) = bulk.bulk_create_pages(
        ServicePage,
        site_tree.services["lv"],
        [_new("viens", summary="Apraksts", channels=[{"type": "phone"}])],
        Locale.objects.get(language_code="lv"),
    )
    page = Page.objects.get(pk=pk).specific
    assert isinstance(page, ServicePage)
    assert (page.summary, page.channels, page.url_path.endswith("/viens/")) == (
        "Apraksts",
        [{"type": "phone"}],
        True,
    )
    assert page.synced_at is not None and page.live


def test_bulk_updates_change_only_the_given_fields(site_tree):
    (pk,) = bulk.bulk_create_pages(
        ServicePage,
        site_tree.services["lv"],
        [_new("divi", summary="Vecs")],
        Locale.objects.get(language_code="lv"),
    )
    bulk.bulk_update_pages(ServicePage, [(pk, {"title": "Jauns", "summary": "Jauns teksts"})])
    page = ServicePage.objects.get(pk=pk)
    assert (page.title, page.draft_title, page.summary, page.slug) == (
        "Jauns",
        "Jauns",
        "Jauns teksts",
        "divi",
    )


def test_the_published_source_is_what_wagtail_localize_would_write(site_tree):
    lv, en = Locale.objects.get(language_code="lv"), Locale.objects.get(language_code="en")
    key = uuid.uuid4()
    lv_new = bulk.NewPage(
        fields={"title": "Iestāde", "identifier": "I-1"}, slug="iestade", translation_key=key
    )
    en_new = bulk.NewPage(
        fields={"title": "Institution", "identifier": "I-1"}, slug="iestade", translation_key=key
    )
    (lv_pk,) = bulk.bulk_create_pages(InstitutionPage, site_tree.institutions["lv"], [lv_new], lv)
    (en_pk,) = bulk.bulk_create_pages(InstitutionPage, site_tree.institutions["en"], [en_new], en)
    bulk.record_publication({InstitutionPage: [lv_pk, en_pk]})

    ours = TranslationSource.objects.get(object_id=key, locale=lv)
    page = InstitutionPage.objects.get(pk=lv_pk)
    assert page.live_revision_id is not None and page.live_revision_id == page.latest_revision_id
    theirs, _created = TranslationSource.update_or_create_from_instance(page)
    assert theirs.pk == ours.pk  # localize finds our row as its own
    # The revision pointers are set on the row after serialising, as Wagtail's publish does.
    assert _without_pointers(theirs.content_json) == _without_pointers(ours.content_json)
    assert (theirs.schema_version, theirs.specific_content_type_id) == (
        ours.schema_version,
        ours.specific_content_type_id,
    )
    assert Translation.objects.filter(source=ours, target_locale=en).exists()


def test_translations_are_written_a_keyset_page_at_a_time_for_every_target(site_tree, monkeypatch):
    """``write_translations`` reads its targets a page of primary keys at a time (the list
    of every English page was held at a first sync's end): pages smaller than the targets,
    and than a publication batch, still give every target its Translation, once."""
    lv, en = Locale.objects.get(language_code="lv"), Locale.objects.get(language_code="en")
    keys = [uuid.uuid4() for _ in range(7)]
    pks: list[int] = []
    for locale in (lv, en):  # the same seven institutions in both languages, one translation key
        pks += bulk.bulk_create_pages(
            InstitutionPage,
            site_tree.institutions[locale.language_code],
            [
                bulk.NewPage({"title": f"I{n}", "identifier": f"I-{n}"}, f"i{n}", k)
                for n, k in enumerate(keys)
            ],
            locale,
        )
    bulk.record_publication({InstitutionPage: pks})
    Translation.objects.all().delete()
    monkeypatch.setattr(bulk, "TRANSLATION_PAGE", 3)
    monkeypatch.setattr(bulk, "PUBLICATION_BATCH", 2)
    bulk.write_translations(InstitutionPage)
    pairs = set(Translation.objects.values_list("source__object_id", "target_locale_id"))
    assert pairs == {(k, en.pk) for k in keys}
    bulk.write_translations(InstitutionPage)  # nothing left to translate: nothing added
    assert Translation.objects.count() == len(keys)


def test_search_title_norms_are_refreshed_once_for_all_batches(site_tree, monkeypatch):
    """modelsearch's ``PostgresIndex._refresh_title_norms`` (two full scans of the index) is
    held back per batch and run once: every new entry ends at average length / own length
    (lengths in lexemes: the index's title is a tsvector)."""
    if connection.vendor != "postgresql":
        pytest.skip("only the PostgreSQL search backend keeps title norms")
    monkeypatch.setattr(bulk, "PUBLICATION_BATCH", 2)
    pks = bulk.bulk_create_pages(
        ServicePage,
        site_tree.services["lv"],
        [_new(f"lapa-{n}", title=" ".join(WORDS[:n])) for n in range(1, 6)],
        Locale.objects.get(language_code="lv"),
    )
    with CaptureQueriesContext(connection) as captured:
        bulk.record_publication({ServicePage: pks})
    assert sum("AVG(LENGTH(" in q["sql"] for q in captured.captured_queries) == 1
    titled = IndexEntry.objects.annotate(length=Length("title")).filter(length__gt=0)
    average = titled.aggregate(Avg("length"))["length__avg"]
    ours = titled.filter(
        content_type=ContentType.objects.get_for_model(ServicePage),
        object_id__in=[str(pk) for pk in pks],
    )
    assert len({entry.length for entry in ours}) == 5
    for entry in ours:
        assert entry.title_norm == pytest.approx(average / entry.length)
