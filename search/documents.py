"""The Elasticsearch document of one published service in one language.

Only public, rendered fields of ``ServicePage`` go in (docs/architecture.md, "The domain
model": management data never reaches pages, and nothing else from the register is read here).
Text fields are multi-fields (see ``search/analysis.py``): the main field is folded and
language-neutral, ``.lv`` / ``.lvf`` / ``.en`` carry language analysis, ``.raw`` keeps the
exact label for facets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any

from elasticsearch import dsl

from catalogue_pages.latvian import ALPHABET
from catalogue_pages.models import LifeSituationPage, ServicePage
from catalogue_pages.register_fields import INDEXED_LISTS, TEXT_KEYS
from search.everyday import everyday_groups

_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """Lowercase and strip diacritics: the form used for sorting and the database fallback."""
    if text.isascii():  # nothing to strip; a reindex folds ~20 strings a document
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: Length of the stored sort keys (a keyword sorts on its whole value; titles are shorter).
SORT_KEY_LENGTH = 200
#: Latvian letters (``catalogue_pages.latvian.ALPHABET``) as consecutive ASCII characters
#: from "A": byte order of the key is then Latvian alphabetical order.
_LETTER_CODE = {letter: chr(ord("A") + rank) for rank, letter in enumerate(ALPHABET)}


@lru_cache(maxsize=32768)
def title_order(text: str) -> str:
    """A key whose plain byte order is Latvian alphabetical order (A Ā B C Č … Š T U Ū … Ž).

    Why a key computed here rather than an ICU collation field: Elasticsearch sorts a keyword
    by its UTF-8 bytes, which puts "ALTUM" before "Aizbildnības" and "Č" after "Z"; the
    ``analysis-icu`` plugin that collates is neither in the test distribution nor in a default
    production node. The key is the order the rest of the portal uses
    (``catalogue_pages.latvian``), stored in a plain keyword (``title_order``) and used as is
    by the database fallback, so both backends list titles alike.

    Case-insensitive; words before longer words ("Bērna pabalsts" before "Bērnam"); digits
    before letters; punctuation ignored; other Latin letters with marks sort with their base
    letter (é as e), letters of other scripts after Ž.
    """
    out: list[str] = []
    for char in text.upper():
        code = _LETTER_CODE.get(char)
        if code is None and char.isalpha():
            base = unicodedata.normalize("NFKD", char)[0]
            code = _LETTER_CODE.get(base, char if ord(char) >= 0x80 else None)
        if code is None:
            if char.isdigit() and char.isascii():
                code = char
            elif char.isspace():
                if not out or out[-1] == " ":
                    continue
                code = " "
            else:
                continue  # punctuation and symbols do not order titles
        out.append(code)
    return "".join(out).rstrip()[:SORT_KEY_LENGTH]


def _text(*, raw: bool = False, suggest: bool = False, words: bool = False) -> dsl.Text:
    fields: dict[str, Any] = {
        "lv": dsl.Text(analyzer="lv_text"),
        "lvf": dsl.Text(analyzer="lv_folded"),
        "en": dsl.Text(analyzer="english"),
    }
    if raw:
        fields["raw"] = dsl.Keyword()
    if suggest:
        fields["suggest"] = dsl.Text(analyzer="suggest_index", search_analyzer="folded")
    if words:
        # Lowercased words as written, diacritics kept: what "did you mean" suggests from.
        fields["words"] = dsl.Text(analyzer="words")
    return dsl.Text(analyzer="folded", fields=fields)


def everyday_terms(texts: list[str], language: str) -> list[str]:
    """The built-in everyday words (``search.everyday`` groups) of a service's names: typed
    into the header, "braukšanas tiesības" suggests "Vadītāja apliecības iegūšana"."""
    haystack = " " + " ".join(fold(t) for t in texts) + " "
    out: list[str] = []
    for group, folded in _folded_groups(language):
        if any(term in haystack for term in folded):
            out.extend(t for t in group if t not in out)
    return out


@lru_cache(maxsize=8)
def _folded_groups(language: str) -> tuple[tuple[list[str], tuple[str, ...]], ...]:
    """Each built-in group with its terms folded (and a leading space), once per process."""
    return tuple(
        (group, tuple(f" {fold(term)}" for term in group)) for group in everyday_groups(language)
    )


def _strings_from_items(items: Any) -> list[str]:
    """The free text (``register_fields.TEXT_KEYS``) of a register JSON list, evidence included."""
    out: list[str] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        for key in TEXT_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                out.append(value)
        if item.get("evidence"):
            out.extend(_strings_from_items(item["evidence"]))
    return out


#: ``kind`` of a document: a service, or a life-situation guide (shown above services).
SERVICE = "service"
GUIDE = "guide"


@dataclass(frozen=True, slots=True)
class Related:
    """What a service document takes from other pages: topic names and live guide titles,
    in the document's language and order (``prepare_topics``, ``prepare_life_situations``),
    and the competent authority's title (``prepare_institution``).

    Why the authority here: a full reindex reads its title as a column of the service row
    (no institution page object); carried with the other per-reindex lookups, a document is
    built from either source by one rule and the page needs no ad-hoc attribute."""

    topics: list[str]
    life_situations: list[str]
    institution: str | None


class ServiceDocument(dsl.Document):
    """One service page or guide (one language). The ``_id`` is the page's primary key."""

    page_id = dsl.Integer()
    #: "service" or "guide"; documents indexed before guides were have none (= service).
    kind = dsl.Keyword()
    #: A guide's own kind: "life" or "business" situation.
    situation_kind = dsl.Keyword()
    identifier = dsl.Keyword()
    language = dsl.Keyword()
    url = dsl.Keyword(index=False)
    title = _text(suggest=True, words=True)
    #: Folded title: prefix matching of suggestions (``AutocompleteQuery``).
    title_sort = dsl.Keyword()
    #: Latvian alphabetical order of the title (``title_order``): what lists sort on.
    title_order = dsl.Keyword()
    keywords = _text(suggest=True)
    #: Everyday words for the service (suggestions only): ``everyday_terms``.
    everyday = dsl.Text(
        analyzer="folded",
        fields={"suggest": dsl.Text(analyzer="suggest_index", search_analyzer="folded")},
    )
    summary = _text()
    body = _text()
    institution = _text(raw=True)
    life_situations = _text(raw=True)
    topics = _text(raw=True)
    audiences = dsl.Keyword()
    is_free = dsl.Boolean()
    is_online = dsl.Boolean()
    register_modified = dsl.Date()

    class Index:
        # The real name (prefix, version, alias) is decided in search/indexing.py.
        name = "services"

    # -- building a document from a page -------------------------------------------------
    @classmethod
    def from_page(cls, page: ServicePage, related: Related | None = None) -> ServiceDocument:
        """Build the document (prefetch authority, topics and life situations first).

        ``related`` carries the topic names and live guide titles read for a whole chunk of
        pages at once (``search.indexing``): a full reindex then builds no related page or
        topic objects, which was a third of its Python time.
        """
        doc = cls(meta={"id": page.pk}, kind=SERVICE)
        if related is not None:
            doc.topics, doc.life_situations = related.topics, related.life_situations
            doc.institution = related.institution
        for name in (
            "page_id",
            "identifier",
            "language",
            "url",
            "title",
            "title_sort",
            "title_order",
            "keywords",
            "summary",
            "body",
            "audiences",
            "is_free",
            "is_online",
            "register_modified",
        ):
            setattr(doc, name, getattr(cls, f"prepare_{name}")(page))
        if related is None:
            doc.life_situations = cls.prepare_life_situations(page)
            doc.topics = cls.prepare_topics(page)
            doc.institution = cls.prepare_institution(page)
        doc.everyday = everyday_terms([doc.title, *doc.keywords], doc.language)
        return doc

    @classmethod
    def page_source(cls, page: ServicePage, related: Related | None = None) -> dict[str, Any]:
        """``from_page(page, related).to_dict(skip_empty=False)``, as a plain dict.

        Why: a full reindex builds ~2 documents a service, and elasticsearch-dsl's attribute
        machinery (a field lookup per ``setattr``, a serialisation pass per ``to_dict``) is
        pure overhead for values that are already plain strings, lists, booleans and dates;
        with the narrower rows of ``indexing.SERVICE_COLUMNS`` building the documents took
        0.64–0.81× the time (docs/benchmarks.md). ``test_reindex_chunks`` pins that both
        give the same document.
        """
        if related is None:
            related = Related(
                topics=cls.prepare_topics(page),
                life_situations=cls.prepare_life_situations(page),
                institution=cls.prepare_institution(page),
            )
        title = page.title
        keywords = cls.prepare_keywords(page)
        language = page.locale.language_code
        return {
            "kind": SERVICE,
            "topics": related.topics,
            "life_situations": related.life_situations,
            "page_id": page.pk,
            "identifier": page.identifier,
            "language": language,
            "url": cls.prepare_url(page),
            "title": title,
            "title_sort": fold(title)[:SORT_KEY_LENGTH],
            "title_order": title_order(title),
            "keywords": keywords,
            "summary": page.summary,
            "body": cls.prepare_body(page),
            "institution": related.institution,
            "audiences": page.audiences,
            "is_free": page.is_free,
            "is_online": page.is_online,
            "register_modified": page.register_modified or page.last_published_at,
            "everyday": everyday_terms([title, *keywords], language),
        }

    @classmethod
    def from_guide(cls, page: LifeSituationPage) -> ServiceDocument:
        """A life-situation guide: its title, description, needs and its services' titles.

        Why in the same index: one analysis, one query shape, and the guides come back with
        the services' request (``search.es_backend``); the service searches filter them out.
        """
        needs = [n for n in (page.needs or []) if isinstance(n, dict)]
        body = [str(n.get(k) or "") for n in needs for k in ("title", "description")]
        if page.introduction:
            body.append(unescape(_TAG.sub(" ", page.introduction)))
        return cls(
            meta={"id": page.pk},
            kind=GUIDE,
            situation_kind=page.kind,
            page_id=page.pk,
            identifier=page.identifier or page.slug,
            language=page.locale.language_code,
            url=page.get_url() or page.url_path,
            title=page.title,
            title_sort=fold(page.title)[:SORT_KEY_LENGTH],
            title_order=title_order(page.title),
            keywords=[s.title for s in page.services.all() if s.live],
            summary=page.summary,
            body=[b for b in body if b.strip()],
            life_situations=[page.title],
            audiences=["business" if page.kind == LifeSituationPage.BUSINESS else "citizen"],
            register_modified=page.register_modified or page.last_published_at,
        )

    @staticmethod
    def prepare_page_id(page: ServicePage) -> int:
        return page.pk

    @staticmethod
    def prepare_identifier(page: ServicePage) -> str:
        return page.identifier

    @staticmethod
    def prepare_language(page: ServicePage) -> str:
        return page.locale.language_code

    @staticmethod
    def prepare_url(page: ServicePage) -> str:
        return page.get_url() or page.url_path

    @staticmethod
    def prepare_title(page: ServicePage) -> str:
        return page.title

    @staticmethod
    def prepare_title_sort(page: ServicePage) -> str:
        return fold(page.title)[:SORT_KEY_LENGTH]

    @staticmethod
    def prepare_title_order(page: ServicePage) -> str:
        return title_order(page.title)

    @staticmethod
    def prepare_keywords(page: ServicePage) -> list[str]:
        return [k for k in (page.keywords or []) if isinstance(k, str)]

    @staticmethod
    def prepare_summary(page: ServicePage) -> str:
        return page.summary

    @staticmethod
    def prepare_body(page: ServicePage) -> list[str]:
        """The register lists' free text (``INDEXED_LISTS``) and the editor's introduction:
        the weakest field."""
        parts: list[str] = []
        for field in INDEXED_LISTS:
            parts.extend(_strings_from_items(getattr(page, field, None)))
        if page.introduction:
            parts.append(unescape(_TAG.sub(" ", page.introduction)))
        return parts

    @staticmethod
    def prepare_institution(page: ServicePage) -> str | None:
        """The competent authority's title, through the page's relation (a publish; a full
        reindex reads it for a chunk at once: ``Related.institution``)."""
        authority = page.competent_authority
        return authority.title if authority is not None else None

    @staticmethod
    def prepare_life_situations(page: ServicePage) -> list[str]:
        return sorted({s.title for s in page.life_situations.all() if s.live})

    @staticmethod
    def prepare_topics(page: ServicePage) -> list[str]:
        english = page.locale.language_code == "en"
        return sorted(
            {(t.name_en if english and t.name_en else t.name_lv) for t in page.topics.all()}
        )

    @staticmethod
    def prepare_audiences(page: ServicePage) -> list[str]:
        return page.audiences

    @staticmethod
    def prepare_is_free(page: ServicePage) -> bool:
        return page.is_free

    @staticmethod
    def prepare_is_online(page: ServicePage) -> bool:
        return page.is_online

    @staticmethod
    def prepare_register_modified(page: ServicePage) -> Any:
        return page.register_modified or page.last_published_at


def mapping() -> dict[str, Any]:
    """The mapping body as sent to Elasticsearch."""
    return ServiceDocument._doc_type.mapping.to_dict()
