"""A guide the register changes alone reaches the index through the sync, like a service."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from elasticsearch import Elasticsearch

from catalogue_pages.models import LifeSituationPage
from search import indexing
from search.queries import SearchParams
from search.service import search_services
from tests.search.relevance.evaluate import SNAPSHOT

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

OLD = "Bērna ienākšana ģimenē prasa nokārtot vairākas formalitātes"
NEW = "Šūpulis gaida, bet vispirms jānokārto vairākas formalitātes"


def _guides(query: str) -> list[str]:
    results = search_services(SearchParams(query=query, language="lv"))
    assert not results.degraded
    return [g.title for g in results.guides]


def test_a_guide_changed_alone_by_the_sync_is_reindexed(
    site_tree, use_elasticsearch, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    call_command("sync_register", source=str(SNAPSHOT), verbosity=0)
    indexing.rebuild()
    assert _guides("šūpulis") == []

    snapshot = SNAPSHOT.read_text(encoding="utf-8")
    assert snapshot.count(OLD) == 1  # only the guide's description: no service changes
    changed = tmp_path / "snapshot.jsonld"
    changed.write_text(snapshot.replace(OLD, NEW), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sync_register", source=str(changed), verbosity=0)

    guide = LifeSituationPage.objects.get(identifier="DS-001", locale__language_code="lv")
    assert NEW in guide.summary  # the sync wrote it
    client = Elasticsearch(settings.ELASTICSEARCH_URL)
    client.indices.refresh(index=indexing.alias_name())
    assert NEW in client.get(index=indexing.alias_name(), id=guide.pk)["_source"]["summary"]
    assert _guides("šūpulis") == ["Bērna piedzimšana"]


def test_a_service_an_editor_renames_is_renamed_in_its_guides_document(
    indexed, django_capture_on_commit_callbacks
) -> None:
    page = indexed["dzivesvieta"]
    guide = page.life_situations.get()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Dzīvesvietas deklarēšana un adreses maiņa"
        page.save_revision().publish()
    client = Elasticsearch(settings.ELASTICSEARCH_URL)
    client.indices.refresh(index=indexing.alias_name())
    keywords = client.get(index=indexing.alias_name(), id=guide.pk)["_source"]["keywords"]
    assert "Dzīvesvietas deklarēšana un adreses maiņa" in keywords
