"""After a sync changed services, the queue worker sends the immediate alerts.

The sync sends ``services_changed`` after its transaction; the task is enqueued on commit all
the same, so a sender inside a transaction never has its alerts read uncommitted notes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from alerts.tasks import send_immediate_alerts_task
from catalogue_pages.signals import services_changed


@receiver(services_changed)
def on_services_changed(sender: Any, page_ids: list[int] | None = None, **kwargs: Any) -> None:
    if page_ids:
        transaction.on_commit(send_immediate_alerts_task.enqueue)
