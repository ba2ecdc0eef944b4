"""The database backend: what answers when Elasticsearch is off, down or slow.

Why in Python rather than SQL ``icontains``: SQLite's ``LIKE`` folds ASCII case only and
PostgreSQL needs the ``unaccent`` extension for diacritics; folding in Python gives the same
diacritic- and case-insensitive behaviour on both. The folded corpus of one language is
cached in-process with an inverted index (folded stem -> rows) and rebuilt when the catalogue
changes: the listing cache generation (``catalogue_pages.cache``, bumped by every publish,
unpublish, delete and sync run) or the newest service's primary key (a page created without
a publish) moved — one cache read and one index-only ``MAX`` per search, no count of the table.

Why the index: scoring every service in Python grew with the catalogue (issue 23). A search
now scores only the rows that hold one of its words (the index's candidates, the exact set
that can score above zero), so its cost follows the number of matches, as Elasticsearch's
does, not the number of services. Result URLs come from the cached service folder URL and the
row's slug: no query and no site root read per search.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import re
import threading
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db.models import Max

from catalogue_pages import cache as cache_keys
from catalogue_pages.audiences import AUDIENCE_FIELDS
from catalogue_pages.models import ServiceIndexPage, ServicePage
from search.backend import SearchResults, Suggestion, plain_hit, results
from search.curation import crude_stem
from search.documents import fold, title_order
from search.queries import (
    FACETS,
    INSTITUTIONS_ONLY_DAMPING,
    PUBLIC_AUDIENCES,
    SearchParams,
)

_WORD = re.compile(r"\w+")
_FIELD_WEIGHTS = (
    ("title", 10.0),
    ("keywords", 6.0),
    ("summary", 3.0),
    ("life_situations", 2.0),
    ("institution", 2.0),
    ("topics", 1.5),
)


@dataclass
class _Row:
    pk: int
    identifier: str
    slug: str
    title: str
    title_sort: str
    summary: str
    institution: str
    topics: list[str]
    life_situations: list[str]
    audiences: list[str]
    is_free: bool
    is_online: bool
    modified: Any
    tokens: dict[str, set[str]]


@dataclass
class _Corpus:
    """The rows of one language (database order) and their indexes, by row position."""

    rows: list[_Row]
    #: folded stem of any field -> positions of the rows that hold it
    postings: dict[str, list[int]] = field(default_factory=dict)
    #: the postings' keys, sorted: a prefix is a range of it (``bisect``)
    vocabulary: list[str] = field(default_factory=list)
    #: folded (unstemmed) title word -> positions, for autocomplete's prefixes
    title_postings: dict[str, list[int]] = field(default_factory=dict)
    title_vocabulary: list[str] = field(default_factory=list)
    #: folded title word -> the word as titles write it ("did you mean")
    spelled: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for position, row in enumerate(self.rows):
            for token in set().union(*row.tokens.values()):
                self.postings.setdefault(token, []).append(position)
            for word in set(_WORD.findall(row.title_sort)):
                self.title_postings.setdefault(word, []).append(position)
            for word in _WORD.findall(row.title.lower()):
                self.spelled.setdefault(fold(word), word)
        self.vocabulary = sorted(self.postings)
        self.title_vocabulary = sorted(self.title_postings)


def _prefixed(vocabulary: list[str], prefix: str) -> list[str]:
    """The words of a sorted vocabulary that start with ``prefix``."""
    start = bisect.bisect_left(vocabulary, prefix)
    end = start
    while end < len(vocabulary) and vocabulary[end].startswith(prefix):
        end += 1
    return vocabulary[start:end]


def _candidates(corpus: _Corpus, stems: list[str]) -> list[_Row]:
    """Every row that holds one of ``stems`` as ``_score`` matches it (a stem of three
    letters or more also as a prefix), in corpus order: no other row can score above 0."""
    positions: set[int] = set()
    for stem in set(stems):
        tokens = _prefixed(corpus.vocabulary, stem) if len(stem) >= 3 else [stem]
        for token in tokens:
            positions.update(corpus.postings.get(token, ()))
    return [corpus.rows[position] for position in sorted(positions)]


_cache: dict[str, tuple[tuple[Any, ...], _Corpus]] = {}
_lock = threading.Lock()


def _base(language: str) -> Any:
    return ServicePage.objects.live().filter(
        withdrawn_at__isnull=True, locale__language_code=language
    )


def _corpus(language: str) -> _Corpus:
    qs = _base(language)
    stamp = (cache_keys.generation(), qs.aggregate(p=Max("pk"))["p"])
    cached = _cache.get(language)
    if cached and cached[0] == stamp:
        return cached[1]
    with _lock:
        cached = _cache.get(language)  # another thread may have built it meanwhile
        if cached and cached[0] == stamp:
            return cached[1]
        english = language == "en"
        topics: dict[int, list[str]] = {}
        for pk, lv, en in ServicePage.topics.through.objects.filter(servicepage__in=qs).values_list(
            "servicepage_id", "topic__name_lv", "topic__name_en"
        ):
            topics.setdefault(pk, []).append(en if english and en else lv)
        situations: dict[int, list[str]] = {}
        through = ServicePage.life_situations.through
        for pk, title in through.objects.filter(
            servicepage__in=qs, lifesituationpage__live=True
        ).values_list("servicepage_id", "lifesituationpage__title"):
            situations.setdefault(pk, []).append(title)
        rows = []
        for v in qs.values(
            "pk",
            "identifier",
            "slug",
            "title",
            "summary",
            "keywords",
            "competent_authority__title",
            "for_citizens",
            "for_business",
            "for_institutions",
            "is_free",
            "is_online",
            "register_modified",
            "last_published_at",
        ):
            keywords = " ".join(k for k in (v["keywords"] or []) if isinstance(k, str))
            texts = {
                "title": v["title"],
                "keywords": keywords,
                "summary": v["summary"] or "",
                "institution": v["competent_authority__title"] or "",
                "topics": " ".join(topics.get(v["pk"], [])),
                "life_situations": " ".join(situations.get(v["pk"], [])),
            }
            audiences = [a for a, f in AUDIENCE_FIELDS.items() if v[f]]
            rows.append(
                _Row(
                    pk=v["pk"],
                    identifier=v["identifier"],
                    slug=v["slug"],
                    title=v["title"],
                    title_sort=fold(v["title"]),
                    summary=v["summary"] or "",
                    institution=texts["institution"],
                    topics=topics.get(v["pk"], []),
                    life_situations=situations.get(v["pk"], []),
                    audiences=audiences,
                    is_free=v["is_free"],
                    is_online=v["is_online"],
                    modified=v["register_modified"] or v["last_published_at"],
                    tokens={
                        name: {crude_stem(w) for w in _WORD.findall(fold(text))}
                        for name, text in texts.items()
                    },
                )
            )
        corpus = _Corpus(rows)
        _cache[language] = (stamp, corpus)
        return corpus


def _matches(row: _Row, p: SearchParams) -> bool:
    if p.audience and p.audience not in row.audiences:
        return False
    if p.institution and row.institution != p.institution:
        return False
    if p.topic and p.topic not in row.topics:
        return False
    if p.life_situation and p.life_situation not in row.life_situations:
        return False
    if p.online and not row.is_online:
        return False
    return not (p.free and not row.is_free)


def _score(row: _Row, stems: list[str]) -> float:
    """Each query word scores its best field; a word found nowhere costs the whole match
    unless the query is long (then 75 % of the words must match, like the ES query)."""
    total, found = 0.0, 0
    for stem in stems:
        best = 0.0
        for name, weight in _FIELD_WEIGHTS:
            tokens = row.tokens[name]
            if stem in tokens:
                best = max(best, weight)
            elif len(stem) >= 3 and any(t.startswith(stem) for t in tokens):
                best = max(best, weight * 0.6)
        if best:
            found += 1
            total += best
    needed = len(stems) if len(stems) <= 2 else max(1, int(len(stems) * 0.75 + 0.999))
    return total if found >= needed else 0.0


def _people_score(row: _Row, stems: list[str], meanings: list[str], damp: bool) -> float:
    """The words' score, plus any word of the everyday meanings at half weight; services
    for institutions only ×``INSTITUTIONS_ONLY_DAMPING`` unless the search asks for them."""
    score = _score(row, stems) + 0.5 * sum(_score(row, [m]) for m in meanings)
    if damp and not set(row.audiences) & set(PUBLIC_AUDIENCES):
        score *= INSTITUTIONS_ONLY_DAMPING
    return score


def _urls(rows: list[_Row], language: str) -> dict[int, str]:
    """The pages' URLs: every service lives in its language's one service folder, whose URL
    is cached (``ServiceIndexPage.base_url``); a move or slug change is a publish, which
    starts a new generation and so a new corpus."""
    if not rows:
        return {}
    base = ServiceIndexPage.base_url(language)
    return {r.pk: f"{base}{r.slug}/" for r in rows}


def _ranked(p: SearchParams) -> list[tuple[_Row, float]]:
    """Every matching row with its score, in the order asked for."""
    corpus = _corpus(p.language)
    stems = [crude_stem(w) for w in _WORD.findall(fold(p.core_query or p.query))]
    # People's words (search.everyday): any word of the register's meaning, at half weight.
    meanings = [crude_stem(w) for m in p.everyday for w in _WORD.findall(fold(m))]
    damp = not p.asks_for_institutions
    pool = _candidates(corpus, stems + meanings) if stems else corpus.rows
    rows = [r for r in pool if _matches(r, p)]
    if stems:
        scored = [(r, s) for r in rows if (s := _people_score(r, stems, meanings, damp)) > 0]
    else:
        scored = [(r, 0.0) for r in rows]
    if p.sort == "recent":
        scored.sort(
            key=lambda rs: (
                rs[0].modified is None,
                -(rs[0].modified.timestamp() if rs[0].modified else 0),
                rs[0].title_sort,
            )
        )
    elif p.sort == "title" or not stems:
        scored.sort(key=lambda rs: (title_order(rs[0].title), rs[0].identifier))
    else:
        scored.sort(key=lambda rs: (-rs[1], rs[0].title_sort))
    return scored


def _facet_counts(rows: list[_Row]) -> dict[str, list[tuple[str, int]]]:
    """Per ``FACETS`` name, the 50 largest (value, count) pairs, as Elasticsearch returns them."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for r in rows:
        values = {
            "audience": r.audiences,
            "institution": [r.institution] if r.institution else [],
            "topic": r.topics,
            "life_situation": r.life_situations,
        }
        for name in FACETS:
            for value in values[name]:
                counts[name][value] = counts[name].get(value, 0) + 1
    return {
        name: sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:50]
        for name, found in counts.items()
    }


