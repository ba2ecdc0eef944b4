"""The admin face of the sync: run log, details, Run now (through django-tasks), dry run."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalogue_pages.models import ServicePage
from sync.models import SyncRun
from tests.sync.conftest import DEMO_SNAPSHOT, sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("ops", "ops@example.org", "pw-1234567")
    client.force_login(user)
    return client


def test_run_list_and_detail(site_tree, admin_client, tmp_path):
    sync(DEMO_SNAPSHOT)
    bad = tmp_path / "bad.jsonld"
    bad.write_text("{not json")
    with pytest.raises(Exception):  # noqa: B017 - CommandError; the run is recorded
        sync(bad)
    response = admin_client.get(reverse("sync_runs"))
    assert response.status_code == 200
    body = response.content.decode()
    assert str(DEMO_SNAPSHOT) in body and "bad.jsonld" in body
    run = SyncRun.objects.filter(status=SyncRun.ABORTED).get()
    detail = admin_client.get(reverse("sync_run_detail", args=[run.pk])).content.decode()
    assert "not valid JSON" in detail


def test_run_now_queues_through_tasks_and_dry_run_shows_diff(
    site_tree, admin_client, register, settings
):
    settings.REGISTER_URL = register.url + "/snapshot.jsonld"
    response = admin_client.post(reverse("sync_run_now"), {"dry_run": "1"})
    assert response.status_code == 302
    run = SyncRun.objects.get()
    assert run.dry_run and run.diff
    assert ServicePage.objects.count() == 0
    page = admin_client.get(response["Location"]).content.decode()
    assert "PAK-0001" in page
    admin_client.post(reverse("sync_run_now"))
    assert ServicePage.objects.filter(identifier="PAK-0001").count() == 2


def test_editors_without_permission_cannot_run(site_tree, client, settings):
    settings.REGISTER_URL = "http://127.0.0.1:9/snapshot.jsonld"
    user = get_user_model().objects.create_user("ed", "ed@example.org", "pw-1234567")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.post(reverse("sync_run_now")).status_code in (302, 403)
    assert not SyncRun.objects.exists()
