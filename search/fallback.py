"""The database backend: what answers when Elasticsearch is off, down or slow.

Why in Python rather than SQL ``icontains``: SQLite's ``LIKE`` folds ASCII case only and
PostgreSQL needs the ``unaccent`` extension for diacritics; folding in Python gives the same
diacritic- and case-insensitive behaviour on both. The folded corpus of one language is
cached in-process with an inverted index (folded stem -> rows) and rebuilt when the catalogue
changes: the listing cache generation (``catalogue_pages.cache``, bumped by every publish,
unpublish, delete and sync run) or the newest service's primary key (a page created without
a publish) moved — one cache read and one index-only ``MAX`` per search, no count of the table.
A rebuild never holds up a search that has a previous corpus (``_current``): one background
thread builds, the previous corpus answers, and the page it returns is checked live.

Why the index, and the sets on it: scoring every service in Python grew with the catalogue
(issue 23); scoring only the rows holding a searched word (``_ranked``) still grew with the
matches (a word held by a third of 100,000 services: 80 ms). A search now looks at no row
one by one (``_answer``): count, filters and facet counts are operations on sets of row
positions (``search.bitsets``) in C, and relevance visits score cells best first until the
page is full, so its Python work follows the page asked for. Result URLs come from the
cached service folder URL and the row's slug: no query and no site root read per search.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import heapq
import logging
import re
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import attrgetter, itemgetter
from typing import Any, ClassVar

from django.db import connection
from django.db.models import Max

from catalogue_pages import cache as cache_keys
from catalogue_pages.audiences import AUDIENCE_FIELDS
from catalogue_pages.models import ServiceIndexPage, ServicePage
from search import bitsets
from search.backend import SearchResults, Suggestion, plain_hit, results
from search.curation import crude_stem
from search.documents import fold, title_order
from search.queries import (
    FACET_SIZE,
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


@dataclass(slots=True)
class _Row:
    """What a result, a filter, a sort and a facet need of one service; no word sets (they
    live once in the corpus's per-field postings, not on each of 100,000 rows)."""

    pk: int
    identifier: str
    slug: str
    title: str
    title_sort: str
    summary: str
    institution: str
    topics: tuple[str, ...]
    life_situations: tuple[str, ...]
    audiences: tuple[str, ...]
    is_free: bool
    is_online: bool
    modified: Any
    #: (facet name, value) pairs: the corpus's facet sets and layers are built from them,
    #: and a search with few matches counts them with one ``Counter``
    facets: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.facets:
            self.facets = (
                *(("audience", a) for a in self.audiences),
                *((("institution", self.institution),) if self.institution else ()),
                *(("topic", t) for t in self.topics),
                *(("life_situation", s) for s in self.life_situations),
            )


#: one row's folded stems per field (``_FIELD_WEIGHTS`` names), as the corpus is built
Tokens = dict[str, set[str]]


#: bytes of sets a corpus keeps per searched word (``_Corpus.memo``) before it starts again
MEMO_BYTES = 16 * 2**20
#: how many times a list's room a facet value's set may take (``_stored``)
FACET_ROOM = 8


@dataclass
class _Corpus:
    """The rows of one language, in title order, and their indexes by row position.

    Why per-field postings (stem -> positions, one index per weighted field) and no word sets
    on the rows: 100,000 rows carry no six sets each (the corpus of 20,000 services added
    ~210 MB to a process with them, 54 MB now).

    Why title order: relevance ties are listed by title, so with positions in title order the
    rows of a set (``search.bitsets``) come out already in the order a page shows them, and
    ``_top`` never sorts the matches. Rows of one title stay in database order.

    Why sets beside the postings (facet values, filters, orders): a search's counts, filters
    and first page come from integer set operations whose cost does not follow the number of
    matches (issue 23: ``pase`` matched 36,000 of 100,000 services and scoring each cost
    80 ms). A searched word's sets are built from its postings once and kept in ``memo``.
    """

    rows: list[_Row]
    tokens: dataclasses.InitVar[list[Tokens] | None] = None
    #: field name -> folded stem -> positions of the rows whose field holds it
    fields: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: field name -> that field's stems, sorted: a prefix is a range of it (``bisect``)
    vocabularies: dict[str, list[str]] = field(default_factory=dict)
    #: folded (unstemmed) title word -> positions, for autocomplete's prefixes
    title_postings: dict[str, list[int]] = field(default_factory=dict)
    title_vocabulary: list[str] = field(default_factory=list)
    #: folded title word -> the word as titles write it ("did you mean")
    spelled: dict[str, str] = field(default_factory=dict)
    #: every row, as a set
    everything: int = 0
    #: rows for the public (citizens or businesses), online, free
    public: int = 0
    online: int = 0
    free: int = 0
    #: facet name -> value -> its rows (the filters)
    facet_rows: dict[str, dict[str, bitsets.Posting]] = field(default_factory=dict)
    #: facet name -> its values held as sets, with their rows
    facet_sets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: facet name -> layers of its small values: layer k holds each row's k-th small value
    #: (or None), by position, so ``compress`` and ``Counter`` count them in C; a layer
    #: that fewer than half the rows reach holds only those rows' positions and values
    facet_layers: dict[str, list[tuple[array[int] | None, list[str | None]]]] = field(
        default_factory=dict
    )
    #: positions in the "title" sort's order (Latvian alphabet, then identifier) and in the
    #: "recent" sort's; each with every position's place in it
    by_title: array[int] = field(default_factory=lambda: array("i"))
    title_place: array[int] = field(default_factory=lambda: array("i"))
    by_recent: array[int] = field(default_factory=lambda: array("i"))
    recent_place: array[int] = field(default_factory=lambda: array("i"))
    #: searched word -> its sets (``_levels``, ``_title_prefix``), up to ``MEMO_BYTES``
    memo: dict[tuple[str, str], Any] = field(default_factory=dict)
    memo_bytes: int = 0

    def __post_init__(self, tokens: list[Tokens] | None) -> None:
        self.fields = {name: {} for name, _weight in _FIELD_WEIGHTS}
        rows, self.rows = self.rows, []
        for row, row_tokens in zip(rows, tokens or [{}] * len(rows), strict=True):
            self.add(row, row_tokens)
        self.finish()

    def add(self, row: _Row, tokens: Tokens) -> None:
        """One more row: a build streams them, so no list of every row's word sets is held."""
        position = len(self.rows)
        self.rows.append(row)
        for name, stems in tokens.items():
            postings = self.fields[name]
            for stem in stems:
                postings.setdefault(stem, []).append(position)
        for word in set(_WORD.findall(row.title_sort)):
            self.title_postings.setdefault(word, []).append(position)
        for word in _WORD.findall(row.title.lower()):
            self.spelled.setdefault(fold(word), word)

    def finish(self) -> None:
        """Rows into title order (postings renumbered), then the sets and the sort orders."""
        rows = self.rows
        size = len(rows)
        order = sorted(range(size), key=lambda n: rows[n].title_sort)
        moved = [0] * size
        for place, position in enumerate(order):
            moved[position] = place
        self.rows = rows = [rows[position] for position in order]
        for postings in (*self.fields.values(), self.title_postings):
            for key, found in postings.items():
                postings[key] = sorted([moved[position] for position in found])
        self.vocabularies = {name: sorted(postings) for name, postings in self.fields.items()}
        self.title_vocabulary = sorted(self.title_postings)
        self.everything = (1 << size) - 1
        public = set(PUBLIC_AUDIENCES)
        self.public = bitsets.from_positions(
            (n for n, row in enumerate(rows) if not public.isdisjoint(row.audiences)), size
        )
        self.online = bitsets.from_positions((n for n, r in enumerate(rows) if r.is_online), size)
        self.free = bitsets.from_positions((n for n, r in enumerate(rows) if r.is_free), size)
        values: dict[str, dict[str, list[int]]] = {name: {} for name in FACETS}
        for n, row in enumerate(rows):
            for name, value in row.facets:
                if name in values:
                    values[name].setdefault(value, []).append(n)
        self.facet_rows, self.facet_sets, self.facet_layers = {}, {}, {}
        for name, by_value in values.items():
            stored = {value: _stored(positions, size) for value, positions in by_value.items()}
            self.facet_rows[name] = stored
            self.facet_sets[name] = [(v, r) for v, r in stored.items() if isinstance(r, int)]
            layers: list[list[str | None]] = []
            depth = [0] * size
            for value, held in stored.items():
                if isinstance(held, list):
                    for position in held:
                        if depth[position] == len(layers):
                            layers.append([None] * size)
                        layers[depth[position]][position] = value
                        depth[position] += 1
            self.facet_layers[name] = [_layer(layer, size) for layer in layers]
        self.by_title, self.title_place = _order(
            size, lambda n: (title_order(rows[n].title), rows[n].identifier)
        )
        self.by_recent, self.recent_place = _order(size, lambda n: _recent_key(rows[n]))

    def remember(self, key: tuple[str, str], compute: Callable[[], Any]) -> Any:
        """``compute()``, kept under ``key`` while the kept sets stay under ``MEMO_BYTES``."""
        found = self.memo.get(key)
        if found is None:
            found = compute()
            cost = _width(found)
            if self.memo_bytes + cost > MEMO_BYTES:
                self.memo.clear()  # a word's sets are rebuilt in milliseconds
                self.memo_bytes = 0
            self.memo[key] = found
            self.memo_bytes += cost
        return found


def _width(value: Any) -> int:
    """Bytes of the sets in ``value`` (an integer, or lists and tuples holding them)."""
    if isinstance(value, int):
        return (value.bit_length() + 7) >> 3
    if isinstance(value, list | tuple):
        return sum(_width(item) for item in value)
    return 0


def _stored(positions: list[int], size: int) -> bitsets.Posting:
    """A facet value's rows: a set unless it would take more than ``FACET_ROOM`` times the
    list's room. Why more room than a word's: each search counts every facet value it
    shows against its matches, a set in one C step, a list in a Python step per row."""
    if bitsets.dense(len(positions), size, FACET_ROOM):
        return bitsets.from_positions(positions, size)
    return positions


def _layer(values: list[str | None], size: int) -> tuple[array[int] | None, list[str | None]]:
    """A layer as it is counted: whole, or (positions, values) of the rows it reaches."""
    reached = array("i", (n for n, value in enumerate(values) if value is not None))
    if len(reached) * 2 >= size:
        return None, values
    return reached, [values[n] for n in reached]


def _recent_key(row: _Row) -> tuple[bool, float, str]:
    return (
        row.modified is None,
        -(row.modified.timestamp() if row.modified else 0),
        row.title_sort,
    )


def _order(size: int, key: Callable[[int], Any]) -> tuple[array[int], array[int]]:
    """The positions sorted by ``key`` (ties in position order), and each one's place."""
    order = array("i", sorted(range(size), key=key))
    place = array("i", bytes(4 * size))
    for n, position in enumerate(order):
        place[position] = n
    return order, place


def _prefixed(vocabulary: list[str], prefix: str) -> list[str]:
    """The words of a sorted vocabulary that start with ``prefix``."""
    start = bisect.bisect_left(vocabulary, prefix)
    end = start
    while end < len(vocabulary) and vocabulary[end].startswith(prefix):
        end += 1
    return vocabulary[start:end]


def _best(corpus: _Corpus, stem: str) -> dict[int, float]:
    """Row position -> the stem's best field weight in that row: the field's weight if it
    holds the stem, 60 % of it if (for a stem of three letters or more) it holds a word
    starting with it. Every row with a value is a candidate; no other row can score.

    Levels are applied lowest value first, so a higher one overwrites: the max, as the
    per-row scoring before computed it, field by field."""
    levels: list[tuple[float, list[int]]] = []
    for name, weight in _FIELD_WEIGHTS:
        postings = corpus.fields[name]
        if len(stem) >= 3:
            for token in _prefixed(corpus.vocabularies[name], stem):
                levels.append((weight * 0.6, postings[token]))
        exact = postings.get(stem)
        if exact:
            levels.append((weight, exact))
    levels.sort(key=lambda level: level[0])
    best: dict[int, float] = {}
    for value, positions in levels:
        best.update(dict.fromkeys(positions, value))
    return best


def _candidates(corpus: _Corpus, stems: list[str]) -> list[_Row]:
    """Every row that holds one of ``stems`` (a stem of three letters or more also as a
    prefix), in corpus order: no other row can score above 0."""
    positions: set[int] = set()
    for stem in set(stems):
        positions.update(_best(corpus, stem))
    return [corpus.rows[position] for position in sorted(positions)]


#: language -> (stamp, corpus): the newest corpus built, served until a newer one is ready
_cache: dict[str, tuple[tuple[Any, ...], _Corpus]] = {}
_lock = threading.Lock()
_build_lock = threading.Lock()
#: languages whose corpus a background thread is rebuilding (at most one thread each)
_building: set[str] = set()
logger = logging.getLogger(__name__)


def _base(language: str) -> Any:
    return ServicePage.objects.live().filter(
        withdrawn_at__isnull=True, locale__language_code=language
    )


def _stamp() -> tuple[Any, ...]:
    """The corpus's freshness: the cache generation (every publish, unpublish, withdrawal,
    delete and sync run bumps it) and the newest service page's key (a page created without
    a publish). Why ``MAX`` over the service table alone, not over the language's live
    services: that is an index-only read of the primary key, while the filtered one joins
    the page tree and the locales (7 ms at 2,000 services, growing with them); a new page of
    the other language only costs a rebuild that changes nothing."""
    newest = ServicePage.objects.order_by().aggregate(p=Max("page_ptr_id"))["p"]
    return (cache_keys.generation(), newest)


def _read(language: str) -> tuple[list[_Row], list[Tokens]]:
    """The language's rows and each row's stems per field, in database order, as lists."""
    rows: list[_Row] = []
    tokens: list[Tokens] = []
    for row, row_tokens in _stream(language):
        rows.append(row)
        tokens.append(row_tokens)
    return rows, tokens


def _stream(language: str) -> Iterator[tuple[_Row, Tokens]]:
    """The language's rows and each row's stems per field, in database order.

    Why streamed (``iterator``, a server-side cursor on PostgreSQL) and why the shared
    strings: a build held every fetched row and every row's word sets at once (the corpus of
    20,000 services added 210 MB to a process, most of it garbage after the build). Names
    that many services repeat (institution, topics, guides) are kept once."""
    qs = _base(language)
    english = language == "en"
    shared: dict[Any, Any] = {}  # one object per repeated name or tuple of names
    topics: dict[int, tuple[str, ...]] = {}
    for pk, lv, en in ServicePage.topics.through.objects.filter(servicepage__in=qs).values_list(
        "servicepage_id", "topic__name_lv", "topic__name_en"
    ):
        name = en if english and en else lv
        topics[pk] = (*topics.get(pk, ()), shared.setdefault(name, name))
    situations: dict[int, tuple[str, ...]] = {}
    through = ServicePage.life_situations.through
    for pk, title in through.objects.filter(
        servicepage__in=qs, lifesituationpage__live=True
    ).values_list("servicepage_id", "lifesituationpage__title"):
        situations[pk] = (*situations.get(pk, ()), shared.setdefault(title, title))
    for names in (topics, situations):
        for pk, found in names.items():
            names[pk] = shared.setdefault(found, found)
    stemmed: dict[str, str] = {}  # one stem object per word: the postings' keys are shared
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
    ).iterator(chunk_size=2000):
        keywords = " ".join(k for k in (v["keywords"] or []) if isinstance(k, str))
        texts = {
            "title": v["title"],
            "keywords": keywords,
            "summary": v["summary"] or "",
            "institution": v["competent_authority__title"] or "",
            "topics": " ".join(topics.get(v["pk"], [])),
            "life_situations": " ".join(situations.get(v["pk"], [])),
        }
        institution = texts["institution"]
        audiences = tuple(a for a, f in AUDIENCE_FIELDS.items() if v[f])
        row = _Row(
            pk=v["pk"],
            identifier=v["identifier"],
            slug=v["slug"],
            title=v["title"],
            title_sort=fold(v["title"]),
            summary=v["summary"] or "",
            institution=shared.setdefault(institution, institution),
            topics=topics.get(v["pk"], ()),
            life_situations=situations.get(v["pk"], ()),
            audiences=shared.setdefault(audiences, audiences),
            is_free=v["is_free"],
            is_online=v["is_online"],
            modified=v["register_modified"] or v["last_published_at"],
        )
        row.facets = shared.setdefault(row.facets, row.facets)
        row_tokens: Tokens = {}
        for name, text in texts.items():
            stems = set()
            for word in _WORD.findall(fold(text)):
                stem = stemmed.get(word)
                if stem is None:
                    stem = stemmed[word] = crude_stem(word)
                stems.add(stem)
            row_tokens[name] = stems
        yield row, row_tokens


