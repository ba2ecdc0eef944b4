"""Owners see their own (issue 19, item 8): the portal-wide search demand is for portal
editors; an owner's service page lists each link once and only the ones to fix; the demo
owner is no portal editor."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from improvement.links import collect_links
from improvement.management.commands.demo_owner_scenario import ensure_owner
from improvement.models import ExternalLink, PageLink
from search.models import QueryLog

pytestmark = pytest.mark.django_db


def test_an_owner_does_not_see_the_portals_search_demand(client, world):
    QueryLog.objects.create(query="policijas izziņa", language="lv", result_count=0)
    client.force_login(world.owner)
    refused = client.get("/admin/owners/search-demand/")
    assert refused.status_code in (302, 403)  # Wagtail's admin turns a refusal into a redirect
    assert "policijas izziņa" not in refused.content.decode()
    admin_home = client.get("/admin/").content.decode()
    assert "/admin/owners/search-demand/" not in admin_home


def test_a_portal_editor_sees_it(client, world, admin_user):
    QueryLog.objects.create(query="policijas izziņa", language="lv", result_count=0)
    client.force_login(admin_user)
    response = client.get("/admin/owners/search-demand/")
    assert response.status_code == 200 and "policijas izziņa" in response.content.decode()


def test_each_link_to_fix_is_listed_once_and_unchecked_ones_are_counted(client, world):
    collect_links(None)  # the Latvian and the English page both use the same addresses
    assert PageLink.objects.filter(link__url="https://e.example/pieteikt").count() >= 2
    ExternalLink.objects.filter(url="https://e.example/pieteikt").update(
        outcome=ExternalLink.BROKEN, status_code=404
    )
    client.force_login(world.owner)
    html = client.get("/admin/owners/services/PAK-OWN-1/").content.decode()
    assert html.count("https://e.example/pieteikt</td>") == 1
    assert "https://likumi.example/123</td>" not in html  # not checked yet: not a problem
    assert "has not been checked yet" in html or "vēl nav pārbaudīt" in html


def test_the_demo_owner_is_no_portal_editor(world):
    editors, _created = Group.objects.get_or_create(name="Editors")
    earlier = get_user_model().objects.create(username="demo-owner")
    earlier.groups.add(editors)  # what earlier demos did
    owner = ensure_owner(world.complete)
    assert not owner.groups.filter(pk=editors.pk).exists()
    assert "/admin/owners/search-demand/" not in _admin_home(owner)


def _admin_home(user) -> str:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get("/admin/").content.decode()
