"""Fixtures for search tests: a small catalogue built with the shared factories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from search import indexing, service
from tests.factories import (
    InstitutionPageFactory,
    LifeSituationPageFactory,
    ServicePageFactory,
    TopicFactory,
)


@pytest.fixture(autouse=True)
def _fresh_search_state():
    """Curation caches and the circuit breaker must not leak between tests."""
    cache.clear()
    service.reset_breaker()
    yield
    cache.clear()
    service.reset_breaker()


@pytest.fixture
def catalogue(site_tree):
    """Six Latvian services (one English) with institutions, topics and a life situation."""
    pmlp = InstitutionPageFactory(title="Pilsonības un migrācijas lietu pārvalde")
    nva = InstitutionPageFactory(title="Nodarbinātības valsts aģentūra")
    vid = InstitutionPageFactory(title="Valsts ieņēmumu dienests")
    residence = TopicFactory(name_lv="Dzīvesvieta", name_en="Residence")
    work = TopicFactory(name_lv="Darbs", name_en="Work")
    pages = {
        "pase": ServicePageFactory(
            title="Pases izsniegšana",
            identifier="PAK-0001",
            summary="Latvijas pilsoņa pases saņemšana personu apliecinoša dokumenta izsniegšanai.",
            keywords=["pase", "ceļošanas dokuments"],
            competent_authority=pmlp,
            is_online=False,
            is_free=False,
            register_modified=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        ),
        "dzivesvieta": ServicePageFactory(
            title="Dzīvesvietas deklarēšana",
            identifier="PAK-0002",
            summary="Deklarējiet savu dzīvesvietas adresi pēc pārcelšanās.",
            keywords=["adrese", "pārcelšanās"],
            competent_authority=pmlp,
            is_online=True,
            is_free=True,
            register_modified=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        ),
        "bezdarbnieks": ServicePageFactory(
            title="Bezdarbnieka statusa piešķiršana",
            identifier="PAK-0003",
            summary="Reģistrēšanās par bezdarbnieku un bezdarbnieka pabalsta pieprasīšana.",
            keywords=["bezdarbs", "darba meklētājs"],
            competent_authority=nva,
            is_online=True,
            is_free=True,
            register_modified=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
        ),
        "gimene": ServicePageFactory(
            title="Ģimenes valsts pabalsts",
            identifier="PAK-0004",
            summary="Pabalsts ģimenēm ar bērniem.",
            competent_authority=vid,
            is_free=True,
        ),
        "uznemums": ServicePageFactory(
            title="Uzņēmuma reģistrēšana",
            identifier="PAK-0005",
            summary="Komersanta reģistrācija komercreģistrā.",
            for_citizens=False,
            for_business=True,
            competent_authority=vid,
        ),
        "draft": ServicePageFactory(
            title="Pases nepublicēts melnraksts",
            identifier="PAK-0099",
            live=False,
        ),
    }
    pages["dzivesvieta"].topics.add(residence)
    pages["bezdarbnieks"].topics.add(work)
    for page in pages.values():
        page.save()
    situation = LifeSituationPageFactory(title="Pārcelšanās uz citu dzīvesvietu")
    situation.services.add(pages["dzivesvieta"], pages["pase"])
    situation.save()
    english = ServicePageFactory(
        title="Issuing a passport",
        identifier="PAK-0001",
        slug="passport",
        summary="Getting a passport of a Latvian citizen, an identity document.",
        keywords=["passport", "travel document"],
        parent=site_tree.services["en"],
        locale=site_tree.services["en"].locale,
        competent_authority=pmlp,
    )
    pages["en_pase"] = english
    return pages


@pytest.fixture
def indexed(catalogue, use_elasticsearch):
    """The catalogue in a fresh index behind the alias (forced refresh)."""
    indexing.rebuild()
    return catalogue