def _build(language: str) -> _Corpus:
    corpus = _Corpus([])
    for row, tokens in _stream(language):
        corpus.add(row, tokens)
    corpus.finish()
    return corpus


def _rebuild(language: str, stamp: tuple[Any, ...]) -> None:
    """A background thread's build; its own database connection, closed when done."""
    try:
        corpus = _build(language)
        with _lock:
            _cache[language] = (stamp, corpus)
    except Exception:  # the previous corpus keeps answering; the next search retries
        logger.exception("database fallback: rebuilding the %s corpus failed", language)
    finally:
        connection.close()
        with _lock:
            _building.discard(language)


def _current(language: str) -> tuple[_Corpus, bool]:
    """The language's corpus and whether it is up to date.

    Why a stale corpus is served: a build reads every service of the language (seconds at
    20,000, most of a minute at 100,000, per process), and each publish or sync run starts
    one. Waiting for it stalled every request of the process behind one lock; now one
    background thread builds while the previous corpus answers, and ``DatabaseBackend``
    checks the page of results it returns from a stale corpus against the database (a
    withdrawn or unpublished service is never shown). Only a process with no corpus at all
    builds in line. So does a caller inside a transaction: another thread's connection
    would not see its uncommitted writes (tests, management commands).
    """
    stamp = _stamp()
    cached = _cache.get(language)
    if cached and cached[0] == stamp:
        return cached[1], True
    if cached and not connection.in_atomic_block:
        with _lock:
            start = language not in _building
            _building.add(language)
        if start:
            threading.Thread(
                target=_rebuild,
                args=(language, stamp),
                name=f"fallback-corpus-{language}",
                daemon=True,
            ).start()
        return cached[1], False
    with _build_lock:  # one in-line build at a time: the others then find it done
        cached = _cache.get(language)
        if cached and cached[0] == stamp:
            return cached[1], True
        corpus = _build(language)
        with _lock:
            _cache[language] = (stamp, corpus)
        return corpus, True


