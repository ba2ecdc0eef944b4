"""A full reindex reads the catalogue ``BULK_CHUNK`` rows at a time, guides as well as services,
so its memory is flat in the catalogue's size (the figures are in docs/benchmarks.md)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue_pages.site_tree import ensure_site_tree
from search import indexing
from search.documents import ServiceDocument
from tests.factories import (
    InstitutionPageFactory,
    LifeSituationPageFactory,
    ServicePageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _reads_of(table: str, queries: list[dict[str, str]]) -> list[str]:
    """The statements that select rows *of* ``table`` (not those joining it)."""
    return [q["sql"] for q in queries if re.search(rf'FROM "{table}"', q["sql"])]


def test_a_reindex_reads_services_and_guides_a_chunk_at_a_time(site_tree, monkeypatch):
    services = [ServicePageFactory() for _ in range(5)]
    guides = [LifeSituationPageFactory() for _ in range(5)]
    for guide in guides:
        guide.services.set(services[:3])
    monkeypatch.setattr(indexing, "BULK_CHUNK", 2)

    with CaptureQueriesContext(connection) as ctx:
        pages = [
            item[0] if isinstance(item, tuple) else item for item in indexing.catalogue_pages()
        ]

    assert [p.pk for p in pages] == [s.pk for s in services] + [g.pk for g in guides]
    for table in ("catalogue_pages_servicepage", "catalogue_pages_lifesituationpage"):
        reads = _reads_of(table, ctx.captured_queries)
        main = [sql for sql in reads if "LIMIT 2" in sql]
        assert len(main) == 3 + 1  # 5 rows in pages of 2, and the empty page that ends it
        # every other read of the table is a prefetch for one page of rows (an IN list)
        assert all(" IN (" in sql for sql in reads if sql not in main)


def test_a_reindex_builds_the_same_documents_as_a_single_page_update(site_tree):
    """The reindex reads topics, guides and the authority's name for a chunk at once; a publish
    reads them through the page's relations. Both must give the same document: English topic
    names where there are some (else the Latvian ones), only live guides, each name once,
    sorted."""
    tax = TopicFactory(name_lv="Nodokļi", name_en="Taxes")
    health = TopicFactory(name_lv="Veselība", name_en="")
    authority = InstitutionPageFactory(title="Valsts ieņēmumu dienests")
    lv = ServicePageFactory(competent_authority=authority)
    en = ServicePageFactory(parent=ensure_site_tree().services["en"], competent_authority=authority)
    bare = ServicePageFactory()
    for page in (lv, en):
        page.topics.set([tax, health])
        page.save()
    for title, live in (("Bezdarbs", True), ("Bērna piedzimšana", True), ("Melnraksts", False)):
        guide = LifeSituationPageFactory(title=title, live=live)
        guide.services.set([lv, en])
        guide.save()

    def documents(items):  # type: ignore[no-untyped-def]
        return {a["_id"]: a["_source"] for a in indexing._actions(items, "x")}

    reindexed = documents(indexing.catalogue_pages())
    published = documents(indexing.indexable_pages().filter(pk__in=[lv.pk, en.pk, bare.pk]))

    for page in (lv, en, bare):
        assert reindexed[page.pk] == published[page.pk]
    assert reindexed[lv.pk]["topics"] == ["Nodokļi", "Veselība"]
    assert reindexed[en.pk]["topics"] == ["Taxes", "Veselība"]
    assert reindexed[lv.pk]["life_situations"] == ["Bezdarbs", "Bērna piedzimšana"]
    assert reindexed[lv.pk]["institution"] == "Valsts ieņēmumu dienests"
    assert reindexed[bare.pk]["institution"] is None
    assert reindexed[bare.pk]["topics"] == []
    assert reindexed[bare.pk]["life_situations"] == []


def test_the_reindex_document_is_the_one_the_document_class_builds(site_tree):
    """The reindex writes plain dicts (``ServiceDocument.page_source``) rather than building
    elasticsearch-dsl documents; they must be exactly what ``from_page(…).to_dict()`` gives."""
    tax = TopicFactory(name_lv="Nodokļi", name_en="Taxes")
    authority = InstitutionPageFactory(title="Valsts ieņēmumu dienests")
    page = ServicePageFactory(
        competent_authority=authority,
        keywords=["pase", "personas apliecība"],
        introduction="<p>Iesniegums &amp; foto</p>",
        requirements=[{"title": "Foto", "evidence": [{"description": "Krāsains"}]}],
    )
    en = ServicePageFactory(parent=ensure_site_tree().services["en"])
    for service in (page, en):
        service.topics.set([tax])
    guide = LifeSituationPageFactory(title="Bērna piedzimšana")
    guide.services.set([page])

    pages = indexing.indexable_pages().filter(pk__in=[page.pk, en.pk])
    assert len(pages) == 2
    for service in pages:
        built = ServiceDocument.from_page(service).to_dict(skip_empty=False)
        assert ServiceDocument.page_source(service) == built
    assert ServiceDocument.page_source(pages[0])["body"] == [
        "Foto",
        "Krāsains",
        " Iesniegums & foto ",
    ]


def test_the_chunk_lookups_build_the_same_document_either_way(site_tree):
    """A reindex hands each service its chunk's lookups (``Related``: topics, guides, the
    authority's title); ``from_page`` and ``page_source`` take all three from there, not from
    the page, and agree."""
    authority = InstitutionPageFactory(title="Uzņēmumu reģistrs")
    ServicePageFactory(competent_authority=authority)
    ServicePageFactory()

    items = [item for item in indexing.catalogue_pages() if isinstance(item, tuple)]
    assert sorted((related.institution or "") for _page, related in items) == [
        "",
        "Uzņēmumu reģistrs",
    ]
    for page, related in items:
        source = ServiceDocument.page_source(page, related)
        assert ServiceDocument.from_page(page, related).to_dict(skip_empty=False) == source
        assert source["institution"] == related.institution


def test_a_reindex_reads_no_column_per_page(site_tree, monkeypatch):
    """The reindex reads only the indexed columns of a service row (``SERVICE_COLUMNS``); one
    that a document needs and the list lacks would be read back one query per page, so the
    number of queries grows with the pages."""
    monkeypatch.setattr(indexing, "BULK_CHUNK", 50)

    def queries_for_a_reindex() -> int:
        with CaptureQueriesContext(connection) as ctx:
            list(indexing._actions(indexing.catalogue_pages(), "x"))
        return len(ctx.captured_queries)

    ServicePageFactory()
    queries_for_a_reindex()  # the site's root paths and the like, cached once a process
    few = queries_for_a_reindex()
    for _ in range(4):
        ServicePageFactory(competent_authority=InstitutionPageFactory())
    assert queries_for_a_reindex() == few
