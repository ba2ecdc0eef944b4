"""The three catalogues: exactly the right services, browsing, filters, counts, pages, bad input."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    section = html.split('id="results"', 1)[1]
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", section)


def test_each_catalogue_lists_exactly_its_audience(client, catalogue):
    assert set(titles(client.get("/lv/iedzivotajiem/"))) == {
        "Dzīvesvietas deklarēšana",
        "Ārvalstu dokumentu legalizācija",
    }
    assert set(titles(client.get("/lv/uznemejiem/"))) == {
        "Uzņēmuma reģistrācija",
        "Ārvalstu dokumentu legalizācija",
    }
    assert set(titles(client.get("/lv/iestadem/"))) == {"Datu pieprasījums iestādei"}
    assert set(titles(client.get("/en/iedzivotajiem/"))) == {"Declaring your place of residence"}


def test_service_shared_by_two_catalogues_has_one_page_and_links_carry_the_catalogue(
    client, catalogue
):
    citizens = client.get("/lv/iedzivotajiem/").content.decode()
    business = client.get("/lv/uznemejiem/").content.decode()
    assert "/lv/pakalpojumi/legalizacija/?no=citizen" in citizens
    assert "/lv/pakalpojumi/legalizacija/?no=business" in business
    page = client.get("/lv/pakalpojumi/legalizacija/?no=business").content.decode()
    crumbs = page.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
    assert "Uzņēmējiem" in crumbs and "Iedzīvotājiem" not in crumbs
    crumbs = (
        client.get("/lv/pakalpojumi/legalizacija/")
        .content.decode()
        .split('class="breadcrumbs', 1)[1]
    )
    assert "Iedzīvotājiem" in crumbs.split("</nav>", 1)[0]  # primary audience
    # A catalogue that does not list the service is ignored in favour of the primary one.
    crumbs = client.get("/lv/pakalpojumi/legalizacija/?no=public-administration").content.decode()
    assert "Iedzīvotājiem" in crumbs.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]


def test_browse_by_topic_situation_institution_and_letter(client, catalogue):
    assert titles(client.get("/lv/iedzivotajiem/?topic=dzivesvieta")) == [
        "Dzīvesvietas deklarēšana"
    ]
    assert set(titles(client.get("/lv/uznemejiem/?situation=parcelsanas"))) == {
        "Uzņēmuma reģistrācija",
        "Ārvalstu dokumentu legalizācija",
    }
    assert titles(client.get("/lv/iedzivotajiem/?institution=am")) == [
        "Ārvalstu dokumentu legalizācija"
    ]
    assert titles(client.get("/lv/iedzivotajiem/?letter=Ā")) == ["Ārvalstu dokumentu legalizācija"]
    assert titles(client.get("/lv/iedzivotajiem/?letter=d")) == ["Dzīvesvietas deklarēšana"]


def test_counts_and_a_to_z(client, catalogue):
    html = client.get("/lv/iedzivotajiem/").content.decode()
    assert re.search(r"<p>2 \w+", html)  # the catalogue's count, in whichever language
    assert (
        'href="?topic=dzivesvieta#results">Dzīvesvieta</a> <span class="count">(1)</span>' in html
    )
    az = html.split('class="az"', 1)[1].split("</nav>", 1)[0]
    # Latvian order (A Ā B C Č D …), not byte order, which would put Ā after Z.
    letters = re.findall(r"\?letter=([^#]+)#", az)
    assert letters == ["%C4%80", "D"]


def test_pagination(client, catalogue, settings):
    from tests.factories import ServicePageFactory

    for n in range(25):
        ServicePageFactory(title=f"Zāģēšana {n:02d}", for_citizens=True)
    first = client.get("/lv/iedzivotajiem/")
    assert len(titles(first)) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get("/lv/iedzivotajiem/?page=2")
    assert len(titles(second)) == 7
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "page=1e3",
        "topic=no-such-topic",
        "institution=nope",
        "situation=nope",
        "letter=ab",
        "letter=%3Cscript%3E",
        "page=99999999999999999999",
    ],
)
def test_bad_filters_answer_400_with_a_message(client, catalogue, query):
    response = client.get(f"/lv/iedzivotajiem/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "query", ["page=50", "q=%ZZ&&&=", "topic=", "letter=", "page=2&page=1", "x=" + "y" * 5000]
)
def test_odd_but_harmless_queries_give_a_page(client, catalogue, query):
    response = client.get(f"/lv/iedzivotajiem/?{query}")
    assert response.status_code == 200


def test_page_past_the_end_is_an_empty_result_with_a_way_back(client, catalogue):
    html = client.get("/lv/iedzivotajiem/?page=50").content.decode()
    assert 'class="notice"' in html
    assert titles(client.get("/lv/iedzivotajiem/?page=50")) == []


def test_catalogue_offers_a_scoped_search(client, catalogue):
    html = client.get("/lv/uznemejiem/").content.decode()
    assert 'name="audience" value="business"' in html
    assert 'action="/lv/search/"' in html


def test_query_budget(client, catalogue, django_assert_max_num_queries):
    urls = [
        "/lv/",
        "/lv/iedzivotajiem/",
        "/lv/iedzivotajiem/?topic=dzivesvieta&page=1",
        "/lv/pakalpojumi/dzivesvietas-deklaresana/",
        "/lv/dzives-situacijas/parcelsanas/",
        "/lv/dzives-situacijas/",
        "/lv/iestades/",
        "/lv/iestades/pmlp/",
    ]
    for url in urls:
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
    # Warm: the cached fragments cut the cost further.
    for url in urls[:5]:
        with django_assert_max_num_queries(10):
            client.get(url)


def test_facet_counts_group_services_across_titles(client, site_tree):
    """Counts are per topic and per institution, whatever the services' titles or order."""
    from tests.factories import InstitutionPageFactory, ServicePageFactory, TopicFactory

    topic = TopicFactory(slug="gimene", name_lv="Ģimene")
    vid = InstitutionPageFactory(title="Valsts ieņēmumu dienests", slug="vid")
    for n, title in enumerate(["Bērna reģistrācija", "Auklīte", "Pabalsts"]):
        page = ServicePageFactory(title=title, slug=f"s-{n}", competent_authority=vid)
        page.topics.add(topic)
        page.save()  # ParentalManyToMany writes on save
    html = client.get("/lv/iedzivotajiem/").content.decode()
    assert 'Ģimene</a> <span class="count">(3)</span>' in html
    assert html.count('<option value="vid">') == 1
    assert '<option value="vid">Valsts ieņēmumu dienests (3)</option>' in html


