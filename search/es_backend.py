"""The Elasticsearch backend: ``ServiceQuery`` against the services alias, hits highlighted."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, ClassVar

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import indexing
from search.backend import (
    GuideHit,
    SearchHit,
    SearchResults,
    Suggestion,
    excerpt,
    results,
    snippet,
)
from search.documents import fold
from search.highlight import highlighted, query_stems
from search.queries import (
    CANDIDATES,
    DID_YOU_MEAN_FEW,
    DID_YOU_MEAN_GAIN,
    FACET_SIZE,
    FACETS,
    GUIDE_SHARE,
    GUIDES_SHOWN,
    RELATIVE_CUTOFF,
    AutocompleteQuery,
    SearchParams,
    ServiceQuery,
    counts_body,
)


def _first_highlight(hl: dict[str, list[str]], name: str) -> str | None:
    for sub in (f"{name}.lv", f"{name}.en", f"{name}.lvf", name):
        if hl.get(sub):
            return hl[sub][0]
    return None


def _relative_floor(p: SearchParams) -> float | None:
    """The score a hit needs to be shown: a share of the best hit's (trims the long tail)."""
    if not p.query:
        return None
    top = ServiceQuery(p).top_score_search(indexing.alias_name())
    best = top.using(indexing.get_client()).execute().hits.max_score
    return best * RELATIVE_CUTOFF if best else None


def _hit(h: Any) -> SearchHit:
    hl = h.meta.highlight.to_dict() if "highlight" in h.meta else {}
    summary_hl = _first_highlight(hl, "summary")
    title_hl = _first_highlight(hl, "title")
    return SearchHit(
        identifier=h.identifier,
        title=h.title,
        url=h.url,
        # The highlighter's html encoder escapes the text around <mark>.
        snippet=(
            mark_safe(summary_hl)  # noqa: S308
            if summary_hl
            else snippet(getattr(h, "summary", "") or "")
        ),
        title_html=mark_safe(title_hl) if title_hl else mark_safe(escape(h.title)),  # noqa: S308
        institution=getattr(h, "institution", "") or "",
        is_free=bool(getattr(h, "is_free", False)),
        is_online=bool(getattr(h, "is_online", False)),
    )


def _marked_hit(h: dict[str, Any], stems: list[str]) -> SearchHit:
    """A raw hit with the query's words marked in Python (no Elasticsearch highlighting)."""
    src = h["_source"]
    summary = excerpt(src.get("summary") or "", SNIPPET_LIMIT)
    title = src.get("title") or ""
    return SearchHit(
        identifier=src.get("identifier") or "",
        title=title,
        url=src.get("url") or "",
        snippet=highlighted(summary, stems),
        text=summary,
        title_html=highlighted(title, stems),
        institution=src.get("institution") or "",
        is_free=bool(src.get("is_free", False)),
        is_online=bool(src.get("is_online", False)),
    )


def _values(source: dict[str, Any], name: str) -> list[str]:
    """A hit's values for a facet (keyword lists and single strings alike)."""
    value = source.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str) and v]


def _score(h: dict[str, Any]) -> float:
    return h.get("_score") or 0.0


#: Characters of the summary shown under a result (as ``backend.snippet``).
SNIPPET_LIMIT = 200

#: Facet name → the source field its values are read from on the one-request path.
_SOURCE_OF = {
    "audience": "audiences",
    "institution": "institution",
    "life_situation": "life_situations",
    "topic": "topics",
}


def _wants_guides(p: SearchParams) -> bool:
    """Guides go above the first page of a relevance search not narrowed by a facet."""
    narrowed = p.institution or p.life_situation or p.topic or p.online or p.free
    return bool(p.query) and p.page == 1 and p.sort in ("relevance", "") and not narrowed


