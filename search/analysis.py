"""Analysis settings of the service index, built when an index is created (never at import).

Why this shape (measured in ``bench/search_relevance.py``, figures in docs/benchmarks.md):

* ``lv`` sub-field — Latvian text: lowercase, Latvian stop words, optionally Debian's hunspell
  ``lv_LV`` dictionary (dictionary base forms, so verbal nouns meet their verbs:
  *deklarēšana* → *deklarēt*), then Lucene's light Latvian stemmer (``stemmer``/``latvian``)
  so words hunspell does not know are still conflated. Keeps diacritics: exact forms score
  higher than folded ones.
* ``lvf`` sub-field — the same text folded (``asciifolding``) *before* the light stemmer, so
  *dzivesvietas deklaresana* typed without diacritics meets *dzīvesvietas deklarēšana*.
  Hunspell cannot run here: its dictionary only knows the diacritic spellings.
* ``en`` sub-field — the built-in ``english`` analyzer (English pages).
* the main field — standard tokens, lowercased and folded: language-neutral fallback and the
  target of fuzzy matching (typos), and of names in either language.
* ``suggest`` sub-field of the title — folded edge n-grams for autocomplete.

Every component name is the one a full Elasticsearch 8.x distribution provides
(analysis-common); the dev/test node gets them from the dev-analysis plugin built by
``scripts/elasticsearch.sh``. ``hunspell`` needs ``config/hunspell/lv_LV/`` on every node.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

#: Stemming choices for the ``lv`` sub-field; ``settings.SEARCH_LV_STEMMER`` picks one.
STEMMERS = ("hunspell", "rules", "light")
DEFAULT_STEMMER = "rules"

#: Short, high-frequency Latvian function words (Lucene's list is longer; these matter for
#: queries like "pase bērnam līdz 5 gadiem" and are safe to drop).
LATVIAN_STOP_WORDS = [
    "un",
    "vai",
    "ar",
    "par",
    "uz",
    "no",
    "kā",
    "ka",
    "ir",
    "bet",
    "lai",
    "pie",
    "pēc",
    "līdz",
    "kas",
    "to",
    "tā",
    "tas",
    "ja",
    "arī",
    "es",
    "man",
    "mans",
    "manu",
    "savu",
    "sev",
    "kur",
    "kad",
    "kāpēc",
    "kā",
    "vēl",
    "jau",
    "tikai",
    "būt",
    "var",
    "varu",
    "gribu",
    "vajag",
    "nepieciešams",
    "kādu",
    "kāds",
    "kāda",
    "kur",
    "cik",
    "iekš",
    "pa",
    "virs",
    "zem",
    "bez",
]
LATVIAN_STOP_WORDS_FOLDED = sorted(
    {w.translate(str.maketrans("āčēģīķļņšūž", "acegiklnsuz")) for w in LATVIAN_STOP_WORDS}
)

#: The light Latvian stemmer leaves verbs alone. These rules cut verbal-noun endings
#: (-šana, -šanas, -šanu, …, reflexive -šanās) and infinitive endings (-t, -ties) so
#: "reģistrēšana", "reģistrēt" and "reģistrēties" share one stem. Only tokens longer than
#: the ending plus three letters are touched.
VERB_PATTERN = r"^(.{3,}?)(šanās|šanas|šanai|šanu|šanā|šana|šanām|šanos|ties|t)$"
VERB_PATTERN_FOLDED = r"^(.{3,}?)(sanas|sanai|sanu|sana|sanam|sanos|ties|t)$"

#: Nouns of Latin origin in -ācija name the action of a verb in -ēt: likvidācija / likvidēt,
#: reģistrācija / reģistrēt, deklarācija / deklarēt. The noun is rewritten to the infinitive
#: before the verb rule, so "likvidēt uzņēmumu" finds "Komersanta likvidācija".
ACTION_NOUN_PATTERN = r"^(.{3,}?)āc(ija|ijas|ijai|iju|ijā|ijām|ijās|iji)$"
ACTION_NOUN_PATTERN_FOLDED = r"^(.{3,}?)ac(ija|ijas|ijai|iju|ijam|ijas|iji)$"

#: Folding merges words that differ only by a diacritic, and on short words the stemmer then
#: merges their inflections too: *paši*, *pašu* (self) and *pase* (passport) all became
#: ``pas`` in the folded field. Words of up to SHORT_WORD letters are therefore kept whole in
#: the folded field (a guard letter hides them from the stemmer, then is taken off again);
#: their inflections still meet in the ``lv`` field, where the diacritics tell them apart.
SHORT_WORD = 4
SHORT_GUARD = "ʔ"

EDGE_NGRAM_MIN = 1
EDGE_NGRAM_MAX = 20


def lv_stemmer_choice() -> str:
    """The configured stemming variant.

    Defaults to "rules": it ties hunspell on success@3, has the better MRR and needs no
    dictionary on the cluster nodes (docs/benchmarks.md).
    """
    choice = settings.SEARCH_LV_STEMMER
    return choice if choice in STEMMERS else DEFAULT_STEMMER


def index_analysis(stemmer: str | None = None) -> dict[str, Any]:
    """Return the ``analysis`` block of the index settings for one stemming variant."""
    stemmer = stemmer or lv_stemmer_choice()
    if stemmer not in STEMMERS:
        raise ValueError(f"unknown Latvian stemmer {stemmer!r}; choose one of {STEMMERS}")
    lv_chain = ["lowercase", "lv_stop"]
    folded_chain = ["lowercase", "asciifolding", "lv_stop_folded"]
    if stemmer == "hunspell":
        lv_chain.append("lv_hunspell")
    if stemmer in ("hunspell", "rules"):
        lv_chain += ["lv_action_noun", "lv_verb"]
        folded_chain += ["lv_action_noun_folded", "lv_verb_folded"]
    lv_chain.append("lv_light_stem")
    folded_chain += ["lv_short_guard", "lv_light_stem", "lv_short_unguard"]
    return {
        "filter": {
            "lv_stop": {"type": "stop", "stopwords": LATVIAN_STOP_WORDS},
            "lv_stop_folded": {"type": "stop", "stopwords": LATVIAN_STOP_WORDS_FOLDED},
            "lv_hunspell": {"type": "hunspell", "locale": "lv_LV", "dedup": True},
            "lv_light_stem": {"type": "stemmer", "language": "latvian"},
            # Verbal nouns and infinitives share the verb stem: deklarē|šana, deklarē|t.
            "lv_verb": {"type": "pattern_replace", "pattern": VERB_PATTERN, "replacement": "$1"},
            "lv_verb_folded": {
                "type": "pattern_replace",
                "pattern": VERB_PATTERN_FOLDED,
                "replacement": "$1",
            },
            "lv_action_noun": {
                "type": "pattern_replace",
                "pattern": ACTION_NOUN_PATTERN,
                "replacement": "$1ēt",
            },
            "lv_action_noun_folded": {
                "type": "pattern_replace",
                "pattern": ACTION_NOUN_PATTERN_FOLDED,
                "replacement": "$1et",
            },
            "lv_short_guard": {
                "type": "pattern_replace",
                "pattern": f"^(.{{1,{SHORT_WORD}}})$",
                "replacement": f"$1{SHORT_GUARD}",
            },
            "lv_short_unguard": {
                "type": "pattern_replace",
                "pattern": f"^(.{{1,{SHORT_WORD}}}){SHORT_GUARD}$",
                "replacement": "$1",
            },
            "suggest_edge": {
                "type": "edge_ngram",
                "min_gram": EDGE_NGRAM_MIN,
                "max_gram": EDGE_NGRAM_MAX,
            },
        },
        "analyzer": {
            "lv_text": {"type": "custom", "tokenizer": "standard", "filter": lv_chain},
            "lv_folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": folded_chain,
            },
            "folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
            "words": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase"],
            },
            "suggest_index": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "suggest_edge"],
            },
        },
    }


def index_settings(stemmer: str | None = None) -> dict[str, Any]:
    """Full index settings; shards and replicas from settings (env vars, docs/deployment.md)."""
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "max_result_window": 10000,
        "analysis": index_analysis(stemmer),
    }
