"""Editor curation: synonyms expand queries, promotions match, query logs stay anonymous."""

from __future__ import annotations

import pytest

from search.curation import expand_synonyms, promoted_identifiers
from search.models import Promotion, Synonym, normalise_query

pytestmark = pytest.mark.django_db


def test_synonyms_match_inflected_and_unaccented_forms() -> None:
    Synonym.objects.create(language="lv", terms="auto, transportlīdzeklis, mašīna")
    assert "transportlīdzeklis reģistrācija" in expand_synonyms("mašīnas reģistrācija", "lv")
    assert "auto" in expand_synonyms("masina", "lv")
    assert expand_synonyms("mašīna", "en") == []


def test_synonym_changes_apply_immediately() -> None:
    assert expand_synonyms("bēbis", "lv") == []
    Synonym.objects.create(language="lv", terms="bēbis, zīdainis")
    assert expand_synonyms("bēbis", "lv") == ["zīdainis"]


def test_promotion_matches_normalised_query() -> None:
    Promotion.objects.create(query="Pase", language="lv", service_identifier="PAK-0001")
    assert promoted_identifiers("  PASE ", "lv") == ["PAK-0001"]
    assert promoted_identifiers("pase", "en") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Pase  Bērnam", "pase bērnam"),
        ("personas kods 010203-12345", "personas kods <number>"),
        ("jana@example.lv pase", "<email> pase"),
    ],
)
def test_query_log_text_carries_no_personal_data(raw: str, expected: str) -> None:
    assert normalise_query(raw) == expected
