"""Demo only (scripts/demo.sh): a confirmed alert, as if someone had followed the link.

The real path is the form on a page and the confirmation e-mail; the demo needs an alert
that is already confirmed before the register's second version is synced, so that the
worker's e-mail lands in ``var/mail/``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from alerts.models import Subscriber, Subscription


class Command(BaseCommand):
    help = "Demo only: create a confirmed e-mail alert."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default="iedzivotajs@example.lv")
        parser.add_argument("--kind", default=Subscription.GUIDE)
        parser.add_argument("--key", default="DS-002")

    def handle(self, *args: Any, **options: Any) -> None:
        subscriber, _ = Subscriber.objects.get_or_create(email=options["email"].lower())
        now = timezone.now()
        subscription, _ = Subscription.objects.update_or_create(
            subscriber=subscriber,
            kind=options["kind"],
            key=options["key"],
            defaults={"confirmed_at": now, "sent_until": now},
        )
        self.stdout.write(f"confirmed alert {subscription.kind}:{subscription.key}")