def _corpus(language: str) -> _Corpus:
    return _current(language)[0]


def _live(pks: list[int]) -> set[int]:
    """Of these services, those still published and not withdrawn: one primary-key lookup
    over at most a page of ids, for results taken from a stale corpus."""
    if not pks:
        return set()
    return set(
        ServicePage.objects.live()
        .filter(pk__in=pks, withdrawn_at__isnull=True)
        .values_list("pk", flat=True)
    )


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


def _urls(rows: list[_Row], language: str) -> dict[int, str]:
    """The pages' URLs: every service lives in its language's one service folder, whose URL
    is cached (``ServiceIndexPage.base_url``); a move or slug change is a publish, which
    starts a new generation and so a new corpus."""
    if not rows:
        return {}
    base = ServiceIndexPage.base_url(language)
    return {r.pk: f"{base}{r.slug}/" for r in rows}


def _filtered(p: SearchParams) -> bool:
    return bool(p.audience or p.institution or p.topic or p.life_situation or p.online or p.free)


def _ranked(p: SearchParams, corpus: _Corpus | None = None) -> list[tuple[_Row, float]]:
    """Every matching row with its score, in the order asked for.

    Scores as before, row by row: each query word scores its best field; a word found
    nowhere costs the whole match unless the query is long (then 75 % of the words must
    match, like the ES query); people's words (``search.everyday``) add their best at half
    weight; services for institutions only ×``INSTITUTIONS_ONLY_DAMPING`` unless the search
    asks for them. The best values come from ``_best``, in the same order and the same float
    arithmetic, so the scores are the same numbers."""
    if corpus is None:
        corpus = _corpus(p.language)
    stems = [crude_stem(w) for w in _WORD.findall(fold(p.core_query or p.query))]
    meanings = [crude_stem(w) for m in p.everyday for w in _WORD.findall(fold(m))]
    damp = not p.asks_for_institutions
    rows = corpus.rows
    scored: list[tuple[_Row, float]]
    if stems:
        bests = {stem: _best(corpus, stem) for stem in set(stems + meanings)}
        # Relevance order is (score desc, title, database order): candidates taken in
        # position order (that order), a stable sort on the score alone gives it.
        positions = sorted(set().union(*bests.values()))
        if _filtered(p):
            positions = [n for n in positions if _matches(rows[n], p)]
        needed = len(stems) if len(stems) <= 2 else max(1, int(len(stems) * 0.75 + 0.999))
        words = [bests[stem] for stem in stems]
        extra = [bests[m] for m in meanings]
        public = set(PUBLIC_AUDIENCES)
        scored = []
        for n in positions:
            total, found = 0.0, 0
            for best in words:
                value = best.get(n)
                if value:
                    found += 1
                    total += value
            score = total if found >= needed else 0.0
            if extra:  # (without, ``+ 0.5 * 0`` would add nothing: the same float)
                score += 0.5 * sum(best.get(n, 0.0) for best in extra)
            row = rows[n]
            if damp and public.isdisjoint(row.audiences):
                score *= INSTITUTIONS_ONLY_DAMPING
            if score > 0:
                scored.append((row, score))
    else:
        scored = [(r, 0.0) for r in rows if _matches(r, p)]
    if p.sort == "recent":
        scored.sort(key=lambda rs: _recent_key(rs[0]))
    elif p.sort == "title" or not stems:
        scored.sort(key=lambda rs: (title_order(rs[0].title), rs[0].identifier))
    else:
        scored.sort(key=itemgetter(1), reverse=True)  # stable: ties stay in title order
    return scored


