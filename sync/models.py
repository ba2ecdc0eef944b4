"""The sync's own records: the run log, the lock, and what we know about each source.

Why in the database: operators and editors read the run log in the admin (docs/architecture.md,
sync rule 6); the lock must hold across processes and hosts (cron on two machines), so it is a
row, which works the same on SQLite and PostgreSQL; conditional-request validators (ETag,
Last-Modified) must survive restarts so an unchanged register costs one request.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCESS = "success", _("Completed")
        NOT_MODIFIED = "not-modified", _("Completed, register unchanged")
        ABORTED = "aborted", _("Aborted, nothing changed")

    RUNNING = Status.RUNNING
    SUCCESS = Status.SUCCESS
    NOT_MODIFIED = Status.NOT_MODIFIED
    ABORTED = Status.ABORTED

    class Mode(models.TextChoices):
        SNAPSHOT = "snapshot", _("Full snapshot")
        FEED = "feed", _("Incremental feed")

    SNAPSHOT = Mode.SNAPSHOT
    FEED = Mode.FEED

    source = models.CharField(_("source"), max_length=1000)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=SNAPSHOT)
    dry_run = models.BooleanField(_("dry run"), default=False)
    strict = models.BooleanField(_("strict"), default=False)
    forced = models.BooleanField(_("forced"), default=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=RUNNING)
    message = models.TextField(_("message"), blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    #: Dry runs: the planned changes, as [{"action", "identifier", "title", "fields"}].
    diff = models.JSONField(_("changes"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        permissions = [("run_sync", _("Can start a register sync"))]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.source} ({self.status})"

    @property
    def duration(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def counts_text(self) -> str:
        """The counts as editors read them (the run log); ``summary_line`` is the CLI's."""
        return _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(withdrawn)s withdrawn, %(skipped)s skipped"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "skipped": self.skipped,
        }

    @property
    def summary_line(self) -> str:
        return (
            f"created={self.created} updated={self.updated} unchanged={self.unchanged} "
            f"withdrawn={self.withdrawn} skipped={self.skipped}"
        )


class SyncItemError(models.Model):
    """One problem with one register item in one run (skipped item or warning)."""

    class Level(models.TextChoices):
        ERROR = "error", _("Skipped")
        WARNING = "warning", _("Warning")

    ERROR = Level.ERROR
    WARNING = Level.WARNING

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="items")
    identifier = models.CharField(_("identifier"), max_length=128, blank=True)
    iri = models.CharField(_("IRI"), max_length=1000, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    code = models.CharField(_("code"), max_length=64)
    message = models.TextField(_("message"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("sync item problem")
        verbose_name_plural = _("sync item problems")

    def __str__(self) -> str:
        return f"{self.level} {self.identifier or self.iri}: {self.code}"


class SyncLock(models.Model):
    """At most one row per name: whoever inserted it holds the lock until ``expires_at``."""

    name = models.CharField(max_length=64, primary_key=True)
    token = models.CharField(max_length=64)
    holder = models.CharField(max_length=255, blank=True)
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder} until {self.expires_at:%Y-%m-%d %H:%M}"


class SourceState(models.Model):
    """Per source: HTTP validators and the feed checkpoint; its items' hashes are
    ``ItemState`` rows."""

    source = models.CharField(max_length=1000, unique=True)
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=64, blank=True)
    feed_checkpoint = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.source


class ItemState(models.Model):
    """What one source's last successful run read and wrote for one register item (service
    or event): the raw hash of its input closure, the content hash and live state of its
    Latvian page, and (services) the fingerprint of its register columns (``sync.verify``).

    Why rows, not one JSON value on ``SourceState`` (as before 0002): a JSON value is read
    and written whole, so a re-sync held ~4 strings an item for the whole register (~100 MB
    at 100,000 services); rows are read and written a batch at a time, and a run that changed
    nothing writes none.
    """

    source = models.ForeignKey(SourceState, on_delete=models.CASCADE, related_name="items")
    iri = models.CharField(max_length=1000)
    raw_hash = models.CharField(max_length=64)
    #: None: the item had no page when the run ended (skipped, or failed to write).
    content_hash = models.CharField(max_length=64, null=True, blank=True)
    live = models.BooleanField(null=True)
    #: "" for events and for services whose pages were not found.
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "iri"], name="sync_item_state_unique")
        ]

    def __str__(self) -> str:
        return self.iri
