"""Weekly: send each weekly subscription its summary (portal-alerts-digest.timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alerts.models import Subscription
from alerts.sending import send_due


class Command(BaseCommand):
    help = "Send the weekly alert summaries."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due(Subscription.WEEKLY)
        self.stdout.write(f"weekly summaries sent={sent}")
