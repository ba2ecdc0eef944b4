"""Signal receivers of catalogue_pages; each stays thin and calls a service."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from catalogue_pages import facets, purge
from catalogue_pages.cache import bump
from catalogue_pages.signals import services_changed
from catalogue_pages.site_tree import ensure_site_tree
from catalogue_pages.workflow import ensure_moderation


@receiver(post_migrate)
def create_site_tree(sender, **kwargs) -> None:
    """After migrations, make sure home, catalogues and indexes exist in every language."""
    if getattr(sender, "name", None) != "catalogue_pages":
        return
    if Page.get_first_root_node() is None:
        return  # a flushed test database: the test builds its own tree
    ensure_site_tree()
    ensure_moderation()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(services_changed)
def invalidate_listings(sender=None, **kwargs) -> None:
    """Listings and facets show many pages at once: start a new cache generation.

    Again once the change has committed: a page rendered between the first bump and the
    commit shows the old content under the new generation, and the shared cache, purged
    after the commit, would fetch exactly that page again."""
    bump()
    transaction.on_commit(bump, robust=True)


@receiver(page_published)
@receiver(page_unpublished)
def purge_shared_cache_of_page(sender, instance=None, **kwargs) -> None:
    """A publish or withdrawal: the page in every language, its catalogues and guides, the
    sitemap and the open-data endpoints leave the shared cache (``catalogue_pages.purge``)."""
    if instance is not None:
        purge.purge_after_commit([instance.pk])


@receiver(services_changed)
def purge_shared_cache_after_sync(sender=None, page_ids=None, **kwargs) -> None:
    """A sync run's changes, in one batch after the run."""
    purge.purge_after_commit(page_ids or [], every_catalogue=True)


@receiver(page_published)
@receiver(page_unpublished)
def refresh_facets_of_page(sender, instance=None, **kwargs) -> None:
    """Facet counts are stored on write (``catalogue_pages.facets``): refresh those it changes."""
    facets.refresh_later(facets.affected_by(instance))


@receiver(services_changed)
def refresh_all_facets(sender=None, **kwargs) -> None:
    """After a sync run, recount every catalogue once."""
    facets.refresh_later(facets.all_catalogues())


@receiver(page_published)
def refresh_translation_source(sender, instance=None, **kwargs) -> None:
    """A published Latvian page is the new source of its English translation."""
    from catalogue_pages import translations

    if instance is not None:
        translations.refresh_source(instance)


@receiver(post_delete)
def invalidate_on_delete(sender, instance=None, **kwargs) -> None:
    if isinstance(sender, type) and issubclass(sender, Page):
        bump()
        facets.refresh_later(facets.affected_by(instance, deleted=True))
