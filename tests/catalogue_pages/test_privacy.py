"""Wagtail privacy restrictions still hold with the one-query privacy check (routing.py)."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def _restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="slepens"
    )


def test_a_restricted_service_asks_for_the_password(client):
    page = ServicePageFactory(title="Slepens pakalpojums", slug="slepens", summary="Apraksts X1")
    assert "Apraksts X1" in client.get(page.url).content.decode()
    _restrict(page)
    html = client.get(page.url).content.decode()
    assert "Apraksts X1" not in html
    assert 'name="password"' in html


def test_a_restriction_on_the_parent_index_covers_every_service(client, site_tree):
    page = ServicePageFactory(title="Pakalpojums", slug="zem-ierobezojuma", summary="Apraksts X2")
    _restrict(site_tree.services["lv"])
    html = client.get(page.url).content.decode()
    assert "Apraksts X2" not in html
    assert 'name="password"' in html


def test_lifting_the_restriction_applies_at_once(client):
    page = ServicePageFactory(title="Pakalpojums", slug="atverts", summary="Apraksts X3")
    restriction = _restrict(page)
    assert "Apraksts X3" not in client.get(page.url).content.decode()
    restriction.delete()
    assert "Apraksts X3" in client.get(page.url).content.decode()
