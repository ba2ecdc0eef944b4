"""``manage.py send_owner_digests``: queue this week's digest e-mails (schedule weekly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from improvement.tasks import send_digests_task


class Command(BaseCommand):
    help = "Queue the weekly digest e-mail of every subscribed institution user."

    def handle(self, *args: object, **options: object) -> None:
        result = send_digests_task.enqueue()
        self.stdout.write(f"digests queued ({result.id})")
