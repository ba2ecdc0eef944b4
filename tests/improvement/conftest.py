"""Fixtures for continuous improvement: one provider institution with two services (one
complete, one without a cost section), another institution, and their users."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from improvement.services import refresh_pages
from tests.factories import (
    InstitutionMembershipFactory,
    InstitutionPageFactory,
    ServicePageFactory,
    UserFactory,
    english_locale,
)

OWNER_IRI = "https://virsis.example/id/org/OWNER"
OTHER_IRI = "https://virsis.example/id/org/OTHER"

COMPLETE = {
    "for_citizens": True,
    "channels": [{"type": "e-service", "url": "https://e.example/pieteikt"}],
    "requirements": [{"title": "Pase", "description": "", "evidence": []}],
    "costs": [{"value": "5.00", "currency": "EUR", "description": "Valsts nodeva"}],
    "processing_time": "P10D",
    "outputs": [{"title": "Izziņa", "description": ""}],
    "legal_resources": [{"title": "Likums", "url": "https://likumi.example/123"}],
    "contact_points": [{"email": "info@owner.example"}],
}


@dataclass
class World:
    owner_org: object
    other_org: object
    complete: object
    no_cost: object
    foreign: object
    owner: object
    other_owner: object
    outsider: object


def _owner(username: str, iri: str, name: str):
    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    InstitutionMembershipFactory(
        user=user, institution_iri=iri, institution_name=name, role="provider"
    )
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(site_tree) -> World:
    owner_org = InstitutionPageFactory(
        title="Pilsonības un migrācijas lietu pārvalde",
        register_iri=OWNER_IRI,
        website="https://owner.example/",
        contact_points=[{"email": "pasts@owner.example"}],
    )
    other_org = InstitutionPageFactory(title="Cita iestāde", register_iri=OTHER_IRI)
    recent = timezone.now() - timedelta(days=30)
    complete = ServicePageFactory(
        title="Pases izsniegšana",
        identifier="PAK-OWN-1",
        competent_authority=owner_org,
        register_modified=recent,
        **COMPLETE,
    )
    no_cost = ServicePageFactory(
        title="Dzīvesvietas deklarēšana",
        identifier="PAK-OWN-2",
        competent_authority=owner_org,
        register_modified=recent,
        **{**COMPLETE, "costs": []},
    )
    foreign = ServicePageFactory(
        title="Cits pakalpojums",
        identifier="PAK-OTH-1",
        competent_authority=other_org,
        register_modified=recent,
        **COMPLETE,
    )
    for service in (complete, foreign):  # no_cost has no English translation
        ServicePageFactory(
            parent=site_tree.services["en"],
            locale=english_locale(),
            translation_key=service.translation_key,
            title=f"{service.title} (en)",
            slug=service.slug,
            identifier=service.identifier,
            competent_authority=service.competent_authority,
            register_modified=recent,
            **COMPLETE,
        )
    refresh_pages([complete.pk, no_cost.pk, foreign.pk, owner_org.pk, other_org.pk])
    return World(
        owner_org=owner_org,
        other_org=other_org,
        complete=complete,
        no_cost=no_cost,
        foreign=foreign,
        owner=_owner("owner", OWNER_IRI, owner_org.title),
        other_owner=_owner("other-owner", OTHER_IRI, other_org.title),
        outsider=UserFactory(username="outsider"),
    )


def form_token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "the form carries a signed token"
    return match.group(1)
