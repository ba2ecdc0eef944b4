"""Editor curation applied at query time: synonyms and promoted results.

Why query time (not a ``synonym_graph`` filter): editors' changes take effect at once, with no
reindex and no index-closing ``_reload_search_analyzers`` call, and it works the same on the
minimal test node and on a full cluster. The cost is a few extra ``multi_match`` clauses.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from search.documents import fold
from search.everyday import everyday_groups, understand
from search.models import Promotion, Synonym, normalise_query

_CACHE_KEY = "search:curation:v1:{kind}:{lang}"
_TIMEOUT = 300
_WORD = re.compile(r"\w+")
_ENDINGS = (
    "iem",
    "ām",
    "ēm",
    "īm",
    "as",
    "es",
    "is",
    "us",
    "os",
    "ai",
    "ei",
    "ie",
    "a",
    "e",
    "i",
    "u",
    "s",
    "š",
    "o",
)
_FOLDED_ENDINGS = tuple(sorted({fold(e) for e in _ENDINGS}, key=len, reverse=True))
MAX_EXPANSIONS = 6


def crude_stem(word: str) -> str:
    """Strip one common Latvian ending from a folded word ("pasi" → "pas", "pases" → "pas")."""
    if len(word) <= 3:
        return word
    for ending in _FOLDED_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _stems(text: str) -> list[str]:
    return [crude_stem(w) for w in _WORD.findall(fold(text))]


def synonym_groups(language: str) -> list[list[str]]:
    """Editors' synonym groups first, then the built-in everyday ones (``search.everyday``)."""
    key = _CACHE_KEY.format(kind="syn", lang=language)
    groups = cache.get(key)
    if groups is None:
        groups = [s.term_list() for s in Synonym.objects.filter(language=language)]
        cache.set(key, groups, _TIMEOUT)
    return groups + everyday_groups(language)


def expand_synonyms(query: str, language: str) -> list[str]:
    """Alternative phrasings of the query: each matched synonym term replaced by its siblings."""
    q_stems = _stems(query)
    if not q_stems:
        return []
    out: list[str] = []
    for group in synonym_groups(language):
        for term in group:
            t_stems = _stems(term)
            n = len(t_stems)
            if not n:
                continue
            for i in range(len(q_stems) - n + 1):
                if q_stems[i : i + n] == t_stems:
                    rest = " ".join(
                        w for j, w in enumerate(_WORD.findall(query)) if not i <= j < i + n
                    )
                    for other in group:
                        if other != term:
                            out.append(f"{other} {rest}".strip())
                    break
    seen: list[str] = []
    for alt in out:
        if alt not in seen and fold(alt) != fold(query):
            seen.append(alt)
    return seen[:MAX_EXPANSIONS]


def understand_query(query: str, language: str) -> tuple[list[str], str]:
    """(the register's words for people's words in the query, the query without filler).

    The second is empty when nothing was left out (or nothing would be left)."""
    words = _WORD.findall(query)
    means, keep = understand([fold(w) for w in words], language)
    kept = [w for w, k in zip(words, keep, strict=True) if k]
    core = " ".join(kept) if kept and len(kept) < len(words) else ""
    return means, core


def promoted_identifiers(query: str, language: str) -> list[str]:
    """Identifiers editors promoted for exactly this (normalised, folded) query."""
    if not query:
        return []
    key = _CACHE_KEY.format(kind="promo", lang=language)
    table = cache.get(key)
    if table is None:
        table = {}
        for promo in Promotion.objects.filter(language=language).order_by("sort_order", "pk"):
            table.setdefault(promo.query_key, []).append(promo.service_identifier.strip())
        cache.set(key, table, _TIMEOUT)
    return list(table.get(fold(normalise_query(query)), []))


@receiver([post_save, post_delete], sender=Synonym)
@receiver([post_save, post_delete], sender=Promotion)
def _invalidate(sender: object, instance: Synonym | Promotion, **kwargs: object) -> None:
    for kind in ("syn", "promo"):
        cache.delete(_CACHE_KEY.format(kind=kind, lang=instance.language))
