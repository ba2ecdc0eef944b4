"""Building the Elasticsearch query for a search: one class wrapping elasticsearch-dsl.

Pure (no node needed): ``ServiceQuery(params).to_dict()`` is what tests on query JSON check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import dsl
from elasticsearch.dsl import Q

from catalogue_pages.audiences import AUDIENCES, BUSINESS, CITIZEN, PUBLIC_ADMINISTRATION
from search.documents import GUIDE, fold

PAGE_SIZE = 10
MAX_WINDOW = 10000
SORTS = ("relevance", "title", "recent")
AUDIENCE_VALUES = AUDIENCES
#: Results scoring under this share of the best one are dropped: on the demo register the
#: judged answers all score at least 0.3 of the top hit, while the tail ("register a business",
#: 161 hits) is body-text mentions scoring under 0.1 (docs/search.md).
RELATIVE_CUTOFF = 0.2
#: Score multiplier for services of the catalogue a search was started from.
HOME_LIFT = 3.0
#: Score multiplier for institutions-only services unless the search asks for institutions
#: (their catalogue, its filter, or a word such as "iestādēm" in the query).
INSTITUTIONS_ONLY_DAMPING = 0.3
#: Folded word starts that mean the person asks for services of institutions.
INSTITUTION_WORDS = re.compile(r"\b(iestad|institution|valsts parvald|civil serv|public sector)")
PUBLIC_AUDIENCES = (CITIZEN, BUSINESS)
#: Weight of the clause built from people's everyday words (``search.everyday``).
EVERYDAY_BOOST = 1.0
#: Weight of a meaning found whole, as a phrase, in a service's name.
EVERYDAY_PHRASE = 1.0
#: No edits below 5 letters, one from 5, two from 8 (Elasticsearch's own AUTO is 3,6).
FUZZINESS = "AUTO:5,8"
#: Suggestions: one typo from 5 letters, two from 8 (as the search: "pase" stays itself).
SUGGEST_FUZZINESS = "AUTO:5,8"
#: Suggestions: weight of the title's words matched by their stems (``AutocompleteQuery``).
#: High because the n-gram clauses score every field and every prefix: at 3 the stems did not
#: reorder "deklaret dziv"; at 10 the declaration leads and "bernu pab" starts with children's
#: benefits, the other suggestions of the browser and suggestion tests unchanged.
SUGGEST_STEM_BOOST = 10.0
#: Used only when the strict search found nothing: better a near miss than an empty page.
LENIENT_FUZZINESS = "AUTO"

#: Field weights: title > keywords > summary > institution/life situation/topic > body.
WEIGHTS = {
    "title": 10.0,
    "keywords": 6.0,
    "summary": 3.0,
    "life_situations": 2.0,
    "institution": 2.0,
    "topics": 1.5,
    "body": 1.0,
}
#: Weight of each sub-field relative to its field, per page language.
SUBFIELDS = {
    "lv": {"lv": 1.0, "lvf": 0.7, "": 0.5},
    "en": {"en": 1.0, "": 0.6},
}
#: The facets, each with its index field: the one list of their names (views, API, backends).
FACETS = {
    "audience": "audiences",
    "institution": "institution.raw",
    "life_situation": "life_situations.raw",
    "topic": "topics.raw",
}
#: Buckets per facet (the terms aggregation's size; the one-request path counts the same).
FACET_SIZE = 50
#: The fields of a hit the results show.
HIT_FIELDS = (
    "identifier",
    "title",
    "url",
    "summary",
    "institution",
    "audiences",
    "is_free",
    "is_online",
    "register_modified",
)
#: The fields of a guide the results show.
GUIDE_FIELDS = ("identifier", "title", "url", "summary", "situation_kind")
#: The source fields the facets are counted from on the one-request path.
FACET_SOURCE_FIELDS = ("life_situations", "topics")
#: Hits fetched on the one-request path: when the relative cut-off falls within them (nearly
#: every query: the cut keeps a handful), they are the whole answer. They are not highlighted
#: (only the page's ten are marked, in Python), so a candidate costs only its ``_source``:
#: at 1,000 synthetic services 100 rather than 40 answered 9 of the benchmark's 10 queries in
#: one request instead of 5, for the same request time (bench/search_bench.py, 2026-12-07).
CANDIDATES = 100
#: "Did you mean" is looked for when the strict search found nothing (the lenient retry
#: carries the suggester) and offered when the query still finds nothing, or at most this many
#: services and the correction finds at least ``DID_YOU_MEAN_GAIN`` times as many.
DID_YOU_MEAN_FEW = 3
DID_YOU_MEAN_GAIN = 3
#: Guides shown above the services at most, and how well one must match to be shown: its
#: score at least this share of the best service's (a guide whose title is the query scores
#: far above; one that merely mentions a word, far below).
GUIDES_SHOWN = 2
GUIDE_SHARE = 0.6
#: Latvian alphabetical order of titles (``search.documents.title_order``); an index built
#: before the field existed sorts as if every value were missing rather than failing.
TITLE_ORDER = {"title_order": {"order": "asc", "unmapped_type": "keyword"}}
#: Facets filtered by a shown value (audience is a code, validated against AUDIENCE_VALUES).
VALUE_FACETS = tuple(name for name in FACETS if name != "audience")


@dataclass
class SearchParams:
    """Everything a search depends on, already validated and normalised."""

    query: str = ""
    language: str = "lv"
    audience: str = ""
    institution: str = ""
    life_situation: str = ""
    topic: str = ""
    online: bool = False
    free: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    synonyms: list[str] = field(default_factory=list)
    #: Absolute score floor, set by the service from the best hit's score (RELATIVE_CUTOFF).
    min_score: float | None = None
    #: The catalogue the search was started from (``?from=``): its services rank higher.
    prefer_audience: str = ""
    #: Set by the service for a second try when the strict search found nothing.
    lenient: bool = False
    #: Set by the service from ``search.everyday``: the register's words for people's words
    #: ("died" → "death funeral survivor"), searched as extra clauses.
    everyday: list[str] = field(default_factory=list)
    #: Set by the service: the query without filler words ("kas jādara", "my"), what must match.
    core_query: str = ""

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def asks_for_institutions(self) -> bool:
        """True when institutions-only services are what the person is after."""
        return (
            PUBLIC_ADMINISTRATION in (self.audience, self.prefer_audience)
            or INSTITUTION_WORDS.search(fold(self.query)) is not None
        )

    def filters(self) -> dict[str, Any]:
        return {
            "audience": self.audience,
            "institution": self.institution,
            "life_situation": self.life_situation,
            "topic": self.topic,
            "online": self.online,
            "free": self.free,
        }


def weighted_fields(language: str, names: tuple[str, ...] | None = None) -> list[str]:
    """``["title.lv^10.0", "title.lvf^7.0", …]`` for a page language."""
    subs = SUBFIELDS.get(language, SUBFIELDS["lv"])
    out = []
    for name, weight in WEIGHTS.items():
        if names and name not in names:
            continue
        for sub, factor in subs.items():
            path = f"{name}.{sub}" if sub else name
            out.append(f"{path}^{round(weight * factor, 2)}")
    return out


class ServiceQuery:
    """The search request for one page of results (query, filters, facets, highlights, sort)."""

    def __init__(self, params: SearchParams) -> None:
        self.params = params

    # -- pieces ----------------------------------------------------------------------------
    def text_query(self) -> Any:
        p = self.params
        text = p.core_query or p.query
        fields = weighted_fields(p.language)
        # Typos are looked for in names and keywords only: half the cost of the fuzzy clause
        # at 10k services, same relevance on the judged set (docs/benchmarks.md).
        folded_fields = [f"{n}^{WEIGHTS[n]}" for n in ("title", "keywords")]
        should = [
            # Term-centric across fields: words may be spread over title, keywords, summary…
            Q(
                "multi_match",
                query=text,
                fields=fields,
                type="cross_fields",
                minimum_should_match="2<75%",
            ),
            # Typos: fuzzy on the folded, unstemmed field (stems of misspellings are noise).
            # Words under five letters get no edits: one edit turns "pase" into "pasi"/"pašu".
            Q(
                "multi_match",
                query=text,
                fields=folded_fields,
                type="best_fields",
                fuzziness=LENIENT_FUZZINESS if p.lenient else FUZZINESS,
                prefix_length=1,
                max_expansions=15,
                minimum_should_match="2<75%",
                boost=0.4,
            ),
            # Safety net: any single word, weakly, so a long query never comes back empty.
            Q("multi_match", query=p.query, fields=fields, type="cross_fields", boost=0.05),
        ]
        # People's words for life events: the register's words for them, any of them, in
        # names, keywords and summaries (rarer words weigh more, as always).
        meaning_fields = weighted_fields(p.language, ("title", "keywords", "summary"))
        for meaning in p.everyday:
            should.append(
                Q(
                    "multi_match",
                    query=meaning,
                    fields=meaning_fields,
                    type="cross_fields",
                    boost=EVERYDAY_BOOST,
                )
            )
        for synonym in p.synonyms:
            should.append(
                Q(
                    "multi_match",
                    query=synonym,
                    fields=fields,
                    type="cross_fields",
                    minimum_should_match="2<75%",
                    boost=0.8,
                )
            )
        phrase_fields = [f for f in weighted_fields(p.language, ("title", "summary", "keywords"))]
        boost = [
            Q("multi_match", query=p.query, fields=phrase_fields, type="phrase", slop=2, boost=2.0)
        ]
        # A meaning that is a service's name ("slimības pabalsts", "declaring place of
        # residence") lifts that service above the others sharing one of its words.
        title_fields = weighted_fields(p.language, ("title",))
        boost.extend(
            Q("multi_match", query=m, fields=title_fields, type="phrase", boost=EVERYDAY_PHRASE)
            for m in p.everyday
            if len(m.split()) > 1
        )
        return Q("bool", must=[Q("bool", should=should, minimum_should_match=1)], should=boost)

    def scored_query(self, guides_unscaled: bool = False) -> Any:
        """The text query: services of the catalogue the search started from lifted, and
        institutions-only services lowered unless the search asks for institutions.

        ``guides_unscaled``: no lift or damping ever applies to a guide, so a guide scores
        exactly as in ``guides_search`` (when guides are found by the same request)."""
        text = self.text_query()
        functions: list[dict[str, Any]] = []
        home = self.params.prefer_audience
        if home in AUDIENCE_VALUES:
            functions.append({"filter": Q("term", audiences=home), "weight": HOME_LIFT})
        if not self.params.asks_for_institutions:
            # A resident or a business rarely wants an inter-institutional service.
            others = Q("bool", must_not=[Q("terms", audiences=list(PUBLIC_AUDIENCES))])
            functions.append({"filter": others, "weight": INSTITUTIONS_ONLY_DAMPING})
        if not functions:
            return text
        if guides_unscaled:
            not_guide = [Q("term", kind=GUIDE)]
            for function in functions:
                function["filter"] = Q("bool", filter=[function["filter"]], must_not=not_guide)
        return Q("function_score", query=text, functions=functions, boost_mode="multiply")

    def filter_clauses(self) -> list[Any]:
        p = self.params
        clauses = [Q("term", language=p.language), Q("bool", must_not=[Q("term", kind=GUIDE)])]
        if p.audience:
            clauses.append(Q("term", audiences=p.audience))
        if p.institution:
            clauses.append(Q("term", **{"institution.raw": p.institution}))
        if p.life_situation:
            clauses.append(Q("term", **{"life_situations.raw": p.life_situation}))
        if p.topic:
            clauses.append(Q("term", **{"topics.raw": p.topic}))
        if p.online:
            clauses.append(Q("term", is_online=True))
        if p.free:
            clauses.append(Q("term", is_free=True))
        return clauses

    def _scored(self, index: str, highlight: bool = True, guides: bool = False) -> dsl.Search:
        """Query, filters, order, highlights and the shown fields: what every page request has.

        ``guides``: the query also matches the language's guides, unscaled, and the hits
        are narrowed to services by a ``post_filter`` (filters never score, so the services'
        scores and order are those of the query without guides)."""
        p = self.params
        s = dsl.Search(index=index)
        if p.query and guides:
            clauses = self.filter_clauses()
            s = s.query(
                Q("bool", must=[self.scored_query(guides_unscaled=True)], filter=clauses[:1])
            )
            s = s.post_filter(Q("bool", filter=clauses[1:]))
        elif p.query:
            s = s.query(Q("bool", must=[self.scored_query()], filter=self.filter_clauses()))
        else:
            s = s.query(Q("bool", filter=self.filter_clauses()))
        sort = p.sort if p.sort in SORTS else "relevance"
        if sort == "title" or (sort == "relevance" and not p.query):
            s = s.sort(TITLE_ORDER, "identifier")
        elif sort == "recent":
            s = s.sort({"register_modified": {"order": "desc", "missing": "_last"}}, TITLE_ORDER)
        else:
            s = s.sort("_score", TITLE_ORDER)
        if p.query and highlight:
            # Highlight only what is shown (title, summary) and with a plain query: letting
            # the highlighter re-run the fuzzy and cross-field clauses costs ~1 s a search.
            paths = (
                ["title.en", "summary.en"]
                if p.language == "en"
                else ["title.lv", "title.lvf", "summary.lv", "summary.lvf"]
            )
            s = s.highlight_options(
                encoder="html",
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                number_of_fragments=1,
                fragment_size=180,
                highlight_query=Q("multi_match", query=p.query, fields=paths).to_dict(),
            )
            s = s.highlight(*paths)
        return s.source(list(HIT_FIELDS))

    def search(self, index: str = "services") -> dsl.Search:
        """One page with its total and facets (aggregations), above ``min_score`` if set."""
        p = self.params
        s = self._scored(index)
        for name, path in FACETS.items():
            s.aggs.bucket(name, "terms", field=path, size=FACET_SIZE)
        s.aggs.bucket("online", "filter", Q("term", is_online=True))
        s.aggs.bucket("free", "filter", Q("term", is_free=True))
        start = min(p.offset, MAX_WINDOW - p.page_size)
        s = s.extra(track_total_hits=True)[start : start + p.page_size]
        if p.query and p.min_score:
            s = s.extra(min_score=p.min_score)
        return s

    def candidates_search(
        self, index: str = "services", size: int = CANDIDATES, guides: int = 0
    ) -> dsl.Search:
        """The best ``size`` hits with the fields facets are counted from, and no facet
        aggregations: when the relative cut-off falls inside them, this one request is the
        whole answer (``search.es_backend``) — the cut, the total, the facets and the page are
        taken from it, instead of a probe for the best score and then a counted query.

        ``guides``: the best that many guides come with it (aggregation ``guides``, its
        ``top`` hits), scored as ``guides_search`` scores them — one query evaluated instead
        of two (``bench/search_bench.py``)."""
        # Not highlighted here: every candidate would be; the page's ten are marked in Python.
        with_guides = bool(guides and self.params.query)
        s = self._scored(index, highlight=False, guides=with_guides)
        s = s.source([*HIT_FIELDS, *FACET_SOURCE_FIELDS])
        s = s.extra(track_total_hits=False)[:size]
        if with_guides:
            s.aggs.bucket("guides", "filter", Q("term", kind=GUIDE)).metric(
                "top", "top_hits", size=guides, _source=list(GUIDE_FIELDS)
            )
        if self.params.query and self.params.page == 1 and self.params.lenient:
            # Only on the retry after the strict search found nothing: a suggester on every
            # search would cost as much as the query itself.
            s = s.suggest(
                "did_you_mean",
                self.params.query,
                phrase={
                    # Words of the titles as written: a correction also restores diacritics.
                    "field": "title.words",
                    "size": 1,
                    "max_errors": 2,
                    "direct_generator": [
                        {"field": "title.words", "suggest_mode": "always", "min_word_length": 3}
                    ],
                },
            )
        return s

    def top_score_search(self, index: str = "services") -> dsl.Search:
        """The best hit's score only: one hit, no totals, facets or highlights, so it is cheap."""
        query = Q("bool", must=[self.scored_query()], filter=self.filter_clauses())
        return dsl.Search(index=index).query(query).source(False).extra(track_total_hits=False)[:1]

    def guides_search(self, index: str = "services", size: int = GUIDES_SHOWN) -> dsl.Search:
        """Life-situation guides for the same words (same text query, guides only)."""
        p = self.params
        query = Q(
            "bool",
            must=[self.text_query()],
            filter=[Q("term", language=p.language), Q("term", kind=GUIDE)],
        )
        return (
            dsl.Search(index=index)
            .query(query)
            .source(list(GUIDE_FIELDS))
            .extra(track_total_hits=False)[:size]
        )

    def to_dict(self) -> dict[str, Any]:
        return self.search().to_dict()


