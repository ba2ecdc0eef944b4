""" "E-mail me this checklist": the guide's checklist form, without JavaScript, asks for the
checklist by e-mail; nothing is sent but a confirmation until its link is pressed; then the
checklist arrives with the ticks, links and phone numbers, in the page's language, and the
address is deleted. Errors are shown on the checklist in the reader's language, keeping what
was typed and ticked."""

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

from alerts import checklist as checklist_mail
from alerts.models import ChecklistRequest
from catalogue_pages.models import LifeSituationPage
from requestkit import public_urls
from tests.sync.conftest import DEMO_SNAPSHOT, sync, write_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(site_tree, tmp_path):
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    sync(write_doc(tmp_path, doc))
    return LifeSituationPage.objects.get(identifier="DS-002", locale__language_code="lv")


def _form(client, url: str) -> dict[str, str]:
    """The hidden fields of the checklist form as the page renders them."""
    html = client.get(url).content.decode()
    start = html.index('<form method="post" action="/')
    form = html[start : html.index("</form>", start)]
    assert "/alerts/checklist/" in form[:80] and "<script" not in form
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def _post(client, capture, language: str, data: dict, **headers: str):
    with capture(execute=True):
        return client.post(f"/{language}/alerts/checklist/", data, **headers)


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+/alerts/checklist/\S+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def test_the_checklist_arrives_after_confirmation_with_ticks_links_and_phones(
    guide, client, django_capture_on_commit_callbacks
):
    hidden = _form(client, f"{guide.url}checklist/")
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        "lv",
        {**hidden, "done": ["0"], "email": "Iedzivotajs@Example.lv", "send": "1"},
    )
    assert response.status_code == 200
    assert "Pārbaudiet savu e-pastu" in response.content.decode()
    assert response["Cache-Control"] == "no-store"

    # Double opt-in: the first e-mail only asks; it is in Latvian, the page's language.
    (confirmation,) = mail.outbox
    assert confirmation.to == ["iedzivotajs@example.lv"]
    assert "Apstipriniet" in confirmation.subject and guide.title in confirmation.subject
    link = _link(confirmation)
    page = client.get(link)
    assert page.status_code == 200 and "<button" in page.content.decode()
    assert len(mail.outbox) == 1, "opening the link (as mail scanners do) sends nothing"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    checklist = mail.outbox[1]
    assert checklist.to == ["iedzivotajs@example.lv"]
    assert checklist.subject == f"Kontrolsaraksts: {guide.title}"
    body = checklist.body
    assert "1. solis" in body
    assert re.search(r"^\[x\] ", body, re.M) and re.search(r"^\[ \] ", body, re.M)
    assert f"{public_urls.base_url()}/lv/pakalpojumi/" in body  # full addresses, to print
    assert re.search(r"Tālrunis: \+?\d", body), body
    assert "/checklist/?t=" in body
    assert "{%" not in body and "{{" not in body

    # Sent, the address is gone; the link is spent.
    assert not ChecklistRequest.objects.exists()
    assert client.get(link).status_code == 400


