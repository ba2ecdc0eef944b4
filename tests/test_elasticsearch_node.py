"""The dev/test Elasticsearch node answers and has the Latvian analysis we rely on.

The integ-test-zip lacks analysis-common; scripts/elasticsearch.sh adds the
"latvian" analyzer, "asciifolding" and "latvian_stem" through a small stable
plugin, and hunspell lv_LV dictionaries when Debian's hunspell-lv is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

pytestmark = pytest.mark.elasticsearch

HUNSPELL_LV = Path("/usr/share/hunspell/lv_LV.dic")


@pytest.fixture
def es(elasticsearch_url: str) -> Iterator[Elasticsearch]:
    client = Elasticsearch(elasticsearch_url)
    yield client
    client.close()


def _tokens(es: Elasticsearch, **body: object) -> list[str]:
    return [t["token"] for t in es.indices.analyze(**body)["tokens"]]


def test_node_is_healthy(es: Elasticsearch) -> None:
    health = es.cluster.health(wait_for_status="yellow", timeout="30s")
    assert health["status"] in {"yellow", "green"}


def test_latvian_analyzer_stems(es: Elasticsearch) -> None:
    assert _tokens(es, analyzer="latvian", text="Dzīvesvietas deklarēšana") == [
        "dzīvesviet",
        "deklarēšan",
    ]


def test_asciifolding_filter(es: Elasticsearch) -> None:
    tokens = _tokens(
        es, tokenizer="standard", filter=["lowercase", "asciifolding"], text="Reģistrēšana Ķīšu"
    )
    assert tokens == ["registresana", "kisu"]


def test_index_with_latvian_analysis(es: Elasticsearch, es_index_prefix: str) -> None:
    index = f"{es_index_prefix}lv"
    es.indices.create(
        index=index,
        settings={
            "analysis": {
                "filter": {"lv_stem": {"type": "latvian_stem"}},
                "analyzer": {
                    "lv_folded": {
                        "tokenizer": "standard",
                        "filter": ["lowercase", "lv_stem", "asciifolding"],
                    }
                },
            }
        },
        mappings={"properties": {"title": {"type": "text", "analyzer": "latvian"}}},
    )
    assert _tokens(es, index=index, field="title", text="pasi") == ["pas"]
    assert _tokens(es, index=index, analyzer="lv_folded", text="Pabalstu") == ["pabalst"]


@pytest.mark.skipif(not HUNSPELL_LV.exists(), reason="apt-get install hunspell-lv")
def test_hunspell_lv(es: Elasticsearch, es_index_prefix: str) -> None:
    index = f"{es_index_prefix}hunspell"
    es.indices.create(
        index=index,
        settings={
            "analysis": {
                "filter": {"lv_hunspell": {"type": "hunspell", "locale": "lv_LV", "dedup": True}},
                "analyzer": {
                    "lv_hunspell": {"tokenizer": "standard", "filter": ["lowercase", "lv_hunspell"]}
                },
            }
        },
    )

    def stems(text: str) -> list[str]:
        return _tokens(es, index=index, analyzer="lv_hunspell", text=text)

    assert stems("dzīvesvietas deklarēšana") == ["dzīvesvieta", "deklarēt"]
    assert stems("pasi") == ["pase"]
    # Unlike the algorithmic "latvian" stemmer, hunspell conflates verb and noun.
    assert stems("reģistrēšana") == stems("reģistrēt") == ["reģistrēt"]
    assert "bezdarbnieks" in stems("bezdarbnieka")
