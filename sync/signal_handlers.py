"""Signal receivers of the sync app; thin, calling a service."""

from __future__ import annotations

from django.db.models.signals import post_migrate
from django.dispatch import receiver

from catalogue_pages.workflow import EDITORS, MODERATORS, REVIEWERS, grant


@receiver(post_migrate)
def editors_read_the_run_log(sender, **kwargs) -> None:
    """Editors, reviewers and moderators read the sync run log (docs/sync.md); running a sync
    stays an operator's right (``sync.run_sync``)."""
    if getattr(sender, "name", None) == "sync":
        grant([EDITORS, MODERATORS, REVIEWERS], "sync", ["view_syncrun"])
