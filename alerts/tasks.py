"""The alerts' queue tasks (django-tasks): the worker sends, never a web request or a sync."""

from __future__ import annotations

from django_tasks import task

from alerts import mail, sending
from alerts.models import Subscription


@task()
def send_confirmation_task(subscription_id: int) -> bool:
    subscription = (
        Subscription.objects.select_related("subscriber").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.confirmed_at is not None:
        return False
    mail.send_confirmation(subscription)
    return True


@task()
def send_immediate_alerts_task() -> int:
    """Runs after each sync that changed services (``signal_handlers``)."""
    return sending.send_due(Subscription.IMMEDIATE)
