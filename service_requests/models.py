"""Service requests: who may request, what was requested, and everything that happened since.

A request keeps snapshots (service title, provider name and address, answers with their
labels) so it still reads correctly after the register or the editor's form changes.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractFormField


#: The request kinds of the seeds (000, "Pieteikumu veidi"), in their order.
class RequestKind(models.TextChoices):
    INFORMATION_REQUEST = (
        "information-request",
        pgettext_lazy("request kind", "Information request"),
    )
    WORK_REQUEST = "work-request", pgettext_lazy("request kind", "Work request")
    AGREEMENT_REQUEST = "agreement-request", pgettext_lazy("request kind", "Agreement request")
    SERVICE_REQUEST = "service-request", pgettext_lazy("request kind", "Service request")
    CHANGE_REQUEST = "change-request", pgettext_lazy("request kind", "Change request")
    INCIDENT = "incident", pgettext_lazy("request kind", "Incident report")
    PROBLEM = "problem", pgettext_lazy("request kind", "Problem report")
    COMPLAINT = "complaint", pgettext_lazy("request kind", "Complaint")


REQUEST_KIND_CHOICES = RequestKind.choices
REQUEST_KINDS = set(RequestKind.values)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


PRIORITY_CHOICES = Priority.choices
PRIORITIES = list(Priority.values)


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OUTCOME_CHOICES = Outcome.choices


class Level(models.IntegerChoices):
    """The levels of the seeds (004, "Eskalācija"): front office, executor, another institution."""

    FRONT_OFFICE = 1, _("1st level: front office")
    EXECUTOR = 2, _("2nd level: executor")
    OTHER_INSTITUTION = 3, _("3rd level: another institution")


LEVEL_CHOICES = Level.choices


class InstitutionMembership(models.Model):
    """Links a user to an institution (by its register IRI) in one role.

    Institutions are keyed by IRI, not by page, because pages are re-created per language and
    may be withdrawn by the sync while people keep working for the institution.
    """

    class Role(models.TextChoices):
        REQUESTER = "requester", _("Requester")
        PROVIDER = "provider", _("Provider handler (front office)")
        EXECUTOR = "executor", _("Executor")
        MANAGER = "manager", _("Service manager")

    REQUESTER = Role.REQUESTER
    PROVIDER = Role.PROVIDER
    EXECUTOR = Role.EXECUTOR
    MANAGER = Role.MANAGER
    ROLE_CHOICES = Role.choices
    #: Roles that work on the institution's incoming requests (the inbox).
    PROVIDER_ROLES = (PROVIDER, EXECUTOR, MANAGER)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_memberships"
    )
    institution_iri = models.CharField(_("institution register IRI"), max_length=500)
    institution_name = models.CharField(_("institution name"), max_length=255)
    role = models.CharField(_("role"), max_length=16, choices=ROLE_CHOICES)

    class Meta:
        verbose_name = _("institution membership")
        verbose_name_plural = _("institution memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "institution_iri", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.institution_name} ({self.get_role_display()})"


class RequestFormDefinition(ClusterableModel):
    """Editor-defined extra fields for one service's request form, linked by identifier.

    ServicePage register fields are read-only for editors, so the per-service form lives here.
    """

    service_identifier = models.CharField(
        _("service register identifier"), max_length=128, unique=True
    )
    request_kind = models.CharField(
        _("request kind"),
        max_length=32,
        choices=REQUEST_KIND_CHOICES,
        blank=True,
        help_text=_(
            "Leave empty to use the kind given by the register, or let the requester choose "
            "if the register gives none."
        ),
    )
    introduction = models.TextField(_("introduction shown above the form"), blank=True)

    panels: ClassVar = [
        FieldPanel("service_identifier"),
        FieldPanel("request_kind"),
        FieldPanel("introduction"),
        InlinePanel("fields", label=_("Service-specific fields")),
    ]

    class Meta:
        verbose_name = _("request form")
        verbose_name_plural = _("request forms")

    def __str__(self) -> str:
        return self.service_identifier


class RequestFormField(AbstractFormField):
    definition = ParentalKey(RequestFormDefinition, on_delete=models.CASCADE, related_name="fields")


class RequestSequence(models.Model):
    """The last reference number used in a year: one row per year, bumped under a lock."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ServiceRequest(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Needs information")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    REGISTERED = Status.REGISTERED
    ACCEPTED = Status.ACCEPTED
    IN_PROGRESS = Status.IN_PROGRESS
    COMPLETED = Status.COMPLETED
    REJECTED = Status.REJECTED
    WAITING = Status.WAITING
    WITHDRAWN = Status.WITHDRAWN
    STATUS_CHOICES = Status.choices
    OPEN_STATUSES = (REGISTERED, ACCEPTED, IN_PROGRESS, WAITING)
    #: The closed status each outcome leads to.
    OUTCOME_STATUS: ClassVar[dict[str, str]] = {
        "done": COMPLETED,
        "refused": REJECTED,
        "withdrawn": WITHDRAWN,
    }
    #: Allowed status changes through the status form; closing is its own step (any open
    #: status, ``services.close_request``); anything else is refused.
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        REGISTERED: (ACCEPTED, REJECTED),
        ACCEPTED: (IN_PROGRESS, WAITING, REJECTED),
        IN_PROGRESS: (WAITING, COMPLETED, REJECTED),
        WAITING: (IN_PROGRESS, REJECTED),
        COMPLETED: (),
        REJECTED: (),
        WITHDRAWN: (),
    }

    reference = models.CharField(_("reference"), max_length=32, unique=True, editable=False)
    year = models.PositiveIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    idempotency_token = models.CharField(max_length=64, unique=True, editable=False)

    service_identifier = models.CharField(_("service identifier"), max_length=128, db_index=True)
    service_title = models.CharField(_("service"), max_length=500)
    request_kind = models.CharField(_("request kind"), max_length=32, choices=REQUEST_KIND_CHOICES)

    provider_iri = models.CharField(_("provider institution"), max_length=500, db_index=True)
    provider_name = models.CharField(_("provider name"), max_length=255, blank=True)
    provider_email = models.EmailField(_("provider e-mail"), blank=True)

    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
    )
    requester_institution_iri = models.CharField(max_length=500, blank=True, db_index=True)
    requester_institution_name = models.CharField(
        _("requesting institution"), max_length=255, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    needed = models.TextField(_("what is needed"))
    desired_date = models.DateField(_("desired date"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    language = models.CharField(max_length=8, default="lv")

    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=REGISTERED, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Classification by the front office (seed 004: "klasificēšana, prioritātes noteikšana").
    priority = models.CharField(
        _("priority"), max_length=16, choices=PRIORITY_CHOICES, default="normal", db_index=True
    )
    priority_reason = models.TextField(_("reason for the priority"), blank=True)
    classified_at = models.DateTimeField(_("classified"), null=True, blank=True)
    #: The register's ``cv:processingTime`` of the service when the request arrived.
    processing_time = models.CharField(max_length=64, blank=True, editable=False)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)

    # Ownership: the level and the person working on it; the holder is the institution the
    # request was first made to (the service holder), kept when it is forwarded elsewhere.
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES, default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_service_requests",
    )
    holder_iri = models.CharField(_("service holder"), max_length=500, blank=True, db_index=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True, db_index=True)

    # Closing in one step.
    outcome = models.CharField(_("outcome"), max_length=16, choices=OUTCOME_CHOICES, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)

    # Related requests: incidents linked to the problem behind them; a complaint about the
    # progress of another request.
    problem = models.ForeignKey(
        "self",
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    complaint_about = models.ForeignKey(
        "self",
        verbose_name=_("complaint about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "sequence"], name="unique_request_year_seq")
        ]

    def __str__(self) -> str:
        return self.reference

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        """Open past its due date (the due date itself is still on time)."""
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today


class RequestAttachment(models.Model):
    """A file stored under PRIVATE_MEDIA_ROOT with a random name; served only through a view.

    It came with the request form, with a message (``message``) or is the result document
    the request was closed with (``is_result``).
    """

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        "RequestMessage", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    is_result = models.BooleanField(_("result document"), default=False)
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.original_name


class InternalNote(models.Model):
    """A provider's note on a request. Never shown to requesters."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.text[:30]}"


class RequestEvent(models.Model):
    """Audit trail: who did what to a request, when, and the value before and after."""

    class Action(models.TextChoices):
        CREATED = "created", _("Submitted")
        STATUS = "status", _("Status changed")
        NOTE = "note", _("Internal note added")
        CLASSIFIED = "classified", _("Classified")
        HANDOVER = "handover", _("Handed over")
        ESCALATED = "escalated", _("Escalated to the management")
        LINKED = "linked", _("Linked to a problem")
        CLOSED = "closed", _("Closed")

    CREATED = Action.CREATED
    STATUS = Action.STATUS
    NOTE = Action.NOTE
    CLASSIFIED = Action.CLASSIFIED
    HANDOVER = Action.HANDOVER
    ESCALATED = Action.ESCALATED
    LINKED = Action.LINKED
    CLOSED = Action.CLOSED
    ACTION_CHOICES = Action.choices

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=16, choices=ACTION_CHOICES)
    field = models.CharField(max_length=64, blank=True)
    from_value = models.TextField(blank=True)
    to_value = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.from_value}→{self.to_value}"

    def _label(self, value: str) -> str:
        if self.field == "status":
            return str(dict(ServiceRequest.STATUS_CHOICES).get(value, value))
        if self.field == "priority":
            return str(dict(PRIORITY_CHOICES).get(value, value))
        if self.field == "outcome":
            return str(dict(OUTCOME_CHOICES).get(value, value))
        if self.field == "classification" and value:
            kind, _sep, rest = value.partition(" / ")
            priority, _sep, due = rest.partition(" / ")
            labels = (
                str(dict(REQUEST_KIND_CHOICES).get(kind, kind)),
                str(dict(PRIORITY_CHOICES).get(priority, priority)),
                due,
            )
            return " / ".join(part for part in labels if part)
        return value

    @property
    def from_label(self) -> str:
        """The old value as people read it (status labels in the active language)."""
        return self._label(self.from_value)

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)


class PendingSubmission(models.Model):
    """Form input stashed when the session expired mid-form, restored after signing in again."""

    token = models.CharField(max_length=64, unique=True)
    service_identifier = models.CharField(max_length=128)
    data = models.JSONField(default=dict)
    had_files = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.service_identifier


class RequestMessage(models.Model):
    """A message on a request between requester and provider; both sides read every one.

    Unlike ``InternalNote`` (the provider's own, never shown), a message is meant for the other
    side and is e-mailed to it.
    """

    class Side(models.TextChoices):
        REQUESTER = "requester", _("Requester")
        PROVIDER = "provider", _("Provider")

    REQUESTER = Side.REQUESTER
    PROVIDER = Side.PROVIDER
    SIDE_CHOICES = Side.choices

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    author_label = models.CharField(_("author"), max_length=255, blank=True)
    side = models.CharField(_("written by"), max_length=16, choices=SIDE_CHOICES)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.request_id} {self.side}: {self.text[:30]}"


class ResponseTarget(models.Model):
    """How many working days an institution gives itself for one kind at one priority.

    Service requests take their due date from the register's processing time instead; a
    missing target falls back to ``due_dates.DEFAULT_TARGET_DAYS``.
    """

    institution_iri = models.CharField(max_length=500, db_index=True)
    request_kind = models.CharField(_("request kind"), max_length=32, choices=REQUEST_KIND_CHOICES)
    priority = models.CharField(_("priority"), max_length=16, choices=PRIORITY_CHOICES)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        verbose_name = _("response target")
        verbose_name_plural = _("response targets")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["institution_iri", "request_kind", "priority"], name="unique_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_kind}/{self.priority}: {self.working_days}"


class RequestFigures(models.Model):
    """Pre-aggregated request figures of one service or one institution (seed PU3-1).

    Written when a request arrives or closes and by the daily job (``figures.py``), so that
    dashboards and the public statistics read one row and never count per page view.
    ``lateness`` is the closing date minus the due date in days (negative: early).
    """

    SERVICE = "service"
    INSTITUTION = "institution"
    SCOPE_CHOICES = [(SERVICE, _("Service")), (INSTITUTION, _("Institution"))]

    scope = models.CharField(max_length=16, choices=SCOPE_CHOICES)
    key = models.CharField(max_length=500)
    by_kind = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    closed_with_due = models.PositiveIntegerField(default=0)
    closed_on_time = models.PositiveIntegerField(default=0)
    median_lateness_days = models.FloatField(null=True, blank=True)
    p90_lateness_days = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scope", "key"], name="unique_request_figures")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"

    @property
    def on_time_percent(self) -> int | None:
        if not self.closed_with_due:
            return None
        return round(100 * self.closed_on_time / self.closed_with_due)
