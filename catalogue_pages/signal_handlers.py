"""Signal receivers of catalogue_pages; each stays thin and calls a service."""

from __future__ import annotations

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def create_site_tree(sender, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """After migrations, make sure home, catalogues and indexes exist in every language."""
    if getattr(sender, "name", None) != "catalogue_pages":
        return
    from catalogue_pages.site_tree import ensure_site_tree

    ensure_site_tree()
