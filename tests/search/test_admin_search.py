"""The admin's page search finds services by institution, description words and the editors'
synonyms, not only by title and identifier (issue 21, item 6; docs/editors.md)."""

# ruff: noqa: F811 (pytest fixtures imported from the journey test are parameters here)
from __future__ import annotations

import pytest

from catalogue_pages.models import InstitutionPage, ServicePage
from search.models import Synonym
from tests.catalogue_pages.test_editorial_journey import editor, synced  # noqa: F401

pytestmark = pytest.mark.django_db


def _titles(client, query: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_an_institutions_name_finds_its_services(synced, editor, client):
    client.force_login(editor)
    service = ServicePage.objects.filter(
        locale__language_code="lv", competent_authority__isnull=False
    ).first()
    institution = InstitutionPage.objects.get(pk=service.competent_authority_id)
    services = ServicePage.objects.filter(competent_authority=institution)
    html = _titles(client, institution.title)
    assert sum(page.title in html for page in services[:10]) >= min(2, services.count())


def test_a_word_of_the_description_finds_the_service(synced, editor, client):
    client.force_login(editor)
    html = _titles(client, "pusotra")
    assert "Bērna kopšanas pabalsts" in html or "Vecāku pabalsts" in html
    assert "1-2 of 2 None" not in html


def test_an_editors_synonym_finds_the_service(synced, editor, client):
    client.force_login(editor)
    assert "Vecāku pabalsts" not in _titles(client, "mazulis")
    Synonym.objects.create(language="lv", terms="mazulis, pusotra")
    assert "Vecāku pabalsts" in _titles(client, "mazulis")
    # the results fragment the search field refreshes answers the same
    fragment = client.get("/admin/pages/search/results/", {"q": "mazulis"}).content.decode()
    assert "Vecāku pabalsts" in fragment
