"""A full sync of the demo register, end to end, through the real command."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Revision

from catalogue_pages.models import InstitutionPage, ServicePage, Topic
from sync.models import SyncRun
from tests.sync.conftest import DEMO_SNAPSHOT, services_of, sync

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_first_sync_creates_lv_and_en_pages(site_tree, demo_doc):
    lines = sync(DEMO_SNAPSHOT)
    n = len(services_of(demo_doc))
    assert lines[-1].startswith(f"created={n} updated=0 unchanged=0 withdrawn=0")
    lv = ServicePage.objects.filter(locale__language_code="lv")
    en = ServicePage.objects.filter(locale__language_code="en")
    assert lv.count() == n
    page = lv.get(identifier="PAK-0001")
    assert page.title == "Dzīvesvietas deklarēšana"
    assert page.live and page.for_citizens and page.is_online and page.is_free
    assert page.competent_authority.title.startswith("Pilsonības")
    assert page.channels[0]["type"] == "e-service"
    assert page.requirements[0]["evidence"][0]["title"]
    assert page.topics.exists()
    english = en.get(identifier="PAK-0001")
    assert english.title == "Declaring your place of residence"
    assert english.translation_key == page.translation_key
    assert english.slug == page.slug
    assert english.get_parent().pk == site_tree.services["en"].pk
    assert english.competent_authority.locale.language_code == "en"
    assert Page.objects.get(pk=page.pk).specific.__class__ is ServicePage
    assert InstitutionPage.objects.filter(locale__language_code="lv").exists()
    assert Topic.objects.exists()
    assert SyncRun.objects.get().status == SyncRun.SUCCESS


def test_tree_is_consistent_after_bulk_creation(site_tree):
    sync(DEMO_SNAPSHOT)
    from wagtail.models import Page as P

    problems = P.find_problems()
    assert all(not p for p in problems), problems
    index = site_tree.services["lv"]
    index.refresh_from_db()
    assert index.numchild == ServicePage.objects.filter(locale__language_code="lv").count()
    page = ServicePage.objects.filter(locale__language_code="lv").first()
    assert page.url_path == f"{index.url_path}{page.slug}/"


def test_second_run_writes_nothing(site_tree, demo_doc):
    sync(DEMO_SNAPSHOT)
    revisions = Revision.objects.count()
    with CaptureQueriesContext(connection) as queries:
        lines = sync(DEMO_SNAPSHOT)
    n = len(services_of(demo_doc))
    assert lines[-1] == f"created=0 updated=0 unchanged={n} withdrawn=0 skipped=0"
    page_tables = ("wagtailcore_page", "catalogue_pages_")
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and any(t in q["sql"] for t in page_tables)
    ]
    assert writes == []
    assert Revision.objects.count() == revisions


def test_internal_only_data_reaches_no_row(site_tree):
    """The private namespace of the register (marker INTERNAL-ONLY) is in no table."""
    assert b"INTERNAL-ONLY" in DEMO_SNAPSHOT.read_bytes()
    sync(DEMO_SNAPSHOT)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                assert "INTERNAL-ONLY" not in repr(row), table
                assert "kpiSatisfaction" not in repr(row), table
                assert "virsis.example/ns/private" not in repr(row), table
