"""E-mail alerts end to end: follow a guide, confirm from the e-mail, the register changes a
fee, the sync and the worker run, the alert arrives with the note, one-click unsubscribe."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import counts
from alerts.models import Subscriber, Subscription
from tests.sync.conftest import DEMO_SNAPSHOT, sync, write_doc
from tests.sync.test_change_notes import v2_of

pytestmark = pytest.mark.django_db

FOLLOW = "/en/alerts/follow/"
GUIDE = {"kind": "guide", "key": "DS-002", "frequency": "immediate"}


@pytest.fixture
def synced(site_tree, tmp_path):
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    path = write_doc(tmp_path, doc)
    sync(path)
    return path, doc


def _link(message: mail.EmailMessage, kind: str) -> str:
    match = re.search(rf"https?://\S+/alerts/{kind}/\S+/", message.body)
    assert match, message.body
    return _path(match.group(0))


def _path(url: str) -> str:
    """The path of an absolute link (the test client speaks to this process)."""
    return urlsplit(url).path


def _follow(client, capture, email: str, **extra: str):
    with capture(execute=True):
        return client.post(FOLLOW, {**GUIDE, "email": email, **extra})


def test_follow_confirm_alert_and_one_click_unsubscribe(
    synced, client, django_capture_on_commit_callbacks
):
    path, doc = synced
    response = _follow(client, django_capture_on_commit_callbacks, "Iedzivotaja@Example.lv")
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["iedzivotaja@example.lv"]
    assert "List-Unsubscribe" not in confirmation.extra_headers

    # Nothing is sent before confirmation; the link shows a button, GET changes nothing.
    confirm = _link(confirmation, "confirm")
    page = client.get(confirm)
    assert page.status_code == 200 and "<button" in page.content.decode()
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()
    assert client.post(confirm).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None

    # The register changes a fee; the sync runs, then the worker sends the alert.
    mail.outbox.clear()
    write_doc(path.parent, v2_of(doc))
    with django_capture_on_commit_callbacks(execute=True):
        sync(path)
    (alert,) = mail.outbox
    assert "Fee changed from €4.27 to €5.00." in alert.body
    assert "Certificate of declared residence" in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = alert.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http") and "/alerts/manage/" in alert.body

    # RFC 8058: the mail client POSTs the one-click body, without cookies or a CSRF token.
    one_click = _path(unsubscribe)
    response = client.post(
        one_click, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists(), "the address goes with its last alert"

    # A re-sync with nothing new sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        sync(path)
    assert len(mail.outbox) == 1


def test_same_answer_whether_the_address_is_known_or_not(
    synced, client, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_MAX_PER_ADDRESS = 1
    first = _follow(client, django_capture_on_commit_callbacks, "zinams@example.lv")
    again = _follow(client, django_capture_on_commit_callbacks, "zinams@example.lv")
    other = _follow(
        client, django_capture_on_commit_callbacks, "zinams@example.lv", key="DS-001"
    )  # over the per-address maximum: silently nothing
    fresh = _follow(client, django_capture_on_commit_callbacks, "jauns@example.lv")
    bodies = {r.content.decode().replace("jauns", "zinams") for r in (first, again, other, fresh)}
    assert {r.status_code for r in (first, again, other, fresh)} == {200}
    assert len(bodies) == 2  # DS-001 and DS-002 have different titles; nothing else differs
    assert Subscription.objects.filter(subscriber__email="zinams@example.lv").count() == 1


def test_confirmations_are_throttled_per_address(
    synced, client, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_EMAIL_LIMIT = 2
    codes = [
        _follow(client, django_capture_on_commit_callbacks, "daudz@example.lv").status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert len(mail.outbox) == 2


def test_bad_input_gets_a_clear_message_not_a_500(synced, client):
    response = client.post(FOLLOW, {**GUIDE, "email": "nav-adrese"})
    assert response.status_code == 400
    assert "valid e-mail address" in response.content.decode()
    response = client.post(FOLLOW, {**GUIDE, "key": "DS-999", "email": "a@example.lv"})
    assert response.status_code == 400
    assert client.get("/en/alerts/confirm/bojats/").status_code == 400
    assert client.get("/en/alerts/manage/bojats/").status_code == 400


def test_unconfirmed_alerts_are_deleted_after_seven_days(
    synced, client, django_capture_on_commit_callbacks
):
    _follow(client, django_capture_on_commit_callbacks, "aizmirsa@example.lv")
    Subscription.objects.update(created_at=timezone.now() - timedelta(days=8))
    out = StringIO()
    call_command("purge_alerts", stdout=out)
    assert "unconfirmed alerts deleted=1 addresses deleted=1" in out.getvalue()
    assert not Subscriber.objects.exists()


def test_weekly_digest_and_manage_link(synced, client, django_capture_on_commit_callbacks):
    path, doc = synced
    _follow(client, django_capture_on_commit_callbacks, "nedela@example.lv", frequency="weekly")
    client.post(_link(mail.outbox[0], "confirm"))
    manage = _link(mail.outbox[0], "manage")
    mail.outbox.clear()
    write_doc(path.parent, v2_of(doc))
    with django_capture_on_commit_callbacks(execute=True):
        sync(path)
    assert mail.outbox == [], "weekly subscribers wait for the summary"
    call_command("send_alert_digests", stdout=StringIO())
    (digest,) = mail.outbox
    assert "This week's changes" in digest.body and "€5.00" in digest.body

    # Owners see counts, never addresses.
    assert counts.followers("PAK-0002") == {"direct": 0, "total": 1}

    html = client.get(manage).content.decode()
    assert "Weekly summary" in html
    client.post(manage, {"action": "delete-all"})
    assert not Subscriber.objects.exists()


def test_every_followable_page_has_the_form_without_javascript(synced, client):
    from catalogue_pages.models import CatalogueIndexPage, LifeSituationPage, ServicePage, Topic

    service = ServicePage.objects.get(identifier="PAK-0002", locale__language_code="lv")
    guide = LifeSituationPage.objects.get(identifier="DS-002", locale__language_code="lv")
    catalogue = CatalogueIndexPage.objects.get(audience="citizen", locale__language_code="lv")
    topic = Topic.objects.filter(services__isnull=False).first()
    for url, kind, key in (
        (service.url, "service", "PAK-0002"),
        (guide.url, "guide", "DS-002"),
        (catalogue.url, "catalogue", "citizen"),
        (f"{catalogue.url}?topic={topic.slug}", "topic", topic.slug),
    ):
        html = client.get(url).content.decode()
        form = html[html.index('id="follow"') :]
        assert 'action="/lv/alerts/follow/"' in form, url
        assert f'name="kind" value="{kind}"' in form and f'name="key" value="{key}"' in form
        assert "<script" not in form[: form.index("</section>")]
