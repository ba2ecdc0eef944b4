"""Signal receivers: each thin, enqueuing a task (``improvement.services``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from catalogue_pages.models import InstitutionPage, PageFeedback, ServicePage
from catalogue_pages.signals import services_changed
from search.models import ClickLog
from service_requests.models import RequestEvent, ServiceRequest

from . import statistics, tasks
from .services import identifiers_of


def _pages_later(page_ids: list[int]) -> None:
    ids = [int(pk) for pk in page_ids]
    transaction.on_commit(lambda: tasks.refresh_pages_task.enqueue(ids))


def _services_later(identifiers: list[str]) -> None:
    """Enqueued inside the writer's transaction (not ``on_commit``): the database queue then
    holds the task exactly when the feedback or request is committed (an outbox), and the
    request's own after-commit e-mails stay the only callbacks of a submission."""
    wanted = [i for i in identifiers if i]
    if wanted:
        tasks.refresh_services_task.enqueue(wanted)


@receiver(services_changed)
def on_services_changed(sender: Any, page_ids: list[int] | None = None, **kwargs: Any) -> None:
    if page_ids:
        _pages_later(list(page_ids))


@receiver(page_published)
@receiver(page_unpublished)
def on_page_published(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    if isinstance(instance, ServicePage | InstitutionPage):
        _pages_later([instance.pk])


@receiver(post_save, sender=PageFeedback)
def on_feedback(sender: Any, instance: PageFeedback, created: bool = False, **kwargs: Any) -> None:
    if created:
        _services_later(identifiers_of([instance.page_id]))


@receiver(post_save, sender=ServiceRequest)
def on_request(sender: Any, instance: ServiceRequest, created: bool = False, **kwargs: Any) -> None:
    if created:
        _services_later([instance.service_identifier])


@receiver(post_save, sender=RequestEvent)
def on_request_event(
    sender: Any, instance: RequestEvent, created: bool = False, **kwargs: Any
) -> None:
    if created and instance.action in (
        RequestEvent.STATUS,
        RequestEvent.CLOSED,  # one-step closing (issue 20)
        RequestEvent.CLASSIFIED,  # the kind may change
    ):
        _services_later(
            list(
                ServiceRequest.objects.filter(pk=instance.request_id).values_list(
                    "service_identifier", flat=True
                )
            )
        )


@receiver(post_save, sender=ClickLog)
def on_click(sender: Any, instance: ClickLog, created: bool = False, **kwargs: Any) -> None:
    if created:
        query = instance.query_log.query if instance.query_log_id else ""
        statistics.count_click(instance.identifier, query)