def test_the_english_page_writes_in_english(guide, client, django_capture_on_commit_callbacks):
    english = LifeSituationPage.objects.get(identifier="DS-002", locale__language_code="en")
    hidden = _form(client, f"{english.url}checklist/")
    _post(
        client,
        django_capture_on_commit_callbacks,
        "en",
        {**hidden, "email": "resident@example.lv", "send": "1"},
    )
    (confirmation,) = mail.outbox
    assert confirmation.subject.startswith("Confirm: e-mail the checklist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(confirmation))
    body = mail.outbox[1].body
    assert mail.outbox[1].subject == f"Checklist: {english.title}"
    assert "Step 1" in body and "/en/" in body and "solis" not in body


def test_a_wrong_address_is_explained_on_the_checklist_keeping_what_was_typed(
    guide, client, django_capture_on_commit_callbacks
):
    hidden = _form(client, f"{guide.url}checklist/")
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        "lv",
        {**hidden, "done": ["1"], "email": "vards@", "send": "1"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ievadiet e-pasta adresi pareizā formā" in html
    assert 'value="vards@"' in html and 'aria-invalid="true"' in html
    assert re.findall(r'name="done" value="(\d+)" checked', html) == ["1"]
    assert mail.outbox == [] and not ChecklistRequest.objects.exists()

    empty = _post(client, django_capture_on_commit_callbacks, "lv", {**hidden, "email": ""})
    assert empty.status_code == 400 and "Ievadiet savu e-pasta adresi" in empty.content.decode()


def test_a_forged_or_foreign_post_asks_to_press_again(
    guide, client, django_capture_on_commit_callbacks
):
    hidden = _form(client, f"{guide.url}checklist/")
    data = {**hidden, "email": "a@example.lv", "send": "1"}
    forged = _post(
        client, django_capture_on_commit_callbacks, "lv", {**data, "form_token": "viltots"}
    )
    foreign = _post(
        client, django_capture_on_commit_callbacks, "lv", data, HTTP_SEC_FETCH_SITE="cross-site"
    )
    for response in (forged, foreign):
        assert response.status_code == 400
        html = response.content.decode()
        assert "Veidlapas derīgums bija beidzies" in html and 'value="a@example.lv"' in html
    assert mail.outbox == []
    other_guide = checklist_mail.make_form_token("DS-001")
    assert not checklist_mail.check_form_token(other_guide, "DS-002")


def test_requests_share_the_alerts_limits_and_answer_alike(
    guide, client, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_EMAIL_LIMIT = 2
    hidden = _form(client, f"{guide.url}checklist/")
    data = {**hidden, "email": "daudz@example.lv", "send": "1"}
    first = _post(client, django_capture_on_commit_callbacks, "lv", data)
    client.post(
        "/lv/alerts/follow/",
        {"kind": "guide", "key": "DS-002", "email": "daudz@example.lv", "frequency": "weekly"},
    )
    third = _post(client, django_capture_on_commit_callbacks, "lv", data)
    assert (first.status_code, third.status_code) == (200, 429)
    assert "daudz pieteikumu" in third.content.decode()
    assert 'value="daudz@example.lv"' in third.content.decode()
    # A second request for the same guide replaces the first: one row per address and guide.
    assert ChecklistRequest.objects.count() == 1

    # Bots filling the hidden field get the same answer and nothing happens.
    bot = _post(
        client,
        django_capture_on_commit_callbacks,
        "lv",
        {**hidden, "email": "bots@example.lv", "website": "x", "send": "1"},
    )
    assert bot.status_code == 200 and bot.content.decode().count("Pārbaudiet savu e-pastu")
    assert not ChecklistRequest.objects.filter(email="bots@example.lv").exists()


def test_save_turns_the_posted_ticks_into_a_private_link(guide, client):
    hidden = _form(client, f"{guide.url}checklist/")
    response = client.post(
        "/lv/alerts/checklist/",
        {**hidden, "done": ["0", "2"], "email": "x@example.lv", "save": "1"},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{guide.url}checklist/?t=") and "example" not in location
    html = client.get(location.split("#")[0]).content.decode()
    assert set(re.findall(r'name="done" value="(\d+)" checked', html)) == {"0", "2"}
    assert not ChecklistRequest.objects.exists()


def test_unconfirmed_requests_are_deleted_after_seven_days(
    guide, client, django_capture_on_commit_callbacks
):
    hidden = _form(client, f"{guide.url}checklist/")
    _post(
        client,
        django_capture_on_commit_callbacks,
        "lv",
        {**hidden, "email": "aizmirsa@example.lv", "send": "1"},
    )
    assert ChecklistRequest.objects.count() == 1
    call_command("purge_alerts", stdout=StringIO())
    assert ChecklistRequest.objects.count() == 1, "younger than seven days: kept"
    ChecklistRequest.objects.update(created_at=timezone.now() - timedelta(days=8))
    out = StringIO()
    call_command("purge_alerts", stdout=out)
    assert "checklist requests deleted=1" in out.getvalue()
    assert not ChecklistRequest.objects.exists()
    assert client.get(_link(mail.outbox[0])).status_code == 400


def test_a_step_the_register_changed_after_its_tick_says_so_in_the_email(
    site_tree, tmp_path, client, django_capture_on_commit_callbacks
):
    """Ticks kept by the browser come with their days (``ticked_on``); a step whose service
    the register changed after that day is marked in the e-mail, as on the page."""
    from tests.sync.test_change_notes import v2_of

    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    path = write_doc(tmp_path, doc)
    sync(path)
    write_doc(path.parent, v2_of(doc))
    sync(path)  # PAK-0002 ("Izziņa par deklarēto dzīvesvietu") changes today
    guide = LifeSituationPage.objects.get(identifier="DS-002", locale__language_code="lv")
    html = client.get(f"{guide.url}checklist/").content.decode()
    steps = re.findall(r'<div class="need">(.*?)</div>', html, re.S)
    (index,) = [i for i, step in enumerate(steps) if "Izziņa par deklarēto" in step]
    hidden = _form(client, f"{guide.url}checklist/")
    _post(
        client,
        django_capture_on_commit_callbacks,
        "lv",
        {
            **hidden,
            "done": [str(index), "0"],
            "ticked_on": f"{index}:2026-01-01,0:{timezone.localdate().isoformat()}",
            "email": "atzimes@example.lv",
            "send": "1",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(mail.outbox[0]))
    body = mail.outbox[1].body
    assert body.count("Mainīts kopš jūs to atzīmējāt") == 1
    marked = body.split("Mainīts kopš jūs to atzīmējāt")[0].rsplit("[x] ", 1)[1]
    assert marked.startswith("Saņemt izziņu")
