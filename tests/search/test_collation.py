"""Titles sort in Latvian alphabetical order in Elasticsearch and in the database fallback.

A keyword sorts by its bytes: "ALTUM" came before "Aizbildnības", "Čeki" after "Zvejas" and
"Šķirošana" after everything. ``title_order`` is a key whose byte order is the alphabet
(A Ā B C Č D E Ē F G Ģ H I Ī J K Ķ L Ļ M N Ņ O P R S Š T U Ū V Z Ž).
"""

from __future__ import annotations

import random

import pytest
from django.conf import settings
from elasticsearch import Elasticsearch

from catalogue_pages import latvian
from search import fallback, indexing
from search.documents import ServiceDocument, mapping, title_order
from search.queries import SearchParams
from search.service import search_services
from tests.factories import ServicePageFactory

#: In Latvian alphabetical order; each pair of neighbours is a trap for byte order or folding.
ORDERED = [
    "Adrese",
    "Aizbildnības nodibināšana",
    "ALTUM atbalsts",
    "Ārvalstu dokumentu legalizācija",
    "Bērna pabalsts",
    "Bērnam līdz 5 gadiem",
    "Brīvpusdienas",
    "Cirka licence",
    "Čeku loterija",
    "Dzīvesvietas deklarēšana",
    "Ēkas kadastrālā uzmērīšana",
    "Gāzes pieslēgums",
    "Ģimenes valsts pabalsts",
    "Kapu vieta",
    "Ķīmisko vielu reģistrs",
    "Laulības reģistrēšana",
    "Ļoti svarīgs pakalpojums",
    "Nodokļu deklarācija",
    "Ņemšana uzskaitē",
    "Sociālā palīdzība",
    "Šķirošanas atļauja",
    "Uzņēmuma reģistrēšana",
    "Ūdens lietošanas atļauja",
    "Zvejas licence",
    "Žurnālista akreditācija",
]


def test_the_key_orders_titles_by_the_latvian_alphabet() -> None:
    shuffled = ORDERED[:]
    random.Random(19).shuffle(shuffled)
    assert sorted(shuffled, key=title_order) == ORDERED
    # Plain code-point order, what a keyword sort did before, gets it wrong.
    assert sorted(ORDERED) != ORDERED


def test_the_key_agrees_with_the_portals_latvian_order_on_letters() -> None:
    words = ["ābols", "abats", "čaula", "cena", "zars", "žogs", "šis", "sala", "ūdens", "uts"]
    assert sorted(words, key=title_order) == latvian.by_title(words, lambda w: w)


def test_case_punctuation_and_foreign_marks_do_not_move_a_title() -> None:
    assert title_order("«Latvijas Pasts» pakalpojumi") == title_order("latvijas pasts pakalpojumi")
    assert title_order("Café licence") == title_order("Cafe licence")
    assert title_order("E-pakalpojums") == title_order("Epakalpojums")
    assert title_order("  Pase   bērnam ") == title_order("Pase bērnam")
    # Digits before letters, another script after Ž.
    assert sorted(["Žurnāls", "Дом", "112 zvans", "Auto"], key=title_order) == [
        "112 zvans",
        "Auto",
        "Žurnāls",
        "Дом",
    ]


def test_the_key_is_a_keyword_of_the_document() -> None:
    assert mapping()["properties"]["title_order"] == {"type": "keyword"}


@pytest.mark.django_db
def test_the_document_carries_the_key(site_tree) -> None:
    page = ServicePageFactory(title="Ģimenes valsts pabalsts")
    assert ServiceDocument.from_page(page).title_order == title_order("Ģimenes valsts pabalsts")


@pytest.fixture
def alphabet(site_tree) -> list[str]:
    titles = ORDERED[:]
    random.Random(7).shuffle(titles)  # created (and so numbered) out of order
    for number, title in enumerate(titles, start=1):
        ServicePageFactory(title=title, identifier=f"PAK-{number:04d}", summary="")
    return ORDERED


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_elasticsearch_lists_titles_in_latvian_order(alphabet, use_elasticsearch) -> None:
    indexing.rebuild()
    Elasticsearch(settings.ELASTICSEARCH_URL).indices.refresh(index=indexing.alias_name())
    for params in (
        SearchParams(query="", sort="title", page_size=50),
        SearchParams(query="", page_size=50),  # browsing without words: A–Z too
    ):
        results = search_services(params)
        assert results.backend == "elasticsearch" and not results.degraded
        assert [h.title for h in results.hits] == alphabet


@pytest.mark.django_db
def test_the_database_fallback_lists_titles_in_latvian_order(alphabet) -> None:
    results = fallback.DatabaseBackend().search(SearchParams(query="", sort="title", page_size=50))
    assert [h.title for h in results.hits] == alphabet


def test_facet_values_of_equal_count_are_in_latvian_order() -> None:
    from search.backend import results
    from search.queries import FACETS

    buckets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    buckets["institution"] = [
        ("ALTUM", 2),
        ("Valsts ieņēmumu dienests", 5),
        ("Aizsardzības ministrija", 2),
        ("Čaklo biedrība", 2),
        ("Zemkopības ministrija", 2),
    ]
    found = results(
        SearchParams(), total=13, hits=[], buckets=buckets, online=0, free=0, backend="x"
    )
    assert [f.value for f in found.facets["institution"]] == [
        "Valsts ieņēmumu dienests",  # the most services first
        "Aizsardzības ministrija",
        "ALTUM",
        "Čaklo biedrība",
        "Zemkopības ministrija",
    ]
