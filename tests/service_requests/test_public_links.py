"""E-mailed status links point at the public base URL, never http://localhost."""

from __future__ import annotations

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_confirmation_and_provider_mails_link_to_the_public_site(submit, world, settings):
    settings.PORTAL_BASE_URL = "https://pakalpojumi.example.lv"
    response = submit(
        world.citizen_service.identifier, institution=None, request_kind="service-request"
    )
    assert response.status_code == 302
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == 2
    for body in bodies:
        assert "https://pakalpojumi.example.lv/" in body
        assert "localhost" not in body
