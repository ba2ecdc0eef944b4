"""A fresh deployment (migrate + sync, no demo command) has its accessibility statement and
privacy notice in every footer; later syncs never rewrite or resurrect an editor's page."""

from __future__ import annotations

import pytest

from catalogue_pages.models import InfoPage
from tests.sync.conftest import DEMO_SNAPSHOT, sync

pytestmark = pytest.mark.django_db


def test_first_sync_gives_the_footer_its_basic_pages(client, site_tree):
    assert not InfoPage.objects.exists()
    sync(DEMO_SNAPSHOT)
    for language, statement, privacy in [
        ("lv", "Piekļūstamības paziņojums", "Privātuma paziņojums"),
        ("en", "Accessibility statement", "Privacy notice"),
    ]:
        footer = client.get(f"/{language}/").content.decode().split('class="site-footer"', 1)[1]
        assert f'href="/{language}/pieejamiba/">{statement}</a>' in footer
        assert f'href="/{language}/privatums/">{privacy}</a>' in footer
        assert client.get(f"/{language}/pieejamiba/").status_code == 200


def test_later_syncs_keep_what_editors_did(site_tree):
    sync(DEMO_SNAPSHOT)
    statement = InfoPage.objects.get(slug="pieejamiba", locale__language_code="lv")
    statement.body = "<p>Redaktora teksts</p>"
    statement.save_revision().publish()
    InfoPage.objects.get(slug="kontakti", locale__language_code="en").delete()
    sync(DEMO_SNAPSHOT)
    assert InfoPage.objects.get(pk=statement.pk).body == "<p>Redaktora teksts</p>"
    assert not InfoPage.objects.filter(slug="kontakti", locale__language_code="en").exists()


def test_a_dry_run_creates_nothing(site_tree):
    sync(DEMO_SNAPSHOT, "--dry-run")
    assert not InfoPage.objects.exists()
