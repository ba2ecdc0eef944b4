"""Editors translate through wagtail-localize alone: one "Translate" action, not two."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_an_untranslated_page_offers_one_translate_action(client, catalogue, admin_user):
    client.force_login(admin_user)
    page = catalogue.business_only  # Latvian only: its edit view offers a translation
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    translate_links = set(re.findall(r'href="(/admin/[a-z]+/submit/page/\d+/)"', html))
    assert translate_links == {f"/admin/localize/submit/page/{page.pk}/"}
