"""The Elasticsearch backend: ``ServiceQuery`` against the services alias, hits highlighted."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, ClassVar

from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import dsl

from search import indexing
from search.backend import GuideHit, SearchHit, SearchResults, Suggestion, results, snippet
from search.documents import fold
from search.highlight import highlighted, query_stems
from search.queries import (
    CANDIDATES,
    DID_YOU_MEAN_FEW,
    DID_YOU_MEAN_GAIN,
    FACET_SIZE,
    FACETS,
    GUIDE_SHARE,
    RELATIVE_CUTOFF,
    AutocompleteQuery,
    SearchParams,
    ServiceQuery,
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


def _marked_hit(h: Any, stems: list[str]) -> SearchHit:
    """A hit with the query's words marked in Python (no Elasticsearch highlighting)."""
    summary = " ".join((getattr(h, "summary", "") or "").split())
    if len(summary) > SNIPPET_LIMIT:
        summary = summary[:SNIPPET_LIMIT].rsplit(" ", 1)[0] + " …"
    return SearchHit(
        identifier=h.identifier,
        title=h.title,
        url=h.url,
        snippet=highlighted(summary, stems),
        title_html=highlighted(h.title, stems),
        institution=getattr(h, "institution", "") or "",
        is_free=bool(getattr(h, "is_free", False)),
        is_online=bool(getattr(h, "is_online", False)),
    )


def _values(h: Any, name: str) -> list[str]:
    """A hit's values for a facet (keyword lists and single strings alike)."""
    value = getattr(h, name, None)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str) and v]


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


def _guides(response: Any, best_service: float | None) -> list[GuideHit]:
    """The guides that match well: scoring ``GUIDE_SHARE`` of the best service, or of the
    best guide when no service was found."""
    if response is None or not len(response.hits):
        return []
    best = best_service or response.hits[0].meta.score or 0.0
    return [
        GuideHit(
            identifier=h.identifier,
            title=h.title,
            url=h.url,
            snippet=snippet(getattr(h, "summary", "") or ""),
            kind=getattr(h, "situation_kind", "") or "life",
        )
        for h in response.hits
        if (h.meta.score or 0.0) >= GUIDE_SHARE * best
    ]


def _correction(params: SearchParams, response: Any, total: int) -> str:
    """The phrase suggester's correction, when the query found nothing or few services and
    the correction finds something, or ``DID_YOU_MEAN_GAIN`` times more (one more request,
    for those searches only)."""
    if params.page != 1 or total > DID_YOU_MEAN_FEW or "suggest" not in response:
        return ""
    options = response.suggest.did_you_mean[0].options if response.suggest.did_you_mean else []
    if not options:
        return ""
    corrected = options[0].text
    if fold(corrected) == fold(params.query) and total:
        return ""  # only the diacritics differ and it already finds services
    again = dataclasses.replace(params, query=corrected, page=1, min_score=None, lenient=False)
    again.synonyms = []
    again.everyday, again.core_query = [], ""
    search = ServiceQuery(again).candidates_search(indexing.alias_name(), CANDIDATES)
    hits = list(search.extra(suggest={}).using(indexing.get_client()).execute().hits)
    if not hits:
        return ""
    floor = (hits[0].meta.score or 0.0) * RELATIVE_CUTOFF
    found = sum((h.meta.score or 0.0) >= floor for h in hits)
    return corrected if found >= max(1, DID_YOU_MEAN_GAIN * total) else ""


@dataclasses.dataclass
class Overflow:
    """Every candidate passed the cut: the counted query answers, with this floor (the best
    score is known, so no probe is needed) and these guides (already fetched)."""

    floor: float
    guides: list[GuideHit]


def _one_request(params: SearchParams) -> SearchResults | Overflow:
    """The page, total and facets from one request for the best ``CANDIDATES`` hits, cut at
    ``RELATIVE_CUTOFF`` × the best score here rather than in a second, counted request.

    ``Overflow`` when the cut does not fall within the candidates (a broad query): the caller
    then sends the counted query with that floor. Nothing found: empty results."""
    query = ServiceQuery(params)
    alias = indexing.alias_name()
    multi = dsl.MultiSearch(index=alias).add(query.candidates_search(alias, CANDIDATES))
    if _wants_guides(params):
        multi = multi.add(query.guides_search(alias))
    response, *guides = multi.using(indexing.get_client()).execute()
    hits = list(response.hits)
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
        found.guides = _guides(guides[0] if guides else None, None)
        found.did_you_mean = _correction(params, response, 0)
        return found
    floor = (hits[0].meta.score or 0.0) * RELATIVE_CUTOFF
    kept = [h for h in hits if (h.meta.score or 0.0) >= floor]
    if len(hits) == CANDIDATES and len(kept) == CANDIDATES:
        return Overflow(floor, _guides(guides[0] if guides else None, hits[0].meta.score))
    buckets: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        counts = Counter(v for h in kept for v in set(_values(h, _SOURCE_OF[name])))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        buckets[name] = ranked[:FACET_SIZE]
    page = kept[params.offset : params.offset + params.page_size]
    params.min_score = floor
    found = results(
        params,
        total=len(kept),
        hits=[_marked_hit(h, query_stems(params.query)) for h in page],
        buckets=buckets,
        online=sum(bool(getattr(h, "is_online", False)) for h in kept),
        free=sum(bool(getattr(h, "is_free", False)) for h in kept),
        backend=ElasticsearchBackend.name,
    )
    found.guides = _guides(guides[0] if guides else None, hits[0].meta.score)
    found.did_you_mean = _correction(params, response, len(kept))
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
            overflow: Overflow | None = answered
        else:
            overflow = None
        if overflow is not None:
            params.min_score = overflow.floor
        else:
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
        if overflow is not None:
            found.guides = overflow.guides
        elif _wants_guides(params):
            guides = ServiceQuery(params).guides_search(indexing.alias_name())
            found.guides = _guides(
                guides.using(indexing.get_client()).execute(), response.hits.max_score
            )
        return found

    def autocomplete(self, text: str, language: str, audience: str, size: int) -> list[Suggestion]:
        search = AutocompleteQuery(text, language, audience, size).search(indexing.alias_name())
        response = search.using(indexing.get_client()).execute()
        return [Suggestion(h.identifier, h.title, h.url) for h in response.hits]
