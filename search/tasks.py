"""Background work of the search app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from search import backlog


@task()
def retry_pending_reindex() -> dict[str, int]:
    """Reindex the pages whose indexing failed earlier (see ``search.backlog``)."""
    return backlog.retry_pending()