#: cells ``_top`` may visit before it leaves the query to ``_ranked`` (each a few microseconds)
TOP_BUDGET = 4000


def _needed(stems: list[str]) -> int:
    """Query words a row must hold: all of one or two, else 75 % (as the ES query)."""
    return len(stems) if len(stems) <= 2 else max(1, int(len(stems) * 0.75 + 0.999))


def _words(p: SearchParams) -> tuple[list[str], list[str]]:
    """The query's stems and its people's words' stems (``search.everyday``), repeats kept:
    a word typed twice counts twice, as it did row by row."""
    stems = [crude_stem(w) for w in _WORD.findall(fold(p.core_query or p.query))]
    meanings = [crude_stem(w) for m in p.everyday for w in _WORD.findall(fold(m))]
    return stems, meanings


def _levels(corpus: _Corpus, stem: str) -> tuple[list[tuple[float, int]], int]:
    """The rows holding ``stem`` split by its best field weight there, highest first, as
    disjoint sets; and their union. The weights are ``_best``'s: a field's weight where it
    holds the stem, 60 % of it where (three letters or more) it holds a word starting so."""

    def compute() -> tuple[list[tuple[float, int]], int]:
        size = len(corpus.rows)
        by_value: dict[float, int] = {}
        for name, weight in _FIELD_WEIGHTS:
            postings = corpus.fields[name]
            if len(stem) >= 3:
                words = _prefixed(corpus.vocabularies[name], stem)
                if words:
                    rows = bitsets.from_positions(
                        chain.from_iterable(postings[word] for word in words), size
                    )
                    by_value[weight * 0.6] = by_value.get(weight * 0.6, 0) | rows
            exact = postings.get(stem)
            if exact:
                by_value[weight] = by_value.get(weight, 0) | bitsets.from_positions(exact, size)
        levels, covered = [], 0
        for value in sorted(by_value, reverse=True):
            rows = by_value[value] & ~covered
            if rows:
                levels.append((value, rows))
                covered |= rows
        return levels, covered

    levels: tuple[list[tuple[float, int]], int] = corpus.remember(("levels", stem), compute)
    return levels


