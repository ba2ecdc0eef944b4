"""Suggestions on words anywhere in titles, keywords and everyday words, folded and typo
tolerant, that never vanish as one more letter is typed; and "did you mean"."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from search import indexing
from search.documents import everyday_terms
from search.queries import SUGGEST_FUZZINESS, AutocompleteQuery
from tests.search.relevance.evaluate import SNAPSHOT


def test_suggestions_search_titles_keywords_and_everyday_words_with_typos() -> None:
    body = json.dumps(AutocompleteQuery("bernu pab", "lv").to_dict())
    for field in ("title.suggest", "keywords.suggest", "everyday.suggest"):
        assert field in body
    assert f'"fuzziness": "{SUGGEST_FUZZINESS}"' in body and '"operator": "and"' in body
    assert '"kind": "guide"' in body  # guides are not suggested as services


def test_institutions_only_services_are_suggested_last_unless_their_catalogue_asks() -> None:
    assert '"weight": 0.3' in json.dumps(AutocompleteQuery("uzn", "lv").to_dict())
    body = json.dumps(AutocompleteQuery("uzn", "lv", audience="public-administration").to_dict())
    assert '"weight": 0.3' not in body


def test_a_service_carries_the_everyday_words_of_its_name() -> None:
    assert "braukšanas tiesības" in everyday_terms(["Vadītāja apliecības iegūšana"], "lv")
    assert everyday_terms(["Pases izsniegšana"], "lv") == []


@pytest.fixture
def demo(site_tree, use_elasticsearch) -> None:
    call_command("sync_register", source=str(SNAPSHOT), verbosity=0)
    indexing.rebuild()


def _titles(client: Client, text: str, lang: str = "lv") -> list[str]:
    body = client.get("/api/autocomplete/", {"q": text, "lang": lang}).json()
    return [s["title"] for s in body["suggestions"]]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_suggestions_people_type(demo, client: Client) -> None:
    assert "Bērna kopšanas pabalsts" in _titles(client, "bernu pab")
    assert _titles(client, "likvide") == ["Komersanta likvidācija"]
    assert _titles(client, "pasee")[0] == "Pases izsniegšana"
    # The finished word by its stem: the declaration before the certificate of a declared one.
    assert _titles(client, "deklaret dziv")[0] == "Dzīvesvietas deklarēšana"
    assert _titles(client, "bernu pab")[0].startswith("Bērna")
    assert not _titles(client, "uzn")[0].endswith("iestādēm")
    assert "Vadītāja apliecības iegūšana" in _titles(client, "braukšanas ties")


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_a_suggestion_never_vanishes_when_one_more_letter_is_typed(demo, client: Client) -> None:
    for target, typed in (
        ("Dzīvesvietas deklarēšana", "deklaret dzivesvietu"),
        ("Bērna kopšanas pabalsts", "bernu kopsanas pabalsts"),
        ("Komersanta likvidācija", "likvidacija"),
        ("Pases izsniegšana", "pases izsniegsana"),
    ):
        for end in range(4, len(typed) + 1):
            if typed[end - 1] == " ":
                continue
            assert target in _titles(client, typed[:end]), typed[:end]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_did_you_mean_when_a_query_finds_nothing(demo, client: Client) -> None:
    body = client.get("/api/search/", {"q": "psea", "lang": "lv"}).json()
    assert body["total"] == 0 and body["did_you_mean"] == "pases"
    html = client.get("/lv/search/", {"q": "psea"}).content.decode()
    assert 'class="did-you-mean"' in html and 'href="?q=pases"' in html
    found = client.get("/api/search/", {"q": "pases izsniegšana", "lang": "lv"}).json()
    assert found["did_you_mean"] == ""  # it finds what it should: no correction offered


@pytest.mark.django_db
@pytest.mark.both_databases
def test_did_you_mean_on_the_database_fallback(catalogue, settings, client: Client) -> None:
    settings.ELASTICSEARCH_URL = None
    body = client.get("/api/search/", {"q": "psea", "lang": "lv"}).json()
    assert body["total"] == 0 and body["did_you_mean"] == "pases"
    found = client.get("/api/search/", {"q": "pases", "lang": "lv"}).json()
    assert found["total"] >= 1 and found["did_you_mean"] == ""
