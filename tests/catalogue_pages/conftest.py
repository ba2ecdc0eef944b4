"""A small register's worth of pages in lv and en, built the way the sync builds them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from tests.factories import (
    InstitutionPageFactory,
    LifeSituationPageFactory,
    ServicePageFactory,
    TopicFactory,
)

MODIFIED = dt.datetime(2026, 10, 1, 9, 30, tzinfo=dt.UTC)


def full_service_fields(**overrides):  # type: ignore[no-untyped-def]
    """Every register section filled, with item shapes as documented in the register contract."""
    fields = {
        "summary": "Dzīvesvietas deklarēšana <b>tiešsaistē</b> vai klātienē.",
        "keywords": ["dzīvesvieta", "deklarēšana"],
        "channels": [
            {
                "type": "https://virsis.example/channel-type/e-service",
                "url": "https://latvija.gov.lv/e/1",
                "description": "Tiešsaistē ar eParakstu",
            },
            {
                "type": "service-centre",
                "description": "Valsts un pašvaldību vienotais klientu apkalpošanas centrs",
                "opening_hours": "P–Pk 8–17",
            },
            {"type": "phone", "telephone": "+371 67 209 400"},
            {"type": "request-form", "request_kind": "service-request"},
            {"type": "website", "url": "javascript:alert(1)", "description": "Nedrošs"},
        ],
        "costs": [
            {
                "value": "5.00",
                "currency": "http://publications.europa.eu/resource/authority/currency/EUR",
                "description": "Valsts nodeva",
            }
        ],
        "requirements": [
            {
                "title": "Personas apliecība",
                "description": "Jāuzrāda pase.",
                "evidence": [{"title": "Pase vai eID karte"}],
            }
        ],
        "outputs": [
            {"title": "Deklarēta dzīvesvieta", "description": "Ieraksts Fizisko personu reģistrā"}
        ],
        "legal_resources": [
            {"title": "Dzīvesvietas deklarēšanas likums", "url": "https://likumi.lv/ta/id/317847"}
        ],
        "contact_points": [
            {
                "email": "info@pmlp.gov.lv",
                "telephone": "+371 67 209 400",
                "opening_hours": "P–Pk 8–17",
            }
        ],
        "participations": [
            {
                "role": "service-provider",
                "organisation_iri": "https://virsis.example/id/org/varam-kc",
                "organisation": "VARAM klientu centri",
                "description": "Pieņem iesniegumus",
            }
        ],
        "processing_time": "P10D",
        "register_modified": MODIFIED,
        "is_online": True,
    }
    fields.update(overrides)
    return fields


@dataclass
class Catalogue:
    institution: object
    institution_en: object
    other_institution: object
    topic: object
    citizen_only: object
    business_only: object
    both: object
    institutions_only: object
    citizen_only_en: object
    guide: object
    guide_en: object


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(site_tree) -> Catalogue:  # type: ignore[no-untyped-def]
    en = Locale.objects.get(language_code="en")
    institution = InstitutionPageFactory(
        title="Pilsonības un migrācijas lietu pārvalde",
        slug="pmlp",
        website="https://www.pmlp.gov.lv",
        contact_points=[{"email": "pasts@pmlp.gov.lv"}],
    )
    institution_en = InstitutionPageFactory(
        title="Office of Citizenship and Migration Affairs",
        slug="pmlp",
        locale=en,
        parent=site_tree.institutions["en"],
        translation_key=institution.translation_key,
        register_iri=institution.register_iri,
    )
    other = InstitutionPageFactory(title="Ārlietu ministrija", slug="am")
    topic = TopicFactory(slug="dzivesvieta", name_lv="Dzīvesvieta", name_en="Residence")
    citizen_only = ServicePageFactory(
        title="Dzīvesvietas deklarēšana",
        slug="dzivesvietas-deklaresana",
        identifier="PAK-1",
        competent_authority=institution,
        for_citizens=True,
        **full_service_fields(related_identifiers=["PAK-2"]),
    )
    citizen_only.topics.add(topic)
    citizen_only.save()
    business_only = ServicePageFactory(
        title="Uzņēmuma reģistrācija",
        slug="uznemuma-registracija",
        identifier="PAK-2",
        competent_authority=other,
        for_citizens=False,
        for_business=True,
        summary="Reģistrē uzņēmumu.",
    )
    both = ServicePageFactory(
        title="Ārvalstu dokumentu legalizācija",
        slug="legalizacija",
        identifier="PAK-3",
        competent_authority=other,
        for_citizens=True,
        for_business=True,
        summary="Legalizē dokumentus.",
    )
    institutions_only = ServicePageFactory(
        title="Datu pieprasījums iestādei",
        slug="datu-pieprasijums",
        identifier="PAK-4",
        competent_authority=institution,
        for_citizens=False,
        for_institutions=True,
        channels=[{"type": "request-form", "request_kind": "information-request"}],
    )
    citizen_only_en = ServicePageFactory(
        title="Declaring your place of residence",
        slug="dzivesvietas-deklaresana",
        identifier="PAK-1",
        locale=en,
        parent=site_tree.services["en"],
        translation_key=citizen_only.translation_key,
        competent_authority=institution_en,
        for_citizens=True,
        **full_service_fields(summary="Declare your residence online or in person."),
    )
    guide = LifeSituationPageFactory(
        title="Pārceļos uz citu dzīvesvietu",
        slug="parcelsanas",
        identifier="DS-1",
        summary="Ko darīt, mainot dzīvesvietu.",
        needs=[
            {
                "order": 1,
                "title": "Deklarē jauno dzīvesvietu",
                "description": "",
                "services": ["PAK-1"],
            },
            {"order": 2, "title": "Legalizē dokumentus", "description": "", "services": ["PAK-3"]},
            {"order": 2, "title": "Paziņo uzņēmumam", "description": "", "services": ["PAK-2"]},
        ],
    )
    guide.services.add(citizen_only, business_only, both)
    guide.save()
    guide_en = LifeSituationPageFactory(
        title="Moving house",
        slug="parcelsanas",
        identifier="DS-1",
        locale=en,
        parent=site_tree.situations["en"],
        translation_key=guide.translation_key,
        needs=[{"order": 1, "title": "Declare the new address", "services": ["PAK-1"]}],
    )
    guide_en.services.add(citizen_only_en)
    guide_en.save()
    cache.clear()
    return Catalogue(
        institution,
        institution_en,
        other,
        topic,
        citizen_only,
        business_only,
        both,
        institutions_only,
        citizen_only_en,
        guide,
        guide_en,
    )