def _filter(corpus: _Corpus, p: SearchParams) -> int:
    """The rows the search's filters allow, as one set."""
    allowed = corpus.everything
    size = len(corpus.rows)
    for name, value in (
        ("audience", p.audience),
        ("institution", p.institution),
        ("topic", p.topic),
        ("life_situation", p.life_situation),
    ):
        if value:
            allowed &= bitsets.as_set(corpus.facet_rows[name].get(value, 0), size)
    if p.online:
        allowed &= corpus.online
    if p.free:
        allowed &= corpus.free
    return allowed


def _matched(corpus: _Corpus, words: tuple[list[str], list[str]], allowed: int) -> int:
    """The rows that score above 0 among ``allowed``: those holding the query's words (all,
    or ``_needed`` of them, counted with a running "at least j words" set per j), and those
    holding a people's word (they add half its weight). No query: every allowed row."""
    stems, meanings = words
    if not stems:
        return allowed
    unions = {stem: _levels(corpus, stem)[1] for stem in {*stems, *meanings}}
    needed = _needed(stems)
    at_least = [allowed] + [0] * needed  # at_least[j]: rows holding j of the words so far
    for stem in stems:
        for j in range(needed, 0, -1):
            at_least[j] |= at_least[j - 1] & unions[stem]
    found = at_least[needed]
    for meaning in meanings:
        found |= allowed & unions[meaning]
    return found


