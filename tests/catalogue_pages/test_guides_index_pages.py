"""The guides index is paginated per kind (issue 23): each request shows a bounded page of
residents' and of businesses' situations, in Latvian title order, with plain links between
pages that work without JavaScript, and a page number that is not one still shows guides."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from catalogue_pages.contexts import indexes
from tests.accessibility import nu

pytestmark = pytest.mark.django_db

#: Residents' guides in Latvian order (Č after C, Ē after E, Š after S): three pages of 3.
LIFE = ["Adopcija", "Bērns", "Ceļošana", "Čeku krāšana", "Dzīvesvieta", "Ēnu teātris", "Šķiršanās"]
BUSINESS = ["Akcīze", "Bankrots", "Darbinieki", "Eksports"]
ENGLISH = ["Adoption", "Birth", "Moving", "Retirement"]


@pytest.fixture
def guides(site_tree, monkeypatch):  # type: ignore[no-untyped-def]
    """Seven residents' and four businesses' guides in Latvian, four in English, 3 a page."""
    from wagtail.models import Locale

    from tests.factories import LifeSituationPageFactory

    monkeypatch.setattr(indexes, "GUIDES_PER_PAGE", 3)
    created = {}
    # Created out of order: the index sorts, not the database.
    for n, title in enumerate(reversed(LIFE)):
        created[title] = LifeSituationPageFactory(
            title=title, slug=f"dzive-{n}", kind="life", summary=f"Par {title}."
        )
    for n, title in enumerate(BUSINESS):
        created[title] = LifeSituationPageFactory(title=title, slug=f"bizness-{n}", kind="business")
    en = Locale.objects.get(language_code="en")
    for n, title in enumerate(ENGLISH):
        created[title] = LifeSituationPageFactory(
            title=title, slug=f"life-{n}", kind="life", locale=en, parent=site_tree.situations["en"]
        )
    return created


def section(html: str, kind: str) -> str:
    return html.split(f'id="group-{kind}"', 1)[1].split("</section>", 1)[0]


def titles(html: str, kind: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', section(html, kind))


def nav(html: str, kind: str) -> str:
    part = section(html, kind)
    return (
        part.split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0] if "<nav" in part else ""
    )


def link(html: str, kind: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', nav(html, kind))
    return unescape(found.group(1)) if found else None


def get(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_first_page_shows_the_first_guides_of_each_kind_in_latvian_order(client, guides):
    html = get(client, "/lv/dzives-situacijas/")
    assert titles(html, "life") == LIFE[:3]
    assert titles(html, "business") == BUSINESS[:3]
    life = nav(html, "life")
    assert 'aria-label="Dzīves situāciju lappuses"' in life
    assert '<span aria-current="page">1. lappuse no 3</span>' in life
    assert link(html, "life", "prev") is None
    assert link(html, "life", "next") == "?page=2#group-life"
    assert 'aria-label="Uzņēmējdarbības situāciju lappuses"' in nav(html, "business")
    assert link(html, "business", "next") == "?business_page=2#group-business"


def test_a_middle_page_links_both_ways_and_keeps_the_other_kinds_page(client, guides):
    html = get(client, "/lv/dzives-situacijas/?page=2&business_page=2")
    assert titles(html, "life") == LIFE[3:6]
    assert titles(html, "business") == BUSINESS[3:]
    assert '<span aria-current="page">2. lappuse no 3</span>' in nav(html, "life")
    assert link(html, "life", "prev") == "?business_page=2#group-life"
    assert link(html, "life", "next") == "?page=3&business_page=2#group-life"
    assert link(html, "business", "prev") == "?page=2#group-business"
    assert link(html, "business", "next") is None


def test_the_links_are_plain_get_links_that_walk_every_guide(client, guides):
    """Following "next" from the first page, as a browser without JavaScript would, visits
    every residents' guide once, in order, and each link is the guide's own URL."""
    seen: list[str] = []
    path = "/lv/dzives-situacijas/"
    while True:
        html = get(client, path)
        seen += titles(html, "life")
        following = link(html, "life", "next")
        if following is None:
            break
        path = "/lv/dzives-situacijas/" + following.split("#", 1)[0]
    assert seen == LIFE
    html = get(client, "/lv/dzives-situacijas/?page=3")
    urls = re.findall(r'<h3><a href="([^"]*)">', section(html, "life"))
    assert urls == [guides[title].url for title in LIFE[6:]]
    assert client.get(urls[0]).status_code == 200
    assert f"<p>Par {LIFE[6]}.</p>" in html


def test_a_slug_that_needs_quoting_links_to_its_guide(client, guides):
    """Such a URL is Wagtail's own, not the folder's URL + the raw slug."""
    from django.utils.html import escape

    from tests.factories import LifeSituationPageFactory

    guide = LifeSituationPageFactory(title="Ēka", slug="ēka", kind="business")
    html = get(client, "/lv/dzives-situacijas/?business_page=2")
    assert titles(html, "business") == ["Eksports", "Ēka"]
    assert f'<h3><a href="{escape(guide.url)}">Ēka</a></h3>' in html
    assert client.get(guide.url).status_code == 200


@pytest.mark.parametrize("number", ["99", "4"])
def test_a_page_past_the_end_shows_the_last_page(client, guides, number):
    html = get(client, f"/lv/dzives-situacijas/?page={number}")
    assert titles(html, "life") == LIFE[6:]
    assert '<span aria-current="page">3. lappuse no 3</span>' in nav(html, "life")
    assert link(html, "life", "next") is None


@pytest.mark.parametrize("junk", ["abc", "0", "-2", "1.5", "%00", ""])
def test_a_page_number_that_is_not_one_shows_the_first_page(client, guides, junk):
    html = get(client, f"/lv/dzives-situacijas/?page={junk}&business_page={junk}")
    assert titles(html, "life") == LIFE[:3]
    assert titles(html, "business") == BUSINESS[:3]


def test_the_english_index_is_paginated_in_english(client, guides):
    html = get(client, "/en/dzives-situacijas/?page=2")
    assert titles(html, "life") == ENGLISH[3:]
    life = nav(html, "life")
    assert 'aria-label="Pages of life situations"' in life
    assert '<span aria-current="page">Page 2 of 2</span>' in life
    assert ">Previous page</a>" in life
    assert 'id="group-business"' not in html  # no English business guides: no empty section


def test_a_small_index_has_no_pagination(client, guides, monkeypatch):
    monkeypatch.setattr(indexes, "GUIDES_PER_PAGE", 50)
    html = get(client, "/lv/dzives-situacijas/")
    assert titles(html, "life") == LIFE
    assert titles(html, "business") == BUSINESS
    assert "pagination" not in html


def test_the_paginated_index_is_valid_html(client, guides, tmp_path):
    """The pagination navs of both kinds, in both languages, pass the Nu HTML Checker."""
    files = []
    for n, path in enumerate(
        ["/lv/dzives-situacijas/?page=2&business_page=2", "/en/dzives-situacijas/?page=2"]
    ):
        html = get(client, path)
        assert 'rel="prev"' in html
        file = tmp_path / f"page{n}.html"
        file.write_text(html, encoding="utf-8")
        files.append(str(file))
    errors = nu.errors(files)
    assert not errors, errors
