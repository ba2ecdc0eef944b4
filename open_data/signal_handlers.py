"""Receivers of open_data: every change of the public catalogue refreshes the dump state.

A sync run (``services_changed``) is looked at at once, so the feed stamps its changes with
the time of the run. A single publish, unpublish or delete only marks the state as stale
(one UPDATE): the next request looks, and bulk deletions do not pay a look per page.
"""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from catalogue_pages.signals import services_changed
from open_data import state


@receiver(services_changed)
def refresh_after_sync(sender=None, **kwargs) -> None:
    state.refresh()


@receiver(page_published)
@receiver(page_unpublished)
def stale_after_publish(sender=None, **kwargs) -> None:
    state.mark_stale()


@receiver(post_delete)
def stale_after_delete(sender, **kwargs) -> None:
    if isinstance(sender, type) and issubclass(sender, Page):
        state.mark_stale()
