"""Issue 21, item 4, in a real browser: pages rewritten by a sync from a second source are
repaired by the operator's "Run now" although the register answers 304 Not Modified."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.users.models import UserProfile

from catalogue_pages.models import ServicePage
from tests.plugins.browser import sign_in_to_admin
from tests.sync.conftest import services_of, write_doc

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]


def test_run_now_repairs_pages_a_second_source_rewrote(
    browser, live_server, register, demo_doc, tmp_path, settings
):
    from catalogue_pages.site_tree import ensure_site_tree

    ensure_site_tree()
    url = register.url + "/snapshot.jsonld"
    settings.REGISTER_URL = url
    call_command("sync_register", "--source", url, stdout=StringIO())
    other = copy.deepcopy(demo_doc)
    target = next(s for s in services_of(other) if s["adms:status"]["@id"].endswith("/active"))
    original = ServicePage.objects.get(
        identifier=target["dct:identifier"], locale__language_code="lv"
    ).summary
    for text in target["dct:description"]:
        text["@value"] = "Cita avota apraksts."
    call_command(
        "sync_register",
        "--source",
        str(write_doc(tmp_path, other, "second-source.jsonld")),
        "--force",
        stdout=StringIO(),
    )
    page = ServicePage.objects.get(identifier=target["dct:identifier"], locale__language_code="lv")
    assert page.summary == "Cita avota apraksts."

    User.objects.create_superuser("operators", password="pw-123456")
    profile = UserProfile.get_for_user(User.objects.get(username="operators"))
    profile.preferred_language = "en"
    profile.save()
    context = browser.new_context()
    admin = sign_in_to_admin(context, live_server.url, "operators")
    admin.goto(f"{live_server.url}/admin/sync/runs/")
    admin.get_by_role("button", name="Run now").click()
    admin.get_by_text("differed from what it wrote: repaired from the register").wait_for()
    admin.get_by_text("1 updated").wait_for()
    context.close()
    page.refresh_from_db()
    assert page.summary == original
