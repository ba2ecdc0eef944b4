"""``catalogue_pages.bulk_sql`` writes what Wagtail, modelsearch and wagtail-localize write
themselves, for every page type the sync publishes. The statements are built by hand for
speed (docs/benchmarks.md); an upgrade of any of the three that changes the format fails here.

* search entries: the same tsvectors, plain texts and title norms as modelsearch's
  ``PostgresIndex.add_items`` (PostgreSQL; the other backends are called as they are);
* revisions: the content Wagtail's own ``save_revision`` stores for the page;
* translation sources: the content wagtail-localize's ``update_or_create_from_instance``
  stores, the same text as the page's revision;
* ``insert_rows``: the rows (and keys, in order) Django's ``bulk_create`` gives.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail_localize.models import TranslationSource

from catalogue_pages import bulk, bulk_sql
from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage
from tests.sync.conftest import DEMO_SNAPSHOT, sync

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

#: Every page type the sync writes (``sync.write``).
SYNCED = [ServicePage, LifeSituationPage, InstitutionPage]
#: Set on the row after the revision is serialised (Wagtail's own publish does the same).
REVISION_POINTERS = {"live_revision", "latest_revision", "latest_revision_created_at"}


def _without_pointers(content: dict) -> dict:
    return {k: v for k, v in content.items() if k not in REVISION_POINTERS}


def _entries(model: type[Page]) -> dict[str, tuple]:
    """object_id → the index entry's columns as PostgreSQL prints them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, title::text, autocomplete::text, body::text, title_text, "
            "body_text, title_norm FROM wagtailsearch_indexentry WHERE content_type_id = %s",
            [ContentType.objects.get_for_model(model).pk],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


@pytest.mark.parametrize("model", SYNCED)
def test_search_entries_are_modelsearchs_own(site_tree, model):
    if connection.vendor != "postgresql":
        pytest.skip("the hand-built statement is the PostgreSQL backend's")
    sync(DEMO_SNAPSHOT)
    index = get_search_backend().get_index_for_model(model)
    assert bulk_sql.supports_search_entry_sql(index)
    # Title norms depend on the whole index when they are refreshed (the run refreshes once
    # per model, tests/catalogue_pages/test_bulk.py): compared over the same index here.
    index._refresh_title_norms(full=True)
    ours = _entries(model)
    pages = list(model.objects.order_by("pk"))
    assert pages and set(ours) == {str(p.pk) for p in pages}
    assert len({entry[:3] for entry in ours.values()}) > len(ours) // 2  # each page its own

    content_type = ContentType.objects.get_for_model(model)
    IndexEntry.objects.filter(content_type=content_type).delete()
    index.add_items(model, pages)  # modelsearch's own statement
    index._refresh_title_norms(full=True)
    assert _entries(model) == ours


def test_a_services_entry_has_its_institution_and_its_identifier_words(site_tree):
    """The entry the hand-built statement writes is a searchable one, not only an equal one:
    the admin's search finds a service by its institution and by its identifier."""
    if connection.vendor != "postgresql":
        pytest.skip("the hand-built statement is the PostgreSQL backend's")
    sync(DEMO_SNAPSHOT)
    page = ServicePage.objects.filter(competent_authority__isnull=False).order_by("pk").first()
    title, autocomplete, body, title_text, body_text, _norm = _entries(ServicePage)[str(page.pk)]
    assert page.competent_authority.title in title_text
    assert page.identifier in body_text
    assert page.identifier.split("-")[0].lower() in autocomplete


@pytest.mark.parametrize("model", SYNCED)
def test_revisions_and_sources_are_wagtails_and_localizes_own(site_tree, model):
    sync(DEMO_SNAPSHOT)
    pages = list(model.objects.filter(live=True).order_by("pk")[:20])
    assert pages
    for page in pages:
        stored = page.live_revision
        assert stored.object_str == str(page)
        if page.locale.language_code == bulk.SOURCE_LANGUAGE:
            source = TranslationSource.objects.get(object_id=page.translation_key)
            ours = json.loads(source.content_json)
            theirs, created = TranslationSource.update_or_create_from_instance(page)
            assert not created and theirs.pk == source.pk
            assert _without_pointers(ours) == _without_pointers(json.loads(theirs.content_json))
            # One serialisation for both: the source's text is the revision's content.
            assert _without_pointers(ours) == _without_pointers(stored.content)
        # Wagtail's own revision of the same page, as stored.
        own = Revision.objects.get(pk=page.save_revision(clean=False).pk)
        assert _without_pointers(stored.content) == _without_pointers(own.content)


def test_inserted_rows_are_what_bulk_create_writes(site_tree):
    page = Page.objects.get(pk=site_tree.services["lv"].pk)
    content = {"title": 'Ā "quoted" \\ back\'slash', "n": [1, 2], "at": timezone.now()}
    text = json.dumps(content, cls=DjangoJSONEncoder)
    base = ContentType.objects.get_for_model(Page)
    now = timezone.now()

    def revision(name: str) -> Revision:
        return Revision(
            content_type=base,
            base_content_type=base,
            object_id=str(page.pk),
            created_at=now,
            object_str=name,
            content=content,
        )

    pks = bulk_sql.insert_rows(
        Revision, [revision("a"), revision("b"), revision("c")], raw={"content": [text] * 3}
    )
    theirs = Revision.objects.bulk_create([revision("a"), revision("b"), revision("c")])
    assert pks == sorted(pks) and len(set(pks)) == 3
    assert [Revision.objects.get(pk=pk).object_str for pk in pks] == ["a", "b", "c"]
    fields = ["content_type", "base_content_type", "object_id", "created_at", "object_str"]
    for pk, their in zip(pks, theirs, strict=True):
        ours, their = Revision.objects.get(pk=pk), Revision.objects.get(pk=their.pk)
        assert ours.content == their.content == json.loads(text)
        assert [getattr(ours, f) for f in fields] == [getattr(their, f) for f in fields]
    # The table's sequence moved past the drawn keys: Django's next insert does not collide.
    assert Revision.objects.create(
        content_type=base, base_content_type=base, object_id="x", object_str="d", content={}
    ).pk > max(pks)