def _top(
    corpus: _Corpus,
    p: SearchParams,
    words: tuple[list[str], list[str]],
    allowed: int,
    wanted: int,
) -> list[int] | None:
    """The positions of the ``wanted`` best rows, in relevance order (score, then title).

    Why no row is scored: a row's score depends only on which level (``_levels``) of each
    word holds it, and on whether it is for the public. Each combination of levels is a cell,
    a set of rows with one score; cells are visited best score first (a heap over the
    combinations, each step one level lower on one word: the score never rises), and the
    rows of equal-score cells are taken in position order, title order. The visit stops
    when ``wanted`` rows are found, so its cost follows the page asked for, not the matches.
    The scores are computed with ``_ranked``'s arithmetic, so they and the order are the
    same. ``None`` when the cells run past ``TOP_BUDGET`` (long queries of common words).
    """
    stems, meanings = words
    distinct = list(dict.fromkeys([*stems, *meanings]))
    axes: list[list[tuple[float, int]]] = []
    for stem in distinct:
        levels, union = _levels(corpus, stem)
        options = [(value, rows & allowed) for value, rows in levels if rows & allowed]
        rest = allowed & ~union
        axes.append([*options, (0.0, rest)] if rest or not options else options)
    damp = not p.asks_for_institutions
    if damp:
        public, others = allowed & corpus.public, allowed & ~corpus.public
        axes.append([(1.0, public), (INSTITUTIONS_ONLY_DAMPING, others)])
    needed = _needed(stems)
    word_axis = [distinct.index(stem) for stem in stems]
    meaning_axis = [distinct.index(meaning) for meaning in meanings]

    def score(cell: tuple[int, ...]) -> float:
        total, found = 0.0, 0
        for axis in word_axis:
            value = axes[axis][cell[axis]][0]
            if value:
                found += 1
                total += value
        result = total if found >= needed else 0.0
        if meaning_axis:
            result += 0.5 * sum(axes[axis][cell[axis]][0] for axis in meaning_axis)
        if damp and cell[-1]:
            result *= INSTITUTIONS_ONLY_DAMPING
        return result

    start = (0,) * len(axes)
    heap = [(-score(start), start)]
    seen = {start}
    out: list[int] = []
    group, visits = 0, 0
    group_score: float | None = None
    while heap:
        negative, cell = heapq.heappop(heap)
        if -negative != group_score:  # every cell of the previous score has been visited
            if group:
                out.extend(bitsets.positions(group, wanted - len(out)))
                group = 0
            if len(out) >= wanted or -negative <= 0:
                return out
            group_score = -negative
        visits += 1
        if visits > TOP_BUDGET:
            return None
        rows = allowed
        for axis, level in enumerate(cell):
            rows &= axes[axis][level][1]
            if not rows:
                break
        group |= rows
        for axis, level in enumerate(cell):
            if level + 1 < len(axes[axis]):
                after = (*cell[:axis], level + 1, *cell[axis + 1 :])
                if after not in seen:
                    seen.add(after)
                    heapq.heappush(heap, (-score(after), after))
    if group:
        out.extend(bitsets.positions(group, wanted - len(out)))
    return out