def _guides(hits: list[dict[str, Any]], best_service: float | None) -> list[GuideHit]:
    """The guides (raw hits) that match well: scoring ``GUIDE_SHARE`` of the best service, or
    of the best guide when no service was found."""
    if not hits:
        return []
    best = best_service or _score(hits[0])
    shown = []
    for h in hits:
        if _score(h) >= GUIDE_SHARE * best:
            src = h["_source"]
            shown.append(
                GuideHit(
                    identifier=src.get("identifier") or "",
                    title=src.get("title") or "",
                    url=src.get("url") or "",
                    snippet=snippet(src.get("summary") or ""),
                    kind=src.get("situation_kind") or "life",
                    text=excerpt(src.get("summary") or ""),
                )
            )
    return shown


def _correction(params: SearchParams, response: dict[str, Any], total: int) -> str:
    """The phrase suggester's correction, when the query found nothing or few services and
    the correction finds something, or ``DID_YOU_MEAN_GAIN`` times more (one more request,
    for those searches only)."""
    if params.page != 1 or total > DID_YOU_MEAN_FEW or "suggest" not in response:
        return ""
    entries = response["suggest"].get("did_you_mean") or [{}]
    options = entries[0].get("options") or []
    if not options:
        return ""
    corrected = options[0]["text"]
    if fold(corrected) == fold(params.query) and total:
        return ""  # only the diacritics differ and it already finds services
    again = dataclasses.replace(params, query=corrected, page=1, min_score=None, lenient=False)
    again.synonyms = []
    again.everyday, again.core_query = [], ""
    body = ServiceQuery(again).candidates_search(indexing.alias_name(), CANDIDATES).to_dict()
    body.pop("suggest", None)
    answer = indexing.get_client().search(
        index=indexing.alias_name(), body=body, filter_path=["hits.hits._score"]
    )
    hits = answer.body.get("hits", {}).get("hits", [])
    if not hits:
        return ""
    floor = _score(hits[0]) * RELATIVE_CUTOFF
    found = sum(_score(h) >= floor for h in hits)
    return corrected if found >= max(1, DID_YOU_MEAN_GAIN * total) else ""


#: What the one request's answer is read from (the rest is not sent back at all).
_ONE_REQUEST_FILTER = [
    "hits.hits._score",
    "hits.hits._source",
    "suggest",
    "aggregations.guides.top.hits.hits._score",
    "aggregations.guides.top.hits.hits._source",
]


def _hits(response: dict[str, Any]) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = response.get("hits", {}).get("hits", [])
    return hits


@dataclasses.dataclass
class Overflow:
    """Every candidate passed the cut: the page's hits, the guides and the best score are
    known, only the total and the facets above ``floor`` are not (``queries.counts_body``).

    ``query`` is the candidates' query as sent, for the counting request."""

    floor: float
    guides: list[GuideHit]
    hits: list[SearchHit] = dataclasses.field(default_factory=list)
    query: dict[str, Any] = dataclasses.field(default_factory=dict)


def _one_request(params: SearchParams) -> SearchResults | Overflow:
    """The page, total and facets from one request for the best ``CANDIDATES`` hits, cut at
    ``RELATIVE_CUTOFF`` × the best score here rather than in a second, counted request.

    ``Overflow`` when the cut does not fall within the candidates (a broad query): the caller
    then counts the hits above that floor. Nothing found: empty results."""
    alias = indexing.alias_name()
    guides_wanted = GUIDES_SHOWN if _wants_guides(params) else 0
    candidates = ServiceQuery(params).candidates_search(alias, CANDIDATES, guides_wanted).to_dict()
    # Plain dicts, not elasticsearch-dsl's ``Response``: wrapping every candidate cost more
    # than parsing the answer.
    answer = indexing.get_client().search(
        index=alias, body=candidates, filter_path=_ONE_REQUEST_FILTER
    )
    response: dict[str, Any] = answer.body
    guide_hits = _hits(response.get("aggregations", {}).get("guides", {}).get("top", {}))
    hits = _hits(response)
    if not hits:
        found = results(
            params,
            total=0,
            hits=[],
            buckets={n: [] for n in FACETS},
            online=0,
            free=0,
            backend=ElasticsearchBackend.name,
        )
        found.guides = _guides(guide_hits, None)
        found.did_you_mean = _correction(params, response, 0)
        return found
    best = _score(hits[0])
    floor = best * RELATIVE_CUTOFF
    kept = [h for h in hits if _score(h) >= floor]
    stems = query_stems(params.query)
    page = [_marked_hit(h, stems) for h in kept[params.offset : params.offset + params.page_size]]
    guides = _guides(guide_hits, best)
    if len(hits) == CANDIDATES and len(kept) == CANDIDATES:
        query = candidates["query"]
        if "post_filter" in candidates:  # guides were found with it: count services only
            query = {"bool": {"must": [query], "filter": [candidates["post_filter"]]}}
        return Overflow(floor, guides, page, query)
    buckets: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        counts = Counter(v for h in kept for v in set(_values(h["_source"], _SOURCE_OF[name])))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        buckets[name] = ranked[:FACET_SIZE]
    params.min_score = floor
    found = results(
        params,
        total=len(kept),
        hits=page,
        buckets=buckets,
        online=sum(bool(h["_source"].get("is_online", False)) for h in kept),
        free=sum(bool(h["_source"].get("is_free", False)) for h in kept),
        backend=ElasticsearchBackend.name,
    )
    found.guides = guides
    found.did_you_mean = _correction(params, response, len(kept))
    return found


