"""Daily: delete what docs/alerts.md promises to delete (portal-alerts-purge.timer).

* a subscription nobody confirmed within ``ALERTS_UNCONFIRMED_DAYS`` (7) days;
* an address left without any subscription;
* an "E-mail me this checklist" request older than that, confirmed or not (a sent one is
  already gone: it is deleted as soon as the checklist is sent).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts.models import ChecklistRequest, Subscriber, Subscription


class Command(BaseCommand):
    help = "Delete unconfirmed alerts older than ALERTS_UNCONFIRMED_DAYS and orphaned addresses."

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
        unconfirmed, _ = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=cutoff
        ).delete()
        addresses, _ = Subscriber.objects.filter(subscriptions__isnull=True).delete()
        checklists, _ = ChecklistRequest.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(
            f"unconfirmed alerts deleted={unconfirmed} addresses deleted={addresses}"
            f" checklist requests deleted={checklists}"
        )
