"""The Elasticsearch backend: ``ServiceQuery`` against the services alias, hits highlighted."""

from __future__ import annotations

from typing import ClassVar

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import indexing
from search.backend import SearchHit, SearchResults, Suggestion, results, snippet
from search.queries import FACETS, RELATIVE_CUTOFF, AutocompleteQuery, SearchParams, ServiceQuery


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


class ElasticsearchBackend:
    """Raises whatever the client raises (down, timeout, bad response): the caller falls back."""

    name: ClassVar[str] = "elasticsearch"

    def search(self, params: SearchParams) -> SearchResults:
        params.min_score = _relative_floor(params)
        if params.min_score is None and params.query and not params.lenient:
            params.lenient = True  # nothing at all: allow more typos (short words too)
            params.min_score = _relative_floor(params)
        search = ServiceQuery(params).search(indexing.alias_name())
        response = search.using(indexing.get_client()).execute()
        hits = []
        for h in response.hits:
            hl = h.meta.highlight.to_dict() if "highlight" in h.meta else {}
            summary_hl = _first_highlight(hl, "summary")
            title_hl = _first_highlight(hl, "title")
            hits.append(
                SearchHit(
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
            )
        aggs = response.aggregations
        return results(
            params,
            total=response.hits.total.value,
            hits=hits,
            buckets={name: [(b.key, b.doc_count) for b in aggs[name].buckets] for name in FACETS},
            online=aggs.online.doc_count,
            free=aggs.free.doc_count,
            backend=self.name,
        )

    def autocomplete(self, text: str, language: str, audience: str, size: int) -> list[Suggestion]:
        search = AutocompleteQuery(text, language, audience, size).search(indexing.alias_name())
        response = search.using(indexing.get_client()).execute()
        return [Suggestion(h.identifier, h.title, h.url) for h in response.hits]
