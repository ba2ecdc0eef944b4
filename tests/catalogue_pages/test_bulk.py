"""``catalogue_pages.bulk`` pinned: what each Wagtail, treebeard, Django and wagtail-localize
internal it uses is used for. An upgrade that changes one of them fails here, in one place.

* ``Page._str2int`` / ``Page._get_path``: new children continue the parent's path sequence,
  after children Wagtail made and before the ones it makes next; treebeard finds no problem.
* ``QuerySet._batched_insert``: the specific rows of multi-table pages exist and read back.
* hand-built ``TranslationSource`` rows: the same content and schema as wagtail-localize's own
  ``update_or_create_from_instance``, and a ``Translation`` for the English page.
"""

from __future__ import annotations

import json
import uuid

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from catalogue_pages import bulk
from catalogue_pages.models import InstitutionPage, ServicePage

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

REVISION_POINTERS = {"live_revision", "latest_revision", "latest_revision_created_at"}


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
