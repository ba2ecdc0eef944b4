"""Keeps the search index in step with publishing; indexing errors never break a publish.

Wagtail's ``page_published`` / ``page_unpublished`` cover editors; the register sync writes
in bulk and sends ``catalogue_pages.signals.services_changed`` once per run instead.
Withdrawal goes through either path (the sync unpublishes and reports the page ids).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from catalogue_pages.models import ServicePage
from catalogue_pages.signals import services_changed
from search import backlog


def _after_commit(page_ids: list[int]) -> None:
    def run() -> None:
        backlog.reindex(page_ids)  # failures are kept and retried (search/backlog.py)

    transaction.on_commit(run)


@receiver(page_published)
def on_page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, ServicePage) or sender is ServicePage:
        _after_commit([instance.pk])


@receiver(page_unpublished)
def on_page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, ServicePage) or sender is ServicePage:
        _after_commit([instance.pk])


@receiver(services_changed)
def on_services_changed(sender: Any, page_ids: list[int] | None = None, **kwargs: Any) -> None:
    if page_ids:
        _after_commit(list(page_ids))
