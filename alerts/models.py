"""Who follows what, by e-mail, without an account (docs/alerts.md).

The e-mail address is the only personal data, kept on ``Subscriber``. It goes with its last
subscription (``Subscription.delete`` removes a subscriber left without one), and a
subscription nobody confirmed is deleted after ``ALERTS_UNCONFIRMED_DAYS`` (``purge_alerts``).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def _secret() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, default="lv")
    #: The secret of the manage link (rotated never; the link is signed with it).
    secret = models.CharField(max_length=64, default=_secret, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return f"subscriber {self.pk}"


class Subscription(models.Model):
    SERVICE = "service"
    GUIDE = "guide"
    TOPIC = "topic"
    CATALOGUE = "catalogue"
    KIND_CHOICES = [
        (SERVICE, _("Service")),
        (GUIDE, _("Life situation")),
        (TOPIC, _("Topic")),
        (CATALOGUE, _("Catalogue")),
    ]
    IMMEDIATE = "immediate"
    WEEKLY = "weekly"
    FREQUENCY_CHOICES = [(IMMEDIATE, _("At once")), (WEEKLY, _("Weekly summary"))]

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(_("what"), max_length=16, choices=KIND_CHOICES)
    #: service or guide identifier, topic slug, or audience code (``catalogue_pages.audiences``)
    key = models.CharField(_("key"), max_length=128)
    frequency = models.CharField(
        _("how often"), max_length=16, choices=FREQUENCY_CHOICES, default=IMMEDIATE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    #: Notes and new services after this moment are not sent yet.
    sent_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "kind", "key"], name="alerts_one_subscription_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class ChecklistRequest(models.Model):
    """ "E-mail me this checklist", waiting for its double opt-in (docs/alerts.md).

    Kept only until the checklist is sent (then deleted) or, unconfirmed, for
    ``ALERTS_UNCONFIRMED_DAYS`` (``purge_alerts``). The address is the only personal data; the
    ticks are step numbers and days, as in the checklist's private link.
    """

    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, default="lv")
    #: the life situation's register identifier
    guide = models.CharField(_("guide"), max_length=128)
    #: ``{"<need index>": "YYYY-MM-DD"}``, the day each step was ticked
    ticks = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist e-mail request")
        verbose_name_plural = _("checklist e-mail requests")
        constraints = [
            models.UniqueConstraint(fields=["email", "guide"], name="alerts_one_checklist_request")
        ]

    def __str__(self) -> str:
        return f"checklist {self.guide}"