def _correction(p: SearchParams) -> str:
    """ "Did you mean" for a query that found nothing: each word replaced by the closest word
    of the titles (``difflib``, folded), written as in the title; offered if it finds some."""
    spelled = _corpus(p.language).spelled
    words, changed = [], False
    for word in _WORD.findall(p.query.lower()):
        key = fold(word)
        if key in spelled or len(key) < 3:
            words.append(spelled.get(key, word))
            continue
        close = difflib.get_close_matches(key, spelled, n=1, cutoff=0.66)
        words.append(spelled[close[0]] if close else word)
        changed = changed or bool(close)
    corrected = " ".join(words)
    if not changed:
        return ""
    again = dataclasses.replace(p, query=corrected, core_query="", everyday=[], synonyms=[])
    return corrected if _ranked(again) else ""


class DatabaseBackend:
    """Never raises for a valid query: the last resort when Elasticsearch cannot answer."""

    name: ClassVar[str] = "database"

    def search(self, params: SearchParams) -> SearchResults:
        scored = _ranked(params)
        rows = [r for r, _score in scored]
        page = rows[params.offset : params.offset + params.page_size]
        urls = _urls(page, params.language)
        hits = [
            plain_hit(
                identifier=r.identifier,
                title=r.title,
                url=urls.get(r.pk, ""),
                summary=r.summary,
                institution=r.institution,
                is_free=r.is_free,
                is_online=r.is_online,
            )
            for r in page
        ]
        found = results(
            params,
            total=len(rows),
            hits=hits,
            buckets=_facet_counts(rows),
            online=sum(r.is_online for r in rows),
            free=sum(r.is_free for r in rows),
            backend=self.name,
        )
        if not rows and params.query and params.page == 1:
            found.did_you_mean = _correction(params)
        return found

    def autocomplete(self, text: str, language: str, audience: str, size: int) -> list[Suggestion]:
        words = _WORD.findall(fold(text))
        if not words:
            return []
        corpus = _corpus(language)
        # Rows with a title word starting with each typed word: an intersection of the
        # title index's prefix ranges, in corpus order.
        positions: set[int] | None = None
        for word in set(words):
            found: set[int] = set()
            for title_word in _prefixed(corpus.title_vocabulary, word):
                found.update(corpus.title_postings[title_word])
            positions = found if positions is None else positions & found
        out = [
            row
            for row in (corpus.rows[position] for position in sorted(positions or ()))
            if not audience or audience in row.audiences
        ]
        out.sort(key=lambda r: (not r.title_sort.startswith(words[0]), r.title_sort))
        urls = _urls(out[:size], language)
        return [Suggestion(r.identifier, r.title, urls.get(r.pk, "")) for r in out[:size]]