def _in_order(
    corpus: _Corpus, matched: int, total: int, order: array[int], place: array[int], wanted: int
) -> list[int]:
    """The first ``wanted`` matched positions in a fixed order (``by_title``, ``by_recent``):
    few matches are sorted by their places; many are found by walking the order, each
    step an O(1) membership test, about ``wanted`` × rows / matches steps."""
    if total * 64 <= len(order):
        return sorted(bitsets.positions(matched), key=place.__getitem__)[:wanted]
    data = bitsets.as_bytes(matched)
    out = []
    for position in order:
        if bitsets.contains(data, position):
            out.append(position)
            if len(out) >= wanted:
                break
    return out


def _buckets(corpus: _Corpus, matched: int, total: int) -> dict[str, list[tuple[str, int]]]:
    """Per ``FACETS`` name, the ``FACET_SIZE`` largest (value, count) pairs among the matched
    rows, as ``_facet_counts`` gives them.

    Few matches (a 64th of the rows or fewer) are counted row by row. Otherwise a value held
    as a set is counted in one ``&`` and ``bit_count()``, and the small values (a catalogue
    of 100,000 services has some 11,000 life situations of a few services each) by
    ``Counter`` over ``compress`` of their layers: both in C, no Python step per match."""
    rows = len(corpus.rows)
    if total * 64 <= rows:
        return _facet_counts([corpus.rows[n] for n in bitsets.positions(matched)])
    chosen: bytes | None = None
    out: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        counts: Counter[str] = Counter()
        for positions, values in corpus.facet_layers[name]:
            if chosen is None:
                chosen = bitsets.selector(matched, rows)
            picks = chosen if positions is None else bytes(map(chosen.__getitem__, positions))
            counts.update(filter(None, compress(values, picks)))  # values are non-empty names
        for value, found in corpus.facet_sets[name]:
            counted = (matched & found).bit_count()
            if counted:
                counts[value] = counted
        out[name] = _largest(counts)
    return out


def _largest(counts: Counter[str]) -> list[tuple[str, int]]:
    """The ``FACET_SIZE`` largest counts, equal counts by value, without sorting thousands
    of small values: the smallest count kept first, then only what reaches it."""
    if len(counts) > FACET_SIZE:
        floor = heapq.nlargest(FACET_SIZE, counts.values())[-1]
        above = [(value, n) for value, n in counts.items() if n > floor]
        level = (value for value, n in counts.items() if n == floor)
        kept = above + [(v, floor) for v in heapq.nsmallest(FACET_SIZE - len(above), level)]
    else:
        kept = list(counts.items())
    return sorted(kept, key=lambda kv: (-kv[1], kv[0]))


