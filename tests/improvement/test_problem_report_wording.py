"""Problem reports are their own thing (issue 19, item 7): their own words in every e-mail and
page in lv and en, no "Hello ," for a report without a name, the institution told in Latvian,
fast people not refused, and the statistics counting reports apart from requests."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from improvement import problems
from service_requests.models import ServiceRequest
from service_requests.services import change_status
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

pytestmark = pytest.mark.django_db


def _report(client, capture, lang="lv", seconds_ago=60.0, **fields):  # type: ignore[no-untyped-def]
    data = {
        "token": problems.issue_token("PAK-1", issued=time.time() - seconds_ago),
        "category": "broken-link",
        "text": "Saite uz e-pakalpojumu nestrādā.",
        "email": "",
        "website": "",
        **fields,
    }
    with capture(execute=True):
        return client.post(f"/{lang}/report-problem/PAK-1/", data)


@pytest.mark.parametrize(
    ("lang", "greeting", "subject", "body"),
    [
        ("lv", "Labdien!", "Ziņojums par problēmu", "Paldies, ka ziņojāt par problēmu"),
        ("en", "Hello,", "Problem report", "Thank you for reporting a problem"),
    ],
)
def test_a_report_with_only_an_e_mail_gets_its_own_words(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
    lang,
    greeting,
    subject,
    body,
):
    response = _report(client, django_capture_on_commit_callbacks, lang, email="anna@example.lv")
    assert response.status_code == 302
    to_person = next(m for m in mail.outbox if m.to == ["anna@example.lv"])
    assert to_person.body.startswith(greeting)
    assert " ," not in to_person.body and ", !" not in to_person.body
    assert subject in to_person.subject and body in to_person.body
    assert "Your request" not in to_person.body and "pieprasījums" not in to_person.body


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_institution_is_told_in_latvian_what_was_reported(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
    lang,
):
    english = catalogue.institution_en  # the sync gives both languages the same contacts
    english.contact_points = catalogue.institution.contact_points
    english.save_revision().publish()
    _report(client, django_capture_on_commit_callbacks, lang)
    to_institution = next(m for m in mail.outbox if m.to == ["pasts@pmlp.gov.lv"])
    assert to_institution.subject.startswith("Ziņojums par problēmu")
    assert "Portāla apmeklētājs ziņoja par problēmu" in to_institution.body
    assert "Saite uz e-pakalpojumu nestrādā." in to_institution.body
    assert "submitted by" not in to_institution.body and " ." not in to_institution.body


def test_status_mail_and_page_of_a_report_use_report_words(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _report(client, django_capture_on_commit_callbacks, "en", email="anna@example.lv")
    report = ServiceRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, ServiceRequest.ACCEPTED, None)
    assert mail.outbox[0].body.startswith("Hello,")
    assert "your problem report" in mail.outbox[0].body
    page = client.get(f"/en/requests/r/{report.reference}/").content.decode()
    assert f"Problem report {report.reference}" in page
    assert "Contact person" not in page and "anna@example.lv" in page


def test_an_anonymous_report_page_has_no_empty_contact(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _report(client, django_capture_on_commit_callbacks, "lv")
    report = ServiceRequest.objects.get()
    page = client.get(f"/lv/requests/r/{report.reference}/").content.decode()
    assert "Kontaktpersona" not in page and "<dd>, </dd>" not in page


def test_a_person_who_pastes_in_two_seconds_is_not_refused(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    response = _report(client, django_capture_on_commit_callbacks, "lv", seconds_ago=2)
    assert response.status_code == 302 and ServiceRequest.objects.count() == 1


def test_a_script_posting_at_once_is_still_held_back(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    response = _report(client, django_capture_on_commit_callbacks, "lv", seconds_ago=0)
    assert response.status_code == 400 and ServiceRequest.objects.count() == 0
    assert "pārāk ātri" not in response.content.decode()


def test_missing_answers_are_shown_first_with_focus_on_the_summary(client, catalogue):  # noqa: F811
    token = problems.issue_token("PAK-1")
    response = client.post("/lv/report-problem/PAK-1/", {"token": token, "category": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="form-errors" autofocus data-error-summary' in html
    assert f'value="{token}"' in html  # the time keeps counting from the first display


def test_english_thank_you_page_links_the_english_service(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    done = client.get(_report(client, django_capture_on_commit_callbacks, "en")["Location"])
    html = done.content.decode()
    assert "Declaring your place of residence" in html and "Dzīvesvietas" not in html
    assert 'href="/en/pakalpojumi/dzivesvietas-deklaresana/"' in html


def test_statistics_count_reports_apart_and_speak_the_page_language(
    client,
    catalogue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from improvement.services import refresh_everything

    _report(client, django_capture_on_commit_callbacks, "lv")
    refresh_everything()
    english = client.get("/en/statistics/services/PAK-1/").content.decode()
    main = english.split('<main id="main"', 1)[1]
    assert "Declaring your place of residence" in main and "Dzīvesvietas" not in main
    assert "Office of Citizenship and Migration Affairs" in main
    assert "<caption>Problem reports</caption>" in main
    assert "Requests by kind" not in main  # no request yet, only a report
    latvian = client.get("/lv/statistics/services/PAK-1/").content.decode()
    assert "Ziņojumi par problēmām" in latvian
