"""Fixtures for the request feature: two requesting institutions, a provider, services."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from tests.factories import (
    InstitutionMembershipFactory,
    InstitutionPageFactory,
    ServicePageFactory,
    UserFactory,
)

PROVIDER_IRI = "https://virsis.example/id/org/PROV"
OTHER_PROVIDER_IRI = "https://virsis.example/id/org/OTHERPROV"
INST_A = "https://virsis.example/id/org/A"
INST_B = "https://virsis.example/id/org/B"


@dataclass
class World:
    provider: object
    other_provider: object
    service: object
    other_service: object
    citizen_service: object
    no_channel_service: object
    requester_a: object
    requester_a2: object
    requester_b: object
    handler: object
    other_handler: object
    outsider: object


@pytest.fixture(autouse=True)
def _clean_cache_and_files(settings, tmp_path):
    """Each test gets fresh rate-limit counters and its own private file folder."""
    cache.clear()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


def _handler(username: str, iri: str, name: str):
    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    InstitutionMembershipFactory(
        user=user, institution_iri=iri, institution_name=name, role="provider"
    )
    return user


@pytest.fixture
def world(site_tree) -> World:
    provider = InstitutionPageFactory(
        title="Valsts digitālās attīstības aģentūra",
        register_iri=PROVIDER_IRI,
        contact_points=[{"email": "pasts@provider.example", "telephone": "+371 60000000"}],
    )
    other_provider = InstitutionPageFactory(
        title="Cita iestāde", register_iri=OTHER_PROVIDER_IRI, contact_points=[]
    )
    service = ServicePageFactory(
        title="Datu apmaiņas pieslēgums",
        identifier="PAK-INST-1",
        for_citizens=False,
        for_institutions=True,
        competent_authority=provider,
        channels=[{"type": "request-form", "request_kind": "agreement-request"}],
        requirements=[
            {
                "title": "Tiesiskais pamats datu saņemšanai",
                "description": "Norādiet normatīvo aktu.",
                "evidence": [{"title": "Atsauce uz normatīvo aktu"}],
            }
        ],
    )
    other_service = ServicePageFactory(
        title="Cits starpiestāžu pakalpojums",
        identifier="PAK-INST-2",
        for_citizens=False,
        for_institutions=True,
        competent_authority=other_provider,
        contact_points=[{"email": "pakalpojums@other.example"}],
        channels=[{"type": "request-form"}],
    )
    citizen_service = ServicePageFactory(
        title="Izziņa iedzīvotājiem",
        identifier="PAK-CIT-1",
        for_citizens=True,
        competent_authority=provider,
        channels=[{"type": "request-form"}, {"type": "e-service", "url": "https://x.example"}],
    )
    no_channel_service = ServicePageFactory(
        identifier="PAK-CIT-2", for_citizens=True, channels=[{"type": "e-service"}]
    )
    requester_a = UserFactory(username="req-a")
    InstitutionMembershipFactory(
        user=requester_a, institution_iri=INST_A, institution_name="Iestāde A"
    )
    requester_a2 = UserFactory(username="req-a2")
    InstitutionMembershipFactory(
        user=requester_a2, institution_iri=INST_A, institution_name="Iestāde A"
    )
    requester_b = UserFactory(username="req-b")
    InstitutionMembershipFactory(
        user=requester_b, institution_iri=INST_B, institution_name="Iestāde B"
    )
    return World(
        provider=provider,
        other_provider=other_provider,
        service=service,
        other_service=other_service,
        citizen_service=citizen_service,
        no_channel_service=no_channel_service,
        requester_a=requester_a,
        requester_a2=requester_a2,
        requester_b=requester_b,
        handler=_handler("handler", PROVIDER_IRI, provider.title),
        other_handler=_handler("other-handler", OTHER_PROVIDER_IRI, other_provider.title),
        outsider=UserFactory(username="outsider"),
    )


def form_token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "the form carries an idempotency token"
    return match.group(1)


def valid_data(token: str, **overrides) -> dict:
    data = {
        "token": token,
        "institution": INST_A,
        "contact_name": "Anna Bērziņa",
        "email": "anna@iestade-a.example",
        "phone": "+371 20000000",
        "needed": "Pieslēgums reģistra datiem no 1. janvāra.",
        "desired_date": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """GET the form for a token, then POST it (running on-commit callbacks, i.e. the mails)."""

    def _submit(identifier: str, lang: str = "lv", **overrides):
        url = f"/{lang}/requests/new/{identifier}/"
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        data = valid_data(form_token(page.content.decode()), **overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return _submit
