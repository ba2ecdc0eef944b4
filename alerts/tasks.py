"""The alerts' queue tasks (django-tasks): the worker sends, never a web request or a sync."""

from __future__ import annotations

from django_tasks import task

from alerts import mail, sending
from alerts.models import ChecklistRequest, Subscription


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


@task()
def send_checklist_confirmation_task(request_id: int) -> bool:
    request = ChecklistRequest.objects.filter(pk=request_id, confirmed_at__isnull=True).first()
    return request is not None and mail.send_checklist_confirmation(request)


@task()
def send_checklist_task(request_id: int) -> bool:
    """Send the confirmed checklist, then forget the address: it was its only use. (If the
    mail server fails, the request stays for ``purge_alerts`` to delete with the rest.)"""
    request = ChecklistRequest.objects.filter(pk=request_id, confirmed_at__isnull=False).first()
    if request is None:
        return False
    sent = mail.send_checklist(request)
    request.delete()
    return sent