@dataclass
class _Answer:
    total: int
    page: list[_Row]
    buckets: dict[str, list[tuple[str, int]]]
    online: int
    free: int


def _answer(p: SearchParams, corpus: _Corpus) -> _Answer:
    """What ``_ranked`` and ``_facet_counts`` give, from sets: the count, the facet counts and
    the page, in a time that follows the page asked for rather than the matches."""
    allowed = _filter(corpus, p)
    words = _words(p)
    matched = _matched(corpus, words, allowed)
    total = matched.bit_count()
    wanted = min(p.offset + p.page_size, total)
    stems = words[0]
    positions: list[int] | None
    if wanted <= p.offset:
        positions = []
    elif p.sort == "recent":
        positions = _in_order(corpus, matched, total, corpus.by_recent, corpus.recent_place, wanted)
    elif p.sort == "title" or not stems:
        positions = _in_order(corpus, matched, total, corpus.by_title, corpus.title_place, wanted)
    else:
        positions = _top(corpus, p, words, allowed, wanted)
    if positions is None:
        page = [row for row, _score in _ranked(p, corpus)[p.offset : wanted]]
    else:
        page = [corpus.rows[n] for n in positions[p.offset : wanted]]
    return _Answer(
        total=total,
        page=page,
        buckets=_buckets(corpus, matched, total),
        online=(matched & corpus.online).bit_count(),
        free=(matched & corpus.free).bit_count(),
    )


def _facet_counts(rows: list[_Row]) -> dict[str, list[tuple[str, int]]]:
    """Per ``FACETS`` name, the 50 largest (value, count) pairs, as Elasticsearch returns them."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for (name, value), count in Counter(chain.from_iterable(r.facets for r in rows)).items():
        if name in counts:
            counts[name][value] = count
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
    corpus = _corpus(p.language)
    return corrected if _matched(corpus, _words(again), _filter(corpus, again)) else ""


class DatabaseBackend:
    """Never raises for a valid query: the last resort when Elasticsearch cannot answer."""

    name: ClassVar[str] = "database"

    def search(self, params: SearchParams) -> SearchResults:
        corpus, fresh = _current(params.language)
        answer = _answer(params, corpus)
        page = answer.page
        if not fresh:  # a change since this corpus: show no service that has left
            live = _live([r.pk for r in page])
            page = [r for r in page if r.pk in live]
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
            total=answer.total,
            hits=hits,
            buckets=answer.buckets,
            online=answer.online,
            free=answer.free,
            backend=self.name,
        )
        if not answer.total and params.query and params.page == 1:
            found.did_you_mean = _correction(params)
        return found

    def autocomplete(self, text: str, language: str, audience: str, size: int) -> list[Suggestion]:
        words = _WORD.findall(fold(text))
        if not words:
            return []
        corpus, fresh = _current(language)
        rows = len(corpus.rows)
        # Rows with a title word starting with each typed word: an intersection of sets.
        found = corpus.everything
        for word in set(words):
            found &= _title_prefix(corpus, word)
        if audience:
            found &= bitsets.as_set(corpus.facet_rows["audience"].get(audience, 0), rows)
        # Titles starting with the first word first: in title order they are one range.
        title_sort = attrgetter("title_sort")
        start = bisect.bisect_left(corpus.rows, words[0], key=title_sort)
        end = bisect.bisect_left(corpus.rows, words[0] + "\U0010ffff", key=title_sort)
        first = bitsets.span(start, end)
        positions = bitsets.positions(found & first, size)
        if len(positions) < size:
            positions += bitsets.positions(found & ~first, size - len(positions))
        out = [corpus.rows[n] for n in positions]
        if not fresh:
            live = _live([r.pk for r in out])
            out = [r for r in out if r.pk in live]
        urls = _urls(out, language)
        return [Suggestion(r.identifier, r.title, urls.get(r.pk, "")) for r in out]


def _title_prefix(corpus: _Corpus, word: str) -> int:
    """The rows with a title word starting with ``word``."""

    def compute() -> int:
        words = _prefixed(corpus.title_vocabulary, word)
        return bitsets.from_positions(
            chain.from_iterable(corpus.title_postings[w] for w in words), len(corpus.rows)
        )

    rows: int = corpus.remember(("title", word), compute)
    return rows
