"""Who reads the run log and what a run's detail tells editors (docs/sync.md, docs/search.md)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from sync.models import SyncRun
from tests.sync.conftest import DEMO_SNAPSHOT, services_of, sync, write_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(site_tree):  # type: ignore[no-untyped-def]
    def make(group: str) -> User:
        user = User.objects.create_user(f"u-{group}", password="pw-123456")
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Satura recenzenti"])
def test_editors_and_moderators_read_the_run_log_but_cannot_run(member, client, group):
    sync(DEMO_SNAPSHOT)
    user = member(group)
    client.force_login(user)
    assert client.get(reverse("sync_runs")).status_code == 200
    run = SyncRun.objects.get()
    assert client.get(reverse("sync_run_detail", args=[run.pk])).status_code == 200
    assert not user.has_perm("sync.run_sync")


def test_editors_edit_search_synonyms(member, client):
    user = member("Editors")
    for codename in ("add_synonym", "change_synonym", "delete_synonym", "add_promotion"):
        assert user.has_perm(f"service_search.{codename}")
    client.force_login(user)
    assert client.get("/admin/snippets/service_search/synonym/").status_code == 200


def test_run_detail_lists_created_changed_and_withdrawn_services(
    member, client, tmp_path, demo_doc
):
    sync(DEMO_SNAPSHOT)
    services = services_of(demo_doc)
    changed, gone = services[0], services[1]
    changed["dct:description"][0]["@value"] += " Grozīts."
    demo_doc["@graph"].remove(gone)
    sync(write_doc(tmp_path, demo_doc))
    run = SyncRun.objects.latest("started_at")
    client.force_login(member("Editors"))
    html = client.get(reverse("sync_run_detail", args=[run.pk])).content.decode()
    rows = {(c["action"], c["identifier"]) for c in run.diff}
    assert ("update", changed["dct:identifier"]) in rows
    assert ("withdraw", gone["dct:identifier"]) in rows
    assert changed["dct:identifier"] in html and gone["dct:identifier"] in html
    first = SyncRun.objects.earliest("started_at")
    assert len([c for c in first.diff if c["action"] == "create"]) == len(services)
    assert json.dumps(first.diff)  # stored as JSON
