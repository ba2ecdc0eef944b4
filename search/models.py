"""Editor-managed search data (synonyms, promoted results) and the anonymous query log."""

from __future__ import annotations

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from search.documents import fold


class Language(models.TextChoices):
    LV = "lv", _("Latvian")
    EN = "en", _("English")


_PERSONAL = [
    (re.compile(r"\S+@\S+"), "<email>"),
    (re.compile(r"\d[\d\s-]{4,}\d"), "<number>"),  # personal codes, phone numbers
]
_SPACE = re.compile(r"\s+")


def normalise_query(text: str) -> str:
    """Lowercase, collapse spaces and mask anything that looks personal (codes, e-mails).

    Why: the log exists to improve search, not to record people; a personal code or a phone
    number pasted into the box must never be stored.
    """
    text = text.casefold()
    for pattern, replacement in _PERSONAL:
        text = pattern.sub(replacement, text)
    return _SPACE.sub(" ", text).strip()[:200]


class Synonym(models.Model):
    """A group of words meaning the same thing to searchers (applied at query time)."""

    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default="lv")
    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_(
            "Comma-separated words or phrases that mean the same, e.g. “pase, ceļošanas dokuments”."
        ),
    )

    panels = [FieldPanel("language"), FieldPanel("terms")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "terms"]

    def __str__(self) -> str:
        return f"{self.language}: {self.terms}"

    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.split(",") if t.strip()]


class Promotion(models.Model):
    """Show one service first, labelled, whenever people search for an exact query."""

    query = models.CharField(
        _("query"),
        max_length=200,
        help_text=_("Matched after lowercasing; diacritics are ignored."),
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default="lv")
    service_identifier = models.CharField(
        _("service identifier"),
        max_length=128,
        help_text=_("The register identifier, e.g. PAK-0001."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("query"),
        FieldPanel("language"),
        FieldPanel("service_identifier"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("promoted search result")
        verbose_name_plural = _("promoted search results")
        ordering = ["language", "query", "sort_order"]

    def __str__(self) -> str:
        return f"{self.query} → {self.service_identifier}"

    @property
    def query_key(self) -> str:
        return fold(normalise_query(self.query))


class QueryLog(models.Model):
    """One search: normalised text, language, result count, time. No IP, no user, no session."""

    query = models.CharField(max_length=200, db_index=True)
    #: Random; result links name it, so they exist before the row does (search/query_log.py).
    token = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    language = models.CharField(max_length=8)
    result_count = models.PositiveIntegerField()
    degraded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self) -> str:
        return self.query


class ClickLog(models.Model):
    """A click on a result of a logged search (for click-through rates)."""

    query_log = models.ForeignKey(QueryLog, on_delete=models.CASCADE, related_name="clicks")
    identifier = models.CharField(max_length=128)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("search result click")
        verbose_name_plural = _("search result clicks")

    def __str__(self) -> str:
        return self.identifier


class PendingReindex(models.Model):
    """A page whose last indexing failed (Elasticsearch down, frozen or refusing writes).

    Why a table: the index must catch up by itself; the next sync run, publish or the retry
    task (``search_retry_pending``) reindexes these, and ``/readyz`` shows how many wait.
    """

    page_id = models.PositiveBigIntegerField(unique=True)
    first_failed_at = models.DateTimeField(auto_now_add=True)
    last_failed_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("page waiting to be reindexed")
        verbose_name_plural = _("pages waiting to be reindexed")

    def __str__(self) -> str:
        return str(self.page_id)


__all__ = [
    "ClickLog",
    "PendingReindex",
    "Promotion",
    "QueryLog",
    "Synonym",
    "normalise_query",
]