def _counted(params: SearchParams, overflow: Overflow) -> SearchResults:
    """A broad query's answer: the page and guides from the candidates, the total and the
    facets from one size-0 request above the floor — no second scoring of hits to fetch,
    sort or highlight (the page is the candidates' first, in the same order)."""
    params.min_score = overflow.floor
    answer = indexing.get_client().search(
        index=indexing.alias_name(),
        body=counts_body(overflow.query, overflow.floor),
        filter_path=["hits.total", "aggregations"],
    )
    aggs = answer.body["aggregations"]
    found = results(
        params,
        total=answer.body["hits"]["total"]["value"],
        hits=overflow.hits,
        buckets={
            name: [(b["key"], b["doc_count"]) for b in aggs[name].get("buckets", [])]
            for name in FACETS
        },
        online=aggs["online"]["doc_count"],
        free=aggs["free"]["doc_count"],
        backend=ElasticsearchBackend.name,
    )
    found.guides = overflow.guides
    return found


class ElasticsearchBackend:
    """Raises whatever the client raises (down, timeout, bad response): the caller falls back."""

    name: ClassVar[str] = "elasticsearch"

    def search(self, params: SearchParams) -> SearchResults:
        if (
            params.query
            and params.sort in ("relevance", "")
            and params.offset + params.page_size <= CANDIDATES
        ):
            answered = _one_request(params)
            if isinstance(answered, SearchResults) and not answered.total and not params.lenient:
                params.lenient = True  # nothing at all: allow more typos (short words too)
                answered = _one_request(params)
            if isinstance(answered, SearchResults):
                return answered
            return _counted(params, answered)
        params.min_score = _relative_floor(params)
        if params.min_score is None and params.query and not params.lenient:
            params.lenient = True  # nothing at all: allow more typos (short words too)
            params.min_score = _relative_floor(params)
        search = ServiceQuery(params).search(indexing.alias_name())
        response = search.using(indexing.get_client()).execute()
        aggs = response.aggregations
        found = results(
            params,
            total=response.hits.total.value,
            hits=[_hit(h) for h in response.hits],
            buckets={name: [(b.key, b.doc_count) for b in aggs[name].buckets] for name in FACETS},
            online=aggs.online.doc_count,
            free=aggs.free.doc_count,
            backend=self.name,
        )
        if _wants_guides(params):
            guides = ServiceQuery(params).guides_search(indexing.alias_name()).to_dict()
            answer = indexing.get_client().search(index=indexing.alias_name(), body=guides)
            found.guides = _guides(_hits(answer.body), response.hits.max_score)
        return found

    def autocomplete(self, text: str, language: str, audience: str, size: int) -> list[Suggestion]:
        search = AutocompleteQuery(text, language, audience, size).search(indexing.alias_name())
        response = search.using(indexing.get_client()).execute()
        return [Suggestion(h.identifier, h.title, h.url) for h in response.hits]
