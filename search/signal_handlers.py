"""Keeps the search index in step with publishing; indexing errors never break a publish.

Wagtail's ``page_published`` / ``page_unpublished`` cover editors; the register sync writes
in bulk and sends ``catalogue_pages.signals.services_changed`` once per run instead.
Withdrawal goes through either path (the sync unpublishes and reports the page ids).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from catalogue_pages.models import LifeSituationPage, ServicePage
from catalogue_pages.signals import services_changed
from catalogue_pages.workflow import EDITORS, MODERATORS, REVIEWERS, grant
from search import backlog

#: Page types with documents in the search index: services, and guides (shown above them).
INDEXED = (ServicePage, LifeSituationPage)


def _after_commit(page_ids: list[int]) -> None:
    def run() -> None:
        backlog.reindex(page_ids)  # failures are kept and retried (search/backlog.py)

    transaction.on_commit(run)


def _with_their_guides(page_ids: list[int]) -> list[int]:
    """The pages and the guides that list any of them: a guide's document holds its
    services' titles, so a service renamed or withdrawn rewrites those guides too."""
    guides = LifeSituationPage.objects.filter(services__in=list(page_ids)).values_list(
        "pk", flat=True
    )
    return sorted(set(page_ids) | set(guides))


@receiver(page_published)
def on_page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, INDEXED) or sender in INDEXED:
        _after_commit(_with_their_guides([instance.pk]))


@receiver(page_unpublished)
def on_page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, INDEXED) or sender in INDEXED:
        _after_commit(_with_their_guides([instance.pk]))


@receiver(services_changed)
def on_services_changed(sender: Any, page_ids: list[int] | None = None, **kwargs: Any) -> None:
    """The sync's changed pages: services, and guides it changed (``sync.runner``)."""
    if page_ids:
        _after_commit(_with_their_guides(list(page_ids)))


@receiver(post_migrate)
def editors_curate_search(sender: Any, **kwargs: Any) -> None:
    """Editors (and reviewers, moderators) edit synonyms and promoted results (docs/search.md)."""
    if getattr(sender, "label", None) == "service_search":
        codenames = [
            f"{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("synonym", "promotion")
        ]
        grant([EDITORS, MODERATORS, REVIEWERS], "service_search", codenames)
