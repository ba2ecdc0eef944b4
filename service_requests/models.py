"""Service requests: who may request, what was requested, and everything that happened since.

A request keeps snapshots (service title, provider name and address, answers with their
labels) so it still reads correctly after the register or the editor's form changes.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractFormField


class RequestKind(models.TextChoices):
    SERVICE_REQUEST = "service-request", _("Service request")
    AGREEMENT_REQUEST = "agreement-request", _("Agreement request")
    INFORMATION_REQUEST = "information-request", _("Information request")
    CHANGE_REQUEST = "change-request", _("Change request")
    INCIDENT = "incident", _("Incident")
    PROBLEM = "problem", _("Problem")
    COMPLAINT = "complaint", _("Complaint")


REQUEST_KINDS = set(RequestKind.values)


class InstitutionMembership(models.Model):
    """Links a user to an institution (by its register IRI) in one role.

    Institutions are keyed by IRI, not by page, because pages are re-created per language and
    may be withdrawn by the sync while people keep working for the institution.
    """

    class Role(models.TextChoices):
        REQUESTER = "requester", _("Requester")
        PROVIDER = "provider", _("Provider handler")

    REQUESTER = Role.REQUESTER
    PROVIDER = Role.PROVIDER

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_memberships"
    )
    institution_iri = models.CharField(_("institution register IRI"), max_length=500)
    institution_name = models.CharField(_("institution name"), max_length=255)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

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
        choices=RequestKind.choices,
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
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")

    REGISTERED = Status.REGISTERED
    ACCEPTED = Status.ACCEPTED
    IN_PROGRESS = Status.IN_PROGRESS
    COMPLETED = Status.COMPLETED
    REJECTED = Status.REJECTED
    #: Allowed status changes; anything else is refused.
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        REGISTERED: (ACCEPTED, REJECTED),
        ACCEPTED: (IN_PROGRESS, REJECTED),
        IN_PROGRESS: (COMPLETED, REJECTED),
        COMPLETED: (),
        REJECTED: (),
    }

    reference = models.CharField(_("reference"), max_length=32, unique=True, editable=False)
    year = models.PositiveIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    idempotency_token = models.CharField(max_length=64, unique=True, editable=False)

    service_identifier = models.CharField(_("service identifier"), max_length=128, db_index=True)
    service_title = models.CharField(_("service"), max_length=500)
    request_kind = models.CharField(_("request kind"), max_length=32, choices=RequestKind.choices)

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
        _("status"), max_length=16, choices=Status.choices, default=REGISTERED, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

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


class RequestAttachment(models.Model):
    """A file stored under PRIVATE_MEDIA_ROOT with a random name; served only through a view."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
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

    CREATED = Action.CREATED
    STATUS = Action.STATUS
    NOTE = Action.NOTE

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
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
            return str(dict(ServiceRequest.Status.choices).get(value, value))
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

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    author_label = models.CharField(_("author"), max_length=255, blank=True)
    side = models.CharField(_("written by"), max_length=16, choices=Side.choices)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.request_id} {self.side}: {self.text[:30]}"
