"""Junk in query strings and form fields gives a clear 4xx or a normal page, never a 5xx."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

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
