"""Problem reports: an anonymous form on every service page becomes a *problem* or
*complaint* request in the providing institution's inbox, once, spam resistant."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from improvement import problems
from service_requests.conversation import post_message
from service_requests.models import RequestMessage, ServiceRequest
from service_requests.services import change_status

from .conftest import form_token

URL = "/lv/report-problem/PAK-OWN-2/"


def _data(token: str, **overrides) -> dict:
    data = {
        "token": token,
        "category": "broken-link",
        "text": "Saite uz e-pakalpojumu nestrādā.",
        "email": "",
        "website": "",
    }
    data.update(overrides)
    return data


def _old_token(identifier: str = "PAK-OWN-2") -> str:
    """A token issued a minute ago, as a person who read the form would send it."""
    return problems.issue_token(identifier, issued=time.time() - 60)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(url: str = URL, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, _data(overrides.pop("token", _old_token()), **overrides))

    return _post


def test_problem_report_is_offered_on_every_service_page(client, world):
    page = client.get(world.no_cost.url).content.decode()
    assert 'href="/lv/report-problem/PAK-OWN-2/"' in page
    form = client.get(URL)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="website"' in html and 'name="token"' in html
    assert html.count('type="radio"') == 6
    english = client.get("/en/report-problem/PAK-OWN-2/").content.decode()
    assert "Report a problem" in english


def test_problem_report_lands_in_the_provider_inbox_as_a_problem(client, world, post):
    response = post(email="anna@example.lv")
    assert response.status_code == 302
    report = ServiceRequest.objects.get()
    assert report.request_kind == "problem"
    assert report.provider_iri == world.owner_org.register_iri
    assert report.service_identifier == "PAK-OWN-2"
    assert report.status == ServiceRequest.REGISTERED
    assert report.needed == "Saite uz e-pakalpojumu nestrādā."
    assert report.answers[0]["value"]
    done = client.get(response["Location"])
    assert report.reference in done.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.lv", "pasts@owner.example"]
    client.force_login(world.owner)
    inbox = client.get("/admin/service-requests/").content.decode()
    assert report.reference in inbox


def test_problem_report_complaint_category_becomes_a_complaint(world, post):
    post(category="complaint")
    assert ServiceRequest.objects.get().request_kind == "complaint"


def test_problem_report_is_stored_exactly_once(client, world, post):
    token = _old_token()
    first = post(token=token)
    second = post(token=token)
    assert ServiceRequest.objects.count() == 1
    references = [
        problems.reference_from_done_key(parse_qs(urlsplit(r["Location"]).query)["r"][0])
        for r in (first, second)
    ]
    assert references == [ServiceRequest.objects.get().reference] * 2


def test_a_replayed_problem_report_token_reveals_nothing(client, world, post):
    """Issue 18 item 5: browser B posting browser A's token was redirected to A's reference,
    whose page showed A's e-mail and text. B gets the form again, fresh, with only B's input."""
    from django.test import Client

    token = _old_token()
    first = post(token=token, email="anna@example.lv", text="Annas sūdzība par rindu.")
    assert first.status_code == 302
    report = ServiceRequest.objects.get()

    other = Client()
    with_b = _data(token, email="b@example.lv", text="Cits teksts no otra pārlūka.")
    replay = other.post(URL, with_b)
    assert replay.status_code == 400
    body = replay.content.decode()
    assert "Šī veidlapa jau vienreiz ir nosūtīta" in body
    assert form_token(body) not in ("", token)
    assert "Cits teksts no otra pārlūka." in body  # B's own input is kept
    for secret in (report.reference, "anna@example.lv", "Annas sūdzība par rindu."):
        assert secret not in body
    assert other.get(f"/lv/requests/r/{report.reference}/").status_code in (302, 403, 404)
    assert ServiceRequest.objects.count() == 1

    # With the fresh token B's own report goes through, under its own reference.
    fresh = problems.issue_token("PAK-OWN-2", issued=time.time() - 60)
    sent = other.post(URL, _data(fresh, email="b@example.lv", text="Cits teksts no otra pārlūka."))
    assert sent.status_code == 302
    assert ServiceRequest.objects.count() == 2


def test_problem_report_without_e_mail_sends_no_requester_mail(world, post):
    post()
    assert [m.to[0] for m in mail.outbox] == ["pasts@owner.example"]


def test_problem_report_follows_the_request_status_flow(
    world, post, django_capture_on_commit_callbacks
):
    post(email="anna@example.lv")
    report = ServiceRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, ServiceRequest.ACCEPTED, world.owner)
        change_status(report, ServiceRequest.IN_PROGRESS, world.owner)
        change_status(report, ServiceRequest.COMPLETED, world.owner)
    assert ServiceRequest.objects.get().status == ServiceRequest.COMPLETED
    assert len(mail.outbox) == 3 and all(m.to == ["anna@example.lv"] for m in mail.outbox)


def test_problem_report_for_a_forged_identifier_is_404(client, world, post):
    assert client.get("/lv/report-problem/PAK-NAV-TADA/").status_code == 404
    assert (
        post(url="/lv/report-problem/PAK-NAV-TADA/", token=_old_token("PAK-NAV-TADA")).status_code
        == 404
    )
    assert client.get("/lv/report-problem/" + "X" * 300 + "/").status_code == 404
    assert ServiceRequest.objects.count() == 0


def test_problem_report_token_of_another_service_is_refused(world, post):
    response = post(token=_old_token("PAK-OWN-1"))
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_problem_report_from_a_bot_filling_the_honeypot_is_not_stored(world, post):
    response = post(website="http://spam.example")
    assert response.status_code == 302
    assert ServiceRequest.objects.count() == 0
    assert mail.outbox == []


def test_problem_report_sent_too_fast_is_not_stored_and_keeps_the_input(
    client, world, post, monkeypatch
):
    # "Too fast" whatever the machine's load between the form and the post.
    monkeypatch.setattr(problems, "MIN_SECONDS", 3600)
    token = form_token(client.get(URL).content.decode())
    response = post(token=token, text="Ļoti ātri uzrakstīts teksts")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ļoti ātri uzrakstīts teksts" in body
    assert form_token(body) != token
    assert ServiceRequest.objects.count() == 0


def test_the_one_second_line_is_a_second_from_when_the_form_was_shown():
    """Measured in milliseconds: a form shown at .9 of a second and sent 0.6 s later is still
    too fast (whole seconds let it through, the line was anything between 0 and 1 s)."""
    token = problems.issue_token("PAK-1", issued=1_000_000.9)
    with pytest.raises(problems.TokenProblem, match="too-fast"):
        problems.read_token(token, "PAK-1", now=1_000_001.5)
    assert problems.read_token(token, "PAK-1", now=1_000_001.95).startswith("problem-")


def test_a_token_issued_in_whole_seconds_before_the_change_is_still_read():
    """A form left open across the deploy carries ``t`` in whole seconds."""
    from django.core import signing

    old = signing.dumps({"n": "a" * 32, "s": "PAK-1", "t": 1_000_000}, salt=problems.TOKEN_SALT)
    assert problems.read_token(old, "PAK-1", now=1_000_005) == "problem-" + "a" * 32
    with pytest.raises(problems.TokenProblem, match="too-fast"):
        problems.read_token(old, "PAK-1", now=1_000_000.5)


def test_problem_report_with_oversized_text_says_so_and_keeps_the_input(world, post):
    text = "garš teksts " * 300
    response = post(text=text, email="anna@example.lv")
    assert response.status_code == 400
    body = response.content.decode()
    assert "2000" in body and str(len(text.strip())) in body
    assert "garš teksts garš teksts" in body and "anna@example.lv" in body
    assert ServiceRequest.objects.count() == 0


def test_problem_report_missing_answers_are_explained(world, post):
    response = post(category="", text="")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_category_0"' in body or 'href="#id_category"' in body
    assert 'href="#id_text"' in body
    assert ServiceRequest.objects.count() == 0


def test_problem_report_is_rate_limited(world, post, settings):
    settings.SERVICE_REQUESTS_RATE_LIMITS = {"ip": (2, 600)}
    assert post().status_code == 302
    assert post().status_code == 302
    limited = post(text="Trešais ziņojums")
    assert limited.status_code == 429
    assert "Trešais ziņojums" in limited.content.decode()
    assert ServiceRequest.objects.count() == 2


def test_problem_report_counts_in_the_service_statistics(client, world, post):
    post()
    stats = client.get("/api/statistics/services/PAK-OWN-2/").json()
    assert stats["requests"]["by_kind"] == {"problem": 1}
    assert stats["requests"]["by_status"] == {"registered": 1}


def test_problem_report_without_e_mail_gets_provider_messages_without_mail(
    world, post, django_capture_on_commit_callbacks
):
    post()
    report = ServiceRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_message(report, "Paldies, saiti salabojām.", world.owner, RequestMessage.PROVIDER)
    assert report.messages.count() == 1
    assert mail.outbox == []
