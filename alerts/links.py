"""Signed links of the alert e-mails: confirm, one-click unsubscribe, manage.

Signed with ``SECRET_KEY`` (django.core.signing), so no token table is needed and a link
names nothing but a number: a confirmation link is valid ``ALERTS_UNCONFIRMED_DAYS`` days;
an unsubscribe link as long as its subscription exists; a manage link is bound to the
subscriber's own secret, so it dies with the subscriber. A checklist's confirmation link
("E-mail me this checklist") is valid as long as its request: until the checklist is sent,
at most ``ALERTS_UNCONFIRMED_DAYS`` days.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from alerts.models import ChecklistRequest, Subscriber, Subscription
from requestkit import public_urls

CONFIRM = "alerts.confirm"
UNSUBSCRIBE = "alerts.unsubscribe"
MANAGE = "alerts.manage"
CHECKLIST = "alerts.checklist"


def _url(name: str, token: str, language: str) -> str:
    with translation.override(language):
        return public_urls.absolute(reverse(f"alerts:{name}", args=[token]))


def confirm_url(subscription: Subscription, language: str) -> str:
    return _url("confirm", signing.dumps(subscription.pk, salt=CONFIRM), language)


def unsubscribe_url(subscription: Subscription, language: str) -> str:
    return _url("unsubscribe", signing.dumps(subscription.pk, salt=UNSUBSCRIBE), language)


def manage_url(subscriber: Subscriber, language: str) -> str:
    token = signing.dumps([subscriber.pk, subscriber.secret[:12]], salt=MANAGE)
    return _url("manage", token, language)


def checklist_url(checklist_request: ChecklistRequest, language: str) -> str:
    return _url("checklist_confirm", signing.dumps(checklist_request.pk, salt=CHECKLIST), language)


def checklist_request(token: str) -> ChecklistRequest | None:
    try:
        pk = signing.loads(token, salt=CHECKLIST, max_age=settings.ALERTS_UNCONFIRMED_DAYS * 86400)
    except signing.BadSignature:
        return None
    return ChecklistRequest.objects.filter(pk=pk).first()


def confirmed_subscription(token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=CONFIRM, max_age=settings.ALERTS_UNCONFIRMED_DAYS * 86400)
    except signing.BadSignature:
        return None
    return Subscription.objects.select_related("subscriber").filter(pk=pk).first()


def unsubscribed_subscription(token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE)
    except signing.BadSignature:
        return None
    return Subscription.objects.select_related("subscriber").filter(pk=pk).first()


def managed_subscriber(token: str) -> Subscriber | None:
    try:
        pk, secret = signing.loads(token, salt=MANAGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or subscriber.secret[:12] != secret:
        return None
    return subscriber