def facet_aggs() -> dict[str, Any]:
    """The facets' aggregations as ``ServiceQuery.search`` sends them, as a plain dict."""
    aggs: dict[str, Any] = {
        name: {"terms": {"field": path, "size": FACET_SIZE}} for name, path in FACETS.items()
    }
    aggs["online"] = {"filter": {"term": {"is_online": True}}}
    aggs["free"] = {"filter": {"term": {"is_free": True}}}
    return aggs


def counts_body(query: dict[str, Any], min_score: float) -> dict[str, Any]:
    """The total and the facets of the hits of ``query`` scoring ``min_score`` or more, and
    nothing else: no hits fetched, sorted or highlighted.

    Why: a broad query's page is already among the one-request path's candidates
    (``search.es_backend``); only what lies beyond them is counted, the cheapest request
    that can count it (size 0, ``track_total_hits``)."""
    return {
        "query": query,
        "aggs": facet_aggs(),
        "size": 0,
        "track_total_hits": True,
        "min_score": min_score,
        "_source": False,
    }


class AutocompleteQuery:
    """Suggestions for what has been typed so far: every typed word must begin a word of the
    title, the keywords or the service's everyday words, folded; words of five letters or
    more may carry a typo ("bernu pab", "pasee", "deklaret dziv"), so a suggestion does not
    vanish when one more letter is typed. Exact matches and titles starting with the text
    rank first; institutions-only services rank last unless the catalogue is theirs."""

    FIELDS = ("title.suggest^3", "keywords.suggest^1.5", "everyday.suggest^1.5")

    def __init__(self, text: str, language: str, audience: str = "", size: int = 8) -> None:
        self.text, self.language, self.audience, self.size = text, language, audience, size

    def search(self, index: str = "services") -> dsl.Search:
        filters = [Q("term", language=self.language), Q("bool", must_not=[Q("term", kind=GUIDE)])]
        if self.audience:
            filters.append(Q("term", audiences=self.audience))
        exact = Q(
            "multi_match", query=self.text, fields=list(self.FIELDS), operator="and", boost=2.0
        )
        typo = Q(
            "multi_match",
            query=self.text,
            fields=list(self.FIELDS),
            operator="and",
            fuzziness=SUGGEST_FUZZINESS,
            prefix_length=1,
            max_expansions=20,
        )
        prefix_bonus = Q("prefix", title_sort={"value": fold(self.text)[:50], "boost": 2.0})
        # The finished words by their stems, the last as typed so far: "deklaret dziv" is the
        # declaration ("deklarēšana", same stem) before the certificate of a declared one.
        stemmed = Q(
            "match_bool_prefix",
            **{
                "title.en" if self.language == "en" else "title.lvf": {
                    "query": self.text,
                    "operator": "and",
                    "boost": SUGGEST_STEM_BOOST,
                }
            },
        )
        query: Any = Q(
            "bool",
            must=[Q("bool", should=[exact, typo], minimum_should_match=1)],
            should=[prefix_bonus, stemmed],
            filter=filters,
        )
        if self.audience != PUBLIC_ADMINISTRATION:
            others = Q("bool", must_not=[Q("terms", audiences=list(PUBLIC_AUDIENCES))])
            query = Q(
                "function_score",
                query=query,
                functions=[{"filter": others, "weight": INSTITUTIONS_ONLY_DAMPING}],
                boost_mode="multiply",
            )
        s = dsl.Search(index=index).query(query)
        return s.sort("_score", TITLE_ORDER).source(["identifier", "title", "url"])[: self.size]

    def to_dict(self) -> dict[str, Any]:
        return self.search().to_dict()
