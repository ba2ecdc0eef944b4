"""Junk in query strings and form fields gives a clear 4xx or a normal page, never a 5xx."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

JUNK = ["²", "%C2%B2", "١", "-1", "0", "1e9", "9" * 40, "%00", "'\"<x>", "%F0%9F%92%A9", "%ff"]

PUBLIC_URLS = [
    "/lv/iedzivotajiem/?page={j}",
    "/lv/iedzivotajiem/?topic={j}&page=2",
    "/lv/uznemejiem/?letter={j}",
    "/lv/search/?q={j}",
    "/lv/search/?q=pase&page={j}",
    "/api/search/?q={j}&lang=lv",
    "/api/search/?q=pase&page={j}&lang=lv",
    "/api/autocomplete/?q={j}",
    "/lv/requests/r/{j}/",
    "/lv/dzives-situacijas/?page={j}",
    "/sitemap.xml?p={j}",
]


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("template", PUBLIC_URLS)
def test_public_get_urls_never_answer_5xx(client, site_tree, template, junk):
    response = client.get(template.format(j=junk))
    assert response.status_code < 500, (template, junk, response.status_code)


def test_catalogue_page_superscript_two_is_a_clear_400(client, site_tree):
    response = client.get("/lv/iedzivotajiem/?page=%C2%B2")
    assert response.status_code == 400
    assert "Lappuses numuram jābūt veselam skaitlim" in response.content.decode()


@pytest.mark.parametrize("junk", ["²", "١٢", "-1", "1.5", "", "9" * 40])
def test_feedback_page_junk_is_a_400(client, site_tree, junk):
    response = client.post("/lv/feedback/", {"page": junk, "useful": "yes"})
    assert response.status_code == 400


# Issue 18 item 7: each of these answered 500 (the last two on PostgreSQL only). The tests run
# on both databases (the module is marked `both_databases`: README, "Which tests run where").


@pytest.fixture
def reportable_service(site_tree):
    from tests.factories import InstitutionPageFactory, ServicePageFactory

    provider = InstitutionPageFactory(
        title="Junk iestāde",
        register_iri="https://example.lv/org/junk",
        contact_points=[{"email": "pasts@junk.example"}],
    )
    return ServicePageFactory(
        title="Pieslēgums",
        identifier="PAK-JUNK-1",
        for_citizens=False,
        for_institutions=True,
        competent_authority=provider,
        channels=[{"type": "request-form"}],
    )


@pytest.mark.parametrize(
    "url", ["/lv/feedback/", "/lv/report-problem/PAK-JUNK-1/", "/lv/requests/login/"]
)
def test_a_utf16_form_post_is_a_clear_400(reportable_service, url):
    """``charset=utf-16`` makes Django decode the body as UTF-16, which the CSRF check and the
    views then read: the body must be refused in the visitor's language, not crash."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    body = "csrfmiddlewaretoken=" + "a" * 32 + "&useful=yes&page=1&username=x&password=y"
    response = client.generic(
        "POST",
        url,
        body.encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
        HTTP_ACCEPT_LANGUAGE="lv",
    )
    assert response.status_code == 400, response.status_code
    assert "Veidlapas rakstzīmju kodējums netiek atbalstīts" in response.content.decode()


@pytest.mark.parametrize(
    "since",
    ["0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00%2B00:01"],
)
def test_a_since_beyond_the_calendar_is_a_clear_400(client, site_tree, since):
    response = client.get(f"/open-data/changes?since={since}", HTTP_ACCEPT_LANGUAGE="lv")
    assert response.status_code == 400, response.status_code


def test_a_nul_byte_in_the_feedback_comment_is_dropped(client, site_tree):
    import time

    from catalogue_pages import feedback
    from catalogue_pages.models import PageFeedback
    from tests.factories import ServicePageFactory

    page = ServicePageFactory(title="Pase", identifier="PAK-JUNK-NUL")
    token = feedback.make_token(page.pk, issued=time.time() - 60)
    response = client.post(
        "/lv/feedback/",
        {"page": page.pk, "useful": "no", "comment": "slik\x00ti", "token": token},
    )
    assert response.status_code == 302
    assert PageFeedback.objects.get().comment == "slikti"


def test_a_half_filled_request_form_after_the_session_expired_keeps_text_without_nul(
    client, reportable_service
):
    """The stash of an expired session's form used to store the raw POST: PostgreSQL refuses
    a NUL byte in ``jsonb`` (DataError)."""
    from service_requests.models import PendingSubmission

    url = "/lv/requests/new/PAK-JUNK-1/"
    response = client.post(url, {"needed": "Datu\x00 pieslēgums", "contact_name": "An\x00na"})
    assert response.status_code == 302
    stash = PendingSubmission.objects.get()
    assert stash.data["needed"] == "Datu pieslēgums"
    assert stash.data["contact_name"] == "Anna"
