"""Background work through the django-tasks queue (``manage.py db_worker``), like the mails.

Schedule (cron or a systemd timer, see docs/improvement.md): ``check_links`` daily,
``refresh_improvement`` nightly, ``send_owner_digests`` weekly; each command only enqueues.
"""

from __future__ import annotations

from django_tasks import task

from . import digest, services


@task()
def refresh_pages_task(page_ids: list[int]) -> int:
    return services.refresh_pages(page_ids)


@task()
def refresh_services_task(identifiers: list[str]) -> int:
    return services.refresh_services(identifiers)


@task()
def refresh_everything_task() -> dict[str, int]:
    return services.refresh_everything()


@task()
def check_links_task(limit: int | None = None) -> dict[str, int]:
    return services.run_link_check(limit=limit)


@task()
def send_digests_task() -> int:
    """Enqueue one digest e-mail per subscribed institution user."""
    users = digest.recipients()
    for user_id in users:
        send_digest_task.enqueue(user_id)
    return len(users)


@task()
def send_digest_task(user_id: int) -> bool:
    return digest.send_digest(user_id)
