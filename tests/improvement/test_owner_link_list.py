"""The owners' service page lists each failing link once, and never an unchecked link as a
problem (issue 21, item 9)."""

from __future__ import annotations

import pytest
from wagtail.users.models import UserProfile

from improvement.links import collect_links
from improvement.models import ExternalLink, PageLink

pytestmark = pytest.mark.django_db


def test_a_link_of_both_language_pages_is_listed_once(client, world):
    collect_links(None)
    used = PageLink.objects.filter(identifier="PAK-OWN-1", link__url="https://e.example/pieteikt")
    assert used.count() == 2  # the lv and the en page
    ExternalLink.objects.filter(url="https://e.example/pieteikt").update(
        outcome=ExternalLink.BROKEN, status_code=404
    )
    client.force_login(world.owner)
    body = client.get("/admin/owners/services/PAK-OWN-1/").content.decode()
    assert body.count("https://e.example/pieteikt") == 1


def test_unchecked_links_are_counted_not_listed_as_broken(client, world):
    profile = UserProfile.get_for_user(world.owner)
    profile.preferred_language = "en"  # the English sentences below
    profile.save()
    collect_links(None)
    assert ExternalLink.objects.filter(outcome=ExternalLink.UNCHECKED).exists()
    client.force_login(world.owner)
    body = client.get("/admin/owners/services/PAK-OWN-1/").content.decode()
    assert "https://likumi.example/123" not in body
    assert "No link problems found." in body
    assert "have not been checked yet" in body