@pytest.mark.parametrize("few", [0, 500], ids=["stored order", "titles sorted"])
def test_filtered_pages_list_in_latvian_order_whichever_way_they_are_found(
    client, site_tree, monkeypatch, few
):
    """A filter allowing many services walks the catalogue's stored order, one allowing a few
    sorts their titles: the same services, in the same Latvian order, page by page, and only
    the catalogue's own (the English page and the business-only service share the topic)."""
    from catalogue_pages.contexts import catalogue as context
    from catalogue_pages.latvian import sort_key
    from tests.factories import InstitutionPageFactory, ServicePageFactory, TopicFactory

    monkeypatch.setattr(context, "FEW_FILTERED", few)
    topic = TopicFactory(slug="gimene", name_lv="Ģimene")
    vid = InstitutionPageFactory(title="Valsts ieņēmumu dienests", slug="vid")
    titles_in = ["Zīdainis", "Ēdināšana", "Bērns", "ALTUM", "Aizbildnība", "Čeks"] * 4
    for n, title in enumerate(titles_in):
        page = ServicePageFactory(
            title=f"{title} {n:02d}", slug=f"s-{n}", for_citizens=True, competent_authority=vid
        )
        page.topics.add(topic)
        page.save()
    outside = ServicePageFactory(
        title="Aaa uzņēmumiem", slug="b", for_citizens=False, for_business=True
    )
    outside.topics.add(topic)
    outside.save()
    expected = sorted((f"{title} {n:02d}" for n, title in enumerate(titles_in)), key=sort_key)
    for query in ["topic=gimene", "institution=vid", "topic=gimene&institution=vid"]:
        first = titles(client.get(f"/lv/iedzivotajiem/?{query}"))
        second = titles(client.get(f"/lv/iedzivotajiem/?{query}&page=2"))
        assert first + second == expected, query
        assert first[:2] == ["Aizbildnība 04", "Aizbildnība 10"]
