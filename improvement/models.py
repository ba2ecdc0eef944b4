"""Pre-aggregated figures per service, checked external links and owners' preferences.

Why pre-aggregated: the public statistics endpoint and the owners' dashboard must answer in
milliseconds at 10,000 services, so every figure is written when its source changes (sync,
publish, feedback, request event, search click) and read back as one row. Nothing here holds
personal data: counts, shares, durations and normalised search queries only.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceHealth(models.Model):
    """Completeness and statistics of one service (one row per register identifier)."""

    identifier = models.CharField(_("service identifier"), max_length=128, unique=True)
    page = models.ForeignKey(
        "catalogue_pages.ServicePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("service page"),
    )
    title = models.CharField(_("service"), max_length=500, blank=True)
    institution_iri = models.CharField(max_length=500, blank=True, db_index=True)
    institution_name = models.CharField(_("institution"), max_length=255, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    # Completeness (computed on sync and publish).
    sections_total = models.PositiveSmallIntegerField(default=0)
    sections_filled = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(_("completeness"), default=0)
    missing_sections = models.JSONField(default=list, blank=True)
    register_modified = models.DateTimeField(null=True, blank=True)
    is_stale = models.BooleanField(_("stale"), default=False)
    english_missing = models.BooleanField(_("English translation missing"), default=False)
    completeness_at = models.DateTimeField(null=True, blank=True)

    # Satisfaction (page feedback of every language of the service).
    feedback_yes = models.PositiveIntegerField(default=0)
    feedback_no = models.PositiveIntegerField(default=0)
    feedback_comments = models.PositiveIntegerField(default=0)

    # Requests.
    requests_by_kind = models.JSONField(default=dict, blank=True)
    requests_by_status = models.JSONField(default=dict, blank=True)
    completed_count = models.PositiveIntegerField(default=0)
    median_hours = models.FloatField(null=True, blank=True)
    p90_hours = models.FloatField(null=True, blank=True)
    open_problems = models.PositiveIntegerField(default=0)
    overdue_requests = models.PositiveIntegerField(default=0)

    # Links.
    links_checked = models.PositiveIntegerField(default=0)
    links_broken = models.PositiveIntegerField(default=0)
    links_redirected = models.PositiveIntegerField(default=0)

    #: Points of "needs attention": the dashboard's ranking key (see ``improvement.attention``).
    attention = models.PositiveIntegerField(default=0, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service health")
        verbose_name_plural = _("service health")
        indexes: ClassVar = [models.Index(fields=["institution_iri", "-attention"])]

    def __str__(self) -> str:
        return self.identifier

    @property
    def feedback_total(self) -> int:
        return self.feedback_yes + self.feedback_no

    @property
    def satisfaction(self) -> float | None:
        """Share of "yes" answers, or None before anyone answered."""
        total = self.feedback_total
        return round(self.feedback_yes / total, 3) if total else None

    @property
    def satisfaction_percent(self) -> int | None:
        share = self.satisfaction
        return None if share is None else round(share * 100)


class SearchDemand(models.Model):
    """How often a normalised query led to a click on a service (counted on each click)."""

    identifier = models.CharField(max_length=128)
    query = models.CharField(max_length=200)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["identifier", "query"], name="unique_demand_query")
        ]
        indexes: ClassVar = [models.Index(fields=["identifier", "-clicks"])]

    def __str__(self) -> str:
        return f"{self.identifier}: {self.query} ({self.clicks})"


class ExternalLink(models.Model):
    """One external URL and the result of its last check."""

    class Outcome(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Works")
        REDIRECT = "redirect", _("Redirected")
        BROKEN = "broken", _("Broken")
        TIMEOUT = "timeout", _("Timed out")
        ERROR = "error", _("Unreachable")
        SKIPPED = "skipped", _("Not checked (private address)")

    UNCHECKED = Outcome.UNCHECKED
    OK = Outcome.OK
    REDIRECT = Outcome.REDIRECT
    BROKEN = Outcome.BROKEN
    TIMEOUT = Outcome.TIMEOUT
    ERROR = Outcome.ERROR
    SKIPPED = Outcome.SKIPPED
    #: Outcomes an owner must fix.
    FAILING: ClassVar[tuple[str, ...]] = (BROKEN, TIMEOUT, ERROR)

    url = models.TextField(_("address"))
    url_hash = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, db_index=True)
    outcome = models.CharField(
        _("result"), max_length=16, choices=Outcome.choices, default=UNCHECKED, db_index=True
    )
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.TextField(_("redirected to"), blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("external link")
        verbose_name_plural = _("external links")

    def __str__(self) -> str:
        return self.url


class PageLink(models.Model):
    """Where a link appears: which page, in which part (e-service, legal basis, …)."""

    class Source(models.TextChoices):
        E_SERVICE = "e-service", _("E-service")
        CHANNEL = "channel", _("Channel")
        LEGAL = "legal", _("Legal basis")
        HOMEPAGE = "homepage", _("Institution homepage")
        EDITORIAL = "editorial", _("Editorial content")

    E_SERVICE = Source.E_SERVICE
    CHANNEL = Source.CHANNEL
    LEGAL = Source.LEGAL
    HOMEPAGE = Source.HOMEPAGE
    EDITORIAL = Source.EDITORIAL

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(ExternalLink, on_delete=models.CASCADE, related_name="uses")
    source = models.CharField(_("where"), max_length=16, choices=Source.choices)
    identifier = models.CharField(max_length=128, blank=True, db_index=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["page", "link", "source"], name="unique_page_link")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.source} {self.link_id}"


class OwnerPreference(models.Model):
    """An institution user's choice about the weekly digest (default: receive it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owner_preference"
    )
    weekly_digest = models.BooleanField(_("receive the weekly digest"), default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("owner preference")
        verbose_name_plural = _("owner preferences")

    def __str__(self) -> str:
        return f"{self.user}: {'on' if self.weekly_digest else 'off'}"
