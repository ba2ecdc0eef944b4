"""Links Wagtail builds from the Site (review e-mails, "view live") use the public address,
never ``localhost`` (issue 21, item 7)."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from catalogue_pages.site_tree import ensure_site_tree

pytestmark = pytest.mark.django_db


def test_the_default_site_takes_the_public_address(site_tree, settings):
    settings.PORTAL_BASE_URL = "https://pakalpojumi.example"
    tree = ensure_site_tree()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("pakalpojumi.example", 443)
    assert tree.services["lv"].full_url.startswith("https://pakalpojumi.example/lv/")


def test_a_port_in_the_public_address_is_kept(site_tree, settings):
    settings.PORTAL_BASE_URL = "http://portal.example:8080"
    ensure_site_tree()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://portal.example:8080"
